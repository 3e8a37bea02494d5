package org.minitransport.demo.apps;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar for a byte transfer, drawn only when enabled (on a terminal), redrawn
 * at most ten times a second.
 */
final class TransferProgress {

  private static final int WIDTH = 30;
  private static final long REDRAW_NS = 100_000_000L;

  private final PrintWriter out;
  private final long total;
  private final boolean enabled;
  private final long startNs = System.nanoTime();
  private long lastDrawNs = Long.MIN_VALUE;
  private boolean drawn;

  TransferProgress(PrintWriter out, long total, boolean enabled) {
    this.out = out;
    this.total = total;
    this.enabled = enabled;
  }

  /** On a terminal: whether a progress bar should be drawn at all. */
  static boolean onTerminal() {
    return System.console() != null;
  }

  void update(long done) {
    long nowNs = System.nanoTime();
    if (!enabled || (nowNs - lastDrawNs < REDRAW_NS && done < total)) {
      return;
    }
    lastDrawNs = nowNs;
    drawn = true;
    int filled = total == 0 ? WIDTH : (int) (done * WIDTH / total);
    double seconds = Math.max(1e-9, (nowNs - startNs) / 1e9);
    out.print(String.format(Locale.ROOT, "\r  [%s%s] %3d%% %s of %s, %s/s ", "#".repeat(filled),
        " ".repeat(WIDTH - filled), total == 0 ? 100 : done * 100 / total, bytes(done),
        bytes(total), bytes((long) (done / seconds))));
    out.flush();
  }

  /** Ends the bar's line; idempotent. */
  void done() {
    if (drawn) {
      drawn = false;
      out.println();
      out.flush();
    }
  }

  /** A byte count for people: {@code 512 B}, {@code 1.5 KiB}, {@code 3.2 MiB}. */
  static String bytes(long count) {
    if (count < 1024) {
      return count + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = count;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
