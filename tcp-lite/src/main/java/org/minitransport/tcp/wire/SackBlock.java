package org.minitransport.tcp.wire;

/**
 * One block of a SACK option (RFC 2018 §3): the receiver holds the bytes from {@code left} up to,
 * not including, {@code right}.
 *
 * <p>Both edges are 32-bit sequence numbers carried as unsigned values in a {@code long}. The
 * codec checks only their range; whether a block is sensible (non-empty, inside the window) is the
 * sender's business, so received blocks are passed on as they came.
 *
 * @param left the first sequence number of the block, 0 to 2<sup>32</sup>−1
 * @param right the sequence number just past the block, 0 to 2<sup>32</sup>−1
 */
public record SackBlock(long left, long right) {

  /** Bytes one block takes in a SACK option. */
  static final int ENCODED_LENGTH = 8;

  /**
   * @throws IllegalArgumentException if an edge is outside 0 to 2<sup>32</sup>−1
   */
  public SackBlock {
    WireFields.checkUnsigned32(left, "SACK left edge");
    WireFields.checkUnsigned32(right, "SACK right edge");
  }

  @Override
  public String toString() {
    return left + "-" + right;
  }
}
