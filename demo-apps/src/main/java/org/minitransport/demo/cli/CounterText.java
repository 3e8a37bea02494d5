package org.minitransport.demo.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.TrafficCounters;

/**
 * Counters as every command prints them: the same words for a drop reason in the {@code simulate}
 * summary, its JSON, and the impairment lines of {@code netstat}; and the counter tables of {@code
 * netstat} and {@code simulate --netstat} (every TCP counter, the IP drops by reason).
 */
public final class CounterText {

  private CounterText() {}

  /** The drops by reason, named as in JSON ({@code loss}, {@code queue_full}), in enum order. */
  public static Map<String, Long> drops(TrafficCounters counters) {
    Map<String, Long> drops = new LinkedHashMap<>();
    for (Map.Entry<DropReason, Long> drop : counters.droppedByReason().entrySet()) {
      drops.put(drop.getKey().name().toLowerCase(Locale.ROOT), drop.getValue());
    }
    return drops;
  }

  /** {@code {loss=454, queue_full=3}} as people write it: {@code loss 454, queue full 3}. */
  public static String words(Map<String, ? extends Number> counts) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, ? extends Number> entry : new TreeMap<>(counts).entrySet()) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(entry.getKey().replace('_', ' ')).append(' ')
          .append(String.format(Locale.ROOT, "%,d", entry.getValue().longValue()));
    }
    return text.toString();
  }

  /**
   * What crossed a network or decorator: {@code 1,200 packets, 1,150 passed, loss 48, duplicated
   * 2}; the counts that are zero are left out.
   */
  public static String traffic(TrafficCounters counters) {
    Map<String, Long> counts = drops(counters);
    counts.put("duplicated", counters.duplicated());
    counts.put("corrupted", counters.corrupted());
    counts.put("reordered", counters.reordered());
    counts.values().removeIf(count -> count == 0);
    String details = words(counts);
    return String.format(Locale.ROOT, "%,d packets, %,d passed", counters.sent(),
        counters.delivered()) + (details.isEmpty() ? "" : ", " + details);
  }

  /**
   * {@code title}, then one indented {@code name value} line per counter in the map's order,
   * zeros included, names padded to one column (as {@code netstat -s} or {@code nstat -a} print
   * them).
   */
  public static String table(String title, Map<String, Long> counters) {
    int width = 1;
    for (String name : counters.keySet()) {
      width = Math.max(width, name.length());
    }
    StringBuilder text = new StringBuilder(title).append('\n');
    String row = "  %-" + width + "s %d%n";
    counters.forEach((name, value) -> text.append(String.format(Locale.ROOT, row, name, value)));
    return text.toString();
  }
}
