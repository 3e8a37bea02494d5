package org.minitransport.benchmarks.tcp;

import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Header;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * Whole IPv4 packets with any source address, as an off-path attacker sends them: the runners
 * hand them to a host or a raw network attachment. Checksums are correct, so the packets reach
 * the TCP state machine.
 */
final class SpoofedPackets {

  private SpoofedPackets() {}

  /** {@code segment} from {@code source} to {@code destination}, in an IPv4 packet (DF, TTL 64). */
  static byte[] tcp(Ipv4Address source, Ipv4Address destination, TcpSegment segment) {
    byte[] tcp = segment.emit(source, destination);
    return new Ipv4Header(0, 0, true, 64, IpProtocol.TCP.number(), source, destination)
        .toPacket(tcp, 0, tcp.length);
  }

  /** A SYN with an MSS of 1460 and a 65,535-byte window, as a scanner or a flood sends it. */
  static byte[] syn(Ipv4Address source, int sourcePort, Ipv4Address destination,
      int destinationPort, long seq) {
    return tcp(source, destination, new TcpSegment(new TcpHeader(sourcePort, destinationPort, seq,
        0, TcpFlags.of(TcpFlags.SYN), 65_535, 0, TcpOptions.NONE.withMss(1460))));
  }
}
