/**
 * udp-lite: best-effort datagrams (RFC 768) over the minitransport host. {@link
 * org.minitransport.udp.UdpService} installs the sans-IO {@link
 * org.minitransport.udp.UdpEndpoint} on a host and opens {@link org.minitransport.udp.UdpSocket}s,
 * shaped like {@code java.net.DatagramSocket}. Counters follow the UDP-MIB (RFC 4113).
 */
package org.minitransport.udp;
