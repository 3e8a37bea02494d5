package org.minitransport.demo.apps;

import java.util.Locale;
import java.util.Map;

/**
 * Formats named counters as netstat-style text (as {@code netstat -s} or {@code nstat -a} print
 * them): a title line, then one indented {@code name value} line per counter, in the map's order.
 */
public final class CounterText {

  private CounterText() {}

  /** {@code title}, then every counter of {@code counters}, zeros included. */
  public static String format(String title, Map<String, Long> counters) {
    int width = 0;
    for (String name : counters.keySet()) {
      width = Math.max(width, name.length());
    }
    StringBuilder text = new StringBuilder(title).append('\n');
    String row = "  %-" + Math.max(width, 1) + "s %d%n";
    counters.forEach((name, value) -> text.append(String.format(Locale.ROOT, row, name, value)));
    return text.toString();
  }
}
