package org.minitransport.core.net.sim;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.minitransport.core.net.DropReason;

/** Keeps a comparable copy of every trace event. */
final class RecordingTraceListener implements NetworkTraceListener {

  /** A trace event with its bytes copied into hex, so records compare by value. */
  record Entry(TraceEvent.Kind kind, long timeNs, String from, String to, DropReason reason,
      String packetHex) {}

  final List<Entry> entries = new ArrayList<>();

  @Override
  public synchronized void onEvent(TraceEvent event) {
    entries.add(new Entry(event.kind(), event.timeNs(), String.valueOf(event.from()),
        String.valueOf(event.to()), event.dropReason(), HexFormat.of().formatHex(event.packet())));
  }

  List<TraceEvent.Kind> kinds() {
    List<TraceEvent.Kind> kinds = new ArrayList<>();
    for (Entry entry : entries) {
      kinds.add(entry.kind());
    }
    return kinds;
  }
}
