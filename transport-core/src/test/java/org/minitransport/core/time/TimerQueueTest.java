package org.minitransport.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimerQueueTest {

  private final TimerQueue<String> timers = new TimerQueue<>();

  @Test
  void anEmptyQueueHasNoDeadline() {
    assertEquals(TimerQueue.NONE, timers.nextDeadlineNs());
    assertTrue(timers.isEmpty());
    assertNull(timers.pollDue(Long.MAX_VALUE));
  }

  @Test
  void firesEarliestDeadlineFirstWhateverTheSchedulingOrder() {
    timers.schedule(30, "c");
    timers.schedule(10, "a");
    timers.schedule(20, "b");

    assertEquals(10, timers.nextDeadlineNs());
    assertEquals(List.of("a", "b", "c"), timers.drainDue(100));
    assertTrue(timers.isEmpty());
  }

  @Test
  void tiesLeaveInTheOrderTheyWereScheduled() {
    timers.schedule(5, "first");
    timers.schedule(1, "early");
    timers.schedule(5, "second");
    timers.schedule(5, "third");

    assertEquals(List.of("early", "first", "second", "third"), timers.drainDue(5));
  }

  @Test
  void tiesStayInSchedulingOrderWhenInterleavedWithPolls() {
    timers.schedule(5, "a");
    timers.schedule(5, "b");
    assertEquals("a", timers.pollDue(5));
    timers.schedule(5, "c");
    assertEquals(List.of("b", "c"), timers.drainDue(5));
  }

  @Test
  void nothingFiresBeforeItsDeadline() {
    timers.schedule(10, "a");
    assertNull(timers.pollDue(9));
    assertEquals(List.of(), timers.drainDue(9));
    assertEquals(1, timers.size());
    assertEquals("a", timers.pollDue(10));
  }

  @Test
  void drainDueLeavesLaterDeadlinesQueued() {
    timers.schedule(10, "a");
    timers.schedule(20, "b");
    timers.schedule(21, "c");

    assertEquals(List.of("a", "b"), timers.drainDue(20));
    assertEquals(21, timers.nextDeadlineNs());
    assertEquals(1, timers.size());
  }

  @Test
  void cancelRemovesEveryEntryOfThatPayload() {
    timers.schedule(10, "a");
    timers.schedule(20, "b");
    timers.schedule(30, "a");

    assertTrue(timers.cancel("a"));
    assertFalse(timers.cancel("a"));
    assertEquals(List.of("b"), timers.drainDue(100));
  }

  @Test
  void acceptsExtremeDeadlinesWithoutOverflow() {
    timers.schedule(Long.MAX_VALUE - 1, "late");
    timers.schedule(Long.MIN_VALUE, "early");
    assertEquals(List.of("early", "late"), timers.drainDue(Long.MAX_VALUE));
  }

  @Test
  void clearEmptiesTheQueue() {
    timers.schedule(1, "a");
    timers.clear();
    assertTrue(timers.isEmpty());
    assertEquals(TimerQueue.NONE, timers.nextDeadlineNs());
  }
}
