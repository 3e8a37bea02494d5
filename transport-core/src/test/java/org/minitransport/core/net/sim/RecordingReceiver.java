package org.minitransport.core.net.sim;

import java.util.ArrayList;
import java.util.List;
import org.minitransport.core.net.PacketReceiver;
import org.minitransport.core.time.NanoClock;

/** Records every packet it receives with the clock reading at the time. Single-threaded. */
final class RecordingReceiver implements PacketReceiver {

  record Arrival(long timeNs, byte[] packet) {
    int marker() {
      return TestPackets.marker(packet);
    }
  }

  private final NanoClock clock;
  final List<Arrival> arrivals = new ArrayList<>();

  RecordingReceiver(NanoClock clock) {
    this.clock = clock;
  }

  @Override
  public void receive(byte[] packet) {
    arrivals.add(new Arrival(clock.nanoTime(), packet));
  }

  List<Integer> markers() {
    List<Integer> markers = new ArrayList<>();
    for (Arrival arrival : arrivals) {
      markers.add(arrival.marker());
    }
    return markers;
  }

  List<Long> times() {
    List<Long> times = new ArrayList<>();
    for (Arrival arrival : arrivals) {
      times.add(arrival.timeNs());
    }
    return times;
  }
}
