package org.minitransport.tcp.component;

/**
 * The stream indices {@code [firstIndex, endIndex)}: a run of bytes a {@link Reassembler} holds.
 *
 * @param firstIndex the first index in the range, at least 0
 * @param endIndex one past the last index, greater than {@code firstIndex}
 */
public record IndexRange(long firstIndex, long endIndex) {

  /** @throws IllegalArgumentException unless {@code 0 ≤ firstIndex < endIndex} */
  public IndexRange {
    if (firstIndex < 0 || endIndex <= firstIndex) {
      throw new IllegalArgumentException(
          "range [" + firstIndex + ", " + endIndex + ") must be non-empty and start at 0 or later");
    }
  }

  /** {@code endIndex − firstIndex}. */
  public long length() {
    return endIndex - firstIndex;
  }

  /** Whether {@code index} lies in the range. */
  public boolean contains(long index) {
    return index >= firstIndex && index < endIndex;
  }
}
