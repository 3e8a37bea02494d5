/**
 * The IP layer of a virtual host: {@link org.minitransport.core.stack.Host} validates IPv4,
 * demultiplexes by protocol number to plug-in {@link
 * org.minitransport.core.stack.ProtocolHandler}s (tcp-lite and udp-lite), handles ICMP and owns
 * the port tables. Sans-IO: drivers in {@code org.minitransport.core.driver} feed it packets and
 * time and carry its output to a network.
 */
package org.minitransport.core.stack;
