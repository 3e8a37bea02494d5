package org.minitransport.demo.apps.perf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/** The two ends of one perf data stream, shared by the client and the server. */
final class PerfStreams {

  private static final byte[] PATTERN = new byte[64 * 1024];

  static {
    for (int i = 0; i < PATTERN.length; i++) {
      PATTERN[i] = (byte) (i * 31 + 7);
    }
  }

  private PerfStreams() {}

  /**
   * Writes {@code limitBytes} (if positive) or until {@code deadlineNs} (a {@link System#nanoTime}
   * value), counting into {@code written}.
   */
  static void send(OutputStream out, long limitBytes, long deadlineNs, AtomicLong written)
      throws IOException {
    while (true) {
      long chunk = PATTERN.length;
      if (limitBytes > 0) {
        chunk = Math.min(chunk, limitBytes - written.get());
        if (chunk <= 0) {
          return;
        }
      } else if (System.nanoTime() - deadlineNs >= 0) {
        return;
      }
      out.write(PATTERN, 0, (int) chunk);
      written.addAndGet(chunk);
    }
  }

  /** Reads to the end of the stream, counting into {@code read}; the time of the first byte. */
  static long receive(InputStream in, AtomicLong read) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long firstNs = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      if (n > 0 && firstNs == 0) {
        firstNs = System.nanoTime();
      }
      read.addAndGet(n);
    }
    return firstNs == 0 ? System.nanoTime() : firstNs;
  }
}
