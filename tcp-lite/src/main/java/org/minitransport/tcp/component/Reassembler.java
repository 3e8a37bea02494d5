package org.minitransport.tcp.component;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Puts substrings of a byte stream back in order (CS144 Minnow's {@code Reassembler}), the heart
 * of a TCP receiver (RFC 9293 §3.10.7.4, seventh step: "process the segment text").
 *
 * <p>Each substring arrives with the 64-bit stream index of its first byte (0 is the first byte of
 * data). Substrings may arrive in any order, overlap, repeat, or reach past the window.
 *
 * <p><b>Contract.</b> Let {@code firstUnassembled = writer().bytesPushed()} and {@code
 * firstUnacceptable = firstUnassembled + writer().availableCapacity()}.
 *
 * <ul>
 *   <li>Every byte is pushed to {@link #writer()} exactly once, in order, as soon as every byte
 *       before it has been pushed.
 *   <li>Bytes below {@code firstUnassembled} are ignored (already delivered); bytes at or beyond
 *       {@code firstUnacceptable} are discarded (the sender will send them again); bytes in
 *       between that cannot be pushed yet are stored. Stored plus buffered bytes never exceed the
 *       stream's capacity, which is the window the receiver advertises (RFC 9293 §3.8.6).
 *   <li>A substring inserted with {@code isLastSubstring} marks the end of the stream at {@code
 *       firstIndex + data.length}, even when some of its bytes were discarded; once every byte
 *       before the end is pushed, the writer is closed. A zero-length last substring is fine.
 *   <li>{@link #bytesPending()} counts the stored bytes, each index once however often it
 *       arrived.
 *   <li>The reassembler is the only writer of its output: nobody else pushes to or closes it.
 * </ul>
 */
public interface Reassembler {

  /**
   * Inserts {@code data}, whose first byte has stream index {@code firstIndex}.
   *
   * @throws IllegalArgumentException if {@code firstIndex} is negative
   */
  void insert(long firstIndex, byte[] data, boolean isLastSubstring);

  /**
   * Inserts {@code data[offset, offset + length)}, whose first byte has stream index {@code
   * firstIndex}. The default copies the range and calls {@link #insert(long, byte[], boolean)}.
   *
   * @throws IndexOutOfBoundsException if the range lies outside {@code data}
   */
  default void insert(long firstIndex, byte[] data, int offset, int length,
      boolean isLastSubstring) {
    Objects.checkFromIndexSize(offset, length, data.length);
    insert(firstIndex, Arrays.copyOfRange(data, offset, offset + length), isLastSubstring);
  }

  /** Bytes stored but not yet pushed to the output, each index counted once. */
  long bytesPending();

  /** The stream this reassembler writes into (given to its factory). */
  ByteStreamWriter writer();

  /**
   * Optional (SACK, RFC 2018 §4): the stored runs, ascending, maximal (touching runs joined) and
   * all above {@code writer().bytesPushed()}. The receiver builds SACK blocks from them. The
   * default, no ranges, means the connection sends no SACK blocks — the peer then recovers with
   * duplicate ACKs and timeouts only.
   */
  default List<IndexRange> pendingRanges() {
    return List.of();
  }
}
