/**
 * Address value types: {@link org.minitransport.core.address.Ipv4Address}, {@link
 * org.minitransport.core.address.Endpoint} (address and port) and {@link
 * org.minitransport.core.address.SocketPair} (local and remote endpoint). All immutable; parsing
 * errors name the bad part of the text.
 */
package org.minitransport.core.address;
