package org.minitransport.tcp.component;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The reading side of a {@link ByteStream} (Minnow's {@code Reader}): look at the front of the
 * buffered bytes, then pop them.
 *
 * <p><b>Contract.</b>
 *
 * <ul>
 *   <li>Bytes come out exactly once, in the order they were pushed.
 *   <li>{@link #peek()} returns a read-only view of the next {@code k} buffered bytes, {@code 1 ≤
 *       k ≤ bytesBuffered()} (as many as convenient — returning all of them is simplest); it is
 *       empty iff nothing is buffered. It does not consume anything, and is valid until the next
 *       push or pop.
 *   <li>{@link #pop(long)} discards the next {@code n} bytes; {@code n} outside {@code [0,
 *       bytesBuffered()]} is misuse: {@link IllegalArgumentException}.
 *   <li>{@link #isFinished()} iff the writer closed the stream and every byte has been popped.
 * </ul>
 */
public interface ByteStreamReader {

  /** A read-only view of the next buffered bytes (at least one if any is buffered). */
  ByteBuffer peek();

  /**
   * Discards the next {@code n} buffered bytes.
   *
   * @throws IllegalArgumentException if {@code n} is negative or more than {@link
   *     #bytesBuffered()}
   */
  void pop(long n);

  /** True iff the writer closed the stream and every byte has been popped. */
  boolean isFinished();

  /** Flags the stream as failed. Sticky; visible through both views. */
  void setError();

  /** True once either view called {@code setError()}. */
  boolean hasError();

  /** Bytes pushed and not yet popped. */
  int bytesBuffered();

  /** Total bytes ever popped. */
  long bytesPopped();

  /**
   * Copies up to {@code length} buffered bytes into {@code into[offset, …)} and pops them.
   *
   * @return how many bytes were copied, {@code min(length, bytesBuffered())}
   * @throws IndexOutOfBoundsException if the range lies outside {@code into}
   */
  default int read(byte[] into, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, into.length);
    int done = 0;
    while (done < length) {
      ByteBuffer front = peek();
      if (!front.hasRemaining()) {
        break;
      }
      int n = Math.min(front.remaining(), length - done);
      front.get(into, offset + done, n);
      pop(n);
      done += n;
    }
    return done;
  }

  /**
   * Copies {@code length} buffered bytes starting {@code fromFront} bytes after the front into
   * {@code into[offset, …)} without popping them. The reference {@link TcpSender} keeps
   * unacknowledged data in its outbound stream and copies it out this way for every
   * (re)transmission.
   *
   * <p>The default works when {@link #peek()} returns every buffered byte, as a simple stream
   * does; a stream whose peek returns less must override it.
   *
   * @throws IllegalArgumentException if {@code [fromFront, fromFront + length)} is not within the
   *     buffered bytes
   * @throws UnsupportedOperationException if peek did not return enough bytes (see above)
   */
  default void copyAt(long fromFront, byte[] into, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, into.length);
    if (fromFront < 0 || length < 0 || fromFront + length > bytesBuffered()) {
      throw new IllegalArgumentException("cannot copy [" + fromFront + ", "
          + (fromFront + length) + ") of " + bytesBuffered() + " buffered bytes");
    }
    ByteBuffer front = peek();
    if (front.remaining() < fromFront + length) {
      throw new UnsupportedOperationException(getClass().getName() + ".peek() returned "
          + front.remaining() + " of " + bytesBuffered()
          + " buffered bytes; override copyAt to copy from beyond what peek returns");
    }
    front.position(front.position() + (int) fromFront);
    front.get(into, offset, length);
  }
}
