package org.minitransport.tcp.internal;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.ByteStreamReader;
import org.minitransport.tcp.component.ByteStreamWriter;

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
 * <p><b>Storage.</b> Fixed-size chunks borrowed from a {@link ChunkPool} as bytes are pushed and
 * given back as they are popped, so the stream holds memory for what it buffers (rounded up to
 * whole chunks, at most {@code capacity} plus one chunk) and none at all once drained: an idle TCP
 * connection costs no buffer memory. Pushes and reads are one {@link System#arraycopy} per chunk
 * touched.
 *
 * <p><b>One object, three views.</b> The reference {@link ByteStream}: the stream is its own
 * {@linkplain #writer() writer} and {@linkplain #reader() reader}, so the engine's hot paths call
 * it without indirection.
 *
 * <p><b>Not thread-safe.</b> One owner drives both sides (the sans-IO engine); a driver that hands
 * bytes across threads must do its own locking.
 */
public final class ChunkedByteStream implements ByteStream, ByteStreamWriter, ByteStreamReader {

  private static final byte[][] NO_CHUNKS = new byte[0][];
  private static final int SMALL_CHUNK_TABLE = 8;
  private static final java.nio.ByteBuffer EMPTY =
      ByteBuffer.wrap(new byte[0]).asReadOnlyBuffer();

  private final int capacity;
  private final ChunkPool pool;
  private final int chunkShift;
  private final int chunkMask;
  /**
   * The chunks held, a ring of references whose length is a power of two: {@code chunks[(first +
   * i) & (length − 1)]} is chunk i.
   */
  private byte[][] chunks = NO_CHUNKS;
  private int first;
  private int chunkCount;
  /** Offset in chunk 0 of the oldest buffered byte. */
  private int head;
  private int buffered;
  private long pushed;
  private long popped;
  private boolean closed;
  private boolean error;

  /**
   * A stream that buffers at most {@code capacity} bytes, with a pool of its own that keeps up to
   * 64 KiB of drained chunks for reuse (what a stand-alone stream wants; a TCP endpoint shares one
   * pool among all its streams instead, see {@link #ChunkedByteStream(int, ChunkPool)}).
   *
   * @throws IllegalArgumentException if {@code capacity} is not positive
   */
  public ChunkedByteStream(int capacity) {
    this(capacity, new ChunkPool(ChunkPool.DEFAULT_CHUNK_BYTES, (int) Math.min(16,
        ((long) Math.max(capacity, 1) + ChunkPool.DEFAULT_CHUNK_BYTES - 1)
            / ChunkPool.DEFAULT_CHUNK_BYTES)));
  }

  /**
   * A stream that buffers at most {@code capacity} bytes in chunks borrowed from {@code pool}.
   *
   * @throws IllegalArgumentException if {@code capacity} is not positive
   */
  public ChunkedByteStream(int capacity, ChunkPool pool) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity " + capacity + " must be positive");
    }
    this.capacity = capacity;
    this.pool = Objects.requireNonNull(pool, "pool");
    this.chunkShift = Integer.numberOfTrailingZeros(pool.chunkBytes());
    this.chunkMask = pool.chunkBytes() - 1;
  }

  /** This stream, as its writer. */
  @Override
  public ByteStreamWriter writer() {
    return this;
  }

  /** This stream, as its reader. */
  @Override
  public ByteStreamReader reader() {
    return this;
  }

  // ---------------------------------------------------------------- writer side

  /** Pushes as much of {@code src} as fits; returns the number of bytes taken. */
  @Override
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
  @Override
  public int push(byte[] src, int off, int len) {
    Objects.checkFromIndexSize(off, len, src.length);
    checkOpenFor(len);
    int n = Math.min(len, availableCapacity());
    int at = head + buffered;
    int inChunk = at & chunkMask;
    if (n > 0 && inChunk + n <= chunkMask + 1) { // the common case: one chunk takes it all
      System.arraycopy(src, off, chunkForWriting(at >>> chunkShift), inChunk, n);
      buffered += n;
      pushed += n;
      return n;
    }
    for (int done = 0; done < n; ) {
      byte[] chunk = chunkForWriting(at >>> chunkShift);
      int offset = at & chunkMask;
      int count = Math.min(n - done, chunk.length - offset);
      System.arraycopy(src, off + done, chunk, offset, count);
      done += count;
      at += count;
    }
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
    int at = head + buffered;
    for (int done = 0; done < n; ) {
      byte[] chunk = chunkForWriting(at >>> chunkShift);
      int offset = at & chunkMask;
      int count = Math.min(n - done, chunk.length - offset);
      src.get(chunk, offset, count);
      done += count;
      at += count;
    }
    buffered += n;
    pushed += n;
    return n;
  }

  /** Marks the end of the stream: no more pushes. Idempotent. */
  @Override
  public void close() {
    closed = true;
  }

  /** True once the writer has closed the stream (the reader may still have bytes to pop). */
  @Override
  public boolean isClosed() {
    return closed;
  }

  /** Flags the stream as failed; sticky and visible to both sides. Buffered bytes stay. */
  @Override
  public void setError() {
    error = true;
  }

  /** True once either side called {@link #setError()}. */
  @Override
  public boolean hasError() {
    return error;
  }

  /** Room left for pushing: {@code capacity() − bytesBuffered()}. */
  @Override
  public int availableCapacity() {
    return capacity - buffered;
  }

  /** Total bytes ever pushed. */
  @Override
  public long bytesPushed() {
    return pushed;
  }

  /** The fixed maximum number of buffered bytes. */
  @Override
  public int capacity() {
    return capacity;
  }

  /** Bytes of memory the stream holds now: whole chunks, 0 when nothing is buffered. */
  @Override
  public long allocatedBytes() {
    return (long) chunkCount << chunkShift;
  }

  // ---------------------------------------------------------------- reader side

  /**
   * A read-only view of the contiguous front of the buffered bytes, without copying: the next
   * {@code min(bytesBuffered(), k)} bytes for some {@code k ≥ 1} (the view stops where a chunk
   * ends; pop it and peek again for the rest). Empty iff nothing is buffered. The view shares
   * storage with the stream and is only valid until the next push, pop or read.
   */
  @Override
  public ByteBuffer peek() {
    if (buffered == 0) {
      return EMPTY;
    }
    byte[] chunk = chunks[first];
    int n = Math.min(buffered, chunk.length - head);
    return ByteBuffer.wrap(chunk, head, n).slice().asReadOnlyBuffer();
  }

  /**
   * Discards the next {@code n} buffered bytes.
   *
   * @throws IllegalArgumentException if {@code n} is negative or more than {@link
   *     #bytesBuffered()}
   */
  @Override
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
  @Override
  public int read(byte[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    int n = Math.min(len, buffered);
    copyOut(0, dst, off, n);
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
  @Override
  public void copyAt(long fromFront, byte[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    if (fromFront < 0 || len < 0 || fromFront + len > buffered) {
      throw new IllegalArgumentException(
          "cannot copy [" + fromFront + ", " + (fromFront + len) + ") of " + buffered
              + " buffered bytes");
    }
    copyOut((int) fromFront, dst, off, len);
  }

  /**
   * Copies as many buffered bytes as fit into {@code dst}'s remaining space, advances its position
   * and pops them; returns the number copied.
   */
  public int read(ByteBuffer dst) {
    int n = Math.min(dst.remaining(), buffered);
    int at = head;
    for (int done = 0; done < n; ) {
      byte[] chunk = chunk(at >>> chunkShift);
      int offset = at & chunkMask;
      int count = Math.min(n - done, chunk.length - offset);
      dst.put(chunk, offset, count);
      done += count;
      at += count;
    }
    advanceHead(n);
    return n;
  }

  /** Bytes pushed but not yet popped. */
  @Override
  public int bytesBuffered() {
    return buffered;
  }

  /** Total bytes ever popped or read. */
  @Override
  public long bytesPopped() {
    return popped;
  }

  /** True iff the writer closed the stream and the reader has popped every byte. */
  @Override
  public boolean isFinished() {
    return closed && buffered == 0;
  }

  @Override
  public String toString() {
    return "ChunkedByteStream[capacity="
        + capacity
        + ", buffered="
        + buffered
        + ", pushed="
        + pushed
        + ", popped="
        + popped
        + ", allocated="
        + allocatedBytes()
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

  /** Chunk {@code index} counted from the front. */
  private byte[] chunk(int index) {
    return chunks[(first + index) & (chunks.length - 1)];
  }

  /** Chunk {@code index}, borrowing it from the pool if it is the next one past the end. */
  private byte[] chunkForWriting(int index) {
    if (index < chunkCount) {
      return chunk(index);
    }
    if (chunkCount == chunks.length) {
      growChunkTable();
    }
    byte[] chunk = pool.acquire();
    chunks[(first + chunkCount) & (chunks.length - 1)] = chunk;
    chunkCount++;
    return chunk;
  }

  private void growChunkTable() {
    byte[][] grown = new byte[Math.max(4, chunks.length * 2)][];
    for (int i = 0; i < chunkCount; i++) {
      grown[i] = chunk(i);
    }
    chunks = grown;
    first = 0;
  }

  private void copyOut(int fromFront, byte[] dst, int off, int len) {
    int at = head + fromFront;
    int inChunk = at & chunkMask;
    if (inChunk + len <= chunkMask + 1) { // the common case: one chunk holds it all
      if (len > 0) {
        System.arraycopy(chunk(at >>> chunkShift), inChunk, dst, off, len);
      }
      return;
    }
    for (int done = 0; done < len; ) {
      byte[] chunk = chunk(at >>> chunkShift);
      int offset = at & chunkMask;
      int count = Math.min(len - done, chunk.length - offset);
      System.arraycopy(chunk, offset, dst, off + done, count);
      done += count;
      at += count;
    }
  }

  /** Pops {@code n} bytes and gives back every chunk left with nothing in it. */
  private void advanceHead(int n) {
    buffered -= n;
    popped += n;
    head += n;
    if (buffered == 0 && chunkCount == 1) { // the common case: one chunk, now empty
      pool.release(chunks[first]);
      chunks[first] = null;
      chunkCount = 0;
      head = 0;
      first = 0;
      return;
    }
    int emptied = buffered == 0 ? chunkCount : head >>> chunkShift;
    for (int i = 0; i < emptied; i++) {
      pool.release(chunks[first]);
      chunks[first] = null;
      first = (first + 1) & (chunks.length - 1);
      chunkCount--;
    }
    if (buffered == 0) {
      head = 0;
      first = 0;
      if (chunks.length > SMALL_CHUNK_TABLE) {
        chunks = NO_CHUNKS; // a drained stream keeps no table sized for a full buffer either
      }
    } else {
      head &= chunkMask;
    }
  }
}
