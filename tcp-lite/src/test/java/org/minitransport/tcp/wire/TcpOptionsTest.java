package org.minitransport.tcp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.tcp.wire.Bytes.hex;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;

class TcpOptionsTest {

  private static TcpOptions parse(String hexBytes) throws DecodeException {
    byte[] region = hex(hexBytes);
    return TcpOptions.parse(region, 0, region.length);
  }

  private static DecodeException rejects(String hexBytes) {
    DecodeException e = assertThrows(DecodeException.class, () -> parse(hexBytes));
    assertEquals(DecodeError.BAD_OPTION, e.error(), e.getMessage());
    return e;
  }

  private static byte[] emit(TcpOptions options) {
    byte[] out = new byte[options.encodedLength()];
    assertEquals(out.length, options.writeTo(out, 0));
    return out;
  }

  @Nested
  class Parsing {

    @Test
    void emptyRegionHasNoOptions() throws DecodeException {
      assertSame(TcpOptions.NONE, parse(""));
    }

    @Test
    void readsMss() throws DecodeException {
      assertEquals(OptionalInt.of(1460), parse("02 04 05 b4").mss());
      assertEquals(OptionalInt.of(65535), parse("02 04 ff ff").mss());
    }

    @Test
    void readsWindowScale() throws DecodeException {
      assertEquals(OptionalInt.of(7), parse("03 03 07 00").windowScale());
      assertEquals(OptionalInt.of(0), parse("01 03 03 00").windowScale());
    }

    @Test
    void clampsAWindowScaleAbove14To14() throws DecodeException {
      // RFC 7323 §2.3: log the error and use 14 instead; not a reason to drop the segment.
      assertEquals(OptionalInt.of(14), parse("03 03 0e 00").windowScale());
      assertEquals(OptionalInt.of(14), parse("03 03 0f 00").windowScale());
      assertEquals(OptionalInt.of(14), parse("03 03 ff 00").windowScale());
    }

    @Test
    void readsSackPermitted() throws DecodeException {
      assertTrue(parse("04 02 00 00").sackPermitted());
      assertFalse(parse("01 01 01 01").sackPermitted());
    }

    @Test
    void readsTimestampsAsUnsigned() throws DecodeException {
      TcpTimestamps ts = parse("01 01 08 0a ff ff ff fe 80 00 00 01").timestamps().orElseThrow();
      assertEquals(0xFFFF_FFFEL, ts.tsVal());
      assertEquals(0x8000_0001L, ts.tsEcr());
    }

    @Test
    void readsOneToFourSackBlocksAsUnsigned() throws DecodeException {
      assertEquals(
          List.of(new SackBlock(0xFFFF_FF00L, 0x0000_0010L)),
          parse("01 01 05 0a ff ff ff 00 00 00 00 10").sackBlocks());
      assertEquals(
          List.of(
              new SackBlock(1, 2), new SackBlock(3, 4), new SackBlock(5, 6), new SackBlock(7, 8)),
          parse("05 22 00000001 00000002 00000003 00000004 00000005 00000006 00000007 00000008")
              .sackBlocks());
    }

    @Test
    void readsALinuxSynOptionSet() throws DecodeException {
      TcpOptions options = parse("02 04 05 b4 04 02 08 0a 00 0a 1b 2c 00 00 00 00 01 03 03 07");
      assertEquals(
          TcpOptions.NONE.withMss(1460).withSackPermitted(true).withTimestamps(0x000a1b2c, 0)
              .withWindowScale(7),
          options);
    }

    @Test
    void stopsAtEndOfOptionListAndIgnoresWhatFollows() throws DecodeException {
      // Bytes after EOL are padding (RFC 9293 §3.2); even a malformed "option" there is ignored.
      TcpOptions options = parse("02 04 05 b4 00 03 00 ff");
      assertEquals(OptionalInt.of(1460), options.mss());
      assertTrue(options.windowScale().isEmpty());
    }

    @Test
    void skipsNoOperationBytes() throws DecodeException {
      assertEquals(OptionalInt.of(536), parse("01 01 01 02 04 02 18 01").mss());
      assertSame(TcpOptions.NONE, parse("01 01 01 01"));
    }

    @Test
    void skipsUnknownKindsByTheirLength() throws DecodeException {
      // Kind 30 (MPTCP) with 6 bytes, kind 254 (experimental) with 4, kind 6 (obsolete echo).
      TcpOptions options =
          parse("1e 06 00 01 02 03  fe 04 ab cd  06 06 05 04 03 02  02 04 05 b4");
      assertEquals(TcpOptions.NONE.withMss(1460), options);
    }

    @Test
    void skipsAnUnknownKindWhoseLengthIsExactlyTwo() throws DecodeException {
      assertEquals(OptionalInt.of(1200), parse("63 02 02 04 04 b0").mss());
    }

    @Test
    void acceptsAnOptionEndingExactlyAtTheRegionEnd() throws DecodeException {
      assertEquals(OptionalInt.of(3), parse("01 03 03 03").windowScale());
    }

    @Test
    void letsARepeatedOptionReplaceTheEarlierOne() throws DecodeException {
      assertEquals(OptionalInt.of(1400), parse("02 04 05 b4 02 04 05 78").mss());
    }

    @Test
    void readsOnlyWithinTheGivenRegion() throws DecodeException {
      byte[] buf = hex("ff ff 02 04 05 b4 02 04");
      // The last two bytes would be a truncated MSS; they lie outside the region.
      assertEquals(OptionalInt.of(1460), TcpOptions.parse(buf, 2, 4).mss());
      assertThrows(DecodeException.class, () -> TcpOptions.parse(buf, 2, 6));
    }

    @Test
    void rejectsARegionOutsideTheBufferAsCallerError() {
      assertThrows(IllegalArgumentException.class, () -> TcpOptions.parse(new byte[4], 2, 3));
      assertThrows(IllegalArgumentException.class, () -> TcpOptions.parse(new byte[4], -1, 2));
    }
  }

  @Nested
  class IllegalLengths {

    @ParameterizedTest(name = "kind {0}")
    @ValueSource(ints = {2, 3, 4, 5, 8, 30, 254})
    void rejectsLengthZero(int kind) {
      rejects(String.format("%02x 00 00 00", kind));
    }

    @ParameterizedTest(name = "kind {0}")
    @ValueSource(ints = {2, 3, 4, 5, 8, 30, 254})
    void rejectsLengthOne(int kind) {
      rejects(String.format("%02x 01 00 00", kind));
    }

    @ParameterizedTest(name = "kind {0}")
    @ValueSource(ints = {2, 3, 4, 5, 8, 30, 254})
    void rejectsAKindWithoutItsLengthByte(int kind) {
      DecodeException e = rejects(String.format("01 01 01 %02x", kind));
      assertTrue(e.getMessage().contains("offset 3"), e.getMessage());
    }

    @Test
    void rejectsALengthRunningPastTheRegion() {
      DecodeException e = rejects("01 1e 08 00 00");
      assertTrue(e.getMessage().contains("length 8"), e.getMessage());
      rejects("02 04 05");
      rejects("01 01 08 0a 00 00 00 01 00 00 00");
    }

    @Test
    void rejectsMssOfTheWrongSize() {
      rejects("02 03 05 00");
      rejects("02 05 05 b4 00 00 00 00");
    }

    @Test
    void rejectsWindowScaleOfTheWrongSize() {
      rejects("03 02 00 00");
      rejects("03 04 07 00");
    }

    @Test
    void rejectsSackPermittedOfTheWrongSize() {
      rejects("04 03 00 00");
    }

    @Test
    void rejectsTimestampsOfTheWrongSize() {
      rejects("08 08 00 00 00 01 00 00");
      rejects("08 0b 00 00 00 01 00 00 00 02 00 00");
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {2, 3, 9, 11, 17, 33, 35, 42})
    void rejectsSackLengthsThatAreNotTwoPlusEightTimesOneToFour(int length) {
      byte[] region = new byte[Math.max(length, 2)];
      region[0] = 5;
      region[1] = (byte) length;
      DecodeException e =
          assertThrows(DecodeException.class, () -> TcpOptions.parse(region, 0, region.length));
      assertEquals(DecodeError.BAD_OPTION, e.error());
      assertTrue(e.getMessage().contains("kind 5"), e.getMessage());
    }

    @Test
    void namesTheKindOffsetAndRuleInTheMessage() {
      DecodeException e = rejects("01 02 05 b4 00");
      assertEquals(
          "BAD_OPTION: option kind 2 at options offset 1 has length 5 but only 4 bytes of options"
              + " remain",
          e.getMessage());
    }
  }

  @Nested
  class Emitting {

    @Test
    void writesNothingForNoOptions() {
      assertEquals(0, TcpOptions.NONE.encodedLength());
    }

    @Test
    void writesALinuxStyleSynOptionSet() {
      TcpOptions syn = TcpOptions.NONE.withMss(1460).withSackPermitted(true).withWindowScale(7)
          .withTimestamps(0x000a1b2c, 0);
      assertArrayEquals(
          hex("02 04 05 b4 04 02 08 0a 00 0a 1b 2c 00 00 00 00 01 03 03 07"), emit(syn));
    }

    @Test
    void padsALoneSackPermittedWithTwoNops() {
      assertArrayEquals(hex("01 01 04 02"), emit(TcpOptions.NONE.withSackPermitted(true)));
    }

    @Test
    void padsALoneWindowScaleWithANop() {
      assertArrayEquals(hex("01 03 03 0e"), emit(TcpOptions.NONE.withWindowScale(14)));
    }

    @Test
    void padsTimestampsWithoutSackPermittedWithTwoNops() {
      assertArrayEquals(
          hex("01 01 08 0a ff ff ff ff 00 00 00 07"),
          emit(TcpOptions.NONE.withTimestamps(0xFFFF_FFFFL, 7)));
    }

    @Test
    void writesSackBlocksAfterTimestamps() {
      TcpOptions ack = TcpOptions.NONE.withTimestamps(1, 2).withSackBlocks(
          List.of(new SackBlock(0xF000_0000L, 0xF000_05B4L), new SackBlock(10, 20)));
      assertArrayEquals(
          hex("01 01 08 0a 00000001 00000002 01 01 05 12 f0000000 f00005b4 0000000a 00000014"),
          emit(ack));
    }

    @Test
    void alwaysWritesAMultipleOfFourBytes() {
      for (int mask = 0; mask < 32; mask++) {
        TcpOptions options = TcpOptions.NONE;
        if ((mask & 1) != 0) {
          options = options.withMss(1);
        }
        if ((mask & 2) != 0) {
          options = options.withSackPermitted(true);
        }
        if ((mask & 4) != 0) {
          options = options.withWindowScale(1);
        }
        if ((mask & 8) != 0) {
          options = options.withTimestamps(1, 1);
        }
        if ((mask & 16) != 0) {
          options = options.withSackBlocks(List.of(new SackBlock(1, 2)));
        }
        assertEquals(0, options.encodedLength() % 4, options.toString());
        assertEquals(options.encodedLength(), emit(options).length);
      }
    }

    @Test
    void fitsThreeSackBlocksBesideTimestamps() {
      assertEquals(
          40, TcpOptions.NONE.withTimestamps(1, 2).withSackBlocks(blocks(3)).encodedLength());
    }

    @Test
    void refusesFourSackBlocksBesideTimestamps() {
      TcpOptions options = TcpOptions.NONE.withTimestamps(1, 2).withSackBlocks(blocks(4));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, options::encodedLength);
      assertTrue(e.getMessage().contains("4 SACK blocks with timestamps"), e.getMessage());
      assertTrue(e.getMessage().contains("48 bytes"), e.getMessage());
    }

    @Test
    void refusesOptionsLongerThanFortyBytes() {
      TcpOptions options =
          TcpOptions.NONE.withMss(1460).withWindowScale(2).withSackBlocks(blocks(4));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, options::encodedLength);
      assertTrue(e.getMessage().contains("need 44 bytes"), e.getMessage());
      assertTrue(e.getMessage().contains("40-byte maximum"), e.getMessage());
    }
  }

  @Nested
  class Construction {

    @Test
    void rejectsAWindowScaleAbove14() {
      IllegalArgumentException e = assertThrows(
          IllegalArgumentException.class, () -> TcpOptions.NONE.withWindowScale(15));
      assertTrue(e.getMessage().contains("15"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> TcpOptions.NONE.withWindowScale(-1));
    }

    @Test
    void rejectsAnMssOutside16Bits() {
      assertThrows(IllegalArgumentException.class, () -> TcpOptions.NONE.withMss(65536));
      assertThrows(IllegalArgumentException.class, () -> TcpOptions.NONE.withMss(-1));
    }

    @Test
    void rejectsMoreThanFourSackBlocks() {
      IllegalArgumentException e = assertThrows(
          IllegalArgumentException.class, () -> TcpOptions.NONE.withSackBlocks(blocks(5)));
      assertTrue(e.getMessage().contains("5 SACK blocks"), e.getMessage());
    }

    @Test
    void rejectsSequenceValuesOutside32Bits() {
      assertThrows(IllegalArgumentException.class, () -> new SackBlock(1L << 32, 0));
      assertThrows(IllegalArgumentException.class, () -> new SackBlock(0, -1));
      assertThrows(IllegalArgumentException.class, () -> new TcpTimestamps(-1, 0));
      assertThrows(IllegalArgumentException.class, () -> new TcpTimestamps(0, 1L << 32));
    }

    @Test
    void rejectsNullComponents() {
      assertThrows(IllegalArgumentException.class,
          () -> new TcpOptions(null, OptionalInt.empty(), false, List.of(), Optional.empty()));
      List<SackBlock> withNull = new ArrayList<>();
      withNull.add(null);
      assertThrows(IllegalArgumentException.class, () -> TcpOptions.NONE.withSackBlocks(withNull));
    }

    @Test
    void copiesTheSackBlockList() {
      List<SackBlock> blocks = new ArrayList<>(List.of(new SackBlock(1, 2)));
      TcpOptions options = TcpOptions.NONE.withSackBlocks(blocks);
      blocks.add(new SackBlock(3, 4));
      assertEquals(1, options.sackBlocks().size());
    }

    @Test
    void readsCompactly() {
      TcpOptions options = TcpOptions.NONE.withMss(1460).withWindowScale(7).withSackPermitted(true)
          .withTimestamps(5, 6).withSackBlocks(List.of(new SackBlock(1, 2)));
      assertEquals("[mss=1460 wscale=7 sackOK TSval=5 TSecr=6 sack=[1-2]]", options.toString());
      assertEquals("[]", TcpOptions.NONE.toString());
    }
  }

  private static List<SackBlock> blocks(int count) {
    List<SackBlock> blocks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      blocks.add(new SackBlock(100L * i, 100L * i + 50));
    }
    return blocks;
  }
}
