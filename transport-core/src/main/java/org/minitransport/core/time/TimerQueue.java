package org.minitransport.core.time;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Deadlines with payloads, earliest first; ties leave in the order they were scheduled, so a run
 * is reproducible. Not thread-safe: each engine or driver owns its own.
 *
 * @param <T> what fires at a deadline
 */
public final class TimerQueue<T> {

  /** Returned by {@link #nextDeadlineNs()} when nothing is scheduled. */
  public static final long NONE = Long.MAX_VALUE;

  private record Entry<T>(long deadlineNs, long sequence, T payload) {}

  private final PriorityQueue<Entry<T>> queue =
      new PriorityQueue<>(
          (a, b) -> {
            int byTime = Long.compare(a.deadlineNs, b.deadlineNs);
            return byTime != 0 ? byTime : Long.compare(a.sequence, b.sequence);
          });
  private long nextSequence;

  /** Schedules {@code payload} to fire at {@code deadlineNs}. */
  public void schedule(long deadlineNs, T payload) {
    queue.add(new Entry<>(deadlineNs, nextSequence++, payload));
  }

  /** The earliest deadline, or {@link #NONE} if the queue is empty. */
  public long nextDeadlineNs() {
    Entry<T> head = queue.peek();
    return head == null ? NONE : head.deadlineNs;
  }

  /** Removes and returns the earliest payload due at or before {@code nowNs}, or null. */
  public T pollDue(long nowNs) {
    Entry<T> head = queue.peek();
    if (head == null || head.deadlineNs > nowNs) {
      return null;
    }
    queue.poll();
    return head.payload;
  }

  /** Removes and returns every payload due at or before {@code nowNs}, earliest first. */
  public List<T> drainDue(long nowNs) {
    List<T> due = new ArrayList<>();
    for (T payload = pollDue(nowNs); payload != null; payload = pollDue(nowNs)) {
      due.add(payload);
    }
    return due;
  }

  /** Removes every scheduled entry whose payload equals {@code payload}. */
  public boolean cancel(T payload) {
    return queue.removeIf(e -> e.payload.equals(payload));
  }

  public int size() {
    return queue.size();
  }

  public boolean isEmpty() {
    return queue.isEmpty();
  }

  public void clear() {
    queue.clear();
  }
}
