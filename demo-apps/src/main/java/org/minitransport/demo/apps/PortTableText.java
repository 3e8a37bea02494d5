package org.minitransport.demo.apps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.minitransport.core.port.BindingSnapshot;

/** Formats a host's port table as netstat-style text: one header line, one line per binding. */
public final class PortTableText {

  private static final String ROW = "%-5s %-22s %-22s %s%n";

  private PortTableText() {}

  /**
   * The rows sorted by protocol, local endpoint and remote endpoint, under a header line
   * {@code proto local remote state}; an unconnected binding's remote is {@code *:*}.
   */
  public static String format(List<BindingSnapshot> rows) {
    List<BindingSnapshot> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing((BindingSnapshot row) -> row.protocol().toString())
        .thenComparing(BindingSnapshot::local)
        .thenComparing(row -> row.remote() == null ? "" : row.remote().toString()));
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, ROW, "proto", "local", "remote", "state"));
    for (BindingSnapshot row : sorted) {
      text.append(String.format(Locale.ROOT, ROW, row.protocol(), row.local(),
          row.remote() == null ? "*:*" : row.remote(), row.state()));
    }
    return text.toString();
  }
}
