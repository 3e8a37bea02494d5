package org.minitransport.tcp;

import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Header;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * Whole IPv4 packets with any source address, for an off-path attacker who spoofs: a test hands
 * them straight to {@code Host.handlePacket}, as if the network had delivered them. Checksums are
 * correct, so the packets reach the TCP state machine.
 */
final class ForgedPackets {

  private ForgedPackets() {}

  /** An IPv4 packet from {@code source} to {@code destination} carrying {@code segment}. */
  static byte[] tcp(Ipv4Address source, Ipv4Address destination, TcpSegment segment) {
    byte[] tcp = segment.emit(source, destination);
    byte[] packet = new byte[Ipv4Header.LENGTH + tcp.length];
    new Ipv4Header(0, 0, true, 64, IpProtocol.TCP.number(), source, destination)
        .emit(packet, 0, tcp.length);
    System.arraycopy(tcp, 0, packet, Ipv4Header.LENGTH, tcp.length);
    return packet;
  }

  /** A SYN from {@code source}:{@code sourcePort} with an MSS option, as a scanner sends it. */
  static byte[] syn(Ipv4Address source, int sourcePort, Ipv4Address destination,
      int destinationPort, long seq) {
    return segment(source, sourcePort, destination, destinationPort, seq, 0, TcpFlags.SYN);
  }

  /** A segment with the given control bits and no payload. */
  static byte[] segment(Ipv4Address source, int sourcePort, Ipv4Address destination,
      int destinationPort, long seq, long ack, int flags) {
    return tcp(source, destination, new TcpSegment(new TcpHeader(sourcePort, destinationPort, seq,
        ack, TcpFlags.of(flags), 65_535, 0, TcpOptions.NONE.withMss(1460))));
  }
}
