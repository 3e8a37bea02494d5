package org.minitransport.tcp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.tcp.wire.Bytes.hex;
import static org.minitransport.tcp.wire.KnownSegments.CLIENT;
import static org.minitransport.tcp.wire.KnownSegments.SERVER;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.InternetChecksum;
import org.minitransport.core.wire.IpProtocol;

class TcpSegmentTest {

  private static final TcpHeader LINUX_SYN_HEADER = new TcpHeader(
      54321, 80, 0xa1b2c3d4L, 0, TcpFlags.of(TcpFlags.SYN), 64240, 0,
      TcpOptions.NONE.withMss(1460).withSackPermitted(true).withTimestamps(0x000a1b2c, 0)
          .withWindowScale(7));

  private static final TcpSegment HELLO = new TcpSegment(
      new TcpHeader(80, 54321, 1000, 2000, TcpFlags.of(TcpFlags.PSH | TcpFlags.ACK), 502, 0,
          TcpOptions.NONE.withTimestamps(1, 2)),
      "hello".getBytes(StandardCharsets.US_ASCII));

  @Nested
  class KnownAnswers {

    @Test
    void emitsTheHandBuiltSynByteForByte() {
      assertEquals(
          Bytes.hex(KnownSegments.linuxSyn()),
          Bytes.hex(new TcpSegment(LINUX_SYN_HEADER).emit(CLIENT, SERVER)));
    }

    @Test
    void parsesTheHandBuiltSyn() throws DecodeException {
      byte[] bytes = KnownSegments.linuxSyn();
      TcpSegment syn = TcpSegment.decode(bytes, 0, bytes.length, CLIENT, SERVER);
      assertEquals(LINUX_SYN_HEADER, syn.header());
      assertEquals(0, syn.payloadLength());
    }

    @Test
    void emitsAnOddLengthDataSegmentByteForByte() {
      assertArrayEquals(KnownSegments.helloData(), HELLO.emit(SERVER, CLIENT));
    }

    @Test
    void parsesAnOddLengthDataSegment() throws DecodeException {
      byte[] bytes = KnownSegments.helloData();
      assertEquals(HELLO, TcpSegment.decode(bytes, 0, bytes.length, SERVER, CLIENT));
    }

    @Test
    void emitsAnOptionlessRstWithDataOffsetFive() throws DecodeException {
      TcpSegment rst = new TcpSegment(
          new TcpHeader(80, 54321, 7, 0, TcpFlags.of(TcpFlags.RST), 0, 0, TcpOptions.NONE));
      byte[] bytes = rst.emit(SERVER, CLIENT);
      assertEquals(20, bytes.length);
      assertEquals(0x50, bytes[12]);
      assertEquals(0x04, bytes[13]);
      assertEquals(rst, TcpSegment.decode(bytes, 0, 20, SERVER, CLIENT));
    }
  }

  @Nested
  class Parsing {

    @Test
    void dropsUnknownOptionsAndIgnoresReservedBits() throws DecodeException {
      byte[] bytes = hex("0050 d431 00000001 00000002 6010 ffff 0000 0000  fe04abcd 00000000");
      bytes[12] |= 0x0F;
      fixChecksum(bytes);
      TcpSegment segment = TcpSegment.decode(bytes, 0, bytes.length, SERVER, CLIENT);
      assertEquals(TcpOptions.NONE, segment.header().options());
      assertEquals(TcpFlags.of(TcpFlags.ACK), segment.header().flags());
    }

    @Test
    void rejectsAMalformedOptionAsBadOption() throws DecodeException {
      byte[] bytes = hex("0050 d431 00000001 00000002 6010 ffff 0000 0000  0200 0000");
      fixChecksum(bytes);
      TcpPacket packet = TcpPacket.check(bytes, 0, bytes.length, SERVER, CLIENT);
      DecodeException e = assertThrows(DecodeException.class, () -> TcpSegment.parse(packet));
      assertEquals(DecodeError.BAD_OPTION, e.error());
    }

    @Test
    void acceptsOptionsOnAnySegment() throws DecodeException {
      // RFC 9293 MUST-4: which options make sense on which segment is the connection's call.
      TcpSegment oddButLegal = new TcpSegment(new TcpHeader(
          1, 2, 3, 4, TcpFlags.of(TcpFlags.RST | TcpFlags.FIN), 0, 0,
          TcpOptions.NONE.withMss(1).withWindowScale(3).withSackBlocks(List.of(new SackBlock(5, 6)))
      ));
      byte[] bytes = oddButLegal.emit(CLIENT, SERVER);
      assertEquals(oddButLegal, TcpSegment.decode(bytes, 0, bytes.length, CLIENT, SERVER));
    }

    private void fixChecksum(byte[] bytes) {
      int checksum = InternetChecksum.transportChecksum(
          SERVER, CLIENT, IpProtocol.TCP.number(), bytes, 0, bytes.length);
      bytes[16] = (byte) (checksum >>> 8);
      bytes[17] = (byte) checksum;
    }
  }

  @Nested
  class Emitting {

    @Test
    void writesIntoABufferAtAnOffsetAndReturnsTheLength() throws DecodeException {
      byte[] buf = new byte[100];
      int written = HELLO.emit(buf, 9, SERVER, CLIENT);
      assertEquals(37, written);
      assertEquals(HELLO, TcpSegment.decode(buf, 9, written, SERVER, CLIENT));
      assertEquals(0, buf[8]);
      assertEquals(0, buf[46]);
    }

    @Test
    void refusesABufferWithoutRoom() {
      IllegalArgumentException e = assertThrows(
          IllegalArgumentException.class, () -> HELLO.emit(new byte[40], 4, SERVER, CLIENT));
      assertTrue(e.getMessage().contains("37-byte segment at offset 4"), e.getMessage());
    }

    @Test
    void refusesIllegalOptionCombinations() {
      TcpSegment tooMany = new TcpSegment(LINUX_SYN_HEADER.withOptions(
          TcpOptions.NONE.withTimestamps(1, 2).withSackBlocks(List.of(
              new SackBlock(1, 2), new SackBlock(3, 4), new SackBlock(5, 6),
              new SackBlock(7, 8)))));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> tooMany.emit(CLIENT, SERVER));
      assertTrue(e.getMessage().contains("SACK blocks with timestamps"), e.getMessage());
    }

    @Test
    void refusesASegmentLongerThanThePseudoHeaderCanState() {
      TcpSegment huge = new TcpSegment(LINUX_SYN_HEADER, new byte[65535 - 40 + 1]);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> huge.emit(CLIENT, SERVER));
      assertTrue(e.getMessage().contains("65536 bytes"), e.getMessage());
      assertEquals(65535, new TcpSegment(LINUX_SYN_HEADER, new byte[65535 - 40]).encodedLength());
    }

    @Test
    void writesZeroReservedBitsWhateverTheBufferHeld() {
      byte[] buf = new byte[40];
      Arrays.fill(buf, (byte) 0xFF);
      new TcpSegment(LINUX_SYN_HEADER).emit(buf, 0, CLIENT, SERVER);
      assertArrayEquals(KnownSegments.linuxSyn(), buf);
    }
  }

  @Nested
  class ValueSemantics {

    @Test
    void ownsThePayloadArrayItIsGivenWithoutCopying() {
      byte[] data = {1, 2, 3};
      TcpSegment segment = new TcpSegment(LINUX_SYN_HEADER, data);
      assertSame(data, segment.payload());
      byte[] copy = new byte[4];
      segment.copyPayloadTo(copy, 1);
      assertArrayEquals(new byte[] {0, 1, 2, 3}, copy);
    }

    @Test
    void parsedPayloadIsItsOwnCopyNotAViewOfThePacket() throws DecodeException {
      byte[] packet = new TcpSegment(LINUX_SYN_HEADER, new byte[] {1, 2, 3}).emit(CLIENT, SERVER);
      TcpSegment parsed = TcpSegment.decode(packet, 0, packet.length, CLIENT, SERVER);
      Arrays.fill(packet, (byte) 0);
      assertArrayEquals(new byte[] {1, 2, 3}, parsed.payload());
    }

    @Test
    void comparesPayloadsByContent() {
      assertEquals(new TcpSegment(LINUX_SYN_HEADER, new byte[] {1, 2}),
          new TcpSegment(LINUX_SYN_HEADER, new byte[] {1, 2}));
      assertEquals(new TcpSegment(LINUX_SYN_HEADER, new byte[] {1, 2}).hashCode(),
          new TcpSegment(LINUX_SYN_HEADER, new byte[] {1, 2}).hashCode());
      assertNotEquals(new TcpSegment(LINUX_SYN_HEADER, new byte[] {1, 2}),
          new TcpSegment(LINUX_SYN_HEADER, new byte[] {1, 3}));
    }

    @Test
    void readsLikeATcpdumpLine() {
      assertEquals(
          "80>54321 PSH|ACK seq=1000 ack=2000 win=502 [TSval=1 TSecr=2] len=5", HELLO.toString());
    }

    @Test
    void rejectsOutOfRangeHeaderFields() {
      TcpOptions none = TcpOptions.NONE;
      TcpFlags ack = TcpFlags.of(TcpFlags.ACK);
      assertThrows(IllegalArgumentException.class,
          () -> new TcpHeader(65536, 1, 0, 0, ack, 0, 0, none));
      assertThrows(IllegalArgumentException.class,
          () -> new TcpHeader(1, -1, 0, 0, ack, 0, 0, none));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new TcpHeader(1, 1, 1L << 32, 0, ack, 0, 0, none));
      assertTrue(e.getMessage().startsWith("sequence number 4294967296"), e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> new TcpHeader(1, 1, 0, -1, ack, 0, 0, none));
      assertThrows(IllegalArgumentException.class,
          () -> new TcpHeader(1, 1, 0, 0, ack, 65536, 0, none));
      assertThrows(IllegalArgumentException.class,
          () -> new TcpHeader(1, 1, 0, 0, ack, 0, 65536, none));
      assertThrows(IllegalArgumentException.class,
          () -> new TcpHeader(1, 1, 0, 0, null, 0, 0, none));
      assertThrows(IllegalArgumentException.class,
          () -> new TcpHeader(1, 1, 0, 0, ack, 0, 0, null));
      assertThrows(IllegalArgumentException.class, () -> new TcpSegment(LINUX_SYN_HEADER, null));
    }
  }
}
