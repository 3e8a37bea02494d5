package org.minitransport.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Bytes off the wire are untrusted: the decoders reject bad bytes only with {@link
 * DecodeException}, and the checksums catch every single-bit error inside a packet.
 */
class UntrustedBytesProperties {

  private static final Gen<Byte> ANY_BYTE = Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0);
  private static final Gen<byte[]> SHORT_ARRAYS = Generate.byteArrays(integers().between(0, 120), ANY_BYTE);
  private static final Gen<Integer> SELECTORS = integers().between(0, 1_000_000);

  private static Gen<byte[]> arrays(int minLength) {
    return Generate.byteArrays(integers().between(minLength, 120), ANY_BYTE);
  }

  /** Decodes an IPv4 packet carrying ICMP all the way to a message. */
  private static IcmpMessage decodeIcmpInIpv4(byte[] bytes, int offset, int length)
      throws DecodeException {
    Ipv4Packet ip = Ipv4Packet.check(bytes, offset, length);
    if (ip.protocol() != IpProtocol.ICMP.number()) {
      throw new DecodeException(DecodeError.UNSUPPORTED, "protocol " + ip.protocol());
    }
    return IcmpMessage.parse(IcmpPacket.check(bytes, ip.payloadOffset(), ip.payloadLength()));
  }

  @Test
  void arbitraryBytesOnlyEverFailWithDecodeException() {
    qt().withExamples(2_000)
        .forAll(SHORT_ARRAYS, SELECTORS, SELECTORS)
        .checkAssert((bytes, a, b) -> {
          int offset = a % (bytes.length + 1);
          int length = b % (bytes.length - offset + 1);
          Ipv4Packet ip = Decoding.orNull(() -> Ipv4Packet.check(bytes, offset, length));
          if (ip != null) {
            assertTrue(ip.payloadOffset() + ip.payloadLength() <= offset + length);
          }
          Decoding.orNull(() -> IcmpMessage.parse(IcmpPacket.check(bytes, offset, length)));
        });
  }

  /** Random headers that get past the version and checksum checks, to reach the later rules. */
  @Test
  void plausibleIpv4HeadersOnlyEverFailWithDecodeException() {
    qt().withExamples(2_000)
        .forAll(arrays(20), integers().between(0, 15),
            integers().between(0, 130), booleans().all())
        .checkAssert((bytes, ihl, totalLength, reseal) -> {
          bytes[0] = (byte) (0x40 | ihl);
          HandBuiltPackets.put16(bytes, 2, totalLength);
          if (reseal && ihl * 4 <= bytes.length) {
            HandBuiltPackets.resealIpv4(bytes, 0);
          }
          Ipv4Packet ip = Decoding.orNull(() -> Ipv4Packet.check(bytes, 0, bytes.length));
          if (ip != null) {
            assertTrue(ip.headerLength() >= 20 && ip.totalLength() <= bytes.length);
            Ipv4Header.parse(ip);
          }
        });
  }

  /** ICMP messages with a correct checksum but random content reach {@link IcmpMessage#parse}. */
  @Test
  void checksummedRandomIcmpParsesOrFailsWithDecodeExceptionAndRoundTrips() {
    qt().withExamples(2_000)
        .forAll(arrays(8), integers().between(0, 11),
            integers().between(0, 3))
        .checkAssert((bytes, typeChoice, code) -> {
          // Mostly the three known types, sometimes an unknown one.
          int[] types = {0, 3, 8, 0, 3, 8, 0, 3, 8, 5, 13, 255};
          bytes[0] = (byte) types[typeChoice];
          if (code != 3) {
            bytes[1] = 0; // Code 0 three times in four, else whatever random code was there.
          }
          HandBuiltPackets.resealIcmp(bytes, 0, bytes.length);
          IcmpMessage message =
              Decoding.orNull(() -> IcmpMessage.parse(IcmpPacket.check(bytes, 0, bytes.length)));
          if (message != null) {
            byte[] again = message.toBytes();
            assertEquals(message, Decoding.valid(
                () -> IcmpMessage.parse(IcmpPacket.check(again, 0, again.length))));
          }
        });
  }

  private static final Gen<byte[]> ECHO_PACKETS = random -> {
    Ipv4Header header = Ipv4HeaderProperties.HEADERS.generate(random);
    byte[] data = Generate.byteArrays(integers().between(0, 64), ANY_BYTE).generate(random);
    int identifier = integers().between(0, 65_535).generate(random);
    int sequence = integers().between(0, 65_535).generate(random);
    IcmpMessage echo = booleans().all().generate(random)
        ? new IcmpMessage.EchoRequest(identifier, sequence, data)
        : new IcmpMessage.EchoReply(identifier, sequence, data);
    byte[] icmp = echo.toBytes();
    return new Ipv4Header(header.typeOfService(), header.identification(), header.dontFragment(),
        header.ttl(), IpProtocol.ICMP.number(), header.source(), header.destination())
        .toPacket(icmp, 0, icmp.length);
  };

  /**
   * One flipped bit changes one 16-bit word by ±2<sup>k</sup>, which is never a multiple of
   * 0xFFFF, so the one's-complement sum over that word changes (RFC 1071 §2): a flip in the IPv4
   * header breaks the header checksum, a flip in the ICMP message breaks the ICMP checksum.
   */
  @Test
  void everySingleBitFlipInsideAnIcmpEchoPacketIsDetected() {
    qt().withExamples(1_000)
        .forAll(ECHO_PACKETS, SELECTORS)
        .checkAssert((packet, selector) -> {
          Decoding.valid(() -> decodeIcmpInIpv4(packet, 0, packet.length));
          int bit = selector % (packet.length * 8);
          packet[bit / 8] ^= (byte) (1 << (bit % 8));
          Decoding.rejected(() -> decodeIcmpInIpv4(packet, 0, packet.length));
        });
  }

  /** The flip property's boundary: bytes past Total Length (link padding) are not the packet. */
  @Test
  void bitFlipsPastTotalLengthChangeNothing() {
    qt().withExamples(300)
        .forAll(ECHO_PACKETS, integers().between(1, 46), SELECTORS)
        .checkAssert((packet, padding, selector) -> {
          byte[] padded = Arrays.copyOf(packet, packet.length + padding);
          IcmpMessage before = Decoding.valid(() -> decodeIcmpInIpv4(padded, 0, padded.length));
          int bit = packet.length * 8 + selector % (padding * 8);
          padded[bit / 8] ^= (byte) (1 << (bit % 8));
          assertEquals(before, Decoding.valid(() -> decodeIcmpInIpv4(padded, 0, padded.length)));
        });
  }
}
