package org.minitransport.tcp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.InternetChecksum;
import org.minitransport.core.wire.IpProtocol;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of the segment codec over generated headers, options and payloads: emit and decode
 * are inverse, untrusted bytes never escape as anything but {@link DecodeException}, and the
 * checksum catches every single-bit error. On failure QuickTheories prints "Seed was N"; replay
 * with {@code -DQT_SEED=N}.
 */
class TcpSegmentProperties {

  private static final int EXAMPLES = 300;

  // ---- generators -------------------------------------------------------------------------

  private static Gen<Long> unsigned32() {
    return longs().between(0, 0xFFFF_FFFFL);
  }

  private static Gen<Integer> unsigned16() {
    return integers().between(0, 0xFFFF);
  }

  private static Gen<Ipv4Address> addresses() {
    return integers().all().map(Ipv4Address::new);
  }

  private static Gen<OptionalInt> maybe(Gen<Integer> values) {
    return booleans().all()
        .zip(values, (present, v) -> present ? OptionalInt.of(v) : OptionalInt.empty());
  }

  /** Any emittable option set: SACK blocks are cut to what fits beside the other options. */
  static Gen<TcpOptions> options() {
    Gen<SackBlock> block = unsigned32().zip(unsigned32(), SackBlock::new);
    Gen<List<SackBlock>> blocks = lists().of(block).ofSizeBetween(0, TcpOptions.MAX_SACK_BLOCKS);
    Gen<TcpOptions> withoutSack = maybe(unsigned16()).zip(
        maybe(integers().between(0, TcpOptions.MAX_WINDOW_SCALE)),
        booleans().all(),
        booleans().all().zip(unsigned32(), unsigned32(),
            (present, tsVal, tsEcr) -> present ? new long[] {tsVal, tsEcr} : null),
        (mss, shift, sackOk, ts) -> {
          TcpOptions options = TcpOptions.NONE.withSackPermitted(sackOk);
          if (mss.isPresent()) {
            options = options.withMss(mss.getAsInt());
          }
          if (shift.isPresent()) {
            options = options.withWindowScale(shift.getAsInt());
          }
          return ts == null ? options : options.withTimestamps(ts[0], ts[1]);
        });
    return withoutSack.zip(blocks, (options, sack) -> {
      int room = TcpOptions.MAX_LENGTH - options.encodedLength() - 4;
      int fit = Math.max(0, Math.min(sack.size(), room / SackBlock.ENCODED_LENGTH));
      return options.withSackBlocks(sack.subList(0, fit));
    });
  }

  static Gen<TcpHeader> headers() {
    Gen<int[]> ports = unsigned16().zip(unsigned16(), (a, b) -> new int[] {a, b});
    Gen<long[]> numbers = unsigned32().zip(unsigned32(), (a, b) -> new long[] {a, b});
    Gen<int[]> windowAndUrgent = unsigned16().zip(unsigned16(), (a, b) -> new int[] {a, b});
    Gen<TcpFlags> flags = integers().between(0, 0xFF).map(TcpFlags::of);
    return ports.zip(numbers, windowAndUrgent, flags.zip(options(), (f, o) -> new Object[] {f, o}),
        (p, n, wu, fo) -> new TcpHeader(
            p[0], p[1], n[0], n[1], (TcpFlags) fo[0], wu[0], wu[1], (TcpOptions) fo[1]));
  }

  static Gen<byte[]> payloads(int maxLength) {
    return Generate.byteArrays(
        integers().between(0, maxLength),
        Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
  }

  static Gen<TcpSegment> segments(int maxPayload) {
    return headers().zip(payloads(maxPayload), TcpSegment::new);
  }

  /** One byte overwritten; {@code inOptions} aims it at the header's options region. */
  record Mutation(int where, int value, boolean inOptions) {

    void applyTo(byte[] segment, int length) {
      int headerLength = Math.min(length, ((segment[12] & 0xFF) >>> 4) * 4);
      int position = inOptions && headerLength > 20
          ? 20 + where % (headerLength - 20)
          : where % length;
      segment[position] = (byte) value;
    }
  }

  static Gen<Mutation> mutations() {
    return integers().between(0, Integer.MAX_VALUE).zip(
        integers().between(0, 0xFF), booleans().all(), Mutation::new);
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static void fixChecksum(byte[] segment, int length, Ipv4Address src, Ipv4Address dst) {
    if (length < 18) {
      return;
    }
    segment[16] = 0;
    segment[17] = 0;
    int checksum = InternetChecksum.transportChecksum(
        src, dst, IpProtocol.TCP.number(), segment, 0, length);
    segment[16] = (byte) (checksum >>> 8);
    segment[17] = (byte) checksum;
  }

  /** Decodes untrusted bytes: returns the segment or null; anything but DecodeException escapes. */
  private static TcpSegment decodeOrNull(
      byte[] bytes, int length, Ipv4Address src, Ipv4Address dst) {
    try {
      return TcpSegment.decode(bytes, 0, length, src, dst);
    } catch (DecodeException expected) {
      return null;
    }
  }

  private static boolean emittable(TcpSegment segment) {
    try {
      segment.encodedLength();
      return true;
    } catch (IllegalArgumentException tooLong) {
      return false;
    }
  }

  // ---- properties -------------------------------------------------------------------------

  @Test
  void emitThenDecodeGivesBackTheSameSegment() {
    qt().withExamples(EXAMPLES)
        .forAll(segments(1500), addresses(), addresses(), integers().between(0, 16))
        .checkAssert((segment, src, dst, offset) -> {
          byte[] bytes = segment.emit(src, dst);
          assertEquals(segment.encodedLength(), bytes.length);
          assertEquals(0, segment.header().headerLength() % 4);
          TcpSegment decoded = assertDoesNotThrowDecode(bytes, src, dst);
          assertEquals(segment, decoded);

          byte[] framed = new byte[offset + bytes.length + 3];
          assertEquals(bytes.length, segment.emit(framed, offset, src, dst));
          assertArrayEquals(bytes, Arrays.copyOfRange(framed, offset, offset + bytes.length));
        });
  }

  private static TcpSegment assertDoesNotThrowDecode(
      byte[] bytes, Ipv4Address src, Ipv4Address dst) {
    try {
      TcpPacket packet = TcpPacket.check(bytes, 0, bytes.length, src, dst);
      return TcpSegment.parse(packet);
    } catch (DecodeException e) {
      throw new AssertionError("emitted segment did not decode: " + e.getMessage(), e);
    }
  }

  @Test
  void arbitraryBytesOnlyEverFailWithDecodeException() {
    // With the checksum fixed most inputs get past check() and exercise the options parser.
    qt().withExamples(2000)
        .forAll(payloads(80), addresses(), addresses(), booleans().all())
        .checkAssert((bytes, src, dst, checksumFixed) -> {
          if (checksumFixed) {
            fixChecksum(bytes, bytes.length, src, dst);
          }
          decodeOrNull(bytes, bytes.length, src, dst);
        });
  }

  @Test
  void mutatedValidSegmentsOnlyEverFailWithDecodeException() {
    qt().withExamples(2000)
        .forAll(segments(64), lists().of(mutations()).ofSizeBetween(1, 6),
            integers().between(0, 8), addresses())
        .checkAssert((segment, mutations, cut, src) -> {
          Ipv4Address dst = Ipv4Address.of(10, 0, 0, 1);
          byte[] bytes = segment.emit(src, dst);
          for (Mutation mutation : mutations) {
            mutation.applyTo(bytes, bytes.length);
          }
          int length = Math.max(0, bytes.length - (cut < 4 ? 0 : cut));
          fixChecksum(bytes, length, src, dst);
          TcpSegment decoded = decodeOrNull(bytes, length, src, dst);
          if (decoded != null && emittable(decoded)) {
            // Whatever the parser accepts, it reads back the same after a fresh emit.
            byte[] again = decoded.emit(src, dst);
            assertEquals(decoded, decodeOrNull(again, again.length, src, dst));
          }
        });
  }

  @Test
  void arbitraryOptionRegionsOnlyEverFailWithBadOptionAndAlwaysTerminate() {
    Gen<byte[]> regions = Generate.byteArrays(
        integers().between(0, 10).map(words -> words * 4),
        Generate.pick(List.of((byte) 0, (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5,
            (byte) 8, (byte) 10, (byte) 34, (byte) 0xFF, (byte) 0x80)));
    qt().withExamples(2000)
        .forAll(regions, addresses())
        .checkAssert((region, src) -> {
          Ipv4Address dst = Ipv4Address.of(10, 0, 0, 2);
          byte[] bytes = new byte[20 + region.length];
          bytes[12] = (byte) ((bytes.length / 4) << 4);
          System.arraycopy(region, 0, bytes, 20, region.length);
          fixChecksum(bytes, bytes.length, src, dst);
          try {
            TcpPacket packet = TcpPacket.check(bytes, 0, bytes.length, src, dst);
            TcpSegment.parse(packet);
          } catch (DecodeException e) {
            assertEquals(DecodeError.BAD_OPTION, e.error(),
                e.getMessage());
          }
        });
  }

  @Test
  void checkDetectsEverySingleBitFlip() {
    qt().withExamples(100)
        .forAll(segments(48), addresses(), addresses())
        .checkAssert((segment, src, dst) -> {
          byte[] bytes = segment.emit(src, dst);
          for (int bit = 0; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(DecodeException.class,
                () -> TcpPacket.check(bytes, 0, bytes.length, src, dst), "bit " + bit);
            bytes[bit / 8] ^= (byte) (1 << (bit % 8));
          }
        });
  }
}
