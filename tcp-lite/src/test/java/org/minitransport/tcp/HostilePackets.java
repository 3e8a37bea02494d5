package org.minitransport.tcp;

import java.util.Random;
import static org.minitransport.core.wire.HandBuiltPackets.put16;
import static org.minitransport.core.wire.HandBuiltPackets.put32;

import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.HandBuiltPackets;
import org.minitransport.core.wire.InternetChecksum;
import org.minitransport.core.wire.IpProtocol;

/**
 * Raw IPv4 packets for a fuzzer, built byte by byte so that any field may hold any value: random
 * bytes, truncations and bit flips of real packets, and packets with chosen (often absurd) IPv4,
 * TCP, UDP and ICMP fields whose checksums are computed afterwards ({@link #reseal}) so that they
 * get past the checksums and reach the state machines. Every choice comes from the given {@link
 * Random}, so a run is a function of its seed. Byte order and the IPv4 and ICMP checksums are
 * core's {@link HandBuiltPackets}'; what is here is what a well-formed builder must not do.
 */
final class HostilePackets {

  static final int TCP = IpProtocol.TCP.number();
  static final int UDP = IpProtocol.UDP.number();
  static final int ICMP = IpProtocol.ICMP.number();

  private final Random random;

  HostilePackets(Random random) {
    this.random = random;
  }

  // ------------------------------------------------------------------ damage to any packet

  /** Random bytes, 0 to {@code maxLength} of them. */
  byte[] randomBytes(int maxLength) {
    byte[] bytes = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A prefix of {@code packet}, optionally with its IPv4 length and checksums made consistent. */
  byte[] truncate(byte[] packet, boolean reseal) {
    byte[] cut = java.util.Arrays.copyOf(packet, random.nextInt(packet.length));
    if (reseal && cut.length >= 20) {
      put16(cut, 2, cut.length);
      reseal(cut);
    }
    return cut;
  }

  /** {@code packet} with {@code bits} random bits flipped; checksums are left as they were. */
  byte[] flipBits(byte[] packet, int bits) {
    byte[] flipped = packet.clone();
    for (int i = 0; i < bits && flipped.length > 0; i++) {
      int bit = random.nextInt(flipped.length * 8);
      flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
    }
    return flipped;
  }

  // ------------------------------------------------------------------ builders

  /**
   * An IPv4 packet: a 20-byte header (or longer, with {@code optionBytes} of garbage options)
   * around {@code payload}, with a valid header checksum and correct total length.
   */
  byte[] ipv4(Ipv4Address source, Ipv4Address destination, int protocol, int optionBytes,
      byte[] payload) {
    int ihl = 20 + (optionBytes & ~3);
    byte[] packet = new byte[ihl + payload.length];
    packet[0] = (byte) (0x40 | (ihl / 4));
    packet[1] = (byte) random.nextInt(256);
    put16(packet, 2, packet.length);
    put16(packet, 4, random.nextInt(65_536));
    packet[6] = 0x40; // DF
    packet[8] = (byte) (1 + random.nextInt(255));
    packet[9] = (byte) protocol;
    put32(packet, 12, source.bits());
    put32(packet, 16, destination.bits());
    for (int i = 20; i < ihl; i++) {
      packet[i] = (byte) random.nextInt(256);
    }
    System.arraycopy(payload, 0, packet, ihl, payload.length);
    return packet;
  }

  /** The fields of a TCP header, any of them possibly absurd. */
  record TcpFields(int sourcePort, int destinationPort, long seq, long ack, int dataOffsetWords,
      int flags, int window, int urgentPointer, byte[] options, byte[] payload) {}

  /**
   * A TCP segment's bytes, laid out exactly as given: the data offset field says {@code
   * dataOffsetWords} whatever the real header length ({@code 20 + options.length}) is. The checksum
   * is left 0; {@link #reseal} fills it in.
   */
  static byte[] tcp(TcpFields f) {
    byte[] segment = new byte[20 + f.options().length + f.payload().length];
    put16(segment, 0, f.sourcePort());
    put16(segment, 2, f.destinationPort());
    put32(segment, 4, f.seq());
    put32(segment, 8, f.ack());
    segment[12] = (byte) (f.dataOffsetWords() << 4);
    segment[13] = (byte) f.flags();
    put16(segment, 14, f.window());
    put16(segment, 18, f.urgentPointer());
    System.arraycopy(f.options(), 0, segment, 20, f.options().length);
    System.arraycopy(f.payload(), 0, segment, 20 + f.options().length, f.payload().length);
    return segment;
  }

  /**
   * Options bytes: mostly well-formed (MSS, window scale, SACK-permitted, SACK, timestamps, in any
   * order and any values), sometimes garbage (bad lengths, unknown kinds, lengths past the end).
   *
   * @param tsVal the timestamps option's TSval, or -1 for no timestamps option
   */
  byte[] tcpOptions(long tsVal) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    if (tsVal >= 0) {
      out.writeBytes(new byte[] {1, 1, 8, 10});
      out.writeBytes(u32(tsVal));
      out.writeBytes(u32(random.nextInt()));
    }
    int extra = random.nextInt(4);
    for (int i = 0; i < extra && out.size() < 36; i++) {
      switch (random.nextInt(6)) {
        case 0 -> out.writeBytes(new byte[] {2, 4, (byte) random.nextInt(256),
            (byte) random.nextInt(256)});
        case 1 -> out.writeBytes(new byte[] {1, 3, 3, (byte) random.nextInt(256)});
        case 2 -> out.writeBytes(new byte[] {1, 1, 4, 2});
        case 3 -> {
          out.writeBytes(new byte[] {1, 1, 5, 10});
          out.writeBytes(u32(random.nextInt()));
          out.writeBytes(u32(random.nextInt()));
        }
        default -> { // garbage: an unknown kind, a bad length, or a length past the end
          out.write(random.nextInt(256));
          out.write(random.nextInt(256));
          out.write(random.nextInt(256));
          out.write(random.nextInt(256));
        }
      }
    }
    byte[] options = out.toByteArray();
    return java.util.Arrays.copyOf(options, Math.min(40, (options.length + 3) & ~3));
  }

  /** A UDP datagram's bytes with a length field of {@code lengthField}; checksum left to reseal. */
  static byte[] udp(int sourcePort, int destinationPort, int lengthField, byte[] payload) {
    byte[] datagram = new byte[8 + payload.length];
    put16(datagram, 0, sourcePort);
    put16(datagram, 2, destinationPort);
    put16(datagram, 4, lengthField);
    System.arraycopy(payload, 0, datagram, 8, payload.length);
    return datagram;
  }

  /** An ICMP message's bytes: type, code, 4 "rest of header" bytes, then {@code body}. */
  byte[] icmp(int type, int code, byte[] body) {
    byte[] message = new byte[8 + body.length];
    message[0] = (byte) type;
    message[1] = (byte) code;
    for (int i = 4; i < 8; i++) {
      message[i] = (byte) random.nextInt(256);
    }
    System.arraycopy(body, 0, message, 8, body.length);
    return message;
  }

  // ------------------------------------------------------------------ checksums

  /**
   * Recomputes the IPv4 header checksum and, if the transport header is there, the TCP, UDP or
   * ICMP checksum over what the packet holds, so that the packet passes every checksum whatever
   * its fields say. A UDP checksum that comes out 0 is sent as 0xFFFF (RFC 768).
   */
  static void reseal(byte[] packet) {
    int ihl = (packet[0] & 0x0F) * 4;
    if (packet.length < 20 || ihl < 20 || ihl > packet.length) {
      return;
    }
    int total = Math.min(readU16(packet, 2), packet.length);
    int protocol = packet[9] & 0xFF;
    int length = total - ihl;
    Ipv4Address source = new Ipv4Address(readU32(packet, 12));
    Ipv4Address destination = new Ipv4Address(readU32(packet, 16));
    if (protocol == TCP && length >= 20) {
      put16(packet, ihl + 16, 0);
      put16(packet, ihl + 16, InternetChecksum.transportChecksum(source, destination, TCP,
          packet, ihl, length));
    } else if (protocol == UDP && length >= 8) {
      put16(packet, ihl + 6, 0);
      int sum = InternetChecksum.transportChecksum(source, destination, UDP, packet, ihl, length);
      put16(packet, ihl + 6, sum == 0 ? 0xFFFF : sum);
    } else if (protocol == ICMP && length >= 4) {
      HandBuiltPackets.resealIcmp(packet, ihl, length);
    }
    HandBuiltPackets.resealIpv4(packet, 0);
  }

  // ------------------------------------------------------------------ bytes

  static int readU16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  static int readU32(byte[] b, int at) {
    return (readU16(b, at) << 16) | readU16(b, at + 2);
  }

  private static byte[] u32(long value) {
    byte[] bytes = new byte[4];
    put32(bytes, 0, value);
    return bytes;
  }
}
