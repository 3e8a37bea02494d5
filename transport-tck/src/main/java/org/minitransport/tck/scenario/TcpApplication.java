package org.minitransport.tck.scenario;

import java.util.Objects;

/**
 * What one side's application does over its TCP connection, as data: it writes its own stream of
 * {@code bytes} seeded pseudo-random bytes in {@code writeChunk}-byte writes, reads in {@code
 * readChunk}-byte reads (checking every byte against what the peer wrote), pauses at random, and
 * ends as {@link #ending} says. The application keeps reading until the end of stream or a
 * failure, as {@code TcpConnection}'s guarantee requires.
 *
 * @param bytes how many bytes it writes, {@code >= 0}
 * @param writeChunk the most bytes one write offers, {@code >= 1}
 * @param readChunk the most bytes one read takes, {@code >= 1}
 * @param pausePercent the chance, in percent, that it pauses after a turn, 0–100
 * @param maxPauseNs the longest pause (uniform in {@code (0, maxPauseNs]}), {@code >= 0}
 * @param ending how it ends its side
 * @param abortAfterBytes with {@link Ending#ABORT}: abort once it has written this many bytes
 *     (at most {@code bytes}); ignored otherwise
 */
public record TcpApplication(int bytes, int writeChunk, int readChunk, int pausePercent,
    long maxPauseNs, Ending ending, int abortAfterBytes) {

  /** How an application ends its side of the connection. */
  public enum Ending {
    /** {@code shutdownOutput} (a FIN, RFC 9293 §3.6) as soon as everything is written. */
    SHUTDOWN_AFTER_WRITING,
    /** {@code shutdownOutput} only after everything is written and the peer's end of stream read. */
    SHUTDOWN_AFTER_END_OF_STREAM,
    /** {@code abort} (a RST, RFC 9293 §3.10.5) after writing {@code abortAfterBytes} bytes. */
    ABORT
  }

  /**
   * @throws IllegalArgumentException naming the bad value
   */
  public TcpApplication {
    Objects.requireNonNull(ending, "ending");
    if (bytes < 0 || writeChunk < 1 || readChunk < 1) {
      throw new IllegalArgumentException("bytes " + bytes + " must be >= 0 and the chunks "
          + writeChunk + "/" + readChunk + " >= 1");
    }
    if (pausePercent < 0 || pausePercent > 100 || maxPauseNs < 0) {
      throw new IllegalArgumentException("pausePercent " + pausePercent
          + " must be 0-100 and maxPauseNs " + maxPauseNs + " >= 0");
    }
    if (abortAfterBytes < 0) {
      throw new IllegalArgumentException("abortAfterBytes " + abortAfterBytes + " must be >= 0");
    }
  }

  /** Writes {@code bytes}, reads, shuts down after writing; no pauses. */
  public static TcpApplication writing(int bytes) {
    return new TcpApplication(bytes, 16_384, 16_384, 0, 0, Ending.SHUTDOWN_AFTER_WRITING, 0);
  }

  /** The bytes it writes before it ends: all of them, or {@code abortAfterBytes} if it aborts. */
  public int bytesBeforeEnding() {
    return ending == Ending.ABORT ? Math.min(abortAfterBytes, bytes) : bytes;
  }
}
