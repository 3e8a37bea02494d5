package org.minitransport.tck.verify.stream;

import java.nio.ByteBuffer;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.ByteStreamFactory;
import org.minitransport.tcp.component.ByteStreamReader;
import org.minitransport.tcp.component.ByteStreamWriter;
import org.minitransport.tcp.internal.ChunkedByteStream;

/**
 * Deliberately broken byte streams, each the reference with one mistake a student makes, and the
 * suite subclass that runs against it (nested, so Surefire does not run them; {@code
 * ByteStreamVerificationCatchesBrokenStreamsTest} does, through the launcher).
 */
final class BrokenByteStreams {

  private BrokenByteStreams() {}

  /** The reference behind all three views; a mistake overrides one method. */
  private static class ForwardingByteStream implements ByteStream, ByteStreamWriter,
      ByteStreamReader {
    final ChunkedByteStream inner;

    ForwardingByteStream(int capacity) {
      inner = new ChunkedByteStream(capacity);
    }

    @Override public ByteStreamWriter writer() { return this; }
    @Override public ByteStreamReader reader() { return this; }
    @Override public int capacity() { return inner.capacity(); }
    @Override public int push(byte[] data, int offset, int length) {
      return inner.push(data, offset, length);
    }
    @Override public void close() { inner.close(); }
    @Override public boolean isClosed() { return inner.isClosed(); }
    @Override public void setError() { inner.setError(); }
    @Override public boolean hasError() { return inner.hasError(); }
    @Override public int availableCapacity() { return inner.availableCapacity(); }
    @Override public long bytesPushed() { return inner.bytesPushed(); }
    @Override public ByteBuffer peek() { return inner.peek(); }
    @Override public void pop(long n) { inner.pop(n); }
    @Override public boolean isFinished() { return inner.isFinished(); }
    @Override public int bytesBuffered() { return inner.bytesBuffered(); }
    @Override public long bytesPopped() { return inner.bytesPopped(); }
  }

  /** isFinished() looks at the end mark only, ignoring the bytes still buffered. */
  static final ByteStreamFactory FINISHED_WHEN_CLOSED = capacity -> new ForwardingByteStream(
      capacity) {
    @Override
    public boolean isFinished() {
      return inner.isClosed();
    }
  };

  /** The room left is capacity minus every byte ever pushed: popping never frees any. */
  static final ByteStreamFactory ROOM_NEVER_FREED = capacity -> new ForwardingByteStream(
      capacity) {
    @Override
    public int availableCapacity() {
      return (int) Math.max(0, inner.capacity() - inner.bytesPushed());
    }

    @Override
    public int push(byte[] data, int offset, int length) {
      return inner.push(data, offset, Math.min(length, availableCapacity()));
    }
  };

  /** The error flag set through the reader is not seen through the writer. */
  static final ByteStreamFactory ERROR_ON_ONE_VIEW = ReaderKeepsItsOwnError::new;

  private static final class ReaderKeepsItsOwnError extends ForwardingByteStream {
    private boolean readerError;
    private final ByteStreamReader readerView = new ByteStreamReader() {
      @Override public ByteBuffer peek() { return inner.peek(); }
      @Override public void pop(long n) { inner.pop(n); }
      @Override public boolean isFinished() { return inner.isFinished(); }
      @Override public void setError() { readerError = true; }
      @Override public boolean hasError() { return readerError || inner.hasError(); }
      @Override public int bytesBuffered() { return inner.bytesBuffered(); }
      @Override public long bytesPopped() { return inner.bytesPopped(); }
    };

    ReaderKeepsItsOwnError(int capacity) {
      super(capacity);
    }

    @Override
    public ByteStreamReader reader() {
      return readerView;
    }
  }

  static final class FinishedWhenClosed extends ByteStreamVerification {
    @Override
    protected ByteStreamFactory factory() {
      return FINISHED_WHEN_CLOSED;
    }
  }

  static final class RoomNeverFreed extends ByteStreamVerification {
    @Override
    protected ByteStreamFactory factory() {
      return ROOM_NEVER_FREED;
    }
  }

  static final class ErrorOnOneView extends ByteStreamVerification {
    @Override
    protected ByteStreamFactory factory() {
      return ERROR_ON_ONE_VIEW;
    }
  }
}
