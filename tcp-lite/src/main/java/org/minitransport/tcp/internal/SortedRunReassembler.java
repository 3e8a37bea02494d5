package org.minitransport.tcp.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.minitransport.tcp.component.ByteStreamWriter;
import org.minitransport.tcp.component.IndexRange;
import org.minitransport.tcp.component.Reassembler;

/**
 * The reference {@link Reassembler}: puts substrings of a byte stream back in order (as in CS144
 * Minnow's {@code Reassembler}), keeping what arrives early in a sorted map of runs. Each
 * substring arrives with the absolute 64-bit index of its first byte (stream index 0 is the first
 * byte of data, not the SYN); substrings may arrive in any order, overlap each other, repeat, or
 * reach beyond what there is room for. The reassembler writes every byte to its output {@link
 * ByteStreamWriter} as soon as all bytes before it have been written, exactly once and in order.
 *
 * <p><b>Window.</b> Let {@code firstUnassembled = output.bytesPushed()} and {@code
 * firstUnacceptable = firstUnassembled + output.availableCapacity()} (equivalently {@code
 * output.bytesPopped() + output.capacity()}; it only moves forward, as the reader pops). Bytes
 * below {@code firstUnassembled} were already delivered and are ignored; bytes at or beyond {@code
 * firstUnacceptable} are discarded (the sender will retransmit them); bytes in between are written
 * at once if they are next, otherwise stored until the gap before them fills. So the bytes stored
 * plus the bytes buffered in the output never exceed the output's capacity, which is the window
 * the receiver advertises (RFC 9293 §3.8.6).
 *
 * <p><b>End.</b> A substring inserted with {@code isLastSubstring} marks the end of the stream at
 * {@code firstIndex + length}, even if some of its bytes fell outside the window. Once every byte
 * before the end has been written, the output is closed. The first end learned wins: a later
 * "last" substring naming a different end is ignored, bytes at or beyond the end are discarded,
 * and an end before bytes already delivered is ignored.
 *
 * <p><b>Storage.</b> Pending bytes sit in a sorted map of non-overlapping runs (start index →
 * bytes); an insert copies only the parts not already held, so a duplicated or overlapping byte is
 * stored once and {@link #bytesPending()} counts each index once. Data that arrives in order goes
 * straight to the output without being copied into the map, which is the common case.
 *
 * <p>Not thread-safe. The reassembler is the only writer of its output stream: nobody else may
 * push to or close it.
 */
public final class SortedRunReassembler implements Reassembler {

  private static final long UNKNOWN = -1;

  private final ByteStreamWriter output;
  /** Pending runs: start index → bytes. Runs never overlap; they may touch. */
  private final TreeMap<Long, byte[]> pending = new TreeMap<>();

  private long pendingBytes;
  private long endIndex = UNKNOWN;

  /** A reassembler writing into {@code output}, which it then owns on the writer side. */
  public SortedRunReassembler(ByteStreamWriter output) {
    this.output = Objects.requireNonNull(output, "output");
  }

  /** Inserts all of {@code data}, whose first byte has stream index {@code firstIndex}. */
  @Override
  public void insert(long firstIndex, byte[] data, boolean isLastSubstring) {
    insert(firstIndex, data, 0, data.length, isLastSubstring);
  }

  /**
   * Inserts {@code data[off, off + len)}, whose first byte has stream index {@code firstIndex}.
   * Writes to the output whatever became contiguous, stores what fits in the window, discards the
   * rest, and closes the output once the end is known and reached. See the class comment.
   *
   * @throws IllegalArgumentException if {@code firstIndex} is negative or {@code firstIndex + len}
   *     overflows
   * @throws IndexOutOfBoundsException if the range lies outside {@code data}
   */
  @Override
  public void insert(long firstIndex, byte[] data, int off, int len, boolean isLastSubstring) {
    Objects.checkFromIndexSize(off, len, data.length);
    if (firstIndex < 0 || firstIndex > Long.MAX_VALUE - len) {
      throw new IllegalArgumentException(
          "substring at index " + firstIndex + " of length " + len + " is outside [0, 2^63)");
    }
    long lastEnd = firstIndex + len;
    if (isLastSubstring) {
      learnEnd(lastEnd);
    }
    long delivered = output.bytesPushed();
    long windowEnd = delivered + output.availableCapacity();
    if (endIndex != UNKNOWN) {
      windowEnd = Math.min(windowEnd, endIndex);
    }
    long start = Math.max(firstIndex, delivered);
    long end = Math.min(lastEnd, windowEnd);
    if (start < end) {
      int srcOff = off + (int) (start - firstIndex);
      int count = (int) (end - start);
      if (start == delivered) {
        output.push(data, srcOff, count);
        deliverPending();
      } else {
        store(start, data, srcOff, count);
      }
    }
    closeIfDone();
  }

  /** Bytes stored but not yet written to the output, each index counted once. */
  @Override
  public long bytesPending() {
    return pendingBytes;
  }

  /** The index of the next byte the output expects: {@code output.bytesPushed()}. */
  public long firstUnassembledIndex() {
    return output.bytesPushed();
  }

  /** The first index beyond the window: {@code output.bytesPopped() + output.capacity()}. */
  public long firstUnacceptableIndex() {
    return output.bytesPushed() + output.availableCapacity();
  }

  /** The stream's end index if a last substring has been seen, else empty. */
  public Optional<Long> endIndex() {
    return endIndex == UNKNOWN ? Optional.empty() : Optional.of(endIndex);
  }

  /** The stream this reassembler writes into. */
  @Override
  public ByteStreamWriter writer() {
    return output;
  }

  /**
   * The stored runs, ascending and maximal (touching runs are joined), all above {@link
   * #firstUnassembledIndex()}: the raw material for SACK blocks (RFC 2018 §4). Freshly built on
   * each call; O(number of stored pieces).
   */
  @Override
  public List<IndexRange> pendingRanges() {
    List<IndexRange> ranges = new ArrayList<>();
    long runStart = UNKNOWN;
    long runEnd = UNKNOWN;
    for (Map.Entry<Long, byte[]> e : pending.entrySet()) {
      long s = e.getKey();
      long t = s + e.getValue().length;
      if (s == runEnd) {
        runEnd = t;
      } else {
        if (runStart != UNKNOWN) {
          ranges.add(new IndexRange(runStart, runEnd));
        }
        runStart = s;
        runEnd = t;
      }
    }
    if (runStart != UNKNOWN) {
      ranges.add(new IndexRange(runStart, runEnd));
    }
    return ranges;
  }

  @Override
  public String toString() {
    return "SortedRunReassembler[firstUnassembled="
        + firstUnassembledIndex()
        + ", pendingBytes="
        + pendingBytes
        + ", pending="
        + pendingRanges()
        + (endIndex == UNKNOWN ? "" : ", end=" + endIndex)
        + "]";
  }

  private void learnEnd(long candidate) {
    if (endIndex != UNKNOWN || candidate < output.bytesPushed()) {
      return;
    }
    endIndex = candidate;
    dropPendingFrom(candidate);
  }

  /** Stores the parts of {@code [start, start + count)} that no stored run already covers. */
  private void store(long start, byte[] data, int srcOff, int count) {
    long end = start + count;
    long s = start;
    Map.Entry<Long, byte[]> before = pending.floorEntry(s);
    if (before != null) {
      s = Math.max(s, before.getKey() + before.getValue().length);
    }
    while (s < end) {
      Map.Entry<Long, byte[]> next = pending.ceilingEntry(s);
      long gapEnd = next == null ? end : Math.min(end, next.getKey());
      if (gapEnd > s) {
        int from = srcOff + (int) (s - start);
        byte[] piece = new byte[(int) (gapEnd - s)];
        System.arraycopy(data, from, piece, 0, piece.length);
        pending.put(s, piece);
        pendingBytes += piece.length;
      }
      if (next == null || next.getKey() >= end) {
        break;
      }
      s = next.getKey() + next.getValue().length;
    }
  }

  /** Writes stored runs that have become contiguous, dropping parts already delivered. */
  private void deliverPending() {
    Iterator<Map.Entry<Long, byte[]>> it = pending.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, byte[]> e = it.next();
      long delivered = output.bytesPushed();
      long s = e.getKey();
      if (s > delivered) {
        return;
      }
      byte[] piece = e.getValue();
      int skip = (int) Math.min(piece.length, delivered - s);
      // Every stored byte lies inside the window, and the window's end never moves back, so the
      // remainder always fits.
      output.push(piece, skip, piece.length - skip);
      pendingBytes -= piece.length;
      it.remove();
    }
  }

  /** Forgets stored bytes at or beyond {@code index}. */
  private void dropPendingFrom(long index) {
    Map.Entry<Long, byte[]> straddling = pending.lowerEntry(index);
    if (straddling != null) {
      byte[] piece = straddling.getValue();
      long over = straddling.getKey() + piece.length - index;
      if (over > 0) {
        byte[] kept = new byte[piece.length - (int) over];
        System.arraycopy(piece, 0, kept, 0, kept.length);
        pending.put(straddling.getKey(), kept);
        pendingBytes -= over;
      }
    }
    Iterator<byte[]> tail = pending.tailMap(index, true).values().iterator();
    while (tail.hasNext()) {
      pendingBytes -= tail.next().length;
      tail.remove();
    }
  }

  private void closeIfDone() {
    if (endIndex != UNKNOWN && output.bytesPushed() == endIndex && !output.isClosed()) {
      output.close();
    }
  }
}
