package org.minitransport.tcp.component;

/**
 * The writing side of a {@link ByteStream} (Minnow's {@code Writer}): a bounded pipe that takes
 * bytes until it is full, and an end-of-stream mark.
 *
 * <p><b>Contract.</b>
 *
 * <ul>
 *   <li>At most {@link ByteStream#capacity()} bytes are buffered at any time. {@link #push} takes
 *       {@code min(length, availableCapacity())} bytes — the first ones — and returns how many; the
 *       caller keeps the rest. Pushing zero bytes is allowed and does nothing.
 *   <li>{@link #bytesPushed()} counts every byte ever accepted (64-bit; it never decreases).
 *   <li>{@link #close()} marks the end after the last byte pushed; it is idempotent. Pushing a
 *       non-empty range after {@code close()} is misuse: {@link IllegalStateException}.
 *   <li>{@link #setError()} is sticky, visible through both views, and drops nothing.
 * </ul>
 *
 * <p>A TCP connection's sender reads its outbound stream; the application writes it (RFC 9293
 * §3.9.1 SEND, CLOSE). The inbound stream is written by the {@link Reassembler} only.
 */
public interface ByteStreamWriter {

  /**
   * Pushes the first bytes of {@code data[offset, offset + length)} that fit.
   *
   * @return how many bytes were taken, {@code min(length, availableCapacity())}
   * @throws IndexOutOfBoundsException if the range lies outside {@code data}
   * @throws IllegalStateException if the stream is closed and {@code length > 0}
   */
  int push(byte[] data, int offset, int length);

  /** Pushes the first bytes of {@code data} that fit; see {@link #push(byte[], int, int)}. */
  default int push(byte[] data) {
    return push(data, 0, data.length);
  }

  /** Marks the end of the stream: no byte follows those already pushed. Idempotent. */
  void close();

  /** True once {@link #close()} was called. */
  boolean isClosed();

  /** Flags the stream as failed (for example the connection was reset). Sticky. */
  void setError();

  /** True once either view called {@code setError()}. */
  boolean hasError();

  /** How many more bytes a push would take now: capacity minus bytes buffered. */
  int availableCapacity();

  /** Total bytes ever pushed. */
  long bytesPushed();
}
