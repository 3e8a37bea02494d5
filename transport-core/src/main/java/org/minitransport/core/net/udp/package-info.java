/**
 * The real-UDP {@link org.minitransport.core.net.PacketNetwork}: hosts in different processes or
 * on different machines share one virtual IPv4 network by tunnelling each virtual IPv4 packet
 * (RFC 791) as the payload of one real UDP datagram (RFC 768).
 *
 * <p>{@link org.minitransport.core.net.udp.UdpRouteTable} maps virtual addresses and prefixes to
 * real UDP socket addresses, {@link org.minitransport.core.net.udp.UdpNetwork} gives each attached
 * host its own UDP socket and receive thread, configured by {@link
 * org.minitransport.core.net.udp.UdpNetworkConfig} and {@link
 * org.minitransport.core.net.udp.UdpAttachOptions}. Everything in {@code .internal} is not API.
 */
package org.minitransport.core.net.udp;
