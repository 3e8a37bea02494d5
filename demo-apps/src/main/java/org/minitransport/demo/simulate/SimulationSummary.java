package org.minitransport.demo.simulate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.minitransport.demo.cli.CounterText;

/**
 * What a {@code simulate} run reports: sessions and how many were verified, bytes moved,
 * goodput, retransmissions, drops by reason, simulated and wall time, peak heap, and the
 * settings that made the run (so that a JSON line of a sweep describes itself).
 *
 * @param protocol "tcp" or "udp"
 * @param seed the network seed (replays the run)
 * @param sessions sessions started
 * @param verified sessions whose data came back intact (SHA-256 for TCP; every reply for UDP)
 * @param failed sessions that ended in an error
 * @param bytes application payload bytes delivered, both directions together
 * @param retransmissions segments (TCP) or requests (UDP) sent again
 * @param drops network drops by reason, plus the hosts' checksum drops
 * @param failures failed sessions by reason
 * @param simulatedSeconds virtual time until the last session finished
 * @param wallSeconds real time the run took
 * @param peakHeapBytes the most Java heap in use during the run (garbage included)
 * @param startHeapBytes the Java heap in use when the run began
 * @param settings the options of the run, in a stable order (numbers or strings)
 */
public record SimulationSummary(
    String protocol,
    long seed,
    int sessions,
    int verified,
    int failed,
    long bytes,
    long retransmissions,
    Map<String, Long> drops,
    Map<String, Integer> failures,
    double simulatedSeconds,
    double wallSeconds,
    long peakHeapBytes,
    long startHeapBytes,
    Map<String, Object> settings) {

  public SimulationSummary {
    drops = Map.copyOf(new TreeMap<>(drops));
    failures = Map.copyOf(new TreeMap<>(failures));
    settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  /** Goodput over simulated time in Mbit/s. */
  public double goodputMbps() {
    return simulatedSeconds <= 0 ? 0 : bytes * 8 / simulatedSeconds / 1e6;
  }

  /** What the run added to the heap at its peak, per session. */
  public long peakHeapPerSessionBytes() {
    return Math.max(0, peakHeapBytes - startHeapBytes) / Math.max(1, sessions);
  }

  public boolean allVerified() {
    return verified == sessions;
  }

  /** One JSON object on one line. */
  public String toJson() {
    StringBuilder json = new StringBuilder("{");
    json.append("\"protocol\":\"").append(protocol).append('"');
    json.append(",\"seed\":").append(seed);
    json.append(",\"sessions\":").append(sessions);
    json.append(",\"verified\":").append(verified);
    json.append(",\"failed\":").append(failed);
    json.append(",\"bytes\":").append(bytes);
    json.append(",\"goodputMbps\":").append(format(goodputMbps()));
    json.append(",\"retransmissions\":").append(retransmissions);
    json.append(",\"drops\":");
    object(json, new TreeMap<>(drops));
    json.append(",\"failures\":");
    object(json, new TreeMap<>(failures));
    json.append(",\"simulatedSeconds\":").append(format(simulatedSeconds));
    json.append(",\"wallSeconds\":").append(format(wallSeconds));
    json.append(",\"peakHeapBytes\":").append(peakHeapBytes);
    json.append(",\"startHeapBytes\":").append(startHeapBytes);
    json.append(",\"peakHeapPerSessionBytes\":").append(peakHeapPerSessionBytes());
    json.append(",\"settings\":");
    object(json, settings);
    return json.append('}').toString();
  }

  /** A small table for humans. */
  public String toTable(String networkDescription) {
    StringBuilder out = new StringBuilder();
    row(out, "protocol", protocol);
    row(out, "network", networkDescription);
    row(out, "seed", Long.toString(seed));
    row(out, "sessions", sessions + " (" + verified + " verified, " + failed + " failed"
        + (failures.isEmpty() ? "" : ": " + CounterText.words(failures)) + ")");
    row(out, "bytes delivered", String.format(Locale.ROOT, "%,d", bytes));
    row(out, "goodput", String.format(Locale.ROOT, "%.2f Mbit/s, both ways together (simulated "
        + "time)", goodputMbps()));
    row(out, "retransmissions", Long.toString(retransmissions));
    row(out, "drops", drops.isEmpty() ? "none" : CounterText.words(drops));
    row(out, "simulated time", String.format(Locale.ROOT, "%.3f s", simulatedSeconds));
    row(out, "wall time", String.format(Locale.ROOT, "%.3f s", wallSeconds));
    row(out, "peak heap", String.format(Locale.ROOT, "%s, %s per session over the %s before",
        org.minitransport.demo.cli.Sizes.bytes(peakHeapBytes),
        org.minitransport.demo.cli.Sizes.bytes(peakHeapPerSessionBytes()),
        org.minitransport.demo.cli.Sizes.bytes(startHeapBytes)));
    return out.toString();
  }

  private static void object(StringBuilder json, Map<String, ?> fields) {
    json.append('{');
    boolean first = true;
    for (Map.Entry<String, ?> field : fields.entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      json.append('"').append(field.getKey()).append("\":");
      Object value = field.getValue();
      if (value instanceof Double d) {
        json.append(format(d));
      } else if (value instanceof Number) {
        json.append(value);
      } else {
        json.append('"').append(String.valueOf(value).replace("\\", "\\\\")
            .replace("\"", "\\\"")).append('"');
      }
    }
    json.append('}');
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append(String.format(Locale.ROOT, "  %-16s %s%n", name, value));
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.6f", value);
  }
}
