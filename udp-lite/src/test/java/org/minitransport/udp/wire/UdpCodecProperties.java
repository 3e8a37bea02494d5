package org.minitransport.udp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arrays;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.DecodeException;
import org.quicktheories.core.Gen;

/** Properties of the UDP codec over random headers, payloads and untrusted bytes. */
class UdpCodecProperties {

  private static final Gen<Integer> PORTS = integers().between(0, 65_535);
  private static final Gen<Ipv4Address> ADDRESSES = integers().all().map(Ipv4Address::new);
  private static final Gen<byte[]> PAYLOADS = arrays()
      .ofIntegers(integers().between(0, 255)).withLengthBetween(0, 600)
      .map(UdpCodecProperties::toBytes);

  @Test
  void emitThenCheckReturnsThePortsAndPayload() {
    qt().withExamples(300)
        .forAll(PORTS, PORTS, PAYLOADS, ADDRESSES.zip(ADDRESSES, (a, b) -> new Ipv4Address[] {a, b}))
        .checkAssert((sourcePort, destinationPort, payload, addresses) -> {
          byte[] wire = new UdpHeader(sourcePort, destinationPort)
              .toBytes(payload, addresses[0], addresses[1]);
          UdpPacket packet = check(wire, addresses);
          assertEquals(sourcePort, packet.sourcePort());
          assertEquals(destinationPort, packet.destinationPort());
          assertEquals(8 + payload.length, packet.length());
          assertArrayEquals(payload, packet.payload());
          assertNotEquals(0, packet.checksum(), "a computed checksum is never sent as 0");
        });
  }

  @Test
  void checksumFieldMatchesAnIndependentRfc1071Sum() {
    qt().withExamples(300)
        .forAll(PORTS, PORTS, PAYLOADS, ADDRESSES)
        .checkAssert((sourcePort, destinationPort, payload, source) -> {
          Ipv4Address destination = new Ipv4Address(~source.bits());
          byte[] wire = new UdpHeader(sourcePort, destinationPort)
              .toBytes(payload, source, destination);
          byte[] zeroed = wire.clone();
          zeroed[6] = 0;
          zeroed[7] = 0;
          int expected = ChecksumZeroPayloads.referenceChecksum(zeroed, source, destination);
          int field = ((wire[6] & 0xFF) << 8) | (wire[7] & 0xFF);
          assertEquals(expected == 0 ? 0xFFFF : expected, field);
        });
  }

  @Test
  void aPayloadSolvedToChecksumZeroGoesOutAsAllOnesAndVerifies() {
    qt().withExamples(200)
        .forAll(PORTS, PORTS, PAYLOADS, ADDRESSES)
        .checkAssert((sourcePort, destinationPort, prefix, source) -> {
          Ipv4Address destination = Ipv4Address.parse("10.0.0.2");
          byte[] payload = ChecksumZeroPayloads.solve(sourcePort, destinationPort, prefix, source,
              destination);
          byte[] wire = new UdpHeader(sourcePort, destinationPort)
              .toBytes(payload, source, destination);
          assertEquals(0xFFFF, ((wire[6] & 0xFF) << 8) | (wire[7] & 0xFF));
          assertArrayEquals(payload, check(wire, new Ipv4Address[] {source, destination})
              .payload());
        });
  }

  @Test
  void untrustedBytesOnlyEverRaiseDecodeException() {
    qt().withExamples(1000)
        .forAll(arrays().ofIntegers(integers().between(0, 255)).withLengthBetween(0, 40)
            .map(UdpCodecProperties::toBytes), ADDRESSES, ADDRESSES)
        .checkAssert((bytes, source, destination) -> {
          try {
            UdpPacket packet = UdpPacket.check(bytes, 0, bytes.length, source, destination);
            assertTrue(packet.length() >= 8 && packet.length() <= bytes.length);
            assertEquals(packet.length() - 8, packet.payload().length);
          } catch (DecodeException expected) {
            // the one allowed outcome besides a valid view
          }
        });
  }

  /**
   * RFC 1071: the one's-complement sum catches every single-bit error in the data it covers. The
   * two ways a single flip can still pass are features of RFC 768 itself: a checksum field turned
   * to 0 means "no checksum", and a shortened Length field leaves fewer bytes covered.
   */
  @Test
  void everySingleBitFlipIsCaughtUnlessItRemovesTheChecksumOrShortensTheLength() {
    qt().withExamples(1000)
        .forAll(PORTS, PAYLOADS, integers().between(0, Integer.MAX_VALUE), ADDRESSES)
        .checkAssert((port, payload, bitChoice, source) -> {
          Ipv4Address destination = Ipv4Address.parse("10.0.0.2");
          byte[] wire = new UdpHeader(port, 4000).toBytes(payload, source, destination);
          int bit = bitChoice % (wire.length * 8);
          byte[] flipped = wire.clone();
          flipped[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
          UdpPacket packet;
          try {
            packet = UdpPacket.check(flipped, 0, flipped.length, source, destination);
          } catch (DecodeException caught) {
            return;
          }
          int byteIndex = bit >>> 3;
          if (byteIndex == 6 || byteIndex == 7) {
            assertEquals(0, packet.checksum(), "a flipped checksum passed without becoming 0");
            assertArrayEquals(payload, packet.payload());
          } else if (byteIndex == 4 || byteIndex == 5) {
            assertTrue(packet.length() < wire.length, "a longer Length passed");
            assertArrayEquals(Arrays.copyOf(payload, packet.payloadLength()), packet.payload());
          } else {
            fail("flip of bit " + bit + " (byte " + byteIndex + ") passed the checksum");
          }
        });
  }

  private static UdpPacket check(byte[] wire, Ipv4Address[] addresses) {
    try {
      return UdpPacket.check(wire, 0, wire.length, addresses[0], addresses[1]);
    } catch (DecodeException e) {
      throw new AssertionError("a datagram this codec emitted was rejected: " + e.getMessage(), e);
    }
  }

  private static byte[] toBytes(Integer[] values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i].intValue();
    }
    return bytes;
  }
}
