package org.minitransport.demo.simulate;

import java.io.PrintWriter;

/** A one-line progress bar, drawn only on a terminal. */
final class ProgressBar {

  private static final int WIDTH = 40;

  private final PrintWriter out;
  private final int total;
  private final boolean enabled;
  private int lastDrawn = -1;

  ProgressBar(PrintWriter out, int total, boolean enabled) {
    this.out = out;
    this.total = Math.max(total, 1);
    this.enabled = enabled;
  }

  void update(int finished) {
    if (!enabled) {
      return;
    }
    int filled = (int) ((long) finished * WIDTH / total);
    if (filled == lastDrawn) {
      return;
    }
    lastDrawn = filled;
    out.print("\r  [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + finished + "/"
        + total + " sessions");
    out.flush();
  }

  void done() {
    if (enabled) {
      out.println();
    }
  }
}
