/**
 * Not API: the per-host UDP socket, its receive loop and the few IPv4 header checks the UDP
 * network makes before it forwards or delivers a tunnelled packet. May change without notice.
 */
package org.minitransport.core.net.udp.internal;
