package org.minitransport.tcp.wire;

import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.InternetChecksum;
import org.minitransport.core.wire.IpProtocol;

/**
 * Test-only: wraps a TCP segment in a minimal 20-byte IPv4 header (RFC 791 §3.1: version 4, IHL
 * 5, DF, TTL 64, protocol 6, header checksum) so a capture of it is an ordinary IPv4 packet.
 */
final class Ipv4Envelope {

  private Ipv4Envelope() {}

  static byte[] wrap(Ipv4Address source, Ipv4Address destination, int id, byte[] segment) {
    byte[] datagram = new byte[20 + segment.length];
    datagram[0] = 0x45;
    datagram[2] = (byte) (datagram.length >>> 8);
    datagram[3] = (byte) datagram.length;
    datagram[4] = (byte) (id >>> 8);
    datagram[5] = (byte) id;
    datagram[6] = 0x40; // DF
    datagram[8] = 64;
    datagram[9] = (byte) IpProtocol.TCP.number();
    source.writeTo(datagram, 12);
    destination.writeTo(datagram, 16);
    int checksum = InternetChecksum.compute(datagram, 0, 20);
    datagram[10] = (byte) (checksum >>> 8);
    datagram[11] = (byte) checksum;
    System.arraycopy(segment, 0, datagram, 20, segment.length);
    return datagram;
  }
}
