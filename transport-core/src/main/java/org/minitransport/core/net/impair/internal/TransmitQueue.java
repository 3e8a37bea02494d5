package org.minitransport.core.net.impair.internal;

/**
 * A link's bounded FIFO transmit queue with a fixed serialization rate, computed lazily: it
 * remembers when each queued packet finishes serializing, and forgets packets whose time has
 * passed. A packet stays in the queue until its last bit is on the wire.
 */
final class TransmitQueue {

  private long[] finishNs = new long[16];
  private int[] sizes = new int[16];
  private int head;
  private int count;
  private long queuedBytes;
  private long lastFinishNs = Long.MIN_VALUE;

  /**
   * Enqueues a packet of {@code size} bytes sent at {@code nowNs}.
   *
   * @return when its serialization finishes, or -1 if the queue is full (tail drop)
   */
  long offer(long nowNs, int size, long bandwidthBitsPerSecond, int capacityPackets,
      long capacityBytes) {
    while (count > 0 && finishNs[head] <= nowNs) {
      queuedBytes -= sizes[head];
      head = (head + 1) & (finishNs.length - 1);
      count--;
    }
    if (count >= capacityPackets || size > capacityBytes - queuedBytes) {
      return -1;
    }
    long serializationNs = (size * 8L * 1_000_000_000L + bandwidthBitsPerSecond - 1)
        / bandwidthBitsPerSecond;
    long startNs = Math.max(nowNs, lastFinishNs);
    long doneNs = startNs + serializationNs;
    if (count == finishNs.length) {
      grow();
    }
    int tail = (head + count) & (finishNs.length - 1);
    finishNs[tail] = doneNs;
    sizes[tail] = size;
    count++;
    queuedBytes += size;
    lastFinishNs = doneNs;
    return doneNs;
  }

  private void grow() {
    int capacity = finishNs.length;
    long[] newFinish = new long[capacity * 2];
    int[] newSizes = new int[capacity * 2];
    for (int i = 0; i < count; i++) {
      int from = (head + i) & (capacity - 1);
      newFinish[i] = finishNs[from];
      newSizes[i] = sizes[from];
    }
    finishNs = newFinish;
    sizes = newSizes;
    head = 0;
  }
}
