package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SeqNumTest {

  private static final long TWO_32 = 1L << 32;
  private static final long UINT32_MAX = TWO_32 - 1;
  private static final SeqNum ZERO = new SeqNum(0);

  private static SeqNum seq(long unsigned) {
    return SeqNum.ofUnsigned(unsigned);
  }

  @Nested
  class Representation {

    @Test
    void printsTheUnsignedValue() {
      assertEquals("4294967295", new SeqNum(-1).toString());
      assertEquals("2147483648", new SeqNum(Integer.MIN_VALUE).toString());
      assertEquals(UINT32_MAX, new SeqNum(-1).unsignedValue());
    }

    @Test
    void ofUnsignedKeepsTheBits() {
      assertEquals(new SeqNum(-1), seq(UINT32_MAX));
      assertEquals(new SeqNum(7), seq(7));
      assertEquals(new SeqNum(0), seq(0), "0, the lowest value, is in range");
    }

    @Test
    void ofUnsignedRejectsValuesOutside32Bits() {
      IllegalArgumentException tooBig =
          assertThrows(IllegalArgumentException.class, () -> SeqNum.ofUnsigned(TWO_32));
      assertTrue(tooBig.getMessage().contains("4294967296"), tooBig.getMessage());
      assertThrows(IllegalArgumentException.class, () -> SeqNum.ofUnsigned(-1));
    }
  }

  @Nested
  class Arithmetic {

    @Test
    void plusWrapsAroundAt2To32() {
      assertEquals(ZERO, seq(UINT32_MAX).plus(1));
      assertEquals(seq(9), seq(UINT32_MAX - 5).plus(15));
      assertEquals(seq(UINT32_MAX), ZERO.plus(-1));
      assertEquals(seq(3), seq(3).plus(5 * TWO_32));
    }

    @Test
    void minusIsTheSignedDistanceAcrossTheWrap() {
      assertEquals(15, seq(9).minus(seq(UINT32_MAX - 5)));
      assertEquals(-15, seq(UINT32_MAX - 5).minus(seq(9)));
      assertEquals(0, seq(123).minus(seq(123)));
    }
  }

  @Nested
  class Ordering {

    @Test
    void comparesAcrossTheWrapAsSerialNumbers() {
      SeqNum beforeWrap = seq(UINT32_MAX - 15);
      SeqNum afterWrap = seq(5);
      assertTrue(beforeWrap.lt(afterWrap));
      assertTrue(beforeWrap.le(afterWrap));
      assertTrue(afterWrap.gt(beforeWrap));
      assertTrue(afterWrap.ge(beforeWrap));
      assertFalse(afterWrap.lt(beforeWrap));
      assertFalse(beforeWrap.ge(afterWrap));
    }

    @Test
    void equalValuesAreLeAndGeButNotLtOrGt() {
      assertTrue(seq(42).le(seq(42)));
      assertTrue(seq(42).ge(seq(42)));
      assertFalse(seq(42).lt(seq(42)));
      assertFalse(seq(42).gt(seq(42)));
    }

    @Test
    void valuesJustUnderHalfTheCircleApartOrderByDistance() {
      SeqNum a = seq(10);
      SeqNum b = a.plus((1L << 31) - 1);
      assertTrue(a.lt(b));
      assertFalse(b.lt(a));
    }

    @Test
    void valuesExactlyHalfTheCircleApartAreEachBeforeTheOther() {
      SeqNum a = seq(10);
      SeqNum b = a.plus(1L << 31);
      assertTrue(a.lt(b));
      assertTrue(b.lt(a));
    }

    @Test
    void isWithinHandlesWindowsThatWrap() {
      SeqNum low = seq(UINT32_MAX - 9);
      SeqNum high = seq(10);
      assertTrue(low.isWithin(low, high));
      assertTrue(ZERO.isWithin(low, high));
      assertTrue(seq(9).isWithin(low, high));
      assertFalse(high.isWithin(low, high));
      assertFalse(seq(UINT32_MAX - 10).isWithin(low, high));
    }

    @Test
    void anEmptyWindowContainsNothing() {
      assertFalse(seq(5).isWithin(seq(5), seq(5)));
    }
  }

  @Nested
  class WrapAndUnwrap {

    @Test
    void wrapAddsTheIsnModulo2To32() {
      assertEquals(ZERO, SeqNum.wrap(3 * TWO_32, ZERO));
      assertEquals(seq(32), SeqNum.wrap(3 * TWO_32 + 17, seq(15)));
      assertEquals(seq(13), SeqNum.wrap(7 * TWO_32 - 2, seq(15)));
    }

    @Test
    void unwrapPicksTheCandidateNearestTheCheckpoint() {
      assertEquals(1, seq(1).unwrap(ZERO, 0));
      assertEquals(TWO_32 + 1, seq(1).unwrap(ZERO, UINT32_MAX));
      assertEquals(3 * TWO_32 - 2, seq(UINT32_MAX - 1).unwrap(ZERO, 3 * TWO_32));
      assertEquals(3 * TWO_32 - 11, seq(UINT32_MAX - 10).unwrap(ZERO, 3 * TWO_32));
      assertEquals(3 * TWO_32 - 11, seq(UINT32_MAX).unwrap(seq(10), 3 * TWO_32));
    }

    @Test
    void unwrapNeverReturnsANegativeIndex() {
      assertEquals(UINT32_MAX, seq(UINT32_MAX).unwrap(ZERO, 0));
      assertEquals(UINT32_MAX, seq(15).unwrap(seq(16), 0));
    }

    @Test
    void unwrapMeasuresFromTheIsn() {
      assertEquals(0, seq(16).unwrap(seq(16), 0));
      assertEquals((long) Integer.MAX_VALUE + 2, ZERO.unwrap(seq(Integer.MAX_VALUE), 0));
      assertEquals(1L << 31, seq(UINT32_MAX).unwrap(seq(Integer.MAX_VALUE), 0));
      assertEquals(UINT32_MAX >> 1, seq(UINT32_MAX).unwrap(seq(1L << 31), 0));
    }

    @Test
    void unwrapBreaksATieOfTwoCandidatesHalfTheCircleAwayTowardTheCheckpointsBlock() {
      long half = 1L << 31;
      // The candidate above the checkpoint's block start is 2^31 above it; the one below 2^31
      // below: both equally near, so the one in the checkpoint's own 2^32 block wins.
      assertEquals(TWO_32 + half, seq(half).unwrap(ZERO, TWO_32));
      // The same from the other side: 2^31 below the checkpoint, or 2^31 above it.
      assertEquals(0, seq(0).unwrap(ZERO, half));
      assertEquals(TWO_32, seq(0).unwrap(ZERO, half + 1), "one past the tie: the upper one");
    }

    @Test
    void unwrapWorksFarAlongTheStream() {
      long far = 1_000_000L * TWO_32 + 12345;
      SeqNum isn = seq(4_000_000_000L);
      assertEquals(far, SeqNum.wrap(far, isn).unwrap(isn, far - 1_000_000));
      assertEquals(far, SeqNum.wrap(far, isn).unwrap(isn, far + 1_000_000));
    }

    @Test
    void rejectsNegativeAbsoluteNumbersAndCheckpoints() {
      IllegalArgumentException wrap =
          assertThrows(IllegalArgumentException.class, () -> SeqNum.wrap(-1, ZERO));
      assertTrue(wrap.getMessage().contains("-1"), wrap.getMessage());
      IllegalArgumentException unwrap =
          assertThrows(IllegalArgumentException.class, () -> ZERO.unwrap(ZERO, -5));
      assertTrue(unwrap.getMessage().contains("-5"), unwrap.getMessage());
    }
  }
}
