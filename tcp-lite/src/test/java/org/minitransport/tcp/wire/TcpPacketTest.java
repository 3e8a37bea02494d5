package org.minitransport.tcp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.tcp.wire.KnownSegments.CLIENT;
import static org.minitransport.tcp.wire.KnownSegments.SERVER;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.InternetChecksum;
import org.minitransport.core.wire.IpProtocol;

class TcpPacketTest {

  /** Rewrites the checksum so that only the field under test is wrong. */
  private static void fixChecksum(byte[] segment, Ipv4Address src, Ipv4Address dst) {
    segment[16] = 0;
    segment[17] = 0;
    int checksum = InternetChecksum.transportChecksum(
        src, dst, IpProtocol.TCP.number(), segment, 0, segment.length);
    segment[16] = (byte) (checksum >>> 8);
    segment[17] = (byte) checksum;
  }

  private static DecodeError errorOf(byte[] segment, Ipv4Address src, Ipv4Address dst) {
    return assertThrows(
        DecodeException.class, () -> TcpPacket.check(segment, 0, segment.length, src, dst))
        .error();
  }

  @Nested
  class FieldsOfAHandBuiltSyn {

    private final TcpPacket syn = check(KnownSegments.linuxSyn());

    private TcpPacket check(byte[] bytes) {
      try {
        return TcpPacket.check(bytes, 0, bytes.length, CLIENT, SERVER);
      } catch (DecodeException e) {
        throw new AssertionError(e);
      }
    }

    @Test
    void readsPorts() {
      assertEquals(54321, syn.sourcePort());
      assertEquals(80, syn.destinationPort());
    }

    @Test
    void readsSequenceNumbersAsUnsigned() {
      assertEquals(0xa1b2c3d4L, syn.sequenceNumber());
      assertEquals(0, syn.acknowledgmentNumber());
    }

    @Test
    void readsDataOffsetAndLengths() {
      assertEquals(10, syn.dataOffset());
      assertEquals(40, syn.headerLength());
      assertEquals(20, syn.optionsOffset());
      assertEquals(20, syn.optionsLength());
      assertEquals(40, syn.payloadOffset());
      assertEquals(0, syn.payloadLength());
      assertEquals(40, syn.length());
    }

    @Test
    void readsFlags() {
      assertEquals(TcpFlags.SYN, syn.rawFlags());
      assertEquals(TcpFlags.of(TcpFlags.SYN), syn.flags());
      assertTrue(syn.syn());
      assertFalse(syn.ack() || syn.fin() || syn.rst() || syn.psh() || syn.urg() || syn.ece()
          || syn.cwr());
      assertEquals(0, syn.reservedBits());
    }

    @Test
    void readsWindowChecksumAndUrgentPointer() {
      assertEquals(64240, syn.window());
      assertEquals(0x004b, syn.checksum());
      assertEquals(0, syn.urgentPointer());
    }

    @Test
    void readsEachFlagFromItsOwnBit() {
      byte[] bytes = KnownSegments.linuxSyn();
      bytes[13] = (byte) 0xFF;
      bytes[12] |= 0x0F;
      fixChecksum(bytes, CLIENT, SERVER);
      TcpPacket all = check(bytes);
      assertTrue(all.cwr() && all.ece() && all.urg() && all.ack() && all.psh() && all.rst()
          && all.syn() && all.fin());
      assertEquals(0xFF, all.rawFlags());
      assertEquals(0x0F, all.reservedBits());
      assertEquals(10, all.dataOffset());
    }

    @Test
    void readsFieldsWithTheirHighBitsSet() {
      byte[] bytes = KnownSegments.linuxSyn();
      for (int i = 0; i < 12; i++) {
        bytes[i] = (byte) 0xFF;
      }
      bytes[14] = (byte) 0xFF;
      bytes[15] = (byte) 0xFE;
      bytes[18] = (byte) 0x80;
      bytes[19] = 0x01;
      fixChecksum(bytes, CLIENT, SERVER);
      TcpPacket packet = check(bytes);
      assertEquals(65535, packet.sourcePort());
      assertEquals(65535, packet.destinationPort());
      assertEquals(0xFFFF_FFFFL, packet.sequenceNumber());
      assertEquals(0xFFFF_FFFFL, packet.acknowledgmentNumber());
      assertEquals(65534, packet.window());
      assertEquals(0x8001, packet.urgentPointer());
    }

    @Test
    void readsAPayloadAtAnOffsetInALargerBuffer() throws DecodeException {
      byte[] data = KnownSegments.helloData();
      byte[] framed = new byte[data.length + 7];
      System.arraycopy(data, 0, framed, 5, data.length);
      TcpPacket packet = TcpPacket.check(framed, 5, data.length, SERVER, CLIENT);
      assertSame(framed, packet.buffer());
      assertEquals(5, packet.offset());
      assertEquals(5 + 32, packet.payloadOffset());
      assertEquals(5, packet.payloadLength());
      assertEquals('h', framed[packet.payloadOffset()]);
      assertEquals(TcpFlags.of(TcpFlags.PSH | TcpFlags.ACK), packet.flags());
      assertEquals(1000, packet.sequenceNumber());
      assertEquals(2000, packet.acknowledgmentNumber());
      assertEquals(502, packet.window());
    }
  }

  @Nested
  class Rejections {

    @Test
    void rejectsFewerThanTwentyBytesAsTruncated() {
      byte[] bytes = KnownSegments.linuxSyn();
      DecodeException e = assertThrows(
          DecodeException.class, () -> TcpPacket.check(bytes, 0, 19, CLIENT, SERVER));
      assertEquals(DecodeError.TRUNCATED, e.error());
      assertTrue(e.getMessage().contains("19 bytes"), e.getMessage());
      assertEquals(DecodeError.TRUNCATED, errorOf(new byte[0], CLIENT, SERVER));
    }

    @Test
    void rejectsMoreThan65535BytesAsBadLength() {
      byte[] huge = new byte[65536];
      huge[12] = 0x50;
      assertEquals(DecodeError.BAD_LENGTH, errorOf(huge, CLIENT, SERVER));
    }

    @Test
    void rejectsDataOffsetBelowFive() {
      for (int dataOffset = 0; dataOffset < 5; dataOffset++) {
        byte[] bytes = KnownSegments.linuxSyn();
        bytes[12] = (byte) (dataOffset << 4);
        fixChecksum(bytes, CLIENT, SERVER);
        assertEquals(DecodeError.BAD_HEADER_LENGTH, errorOf(bytes, CLIENT, SERVER));
      }
    }

    @Test
    void rejectsDataOffsetPastTheSegment() {
      byte[] bytes = KnownSegments.linuxSyn();
      bytes[12] = (byte) 0xB0; // 44 bytes of header in a 40-byte segment
      fixChecksum(bytes, CLIENT, SERVER);
      DecodeException e = assertThrows(
          DecodeException.class, () -> TcpPacket.check(bytes, 0, bytes.length, CLIENT, SERVER));
      assertEquals(DecodeError.BAD_HEADER_LENGTH, e.error());
      assertEquals(
          "BAD_HEADER_LENGTH: data offset 11 (44 bytes) runs past the 40-byte segment",
          e.getMessage());
    }

    @Test
    void acceptsDataOffsetEqualToTheSegmentLength() throws DecodeException {
      byte[] bytes = KnownSegments.linuxSyn();
      assertEquals(0, TcpPacket.check(bytes, 0, 40, CLIENT, SERVER).payloadLength());
    }

    @Test
    void rejectsACorruptedByteAsBadChecksum() {
      byte[] bytes = KnownSegments.helloData();
      bytes[bytes.length - 1] ^= 0x20;
      assertEquals(DecodeError.BAD_CHECKSUM, errorOf(bytes, SERVER, CLIENT));
    }

    @Test
    void rejectsTheRightBytesForTheWrongAddressesAsBadChecksum() {
      // The pseudo-header binds the segment to its IP addresses (RFC 9293 §3.1). (Swapping
      // source and destination is invisible to it: one's-complement addition commutes.)
      assertEquals(
          DecodeError.BAD_CHECKSUM,
          errorOf(KnownSegments.linuxSyn(), Ipv4Address.of(192, 168, 1, 3), SERVER));
      assertEquals(
          DecodeError.BAD_CHECKSUM,
          errorOf(KnownSegments.linuxSyn(), CLIENT, Ipv4Address.of(93, 184, 216, 35)));
    }

    @Test
    void rejectsATruncatedPayloadAsBadChecksum() {
      byte[] bytes = KnownSegments.helloData();
      DecodeException e = assertThrows(
          DecodeException.class,
          () -> TcpPacket.check(bytes, 0, bytes.length - 1, SERVER, CLIENT));
      assertEquals(DecodeError.BAD_CHECKSUM, e.error());
    }

    @Test
    void namesTheChecksumAndAddressesInTheMessage() {
      byte[] bytes = KnownSegments.linuxSyn();
      bytes[17] = 0x4c;
      DecodeException e = assertThrows(
          DecodeException.class, () -> TcpPacket.check(bytes, 0, bytes.length, CLIENT, SERVER));
      assertTrue(e.getMessage().contains("0x004c"), e.getMessage());
      assertTrue(e.getMessage().contains("192.168.1.2 > 93.184.216.34"), e.getMessage());
    }

    @Test
    void treatsABufferRangeOutsideTheArrayAsACallerError() {
      byte[] bytes = KnownSegments.linuxSyn();
      assertThrows(IllegalArgumentException.class,
          () -> TcpPacket.check(bytes, 1, bytes.length, CLIENT, SERVER));
      assertThrows(IllegalArgumentException.class,
          () -> TcpPacket.check(bytes, -1, 20, CLIENT, SERVER));
      assertThrows(IllegalArgumentException.class,
          () -> TcpPacket.check(null, 0, 20, CLIENT, SERVER));
    }
  }
}
