package org.minitransport.core.net.sim.internal;

import java.util.Objects;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.net.PacketReceiver;
import org.minitransport.core.net.TrafficCounters;

/**
 * One host on a simulated network. Thread-safe: sends go through the owner, which locks; the
 * one-entry link cache is only touched under that lock.
 */
public final class SimulatedAttachment implements NetworkAttachment {

  private final AttachmentOwner owner;
  private final Ipv4Address address;
  private final PacketReceiver receiver;
  private final int mtu;
  private final TrafficCounters counters = new TrafficCounters();
  private volatile boolean closed;

  // Cache of the last outgoing link: most hosts talk to one peer at a time.
  private Link lastLink;

  public SimulatedAttachment(
      AttachmentOwner owner, Ipv4Address address, PacketReceiver receiver, int mtu) {
    this.owner = owner;
    this.address = address;
    this.receiver = receiver;
    this.mtu = mtu;
  }

  @Override
  public Ipv4Address address() {
    return address;
  }

  @Override
  public int mtu() {
    return mtu;
  }

  /**
   * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not lie inside
   *     {@code packet}
   */
  @Override
  public void send(byte[] packet, int offset, int length) {
    Objects.requireNonNull(packet, "packet");
    Objects.checkFromIndexSize(offset, length, packet.length);
    owner.send(this, packet, offset, length);
  }

  @Override
  public TrafficCounters counters() {
    return counters;
  }

  @Override
  public void close() {
    if (!closed) {
      owner.detach(this);
    }
  }

  /** Marks this attachment closed; the owner calls it under its lock. */
  public void markClosed() {
    closed = true;
  }

  public boolean isClosed() {
    return closed;
  }

  public PacketReceiver receiver() {
    return receiver;
  }

  /** The cached outgoing link to {@code toBits}, or null. */
  public Link cachedLinkTo(int toBits) {
    Link link = lastLink;
    return link != null && link.toBits() == toBits ? link : null;
  }

  public void cacheLink(Link link) {
    lastLink = link;
  }

  @Override
  public String toString() {
    return "SimulatedAttachment[" + address + (closed ? ", closed]" : "]");
  }
}
