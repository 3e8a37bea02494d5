package org.minitransport.core.net.sim;

/**
 * A half-open interval of network time, {@code [startNs, endNs)}, during which a link is cut: a
 * packet whose send time falls inside it is dropped as {@link
 * org.minitransport.core.net.DropReason#PARTITION}. Packets already in flight when a window opens
 * are still delivered.
 *
 * @param startNs first nanosecond of the partition (inclusive), on the network's clock
 * @param endNs first nanosecond after the partition (exclusive); greater than {@code startNs}
 */
public record PartitionWindow(long startNs, long endNs) {

  /**
   * @throws IllegalArgumentException if {@code endNs <= startNs}
   */
  public PartitionWindow {
    if (endNs <= startNs) {
      throw new IllegalArgumentException(
          "partition window end " + endNs + " ns must be after its start " + startNs + " ns");
    }
  }

  /** Whether a packet sent at {@code timeNs} is cut off by this window. */
  public boolean contains(long timeNs) {
    return timeNs >= startNs && timeNs < endNs;
  }
}
