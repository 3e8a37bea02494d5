package org.minitransport.tcp.component;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A deliberately plain {@link ByteStream}, written against the interface only, as a student
 * might: one array of the whole capacity, allocated up front, compacted when a push would run
 * off its end; separate writer and reader objects. {@code peek()} returns every buffered byte,
 * so the default {@link ByteStreamReader#copyAt} works.
 */
public final class MinimalByteStream implements ByteStream {

  private final byte[] buffer;
  private int start;
  private int length;
  private long pushed;
  private long popped;
  private boolean closed;
  private boolean error;
  private final ByteStreamWriter writer = new Writer();
  private final ByteStreamReader reader = new Reader();

  public MinimalByteStream(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity " + capacity + " must be positive");
    }
    this.buffer = new byte[capacity];
  }

  @Override
  public ByteStreamWriter writer() {
    return writer;
  }

  @Override
  public ByteStreamReader reader() {
    return reader;
  }

  @Override
  public int capacity() {
    return buffer.length;
  }

  private final class Writer implements ByteStreamWriter {

    @Override
    public int push(byte[] data, int offset, int count) {
      Objects.checkFromIndexSize(offset, count, data.length);
      if (count == 0) {
        return 0;
      }
      if (closed) {
        throw new IllegalStateException("push after close");
      }
      int n = Math.min(count, availableCapacity());
      if (start + length + n > buffer.length) {
        System.arraycopy(buffer, start, buffer, 0, length);
        start = 0;
      }
      System.arraycopy(data, offset, buffer, start + length, n);
      length += n;
      pushed += n;
      return n;
    }

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public void setError() {
      error = true;
    }

    @Override
    public boolean hasError() {
      return error;
    }

    @Override
    public int availableCapacity() {
      return buffer.length - length;
    }

    @Override
    public long bytesPushed() {
      return pushed;
    }
  }

  private final class Reader implements ByteStreamReader {

    @Override
    public ByteBuffer peek() {
      return ByteBuffer.wrap(buffer, start, length).slice().asReadOnlyBuffer();
    }

    @Override
    public void pop(long n) {
      if (n < 0 || n > length) {
        throw new IllegalArgumentException("cannot pop " + n + " of " + length + " bytes");
      }
      start += (int) n;
      length -= (int) n;
      popped += n;
      if (length == 0) {
        start = 0;
      }
    }

    @Override
    public boolean isFinished() {
      return closed && length == 0;
    }

    @Override
    public void setError() {
      error = true;
    }

    @Override
    public boolean hasError() {
      return error;
    }

    @Override
    public int bytesBuffered() {
      return length;
    }

    @Override
    public long bytesPopped() {
      return popped;
    }
  }
}
