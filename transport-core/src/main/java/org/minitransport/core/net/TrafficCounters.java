package org.minitransport.core.net;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe packet counters: sent, delivered, duplicated, corrupted and dropped by reason. One
 * instance per network, per attachment, or per link.
 */
public final class TrafficCounters {

  private final LongAdder sent = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder duplicated = new LongAdder();
  private final LongAdder corrupted = new LongAdder();
  private final LongAdder reordered = new LongAdder();
  private final EnumMap<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

  public TrafficCounters() {
    for (DropReason reason : DropReason.values()) {
      dropped.put(reason, new LongAdder());
    }
  }

  public void recordSent() {
    sent.increment();
  }

  public void recordDelivered() {
    delivered.increment();
  }

  public void recordDuplicated() {
    duplicated.increment();
  }

  public void recordCorrupted() {
    corrupted.increment();
  }

  public void recordReordered() {
    reordered.increment();
  }

  public void recordDropped(DropReason reason) {
    dropped.get(reason).increment();
  }

  public long sent() {
    return sent.sum();
  }

  public long delivered() {
    return delivered.sum();
  }

  /** Extra copies the network made (each copy is also counted when delivered). */
  public long duplicated() {
    return duplicated.sum();
  }

  /** Packets the network damaged on purpose (they are still delivered). */
  public long corrupted() {
    return corrupted.sum();
  }

  /** Packets the network held back so that a later one overtook them. */
  public long reordered() {
    return reordered.sum();
  }

  public long dropped(DropReason reason) {
    return dropped.get(reason).sum();
  }

  /** All drops, whatever the reason. */
  public long droppedTotal() {
    long total = 0;
    for (LongAdder count : dropped.values()) {
      total += count.sum();
    }
    return total;
  }

  /** A point-in-time copy of the drop counts, only reasons with a non-zero count. */
  public Map<DropReason, Long> droppedByReason() {
    EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class);
    dropped.forEach((reason, count) -> {
      long value = count.sum();
      if (value != 0) {
        copy.put(reason, value);
      }
    });
    return copy;
  }

  @Override
  public String toString() {
    return "sent=" + sent() + " delivered=" + delivered() + " duplicated=" + duplicated()
        + " corrupted=" + corrupted() + " reordered=" + reordered() + " dropped="
        + droppedByReason();
  }
}
