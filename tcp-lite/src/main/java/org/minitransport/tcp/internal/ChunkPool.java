package org.minitransport.tcp.internal;

/**
 * Fixed-size byte arrays ("chunks") that {@link ChunkedByteStream}s borrow as data arrives and give
 * back as it drains, so a stream holds memory only for the bytes it buffers (rounded up to whole
 * chunks): an idle connection holds none. A small stack of returned chunks is kept for reuse,
 * which spares the allocation and zeroing of a fresh array when a busy stream drains and fills
 * again; beyond {@link #maxIdleChunks()} returned chunks are left to the garbage collector.
 *
 * <p>One pool serves every stream of one TCP endpoint (one host thread). Not thread-safe. Chunks
 * are handed out with stale contents; a stream only ever reads the bytes it wrote.
 */
public final class ChunkPool {

  /** The chunk size a TCP endpoint uses: 4 KiB, a page, about two full-sized segments. */
  public static final int DEFAULT_CHUNK_BYTES = 4096;
  /** How many returned chunks an endpoint's pool keeps: 1 MiB of 4 KiB chunks. */
  public static final int DEFAULT_MAX_IDLE_CHUNKS = 256;

  private final int chunkBytes;
  private final byte[][] idle;
  private int idleCount;
  private long chunksInUse;

  /**
   * @param chunkBytes the size of every chunk, a power of two from 16 to 2^20
   * @param maxIdleChunks how many returned chunks to keep for reuse, 0 or more
   */
  public ChunkPool(int chunkBytes, int maxIdleChunks) {
    if (chunkBytes < 16 || chunkBytes > (1 << 20) || Integer.bitCount(chunkBytes) != 1) {
      throw new IllegalArgumentException(
          "chunk size " + chunkBytes + " must be a power of two from 16 to 1048576");
    }
    if (maxIdleChunks < 0) {
      throw new IllegalArgumentException("maxIdleChunks " + maxIdleChunks + " is negative");
    }
    this.chunkBytes = chunkBytes;
    this.idle = new byte[maxIdleChunks][];
  }

  /** A pool of 4 KiB chunks keeping up to 256 of them: what a TCP endpoint uses. */
  public static ChunkPool forEndpoint() {
    return new ChunkPool(DEFAULT_CHUNK_BYTES, DEFAULT_MAX_IDLE_CHUNKS);
  }

  /** A chunk of {@link #chunkBytes()} bytes, reused if one is idle. */
  public byte[] acquire() {
    chunksInUse++;
    if (idleCount > 0) {
      byte[] chunk = idle[--idleCount];
      idle[idleCount] = null;
      return chunk;
    }
    return new byte[chunkBytes];
  }

  /**
   * Gives a chunk back.
   *
   * @throws IllegalArgumentException if it is not the size this pool hands out
   */
  public void release(byte[] chunk) {
    if (chunk.length != chunkBytes) {
      throw new IllegalArgumentException(
          "a chunk of " + chunk.length + " bytes does not belong to a pool of " + chunkBytes);
    }
    chunksInUse--;
    if (idleCount < idle.length) {
      idle[idleCount++] = chunk;
    }
  }

  public int chunkBytes() {
    return chunkBytes;
  }

  public int maxIdleChunks() {
    return idle.length;
  }

  /** Chunks kept for reuse now. */
  public int idleChunks() {
    return idleCount;
  }

  /**
   * Bytes in chunks acquired and not released. A stream dropped without being drained (a
   * connection closed with unread bytes) never gives its chunks back; the collector reclaims them,
   * but they stay in this count.
   */
  public long bytesInUse() {
    return chunksInUse * chunkBytes;
  }
}
