package org.minitransport.demo.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of long work measured in bytes, drawn in one of three styles ({@code --progress}):
 *
 * <ul>
 *   <li>{@link Style#bar}: one line redrawn in place (at most ten times a second) with a bar,
 *       the percentage, bytes done of the total, the rate, the time left and a caller's note;
 *   <li>{@link Style#lines}: the same figures as a new line every second, for logs and pipes;
 *   <li>{@link Style#none}: nothing.
 * </ul>
 *
 * <p>Without a choice, a terminal gets the bar and anything else the lines. Rates and the time
 * left are over wall time since the meter started. Not thread-safe: one thread updates it.
 */
public final class ProgressMeter {

  /** The styles {@code --progress} offers. */
  public enum Style {
    none,
    bar,
    lines
  }

  private static final int WIDTH = 24;
  private static final long BAR_INTERVAL_NS = 100_000_000L;
  private static final long LINE_INTERVAL_NS = 1_000_000_000L;

  private final PrintWriter out;
  private final Style style;
  private final String label;
  private final long total;
  private final LongSupplier clockNs;
  private final long startNs;
  private long lastDrawNs;
  private int lastBarLength;
  private boolean barDrawn;

  /**
   * @param out where to draw (usually standard error, so standard output stays data)
   * @param style the style, or null to choose by whether a terminal is attached
   * @param label what is moving, e.g. "sending report.pdf"
   * @param totalBytes the bytes the work will have moved when done
   * @param clockNs the wall clock, {@code System::nanoTime} outside tests
   */
  public ProgressMeter(PrintWriter out, Style style, String label, long totalBytes,
      LongSupplier clockNs) {
    this.out = out;
    this.style = style != null ? style : System.console() != null ? Style.bar : Style.lines;
    this.label = label;
    this.total = Math.max(0, totalBytes);
    this.clockNs = clockNs;
    this.startNs = clockNs.getAsLong();
    this.lastDrawNs = startNs;
  }

  /** The style in use. */
  public Style style() {
    return style;
  }

  /** Reports {@code doneBytes} of the total; draws if it is time to. */
  public void update(long doneBytes) {
    update(doneBytes, null);
  }

  /**
   * Reports {@code doneBytes} of the total with a note appended (e.g. "simulated 1.204 s"); the
   * note is only built into the line when one is drawn, so pass a cheap one or use the supplier
   * form of the caller.
   */
  public void update(long doneBytes, String note) {
    if (style == Style.none) {
      return;
    }
    long nowNs = clockNs.getAsLong();
    long interval = style == Style.bar ? BAR_INTERVAL_NS : LINE_INTERVAL_NS;
    if (nowNs - lastDrawNs < interval) {
      return;
    }
    lastDrawNs = nowNs;
    draw(doneBytes, note, nowNs);
  }

  /** Whether {@link #update} would draw now: lets a caller skip building an expensive note. */
  public boolean due() {
    if (style == Style.none) {
      return false;
    }
    long interval = style == Style.bar ? BAR_INTERVAL_NS : LINE_INTERVAL_NS;
    return clockNs.getAsLong() - lastDrawNs >= interval;
  }

  /** Ends the bar's line (drawn once more at {@code doneBytes}); idempotent. Lines need no end. */
  public void done(long doneBytes, String note) {
    if (style == Style.bar && barDrawn) {
      draw(doneBytes, note, clockNs.getAsLong());
      out.println();
      out.flush();
      barDrawn = false;
    }
  }

  private void draw(long done, String note, long nowNs) {
    double seconds = Math.max(1e-9, (nowNs - startNs) / 1e9);
    double rate = done / seconds;
    String figures = figures(done, rate, note);
    if (style == Style.bar) {
      int filled = total == 0 ? WIDTH : (int) Math.min(WIDTH, done * WIDTH / total);
      String line = "  [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + figures;
      String padding = " ".repeat(Math.max(0, lastBarLength - line.length()));
      lastBarLength = line.length();
      out.print("\r" + line + padding);
      barDrawn = true;
    } else {
      out.println(label + ": " + figures);
    }
    out.flush();
  }

  private String figures(long done, double rate, String note) {
    StringBuilder text = new StringBuilder();
    int percent = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
    text.append(String.format(Locale.ROOT, "%3d%%  %s of %s  %s/s", percent, Sizes.bytes(done),
        Sizes.bytes(total), Sizes.bytes((long) rate)));
    if (done < total && rate > 0) {
      text.append("  ETA ").append(Sizes.clock((total - done) / rate));
    }
    if (note != null && !note.isEmpty()) {
      text.append("  ").append(note);
    }
    return text.toString();
  }
}
