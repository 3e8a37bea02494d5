/**
 * The UDP wire format (RFC 768): {@link org.minitransport.udp.wire.UdpPacket}, a checked view
 * that verifies lengths and the pseudo-header checksum, and {@link
 * org.minitransport.udp.wire.UdpHeader}, the value a sender emits.
 */
package org.minitransport.udp.wire;
