package org.minitransport.tcp.component;

/**
 * A bounded, ordered, in-memory pipe of bytes with separate {@linkplain #writer() writer} and
 * {@linkplain #reader() reader} views, as CS144 Minnow's {@code ByteStream}. A TCP connection
 * has two: the outbound stream (written by the application, read by the {@link TcpSender}) and
 * the inbound stream (written by the {@link Reassembler}, read by the application). Its capacity
 * is what bounds the send buffer and the receive window (RFC 9293 §3.8.6).
 *
 * <p>Both views see one state: {@code writer().bytesPushed() == reader().bytesPopped() +
 * reader().bytesBuffered()} and {@code writer().availableCapacity() == capacity() −
 * reader().bytesBuffered()} at all times. Not thread-safe: one owner drives both views.
 */
public interface ByteStream {

  /** The writing side. Always the same object. */
  ByteStreamWriter writer();

  /** The reading side. Always the same object. */
  ByteStreamReader reader();

  /** The most bytes buffered at once; fixed at creation, positive. */
  int capacity();

  /**
   * Bytes of memory the stream holds now, for reporting (a connection's buffer memory). The
   * default is the capacity, an upper bound for a stream that allocates it all up front.
   */
  default long allocatedBytes() {
    return capacity();
  }
}
