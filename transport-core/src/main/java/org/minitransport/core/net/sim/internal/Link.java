package org.minitransport.core.net.sim.internal;

import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.TrafficCounters;
import org.minitransport.core.net.impair.internal.LinkImpairments;
import org.minitransport.core.net.sim.LinkConfig;

/**
 * One directed link of the simulated network: its two addresses, counters, the attachment it last
 * routed to, and its {@link LinkImpairments} (configuration, random stream, burst state, queue and
 * the bookkeeping that keeps non-reordered packets in order).
 */
public final class Link {

  private final Ipv4Address from;
  private final Ipv4Address to;
  private final TrafficCounters counters = new TrafficCounters();
  private final LinkImpairments impairments;
  private SimulatedAttachment destination;

  public Link(long networkSeed, Ipv4Address from, Ipv4Address to, LinkConfig config) {
    this.from = from;
    this.to = to;
    this.impairments = new LinkImpairments(networkSeed, from, to, config);
  }

  public Ipv4Address from() {
    return from;
  }

  public Ipv4Address to() {
    return to;
  }

  public int fromBits() {
    return from.bits();
  }

  public int toBits() {
    return to.bits();
  }

  public TrafficCounters counters() {
    return counters;
  }

  /** What the link does to packets: configuration, draws, queue. */
  public LinkImpairments impairments() {
    return impairments;
  }

  /** Applies to packets sent from now on; queue and burst state carry over. */
  public void setConfig(LinkConfig config) {
    impairments.setConfig(config);
  }

  /** The attachment this link last routed to, or null. */
  public SimulatedAttachment destination() {
    return destination;
  }

  public void setDestination(SimulatedAttachment destination) {
    this.destination = destination;
  }

  @Override
  public String toString() {
    return "Link[" + from + " -> " + to + "]";
  }
}
