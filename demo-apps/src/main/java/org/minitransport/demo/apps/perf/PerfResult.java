package org.minitransport.demo.apps.perf;

import java.util.List;
import java.util.Locale;
import org.minitransport.demo.cli.Sizes;

/**
 * What a perf test measured: the intervals as they were reported, and the sender's and the
 * receiver's totals. Goodput is what the receiver got over the receiver's time.
 *
 * @param request the test
 * @param intervals the summed figures of every interval
 * @param sender bytes sent (acknowledged), time, retransmissions and retransmission timeouts, the
 *     last smoothed RTT (largest over the streams) and congestion window (summed over the streams)
 * @param receiver bytes received and time (no TCP figures)
 */
public record PerfResult(PerfProtocol.Request request, List<Interval> intervals, Side sender,
    Side receiver) {

  /**
   * One side's totals; TCP figures are -1 where they do not apply ({@code timeouts} also when a
   * server too old to report them sent).
   */
  public record Side(long bytes, double seconds, long retransmitted, long timeouts, long srttNs,
      long cwndBytes) {

    /** The receiving side: bytes and time only. */
    static Side receiver(long bytes, double seconds) {
      return new Side(bytes, seconds, -1, -1, -1, -1);
    }

    public double bitsPerSecond() {
      return seconds <= 0 ? 0 : bytes * 8 / seconds;
    }
  }

  /**
   * One stream's (or the sum's, index -1) figures over one interval; TCP figures are -1 when this
   * side is the receiver.
   */
  public record Interval(int index, double fromSeconds, double toSeconds, long bytes,
      long retransmitted, long srttNs, long cwndBytes) {

    public double bitsPerSecond() {
      double seconds = toSeconds - fromSeconds;
      return seconds <= 0 ? 0 : bytes * 8 / seconds;
    }

    static Interval sum(List<Interval> each) {
      Interval first = each.get(0);
      long bytes = 0;
      long retransmitted = 0;
      long srttNs = 0;
      long cwnd = 0;
      for (Interval i : each) {
        bytes += i.bytes;
        retransmitted += Math.max(0, i.retransmitted);
        srttNs = Math.max(srttNs, i.srttNs);
        cwnd += Math.max(0, i.cwndBytes);
      }
      boolean tcp = first.retransmitted >= 0;
      return new Interval(-1, first.fromSeconds, first.toSeconds, bytes, tcp ? retransmitted : -1,
          tcp ? srttNs : -1, tcp ? cwnd : -1);
    }
  }

  /** Goodput: received bits over the receiver's time. */
  public double goodputBitsPerSecond() {
    return receiver.bitsPerSecond();
  }

  /** The header of the interval table, iperf3's columns. */
  public static String header(boolean tcpFigures) {
    return tcpFigures
        ? "[ ID] Interval           Transfer     Bitrate          Retr   Cwnd       RTT"
        : "[ ID] Interval           Transfer     Bitrate";
  }

  /** One row of the interval table. */
  public static String row(Interval interval) {
    String id = interval.index() < 0 ? "SUM" : String.format(Locale.ROOT, "%3d",
        interval.index() + 1);
    String text = String.format(Locale.ROOT, "[%s] %6.2f-%-6.2f sec  %-11s  %-15s", id,
        interval.fromSeconds(), interval.toSeconds(), Sizes.bytes(interval.bytes()),
        Sizes.bitRate(interval.bitsPerSecond()));
    if (interval.retransmitted() >= 0) {
      text += String.format(Locale.ROOT, " %5d   %-9s  %s", interval.retransmitted(),
          Sizes.bytes(interval.cwndBytes()), rtt(interval.srttNs()));
    }
    return text.stripTrailing();
  }

  /** The summary lines: sender, receiver, and the goodput line. */
  public String summary() {
    StringBuilder text = new StringBuilder();
    text.append("- - - - - - - - - - - - - - - - - - - - - - - - - - - - - -\n");
    text.append("[ ID] Interval           Transfer     Bitrate          Retr\n");
    text.append(String.format(Locale.ROOT, "[SUM] %6.2f-%-6.2f sec  %-11s  %-15s %5d  sender%n",
        0.0, sender.seconds(), Sizes.bytes(sender.bytes()), Sizes.bitRate(sender.bitsPerSecond()),
        sender.retransmitted()));
    text.append(String.format(Locale.ROOT, "[SUM] %6.2f-%-6.2f sec  %-11s  %-15s        "
            + "receiver%n", 0.0, receiver.seconds(), Sizes.bytes(receiver.bytes()),
        Sizes.bitRate(receiver.bitsPerSecond())));
    text.append(String.format(Locale.ROOT,
        "goodput %s, %d %s%s, RTT %s, cwnd %s (%s at the end)%n",
        Sizes.bitRate(goodputBitsPerSecond()), sender.retransmitted(),
        sender.retransmitted() == 1 ? "retransmission" : "retransmissions",
        sender.timeouts() < 0 ? "" : String.format(Locale.ROOT, ", %d %s", sender.timeouts(),
            sender.timeouts() == 1 ? "timeout" : "timeouts"),
        rtt(sender.srttNs()), Sizes.bytes(sender.cwndBytes()),
        request.reverse() ? "the server's" : "this sender's"));
    return text.toString();
  }

  /** The whole result as one JSON object on one line, with the test's settings. */
  public String toJson(String settingsJson) {
    StringBuilder json = new StringBuilder("{");
    json.append("\"settings\":").append(settingsJson);
    json.append(",\"intervals\":[");
    for (int i = 0; i < intervals.size(); i++) {
      Interval interval = intervals.get(i);
      json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
          "{\"start\":%.3f,\"end\":%.3f,\"bytes\":%d,\"bitsPerSecond\":%.0f", interval.fromSeconds(),
          interval.toSeconds(), interval.bytes(), interval.bitsPerSecond()));
      if (interval.retransmitted() >= 0) {
        json.append(String.format(Locale.ROOT,
            ",\"retransmissions\":%d,\"rttMs\":%.3f,\"cwndBytes\":%d", interval.retransmitted(),
            interval.srttNs() / 1e6, interval.cwndBytes()));
      }
      json.append('}');
    }
    json.append("]");
    json.append(String.format(Locale.ROOT, ",\"sender\":{\"bytes\":%d,\"seconds\":%.6f,"
            + "\"bitsPerSecond\":%.0f,\"retransmissions\":%d,\"timeouts\":%d,\"rttMs\":%.3f,"
            + "\"cwndBytes\":%d}",
        sender.bytes(), sender.seconds(), sender.bitsPerSecond(), sender.retransmitted(),
        sender.timeouts(), sender.srttNs() / 1e6, sender.cwndBytes()));
    json.append(String.format(Locale.ROOT, ",\"receiver\":{\"bytes\":%d,\"seconds\":%.6f,"
            + "\"bitsPerSecond\":%.0f}", receiver.bytes(), receiver.seconds(),
        receiver.bitsPerSecond()));
    json.append(String.format(Locale.ROOT, ",\"goodputBitsPerSecond\":%.0f",
        goodputBitsPerSecond()));
    return json.append('}').toString();
  }

  private static String rtt(long srttNs) {
    return srttNs <= 0 ? "-" : String.format(Locale.ROOT, "%.1f ms", srttNs / 1e6);
  }
}
