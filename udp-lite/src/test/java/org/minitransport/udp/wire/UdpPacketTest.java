package org.minitransport.udp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;

/** The UDP codec (RFC 768): known answers, the checksum rules, and every rejection path. */
class UdpPacketTest {

  static final Ipv4Address SOURCE = Ipv4Address.parse("192.0.2.1");
  static final Ipv4Address DESTINATION = Ipv4Address.parse("192.0.2.2");

  /**
   * 192.0.2.1:1234 → 192.0.2.2:53, payload "abcd", worked by hand (RFC 1071 one's-complement sum).
   * Pseudo-header: c000 + 0201 + c000 + 0202 + 0011 + 000c = 18420. Header: 04d2 + 0035 + 000c
   * + 0000 = 0513. Data: 6162 + 6364 = c4c6. Total 24df9, folded 4dfb, complemented b204.
   */
  static final byte[] ABCD_DATAGRAM = {
      0x04, (byte) 0xd2, 0x00, 0x35, 0x00, 0x0c, (byte) 0xb2, 0x04, 'a', 'b', 'c', 'd'};

  /**
   * Same ports, payload 61 62 15 69: without the last word the sum folds to ea96, and 1569 brings
   * it to ffff, so the checksum computes to 0 and must go out as ffff (RFC 768).
   */
  static final byte[] CHECKSUM_ZERO_PAYLOAD = {0x61, 0x62, 0x15, 0x69};

  @Nested
  class Emitting {

    @Test
    void matchesTheHandComputedDatagram() {
      byte[] wire = new UdpHeader(1234, 53)
          .toBytes("abcd".getBytes(StandardCharsets.US_ASCII), SOURCE, DESTINATION);
      assertArrayEquals(ABCD_DATAGRAM, wire);
    }

    @Test
    void sendsAComputedZeroChecksumAsAllOnes() {
      byte[] wire = new UdpHeader(1234, 53).toBytes(CHECKSUM_ZERO_PAYLOAD, SOURCE, DESTINATION);
      assertEquals(0xFF, wire[6] & 0xFF);
      assertEquals(0xFF, wire[7] & 0xFF);
    }

    @Test
    void allOnesChecksumVerifiesOnReceipt() throws DecodeException {
      byte[] wire = new UdpHeader(1234, 53).toBytes(CHECKSUM_ZERO_PAYLOAD, SOURCE, DESTINATION);
      UdpPacket packet = UdpPacket.check(wire, 0, wire.length, SOURCE, DESTINATION);
      assertEquals(0xFFFF, packet.checksum());
      assertArrayEquals(CHECKSUM_ZERO_PAYLOAD, packet.payload());
    }

    @Test
    void emitsAtAnOffsetFromASliceOfThePayload() throws DecodeException {
      byte[] payload = "xxabcdyy".getBytes(StandardCharsets.US_ASCII);
      byte[] out = new byte[3 + 12];
      int written = new UdpHeader(1234, 53).emit(out, 3, payload, 2, 4, SOURCE, DESTINATION);
      assertEquals(12, written);
      byte[] datagram = java.util.Arrays.copyOfRange(out, 3, 15);
      assertArrayEquals(ABCD_DATAGRAM, datagram);
    }

    @Test
    void emitsAnEmptyPayloadAsAnEightByteDatagram() throws DecodeException {
      byte[] wire = new UdpHeader(7, 9).toBytes(new byte[0], SOURCE, DESTINATION);
      assertEquals(8, wire.length);
      UdpPacket packet = UdpPacket.check(wire, 0, wire.length, SOURCE, DESTINATION);
      assertEquals(8, packet.length());
      assertEquals(0, packet.payloadLength());
    }

    @Test
    void rejectsAPayloadOverTheIpv4Limit() {
      byte[] big = new byte[UdpHeader.MAX_PAYLOAD + 1];
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new UdpHeader(1, 2).toBytes(big, SOURCE, DESTINATION));
      assertTrue(e.getMessage().contains("65507"), e.getMessage());
    }

    @Test
    void rejectsAnOutputBufferTooSmallNamingBothSizes() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new UdpHeader(1, 2).emit(new byte[10], 0, new byte[4], 0, 4, SOURCE, DESTINATION));
      assertTrue(e.getMessage().contains("10") && e.getMessage().contains("12"), e.getMessage());
    }

    @Test
    void rejectsPortsOutsideSixteenBits() {
      assertThrows(IllegalArgumentException.class, () -> new UdpHeader(65_536, 1));
      assertThrows(IllegalArgumentException.class, () -> new UdpHeader(1, -1));
    }
  }

  @Nested
  class Checking {

    @Test
    void readsEveryFieldOfTheHandComputedDatagram() throws DecodeException {
      UdpPacket packet = UdpPacket.check(ABCD_DATAGRAM, 0, ABCD_DATAGRAM.length, SOURCE,
          DESTINATION);
      assertEquals(1234, packet.sourcePort());
      assertEquals(53, packet.destinationPort());
      assertEquals(12, packet.length());
      assertEquals(0xb204, packet.checksum());
      assertEquals(8, packet.payloadOffset());
      assertEquals(4, packet.payloadLength());
      assertArrayEquals("abcd".getBytes(StandardCharsets.US_ASCII), packet.payload());
      assertEquals(new UdpHeader(1234, 53), UdpHeader.parse(packet));
    }

    @Test
    void acceptsZeroChecksumAsNoChecksumWhateverTheData() throws DecodeException {
      byte[] wire = ABCD_DATAGRAM.clone();
      wire[6] = 0;
      wire[7] = 0;
      wire[8] = 'z'; // the data changed too: with no checksum nobody can tell
      UdpPacket packet = UdpPacket.check(wire, 0, wire.length, SOURCE, DESTINATION);
      assertEquals(0, packet.checksum());
      assertEquals('z', packet.payload()[0]);
    }

    @Test
    void rejectsAChangedPayloadAsBadChecksum() {
      byte[] wire = ABCD_DATAGRAM.clone();
      wire[11] ^= 0x01;
      assertError(DecodeError.BAD_CHECKSUM, wire, wire.length);
    }

    @Test
    void rejectsTheRightBytesFromTheWrongPseudoHeader() {
      DecodeException e = assertThrows(DecodeException.class, () -> UdpPacket.check(
          ABCD_DATAGRAM, 0, ABCD_DATAGRAM.length, SOURCE, Ipv4Address.parse("192.0.2.3")));
      assertEquals(DecodeError.BAD_CHECKSUM, e.error());
    }

    @Test
    void rejectsFewerThanEightBytesAsTruncated() {
      for (int length = 0; length < 8; length++) {
        assertError(DecodeError.TRUNCATED, ABCD_DATAGRAM, length);
      }
    }

    @Test
    void rejectsALengthFieldBelowTheHeaderAsBadLength() {
      for (int field = 0; field < 8; field++) {
        byte[] wire = ABCD_DATAGRAM.clone();
        wire[4] = 0;
        wire[5] = (byte) field;
        assertError(DecodeError.BAD_LENGTH, wire, wire.length);
      }
    }

    @Test
    void rejectsALengthFieldPastTheBytesPresentAsTruncated() {
      byte[] wire = ABCD_DATAGRAM.clone();
      wire[5] = 13;
      assertError(DecodeError.TRUNCATED, wire, wire.length);
      assertError(DecodeError.TRUNCATED, ABCD_DATAGRAM, 11);
    }

    @Test
    void ignoresBytesPastTheLengthField() throws DecodeException {
      byte[] padded = java.util.Arrays.copyOf(ABCD_DATAGRAM, ABCD_DATAGRAM.length + 6);
      padded[13] = 0x55;
      UdpPacket packet = UdpPacket.check(padded, 0, padded.length, SOURCE, DESTINATION);
      assertEquals(12, packet.length());
      assertArrayEquals("abcd".getBytes(StandardCharsets.US_ASCII), packet.payload());
    }

    @Test
    void checksAtAnOffsetInsideALargerBuffer() throws DecodeException {
      byte[] buffer = new byte[5 + ABCD_DATAGRAM.length];
      System.arraycopy(ABCD_DATAGRAM, 0, buffer, 5, ABCD_DATAGRAM.length);
      UdpPacket packet = UdpPacket.check(buffer, 5, ABCD_DATAGRAM.length, SOURCE, DESTINATION);
      assertEquals(13, packet.payloadOffset());
      assertEquals(1234, packet.sourcePort());
    }

    @Test
    void rejectsARangeOutsideTheBufferAsMisuse() {
      assertThrows(IllegalArgumentException.class,
          () -> UdpPacket.check(ABCD_DATAGRAM, 8, 8, SOURCE, DESTINATION));
      assertThrows(IllegalArgumentException.class,
          () -> UdpPacket.check(ABCD_DATAGRAM, -1, 4, SOURCE, DESTINATION));
      assertThrows(IllegalArgumentException.class,
          () -> UdpPacket.check(ABCD_DATAGRAM, 0, -1, SOURCE, DESTINATION));
    }

    private void assertError(DecodeError expected, byte[] wire, int length) {
      DecodeException e = assertThrows(DecodeException.class,
          () -> UdpPacket.check(wire, 0, length, SOURCE, DESTINATION),
          "length " + length);
      assertEquals(expected, e.error(), e.getMessage());
    }
  }
}
