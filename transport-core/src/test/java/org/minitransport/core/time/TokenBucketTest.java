package org.minitransport.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final long SECOND = 1_000_000_000L;

  private static int takeAll(TokenBucket bucket, long nowNs, int attempts) {
    int taken = 0;
    for (int i = 0; i < attempts; i++) {
      if (bucket.tryTake(nowNs)) {
        taken++;
      }
    }
    return taken;
  }

  @Test
  void startsFullAndAllowsExactlyTheBurstBackToBack() {
    TokenBucket bucket = new TokenBucket(10, 5);
    assertEquals(5, takeAll(bucket, 0, 100));
  }

  @Test
  void refillsAtTheRate() {
    TokenBucket bucket = new TokenBucket(10, 5);
    takeAll(bucket, 0, 5);

    assertFalse(bucket.tryTake(SECOND / 10 - 1), "one token takes 100 ms at 10/s");
    assertTrue(bucket.tryTake(SECOND / 10));
    assertFalse(bucket.tryTake(SECOND / 10));
    assertEquals(3, takeAll(bucket, SECOND / 10 + 3 * SECOND / 10, 100));
  }

  @Test
  void keepsFractionalProgressBetweenCalls() {
    TokenBucket bucket = new TokenBucket(3, 1);
    takeAll(bucket, 0, 1);
    // 1/3 s per token: three calls a ninth of a second apart add up to one token.
    assertFalse(bucket.tryTake(SECOND / 9));
    assertFalse(bucket.tryTake(2 * SECOND / 9));
    assertTrue(bucket.tryTake(3 * SECOND / 9 + 1));
  }

  @Test
  void neverHoldsMoreThanTheBurst() {
    TokenBucket bucket = new TokenBucket(1_000, 3);
    takeAll(bucket, 0, 3);
    assertEquals(3, takeAll(bucket, 3_600 * SECOND, 100));
  }

  @Test
  void survivesHugeGapsWithoutOverflow() {
    TokenBucket bucket = new TokenBucket(Integer.MAX_VALUE, Integer.MAX_VALUE);
    assertTrue(bucket.tryTake(0));
    assertEquals(10, takeAll(bucket, Long.MAX_VALUE / 2, 10));
    assertTrue(bucket.tryTake(Long.MAX_VALUE));
  }

  @Test
  void survivesAHugeGapAtAHighRateAndSmallBurst() {
    TokenBucket bucket = new TokenBucket(Long.MAX_VALUE / SECOND, 2);
    takeAll(bucket, 0, 2);
    assertEquals(2, takeAll(bucket, Long.MAX_VALUE, 10));
  }

  @Test
  void zeroRateGivesOnlyTheInitialBurst() {
    TokenBucket bucket = new TokenBucket(0, 2);
    assertEquals(2, takeAll(bucket, 0, 10));
    assertEquals(0, takeAll(bucket, Long.MAX_VALUE, 10));
  }

  @Test
  void zeroBurstNeverGivesATokenWhateverTheRate() {
    TokenBucket bucket = new TokenBucket(1_000_000, 0);
    assertFalse(bucket.tryTake(0));
    assertFalse(bucket.tryTake(10 * SECOND));
  }

  @Test
  void timeGoingBackwardsAddsNothing() {
    TokenBucket bucket = new TokenBucket(10, 1);
    assertTrue(bucket.tryTake(SECOND));
    assertFalse(bucket.tryTake(0));
    assertFalse(bucket.tryTake(SECOND + SECOND / 10 - 1));
    assertTrue(bucket.tryTake(SECOND + SECOND / 10));
  }

  @Test
  void rejectsNegativeSettingsNamingThem() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(-1, 5));
    assertTrue(e.getMessage().contains("rate -1/s"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TokenBucket(5, -2));
    assertTrue(e.getMessage().contains("burst -2"), e.getMessage());
  }
}
