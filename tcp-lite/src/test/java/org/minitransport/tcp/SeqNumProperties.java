package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class SeqNumProperties {

  private static final long TWO_31 = 1L << 31;
  private static final long TWO_32 = 1L << 32;

  /** Checkpoints anywhere, and many right next to a multiple of 2^32, where wrapping happens. */
  private static Gen<Long> checkpoints() {
    Gen<Long> anywhere = longs().between(0, 1L << 62);
    Gen<Long> nearWrap =
        longs()
            .between(0, 1L << 29)
            .zip(integers().between(-4096, 4096), (block, off) -> Math.max(0, block * TWO_32 + off));
    return anywhere.mix(nearWrap, 50);
  }

  /** Offsets within (−2^31, 2^31), biased to the extremes. */
  private static Gen<Long> offsetsWithinHalfCircle() {
    Gen<Long> any = longs().between(-TWO_31 + 1, TWO_31 - 1);
    Gen<Long> extremes =
        integers()
            .between(0, 64)
            .zip(integers().between(0, 1), (k, side) -> side == 0 ? TWO_31 - 1 - k : -TWO_31 + 1 + k);
    return any.mix(extremes, 30);
  }

  @Test
  void unwrapInvertsWrapForAnyIsnAndAnyIndexNearTheCheckpoint() {
    qt().withExamples(2000)
        .forAll(integers().all(), checkpoints(), offsetsWithinHalfCircle())
        .assuming((isn, checkpoint, offset) -> checkpoint + offset >= 0)
        .checkAssert(
            (isnBits, checkpoint, offset) -> {
              SeqNum isn = new SeqNum(isnBits);
              long absolute = checkpoint + offset;
              assertEquals(absolute, SeqNum.wrap(absolute, isn).unwrap(isn, checkpoint));
            });
  }

  @Test
  void unwrapLandsWithinHalfTheCircleOfTheCheckpointAndWrapsBack() {
    qt().withExamples(2000)
        .forAll(integers().all(), integers().all(), checkpoints())
        .checkAssert(
            (isnBits, bits, checkpoint) -> {
              SeqNum isn = new SeqNum(isnBits);
              SeqNum value = new SeqNum(bits);
              long absolute = value.unwrap(isn, checkpoint);
              assertTrue(absolute >= 0);
              assertTrue(
                  Math.abs(absolute - checkpoint) <= TWO_31 || absolute < TWO_32,
                  () -> "unwrapped " + absolute + " far from checkpoint " + checkpoint);
              assertEquals(value, SeqNum.wrap(absolute, isn));
            });
  }

  @Test
  void serialOrderAgreesWithAbsoluteOrderWithinHalfTheCircle() {
    qt().withExamples(2000)
        .forAll(integers().all(), checkpoints(), offsetsWithinHalfCircle())
        .assuming((isn, a, offset) -> a + offset >= 0)
        .checkAssert(
            (isnBits, a, offset) -> {
              SeqNum isn = new SeqNum(isnBits);
              long b = a + offset;
              SeqNum sa = SeqNum.wrap(a, isn);
              SeqNum sb = SeqNum.wrap(b, isn);
              assertEquals(a < b, sa.lt(sb));
              assertEquals(a <= b, sa.le(sb));
              assertEquals(a > b, sa.gt(sb));
              assertEquals(a >= b, sa.ge(sb));
              assertEquals(b - a, sb.minus(sa));
              assertEquals(sb, sa.plus(b - a));
            });
  }
}
