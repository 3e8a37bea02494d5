package org.minitransport.core.wire;

import org.minitransport.core.address.Ipv4Address;

/**
 * IPv4, UDP (RFC 768) and TCP (RFC 9293 §3.1) packets built byte by byte for tests, independent of
 * the codecs under test except for {@link InternetChecksum} and {@link Ipv4Header}.
 */
public final class HandBuiltPackets {

  /** TCP control bits (RFC 9293 §3.1). */
  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;

  private HandBuiltPackets() {}

  /** An IPv4 packet (DF set, TTL 64) carrying {@code payload}. */
  public static byte[] ipv4(int protocol, Ipv4Address source, Ipv4Address destination,
      byte[] payload) {
    return new Ipv4Header(0, 0x1234, true, 64, protocol, source, destination)
        .toPacket(payload, 0, payload.length);
  }

  /** A UDP datagram with a correct pseudo-header checksum, inside an IPv4 packet. */
  public static byte[] udp(Ipv4Address source, Ipv4Address destination, int sourcePort,
      int destinationPort, byte[] payload) {
    byte[] datagram = new byte[8 + payload.length];
    put16(datagram, 0, sourcePort);
    put16(datagram, 2, destinationPort);
    put16(datagram, 4, datagram.length);
    System.arraycopy(payload, 0, datagram, 8, payload.length);
    int checksum = InternetChecksum.transportChecksum(
        source, destination, IpProtocol.UDP.number(), datagram, 0, datagram.length);
    put16(datagram, 6, checksum == 0 ? 0xFFFF : checksum); // RFC 768: a computed 0 is sent as ones
    return ipv4(IpProtocol.UDP.number(), source, destination, datagram);
  }

  /**
   * A TCP segment with a correct pseudo-header checksum, inside an IPv4 packet.
   *
   * @param options whole 32-bit words of options (length a multiple of 4)
   */
  public static byte[] tcp(Ipv4Address source, Ipv4Address destination, int sourcePort,
      int destinationPort, long sequence, long acknowledgment, int flags, int window,
      byte[] options, byte[] payload) {
    if (options.length % 4 != 0) {
      throw new IllegalArgumentException("options length " + options.length + " is not a multiple of 4");
    }
    int headerLength = 20 + options.length;
    byte[] segment = new byte[headerLength + payload.length];
    put16(segment, 0, sourcePort);
    put16(segment, 2, destinationPort);
    put32(segment, 4, sequence);
    put32(segment, 8, acknowledgment);
    segment[12] = (byte) ((headerLength / 4) << 4);
    segment[13] = (byte) flags;
    put16(segment, 14, window);
    System.arraycopy(options, 0, segment, 20, options.length);
    System.arraycopy(payload, 0, segment, headerLength, payload.length);
    put16(segment, 16, InternetChecksum.transportChecksum(
        source, destination, IpProtocol.TCP.number(), segment, 0, segment.length));
    return ipv4(IpProtocol.TCP.number(), source, destination, segment);
  }

  /** Recomputes the IPv4 header checksum of the packet at {@code offset} after a test edited it. */
  public static void resealIpv4(byte[] packet, int offset) {
    int headerLength = (packet[offset] & 0x0F) * 4;
    put16(packet, offset + 10, 0);
    put16(packet, offset + 10, InternetChecksum.compute(packet, offset, headerLength));
  }

  /** Recomputes the ICMP checksum of the message in {@code [offset, offset + length)}. */
  public static void resealIcmp(byte[] bytes, int offset, int length) {
    put16(bytes, offset + 2, 0);
    put16(bytes, offset + 2, InternetChecksum.compute(bytes, offset, length));
  }

  public static void put16(byte[] bytes, int index, int value) {
    bytes[index] = (byte) (value >>> 8);
    bytes[index + 1] = (byte) value;
  }

  public static void put32(byte[] bytes, int index, long value) {
    put16(bytes, index, (int) (value >>> 16));
    put16(bytes, index + 2, (int) value);
  }

  /** Parses hex text, ignoring spaces: {@code "45 00 00 73"}. */
  public static byte[] hex(String text) {
    return java.util.HexFormat.of().parseHex(text.replace(" ", ""));
  }
}
