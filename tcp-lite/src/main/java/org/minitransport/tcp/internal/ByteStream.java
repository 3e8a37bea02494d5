package org.minitransport.tcp.internal;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A bounded, in-memory, ordered pipe of bytes with a writer side and a reader side in one object
 * (as in CS144 Minnow's {@code ByteStream}). TCP uses one for the bytes the application has written
 * but the sender has not yet taken, and one for the bytes that arrived in order but the
 * application has not yet read.
 *
 * <p><b>Capacity.</b> At most {@link #capacity()} bytes are buffered at any time. A {@code push}
 * takes as many bytes as fit ({@link #availableCapacity()}) and reports how many it took; the rest
 * stays with the caller. Popping frees room again. Over its whole life a stream carries any number
 * of bytes ({@link #bytesPushed()} and {@link #bytesPopped()} are 64-bit counters).
 *
 * <p><b>End and error.</b> The writer {@linkplain #close() closes} the stream after its last byte;
 * the reader sees {@link #isFinished()} once it has also popped everything. Either side may
 * {@linkplain #setError() flag an error} (for example when the connection is reset); the flag is
 * sticky, does not drop buffered bytes and is visible to both sides through {@link #hasError()}.
 *
 * <p><b>Misuse</b> throws: pushing after {@code close()} is an {@link IllegalStateException};
 * popping or skipping more than {@link #bytesBuffered()}, or a negative count or bad array range,
 * is an {@link IllegalArgumentException} (or {@link IndexOutOfBoundsException} for array ranges).
 *
 * <p><b>Storage.</b> One {@code byte[]} ring of exactly {@code capacity} bytes, allocated once;
 * pushes and reads are at most two {@link System#arraycopy} calls each.
 *
 * <p><b>Not thread-safe.</b> One owner drives both sides (the sans-IO engine); a driver that hands
 * bytes across threads must do its own locking.
 */
public final class ByteStream {

  private final byte[] ring;
  /** Index in {@link #ring} of the oldest buffered byte. */
  private int head;
  private int buffered;
  private long pushed;
  private long popped;
  private boolean closed;
  private boolean error;

  /**
   * A stream that buffers at most {@code capacity} bytes.
   *
   * @throws IllegalArgumentException if {@code capacity} is not positive
   */
  public ByteStream(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity " + capacity + " must be positive");
    }
    this.ring = new byte[capacity];
  }

  // ---------------------------------------------------------------- writer side

  /** Pushes as much of {@code src} as fits; returns the number of bytes taken. */
  public int push(byte[] src) {
    return push(src, 0, src.length);
  }

  /**
   * Pushes as much of {@code src[off, off + len)} as fits, in order from {@code off}; returns the
   * number of bytes taken ({@code min(len, availableCapacity())}).
   *
   * @throws IllegalStateException if the stream is closed and {@code len > 0}
   * @throws IndexOutOfBoundsException if the range lies outside {@code src}
   */
  public int push(byte[] src, int off, int len) {
    Objects.checkFromIndexSize(off, len, src.length);
    checkOpenFor(len);
    int n = Math.min(len, availableCapacity());
    if (n == 0) {
      return 0;
    }
    int tail = tailIndex();
    int first = Math.min(n, ring.length - tail);
    System.arraycopy(src, off, ring, tail, first);
    System.arraycopy(src, off + first, ring, 0, n - first);
    buffered += n;
    pushed += n;
    return n;
  }

  /**
   * Pushes as much of {@code src}'s remaining bytes as fit and advances its position by the number
   * taken, which is returned.
   *
   * @throws IllegalStateException if the stream is closed and {@code src} has remaining bytes
   */
  public int push(ByteBuffer src) {
    checkOpenFor(src.remaining());
    int n = Math.min(src.remaining(), availableCapacity());
    if (n == 0) {
      return 0;
    }
    int tail = tailIndex();
    int first = Math.min(n, ring.length - tail);
    src.get(ring, tail, first);
    src.get(ring, 0, n - first);
    buffered += n;
    pushed += n;
    return n;
  }

  /** Marks the end of the stream: no more pushes. Idempotent. */
  public void close() {
    closed = true;
  }

  /** True once the writer has closed the stream (the reader may still have bytes to pop). */
  public boolean isClosed() {
    return closed;
  }

  /** Flags the stream as failed; sticky and visible to both sides. Buffered bytes stay. */
  public void setError() {
    error = true;
  }

  /** True once either side called {@link #setError()}. */
  public boolean hasError() {
    return error;
  }

  /** Room left for pushing: {@code capacity() − bytesBuffered()}. */
  public int availableCapacity() {
    return ring.length - buffered;
  }

  /** Total bytes ever pushed. */
  public long bytesPushed() {
    return pushed;
  }

  /** The fixed maximum number of buffered bytes. */
  public int capacity() {
    return ring.length;
  }

  // ---------------------------------------------------------------- reader side

  /**
   * A read-only view of the contiguous front of the buffered bytes, without copying: the next
   * {@code min(bytesBuffered(), k)} bytes for some {@code k ≥ 1} (the view stops where the ring
   * wraps; pop it and peek again for the rest). Empty iff nothing is buffered. The view shares
   * storage with the stream and is only valid until the next push, pop or read.
   */
  public ByteBuffer peek() {
    int n = Math.min(buffered, ring.length - head);
    return ByteBuffer.wrap(ring, head, n).slice().asReadOnlyBuffer();
  }

  /**
   * Discards the next {@code n} buffered bytes.
   *
   * @throws IllegalArgumentException if {@code n} is negative or more than {@link
   *     #bytesBuffered()}
   */
  public void pop(long n) {
    if (n < 0 || n > buffered) {
      throw new IllegalArgumentException(
          "cannot pop " + n + " bytes: must be between 0 and bytesBuffered() = " + buffered);
    }
    advanceHead((int) n);
  }

  /**
   * Copies up to {@code len} buffered bytes into {@code dst[off, ...)} and pops them. Returns the
   * number copied: {@code min(len, bytesBuffered())}, so 0 when nothing is buffered (check {@link
   * #isFinished()} to tell the end of the stream from a momentarily empty one).
   *
   * @throws IndexOutOfBoundsException if the range lies outside {@code dst}
   */
  public int read(byte[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    int n = Math.min(len, buffered);
    int first = Math.min(n, ring.length - head);
    System.arraycopy(ring, head, dst, off, first);
    System.arraycopy(ring, 0, dst, off + first, n - first);
    advanceHead(n);
    return n;
  }

  /**
   * Copies {@code len} buffered bytes starting {@code fromFront} bytes after the front into {@code
   * dst[off, ...)} without popping them. A TCP sender keeps unacknowledged data in its outbound
   * stream and reads it again for each (re)transmission this way.
   *
   * @throws IllegalArgumentException if {@code [fromFront, fromFront + len)} is not within the
   *     buffered bytes
   * @throws IndexOutOfBoundsException if the range lies outside {@code dst}
   */
  public void copyAt(long fromFront, byte[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    if (fromFront < 0 || len < 0 || fromFront + len > buffered) {
      throw new IllegalArgumentException(
          "cannot copy [" + fromFront + ", " + (fromFront + len) + ") of " + buffered
              + " buffered bytes");
    }
    int start = (int) ((head + fromFront) % ring.length);
    int first = Math.min(len, ring.length - start);
    System.arraycopy(ring, start, dst, off, first);
    System.arraycopy(ring, 0, dst, off + first, len - first);
  }

  /**
   * Copies as many buffered bytes as fit into {@code dst}'s remaining space, advances its position
   * and pops them; returns the number copied.
   */
  public int read(ByteBuffer dst) {
    int n = Math.min(dst.remaining(), buffered);
    int first = Math.min(n, ring.length - head);
    dst.put(ring, head, first);
    dst.put(ring, 0, n - first);
    advanceHead(n);
    return n;
  }

  /** Bytes pushed but not yet popped. */
  public int bytesBuffered() {
    return buffered;
  }

  /** Total bytes ever popped or read. */
  public long bytesPopped() {
    return popped;
  }

  /** True iff the writer closed the stream and the reader has popped every byte. */
  public boolean isFinished() {
    return closed && buffered == 0;
  }

  @Override
  public String toString() {
    return "ByteStream[capacity="
        + ring.length
        + ", buffered="
        + buffered
        + ", pushed="
        + pushed
        + ", popped="
        + popped
        + (closed ? ", closed" : "")
        + (error ? ", error" : "")
        + "]";
  }

  private void checkOpenFor(int len) {
    if (closed && len > 0) {
      throw new IllegalStateException(
          "cannot push " + len + " bytes: the stream was closed after byte " + pushed);
    }
  }

  private int tailIndex() {
    int tail = head + buffered;
    return tail >= ring.length ? tail - ring.length : tail;
  }

  private void advanceHead(int n) {
    head += n;
    if (head >= ring.length) {
      head -= ring.length;
    }
    buffered -= n;
    popped += n;
    if (buffered == 0) {
      // Restart at the front so the next peek sees the longest contiguous run.
      head = 0;
    }
  }
}
