package org.minitransport.demo.apps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.minitransport.core.address.SocketPair;
import org.minitransport.core.port.BindingSnapshot;
import org.minitransport.tcp.TcpInfo;

/**
 * Formats a host's port table as netstat-style text: one header line, one line per binding, with
 * netstat's queues ({@code Recv-Q}: received bytes not yet read; {@code Send-Q}: bytes not yet
 * acknowledged) and, for TCP connections, the smoothed RTT and the congestion window as {@code ss
 * -ti} shows them. A column that does not apply is {@code -}.
 */
public final class PortTableText {

  private static final String ROW = "%-5s %7s %7s  %-21s %-21s %-12s %9s %8s%n";

  private PortTableText() {}

  /** {@link #format(List, Map)} without connection details. */
  public static String format(List<BindingSnapshot> rows) {
    return format(rows, Map.of());
  }

  /**
   * The rows sorted by protocol, local endpoint and remote endpoint, under a header line {@code
   * proto recv-q send-q local remote state rtt cwnd}; an unconnected binding's remote is {@code
   * *:*}. {@code tcp} gives the details of TCP connections by socket pair.
   */
  public static String format(List<BindingSnapshot> rows, Map<SocketPair, TcpInfo> tcp) {
    List<BindingSnapshot> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing((BindingSnapshot row) -> row.protocol().toString())
        .thenComparing(BindingSnapshot::local)
        .thenComparing(row -> row.remote() == null ? "" : row.remote().toString()));
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, ROW, "proto", "recv-q", "send-q", "local", "remote",
        "state", "rtt", "cwnd"));
    for (BindingSnapshot row : sorted) {
      TcpInfo info = row.remote() == null ? null
          : tcp.get(new SocketPair(row.local(), row.remote()));
      text.append(String.format(Locale.ROOT, ROW, row.protocol(),
          info == null ? "-" : Integer.toString(info.bytesReadable()),
          info == null ? "-" : Integer.toString(info.bytesUnacknowledged()),
          row.local(), row.remote() == null ? "*:*" : row.remote(), row.state(),
          info == null || info.smoothedRttNs() == 0 ? "-"
              : String.format(Locale.ROOT, "%.1fms", info.smoothedRttNs() / 1e6),
          info == null ? "-" : Long.toString(info.congestionWindowBytes())));
    }
    return text.toString();
  }
}
