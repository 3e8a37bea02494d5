package org.minitransport.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** {@link InternetChecksum} against a word-at-a-time reference written straight from RFC 1071. */
class InternetChecksumProperties {

  private static final Gen<byte[]> ARRAYS =
      Generate.byteArrays(integers().between(0, 2_000), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));

  /** RFC 1071 §4.1 in its plainest form: 16-bit words, end-around carry after every add. */
  static int referenceSum(byte[] data, int offset, int length) {
    int sum = 0;
    for (int i = 0; i < length; i += 2) {
      int high = data[offset + i] & 0xFF;
      int low = i + 1 < length ? data[offset + i + 1] & 0xFF : 0;
      sum += (high << 8) | low;
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return sum;
  }

  @Test
  void computeMatchesTheReferenceForEveryRegion() {
    qt().withExamples(500)
        .forAll(ARRAYS, integers().between(0, 1_000_000), integers().between(0, 1_000_000))
        .checkAssert((data, a, b) -> {
          int offset = a % (data.length + 1);
          int length = b % (data.length - offset + 1);
          assertEquals(~referenceSum(data, offset, length) & 0xFFFF,
              InternetChecksum.compute(data, offset, length),
              () -> "offset " + offset + " length " + length + " of " + data.length);
        });
  }

  @Test
  void sumsOverEvenAlignedPiecesAddUpToTheWhole() {
    qt().withExamples(300)
        .forAll(ARRAYS, integers().between(0, 1_000_000))
        .checkAssert((data, a) -> {
          int split = (a % (data.length + 1)) & ~1;
          long pieces = InternetChecksum.sum(InternetChecksum.sum(0, data, 0, split),
              data, split, data.length - split);
          assertEquals(referenceSum(data, 0, data.length), InternetChecksum.fold(pieces),
              () -> "split at " + split + " of " + data.length);
        });
  }

  @Test
  void anInitialSumIsAddedInOnesComplement() {
    qt().withExamples(300)
        .forAll(ARRAYS, longs().between(0, 1L << 40))
        .checkAssert((data, initial) -> assertEquals(
            InternetChecksum.fold(initial + referenceSum(data, 0, data.length)),
            InternetChecksum.fold(InternetChecksum.sum(initial, data, 0, data.length))));
  }

  /**
   * Whole segments up to the largest IPv4 packet, at random offsets and odd or even lengths: the
   * 8-byte loop runs thousands of times and every tail (0–7 bytes) follows it.
   */
  @Test
  void computeMatchesTheReferenceUpToTheLargestPacket() {
    qt().withExamples(200)
        .forAll(integers().between(0, 65_535), integers().between(0, 15), longs().all())
        .checkAssert((length, offset, seed) -> {
          byte[] data = new byte[offset + length + 3];
          new SplittableRandom(seed).nextBytes(data);
          assertEquals(~referenceSum(data, offset, length) & 0xFFFF,
              InternetChecksum.compute(data, offset, length),
              () -> "seed " + seed + " offset " + offset + " length " + length);
        });
  }

  /**
   * All-0xFF data carries out of every word add: the wide accumulator must defer those carries
   * without losing one (RFC 1071 §2(C)), for every length and offset. The reference is checked
   * against the closed form too: the sum of all ones is 0xFFFF ("negative zero") for an even
   * length, so the checksum is 0; an odd length adds a last word 0xFF00, checksum 0x00FF.
   */
  @Test
  void allOnesDataMatchesTheReference() {
    qt().withExamples(300)
        .forAll(integers().between(0, 65_535), integers().between(0, 15))
        .checkAssert((length, offset) -> {
          byte[] data = new byte[offset + length];
          Arrays.fill(data, (byte) 0xFF);
          int expected = ~referenceSum(data, offset, length) & 0xFFFF;
          assertEquals(expected, InternetChecksum.compute(data, offset, length),
              () -> "offset " + offset + " length " + length);
          int closedForm = length == 0 ? 0xFFFF : length % 2 == 0 ? 0 : 0x00FF;
          assertEquals(closedForm, expected, () -> "reference, length " + length);
        });
  }
}
