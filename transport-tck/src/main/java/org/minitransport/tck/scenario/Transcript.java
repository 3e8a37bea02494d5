package org.minitransport.tck.scenario;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last steps of each side of a run, with their virtual times, for a failure a person can
 * read: what each application did (writes, reads, pauses, shutdown, abort) and what its
 * connection did (state changes, failures). Keeps at most {@code capacity} steps per side; older
 * ones are counted, not kept. Recording is cheap: a step is formatted only when printed.
 */
public final class Transcript {

  private record Step(long timeNs, String format, Object[] arguments) {
    String render() {
      return String.format("%12.6f ms  %s", timeNs / 1e6, String.format(format, arguments));
    }
  }

  private final int capacity;
  private final Map<String, ArrayDeque<Step>> sides = new LinkedHashMap<>();
  private final Map<String, Long> dropped = new LinkedHashMap<>();

  public Transcript(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity " + capacity + " must be >= 0");
    }
    this.capacity = capacity;
  }

  /** Names a side, so that it is shown even if it never records a step. */
  public void declare(String side) {
    sides.computeIfAbsent(side, s -> new ArrayDeque<>());
  }

  /** Records a step of {@code side} at {@code timeNs}: {@code String.format(format, arguments)}. */
  public void record(String side, long timeNs, String format, Object... arguments) {
    ArrayDeque<Step> steps = sides.computeIfAbsent(side, s -> new ArrayDeque<>());
    if (capacity == 0) {
      dropped.merge(side, 1L, Long::sum);
      return;
    }
    if (steps.size() == capacity) {
      steps.removeFirst();
      dropped.merge(side, 1L, Long::sum);
    }
    steps.addLast(new Step(timeNs, format, arguments));
  }

  /** The kept steps of {@code side}, oldest first, rendered. */
  public List<String> steps(String side) {
    List<String> rendered = new ArrayList<>();
    for (Step step : sides.getOrDefault(side, new ArrayDeque<>())) {
      rendered.add(step.render());
    }
    return rendered;
  }

  /** Every side's last steps, one block per side. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (String side : sides.keySet()) {
      long earlier = dropped.getOrDefault(side, 0L);
      out.append("  last steps of ").append(side)
          .append(earlier > 0 ? " (" + earlier + " earlier steps not shown)" : "").append(":\n");
      if (sides.get(side).isEmpty()) {
        out.append("    (none)\n");
      }
      for (String step : steps(side)) {
        out.append("    ").append(step).append('\n');
      }
    }
    return out.toString();
  }
}
