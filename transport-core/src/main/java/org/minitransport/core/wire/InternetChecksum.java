package org.minitransport.core.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.minitransport.core.address.Ipv4Address;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's-complement of the one's-complement sum of the
 * data taken as big-endian 16-bit words, an odd last byte padded with a zero byte.
 *
 * <p>The partial sums returned by {@link #sum} are 32-bit accumulators that have not yet been
 * folded; add them together (across discontiguous pieces, each starting on an even offset of the
 * checksummed whole) and finish with {@link #finish}. A correctly checksummed region sums to
 * {@code 0xFFFF}, so {@link #finish} of it is {@code 0}.
 */
public final class InternetChecksum {

  private static final VarHandle BIG_ENDIAN_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private InternetChecksum() {}

  /**
   * Adds {@code length} bytes from {@code offset} to a running sum.
   *
   * @param initial a sum from an earlier call, or 0
   * @return the new running sum, not yet folded (fold with {@link #fold} or {@link #finish})
   */
  public static long sum(long initial, byte[] data, int offset, int length) {
    long acc = initial;
    int i = offset;
    int end = offset + length;
    // Eight bytes per load, added as two 32-bit words into a 64-bit accumulator: RFC 1071 §2(B),
    // deferred carries (each addition is below 2^33, so 2^30 of them cannot overflow). This is
    // the hot loop of every UDP/TCP send and receive; one long load beats eight byte loads.
    int end8 = end - 7;
    while (i < end8) {
      long word = (long) BIG_ENDIAN_LONGS.get(data, i);
      acc += (word >>> 32) + (word & 0xFFFFFFFFL);
      i += 8;
    }
    int end4 = end - 3;
    while (i < end4) {
      acc += ((data[i] & 0xFFL) << 24) | ((data[i + 1] & 0xFFL) << 16)
          | ((data[i + 2] & 0xFFL) << 8) | (data[i + 3] & 0xFFL);
      i += 4;
    }
    if (i + 1 < end) {
      acc += ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
      i += 2;
    }
    if (i < end) {
      acc += (data[i] & 0xFF) << 8;
    }
    return acc;
  }

  /** Folds a running sum to 16 bits with end-around carry (not complemented). */
  public static int fold(long sum) {
    long s = sum;
    while ((s >>> 16) != 0) {
      s = (s & 0xFFFF) + (s >>> 16);
    }
    return (int) s;
  }

  /** Folds and complements: the value to put in a checksum field. */
  public static int finish(long sum) {
    return ~fold(sum) & 0xFFFF;
  }

  /** The checksum of a single contiguous region. */
  public static int compute(byte[] data, int offset, int length) {
    return finish(sum(0, data, offset, length));
  }

  /**
   * The running sum of the TCP/UDP pseudo-header (RFC 9293 §3.1, RFC 768): source address,
   * destination address, a zero byte, the protocol number and the transport length.
   */
  public static long pseudoHeaderSum(
      Ipv4Address source, Ipv4Address destination, int protocol, int transportLength) {
    long acc = 0;
    acc += (source.bits() >>> 16) + (source.bits() & 0xFFFF);
    acc += (destination.bits() >>> 16) + (destination.bits() & 0xFFFF);
    acc += protocol & 0xFF;
    acc += transportLength & 0xFFFF;
    return acc;
  }

  /**
   * The checksum of a transport segment plus its pseudo-header, with the checksum field inside the
   * segment counted as whatever it currently holds (zero it first when computing).
   */
  public static int transportChecksum(
      Ipv4Address source, Ipv4Address destination, int protocol,
      byte[] segment, int offset, int length) {
    return finish(sum(pseudoHeaderSum(source, destination, protocol, length), segment, offset, length));
  }
}
