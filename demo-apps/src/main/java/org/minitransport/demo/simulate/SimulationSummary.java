package org.minitransport.demo.simulate;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@code simulate} run reports: sessions and how many were verified, bytes moved,
 * goodput, retransmissions, drops by reason, simulated and wall time.
 *
 * @param protocol "tcp" or "udp"
 * @param seed the network seed (replays the run)
 * @param sessions sessions started
 * @param verified sessions whose data came back intact (SHA-256 for TCP; every reply for UDP)
 * @param failed sessions that ended in an error
 * @param bytes application payload bytes delivered, both directions
 * @param retransmissions segments (TCP) or requests (UDP) sent again
 * @param drops network drops by reason, plus the hosts' checksum drops
 * @param failures failed sessions by reason
 * @param simulatedSeconds virtual time until the last session finished
 * @param wallSeconds real time the run took
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
    double wallSeconds) {

  public SimulationSummary {
    drops = Map.copyOf(new TreeMap<>(drops));
    failures = Map.copyOf(new TreeMap<>(failures));
  }

  /** Goodput over simulated time in Mbit/s. */
  public double goodputMbps() {
    return simulatedSeconds <= 0 ? 0 : bytes * 8 / simulatedSeconds / 1e6;
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
    json.append(",\"drops\":{");
    boolean first = true;
    for (Map.Entry<String, Long> drop : new TreeMap<>(drops).entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      json.append('"').append(drop.getKey()).append("\":").append(drop.getValue());
    }
    json.append('}');
    json.append(",\"failures\":{");
    first = true;
    for (Map.Entry<String, Integer> failure : new TreeMap<>(failures).entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      json.append('"').append(failure.getKey()).append("\":").append(failure.getValue());
    }
    json.append('}');
    json.append(",\"simulatedSeconds\":").append(format(simulatedSeconds));
    json.append(",\"wallSeconds\":").append(format(wallSeconds));
    return json.append('}').toString();
  }

  /** A small table for humans. */
  public String toTable(String networkDescription) {
    StringBuilder out = new StringBuilder();
    row(out, "protocol", protocol);
    row(out, "network", networkDescription);
    row(out, "seed", Long.toString(seed));
    row(out, "sessions", sessions + " (" + verified + " verified, " + failed + " failed"
        + (failures.isEmpty() ? "" : ": " + new TreeMap<>(failures)) + ")");
    row(out, "bytes delivered", String.format(Locale.ROOT, "%,d", bytes));
    row(out, "goodput", String.format(Locale.ROOT, "%.2f Mbit/s (simulated time)", goodputMbps()));
    row(out, "retransmissions", Long.toString(retransmissions));
    row(out, "drops", drops.isEmpty() ? "none" : new TreeMap<>(drops).toString());
    row(out, "simulated time", String.format(Locale.ROOT, "%.3f s", simulatedSeconds));
    row(out, "wall time", String.format(Locale.ROOT, "%.3f s", wallSeconds));
    return out.toString();
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append(String.format(Locale.ROOT, "  %-16s %s%n", name, value));
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.6f", value);
  }
}
