package org.minitransport.tcp;

import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.HandBuiltPackets;
import org.minitransport.tcp.wire.TcpFlags;

/**
 * Whole IPv4 packets with any source address, for an off-path attacker who spoofs: a test hands
 * them straight to {@code Host.handlePacket}, as if the network had delivered them. Built by
 * core's {@link HandBuiltPackets}, checksums included, so the packets reach the TCP state machine.
 */
final class ForgedPackets {

  /** The MSS option (RFC 9293 §3.2) for 1460 bytes, as a scanner's SYN carries it. */
  private static final byte[] MSS_1460 = {2, 4, 0x05, (byte) 0xB4};

  private ForgedPackets() {}

  /** A SYN from {@code source}:{@code sourcePort} with an MSS option, as a scanner sends it. */
  static byte[] syn(Ipv4Address source, int sourcePort, Ipv4Address destination,
      int destinationPort, long seq) {
    return segment(source, sourcePort, destination, destinationPort, seq, 0, TcpFlags.SYN);
  }

  /** A segment with the given control bits, an MSS option and no payload. */
  static byte[] segment(Ipv4Address source, int sourcePort, Ipv4Address destination,
      int destinationPort, long seq, long ack, int flags) {
    return HandBuiltPackets.tcp(source, destination, sourcePort, destinationPort, seq, ack, flags,
        65_535, MSS_1460, new byte[0]);
  }
}
