package org.minitransport.tcp.internal;

/**
 * A half-open range {@code [firstIndex, endIndex)} of absolute 64-bit stream indices, for example
 * a run of bytes the {@link SortedRunReassembler} holds but cannot yet deliver (what a receiver
 * reports in SACK blocks, RFC 2018 §3, whose right edge is likewise "the sequence number
 * immediately following the last sequence number of this block").
 *
 * @param firstIndex the index of the first byte in the range
 * @param endIndex the index just past the last byte
 */
public record ByteRange(long firstIndex, long endIndex) {

  /**
   * @throws IllegalArgumentException if {@code firstIndex} is negative or {@code endIndex <
   *     firstIndex}
   */
  public ByteRange {
    if (firstIndex < 0 || endIndex < firstIndex) {
      throw new IllegalArgumentException(
          "range ["
              + firstIndex
              + ", "
              + endIndex
              + ") must satisfy 0 <= firstIndex <= endIndex");
    }
  }

  /** The number of bytes in the range. */
  public long length() {
    return endIndex - firstIndex;
  }

  /** True iff {@code index} lies in the range. */
  public boolean contains(long index) {
    return index >= firstIndex && index < endIndex;
  }

  @Override
  public String toString() {
    return "[" + firstIndex + ", " + endIndex + ")";
  }
}
