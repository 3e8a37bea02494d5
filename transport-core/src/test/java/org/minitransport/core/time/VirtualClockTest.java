package org.minitransport.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VirtualClockTest {

  @Test
  void startsAtZeroOrTheGivenStart() {
    assertEquals(0, new VirtualClock().nanoTime());
    assertEquals(-5, new VirtualClock(-5).nanoTime());
  }

  @Test
  void onlyMovesWhenTold() {
    VirtualClock clock = new VirtualClock();
    clock.advanceTo(1_000);
    assertEquals(1_000, clock.nanoTime());
    assertEquals(1_000, clock.nanoTime());
    clock.advanceBy(500);
    assertEquals(1_500, clock.nanoTime());
  }

  @Test
  void advancingToNowIsAllowed() {
    VirtualClock clock = new VirtualClock(7);
    clock.advanceTo(7);
    clock.advanceBy(0);
    assertEquals(7, clock.nanoTime());
  }

  @Test
  void refusesToGoBackwardsNamingBothTimes() {
    VirtualClock clock = new VirtualClock(100);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> clock.advanceTo(99));
    assertTrue(e.getMessage().contains("now 100 ns"), e.getMessage());
    assertTrue(e.getMessage().contains("asked for 99 ns"), e.getMessage());
    assertEquals(100, clock.nanoTime());
  }

  @Test
  void refusesANegativeStep() {
    VirtualClock clock = new VirtualClock(100);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> clock.advanceBy(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    assertEquals(100, clock.nanoTime());
  }

  @Test
  void refusesAStepThatWouldWrapAroundIntoThePast() {
    VirtualClock clock = new VirtualClock(10);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> clock.advanceBy(Long.MAX_VALUE));
    assertTrue(e.getMessage().contains(String.valueOf(Long.MAX_VALUE)), e.getMessage());
    assertEquals(10, clock.nanoTime());
  }
}
