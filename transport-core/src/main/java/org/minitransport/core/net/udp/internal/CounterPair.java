package org.minitransport.core.net.udp.internal;

import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.TrafficCounters;

/** Records each event twice: in one attachment's counters and in its network's totals. */
public record CounterPair(TrafficCounters attachment, TrafficCounters network) {

  public void sent() {
    attachment.recordSent();
    network.recordSent();
  }

  public void delivered() {
    attachment.recordDelivered();
    network.recordDelivered();
  }

  public void dropped(DropReason reason) {
    attachment.recordDropped(reason);
    network.recordDropped(reason);
  }
}
