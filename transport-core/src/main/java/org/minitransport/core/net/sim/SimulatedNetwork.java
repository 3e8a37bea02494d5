package org.minitransport.core.net.sim;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.net.PacketReceiver;
import org.minitransport.core.net.TrafficCounters;
import org.minitransport.core.net.impair.internal.LinkImpairments;
import org.minitransport.core.net.sim.internal.AttachmentOwner;
import org.minitransport.core.net.sim.internal.Link;
import org.minitransport.core.net.sim.internal.LinkTable;
import org.minitransport.core.net.sim.internal.PendingDelivery;
import org.minitransport.core.net.sim.internal.SimulatedAttachment;
import org.minitransport.core.time.NanoClock;
import org.minitransport.core.time.TimerQueue;
import org.minitransport.core.time.VirtualClock;

/**
 * An in-process, discrete-event {@link PacketNetwork} with seeded impairments per directed link
 * (see {@link LinkConfig} for what a link does to a packet, and in which order).
 *
 * <p><b>Routing.</b> A packet goes to the host attached at its IPv4 destination address, read from
 * bytes 16–19 (RFC 791 §3.1). A packet shorter than 20 bytes or whose version field is not 4 is
 * dropped as {@link DropReason#MALFORMED}; nothing else in the header is checked here. A packet to
 * an address nobody is attached at is dropped as {@link DropReason#NO_ROUTE}. A packet sent to the
 * sender's own address travels the link from that address to itself.
 *
 * <p><b>Determinism.</b> Each directed link draws from its own random stream derived from the
 * network seed and its two addresses. With the same seed, the same link configurations and the
 * same sends at the same clock readings, the network produces the same {@link TraceEvent}s, byte
 * for byte, in the same order. Deliveries due at the same instant leave in the order they were
 * scheduled.
 *
 * <p><b>Virtual time.</b> {@code send} takes the send time from the clock (typically a {@link
 * VirtualClock}) and schedules the arrival. The driver loop is:
 *
 * <pre>{@code
 * for (long t = network.nextEventNs(); t != TimerQueue.NONE; t = network.nextEventNs()) {
 *   clock.advanceTo(Math.max(t, clock.nanoTime()));   // or to an earlier engine deadline
 *   network.deliverDue(clock.nanoTime());
 * }
 * }</pre>
 *
 * <p><b>Real time.</b> Create the network with {@link NanoClock#system()} and call {@link
 * #startRealTime()}: one daemon thread then waits for each arrival time on the system clock and
 * delivers; any thread may send. {@link #close()} stops and joins it.
 *
 * <p><b>Counters.</b> The network's {@link #counters()} count everything. An attachment's counters
 * count what it sent and every drop, corruption, duplication and reordering of its packets, and
 * the packets delivered to it (and dropped as {@link DropReason#DETACHED} because it had closed).
 * {@link #linkCounters} counts the same per directed link, for packets whose destination could be
 * read. After all deliveries, {@code delivered + droppedTotal == sent + duplicated}.
 *
 * <p>Thread-safe: one lock guards the network; receivers are called without it, trace listeners
 * with it.
 */
public final class SimulatedNetwork implements PacketNetwork {

  private static final int IPV4_MIN_HEADER = 20;
  private static final int DESTINATION_OFFSET = 16;

  private final long seed;
  private final NanoClock clock;
  private final LinkConfig defaultLink;
  private final TrafficCounters counters = new TrafficCounters();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private final TimerQueue<PendingDelivery> pending = new TimerQueue<>();
  private final LinkTable links = new LinkTable();
  private final Map<Ipv4Address, SimulatedAttachment> attachments = new HashMap<>();
  private final Map<Long, LinkConfig> linkOverrides = new HashMap<>();
  private final Owner owner = new Owner();
  private NetworkTraceListener traceListener;
  private Thread deliveryThread;
  private boolean closed;

  /**
   * @param seed the one seed all impairment randomness derives from
   * @param clock where send times come from: a {@link VirtualClock} for simulation, {@link
   *     NanoClock#system()} for real time
   * @param defaultLink the configuration of every link without a {@link #setLink} override
   */
  public SimulatedNetwork(long seed, NanoClock clock, LinkConfig defaultLink) {
    this.seed = seed;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.defaultLink = Objects.requireNonNull(defaultLink, "defaultLink");
  }

  /**
   * Attaches a host; its {@link NetworkAttachment#mtu()} is the default link's MTU.
   *
   * @throws IllegalArgumentException if {@code address} is {@code 0.0.0.0} or already attached
   * @throws IllegalStateException if the network is closed
   */
  @Override
  public NetworkAttachment attach(Ipv4Address address, PacketReceiver receiver) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(receiver, "receiver");
    if (address.isAny()) {
      throw new IllegalArgumentException("cannot attach at the wildcard address " + address);
    }
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("network is closed; cannot attach " + address);
      }
      if (attachments.containsKey(address)) {
        throw new IllegalArgumentException("address " + address + " is already attached");
      }
      SimulatedAttachment attachment =
          new SimulatedAttachment(owner, address, receiver, defaultLink.mtu());
      attachments.put(address, attachment);
      return attachment;
    } finally {
      lock.unlock();
    }
  }

  /** True if a host is attached at {@code destination}: anywhere else a packet is dropped. */
  @Override
  public boolean hasRouteTo(Ipv4Address destination) {
    lock.lock();
    try {
      return attachments.containsKey(destination);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Configures the directed link {@code from → to}; applies to packets sent after this call.
   * Packets already on the link keep their arrival times, and a later packet still never arrives
   * before an earlier one (unless the earlier one was held back by reordering), even if the new
   * delay is shorter: the link stays FIFO.
   */
  public void setLink(Ipv4Address from, Ipv4Address to, LinkConfig config) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(config, "config");
    lock.lock();
    try {
      linkOverrides.put(pairKey(from, to), config);
      Link link = links.get(from.bits(), to.bits());
      if (link != null) {
        link.setConfig(config);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Configures both directions between {@code a} and {@code b} the same way. */
  public void setLinkBothWays(Ipv4Address a, Ipv4Address b, LinkConfig config) {
    setLink(a, b, config);
    setLink(b, a, config);
  }

  /** The configuration in effect for the directed link {@code from → to}. */
  public LinkConfig linkConfig(Ipv4Address from, Ipv4Address to) {
    lock.lock();
    try {
      return linkOverrides.getOrDefault(pairKey(from, to), defaultLink);
    } finally {
      lock.unlock();
    }
  }

  /** The default link configuration given at construction. */
  public LinkConfig defaultLink() {
    return defaultLink;
  }

  /** The clock send times are read from. */
  public NanoClock clock() {
    return clock;
  }

  @Override
  public TrafficCounters counters() {
    return counters;
  }

  /** Counters of the directed link {@code from → to} (zero until it carries a packet). */
  public TrafficCounters linkCounters(Ipv4Address from, Ipv4Address to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    lock.lock();
    try {
      return link(from.bits(), to).counters();
    } finally {
      lock.unlock();
    }
  }

  /** Sets the trace listener, replacing any previous one; {@code null} removes it. */
  public void setTraceListener(NetworkTraceListener listener) {
    lock.lock();
    try {
      traceListener = listener;
    } finally {
      lock.unlock();
    }
  }

  /** The earliest pending arrival time, or {@link TimerQueue#NONE} if nothing is in flight. */
  public long nextEventNs() {
    lock.lock();
    try {
      return pending.nextDeadlineNs();
    } finally {
      lock.unlock();
    }
  }

  /** How many packets are in flight. */
  public int pendingCount() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Hands every packet due at or before {@code nowNs} to its receiver, earliest first (ties in
   * scheduling order), on the calling thread; this includes packets that receivers send during the
   * call if they fall due by {@code nowNs} (with a zero-delay link, a receiver that always answers
   * never lets this return). Packets whose receiver has detached are dropped as {@link
   * DropReason#DETACHED}.
   *
   * @return how many packets were handed to receivers
   * @throws IllegalStateException if the real-time delivery thread is running
   */
  public int deliverDue(long nowNs) {
    lock.lock();
    try {
      if (deliveryThread != null) {
        throw new IllegalStateException(
            "deliverDue is driven by the real-time delivery thread; do not call it yourself");
      }
    } finally {
      lock.unlock();
    }
    return deliverUpTo(nowNs);
  }

  /**
   * Starts delivering in real time: one daemon thread waits for each arrival on the clock and
   * delivers, until {@link #close()}.
   *
   * @throws IllegalStateException if the clock is a {@link VirtualClock}, the thread already runs,
   *     or the network is closed
   */
  public void startRealTime() {
    lock.lock();
    try {
      if (clock instanceof VirtualClock) {
        throw new IllegalStateException(
            "real-time delivery needs a real clock such as NanoClock.system(), not a VirtualClock");
      }
      if (closed) {
        throw new IllegalStateException("network is closed");
      }
      if (deliveryThread != null) {
        throw new IllegalStateException("real-time delivery is already running");
      }
      deliveryThread = new Thread(this::runRealTime, "simulated-network-delivery");
      deliveryThread.setDaemon(true);
      deliveryThread.start();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Detaches every host, discards packets in flight, and stops and joins the real-time thread.
   * Idempotent.
   */
  @Override
  public void close() {
    Thread thread;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (SimulatedAttachment attachment : attachments.values()) {
        attachment.markClosed();
      }
      attachments.clear();
      pending.clear();
      thread = deliveryThread;
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
    if (thread != null && thread != Thread.currentThread()) {
      boolean interrupted = false;
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void runRealTime() {
    lock.lock();
    try {
      while (!closed) {
        long nextNs = pending.nextDeadlineNs();
        if (nextNs == TimerQueue.NONE) {
          wakeUp.awaitUninterruptibly();
          continue;
        }
        long waitNs = nextNs - clock.nanoTime();
        if (waitNs > 0) {
          wakeUp.await(waitNs, TimeUnit.NANOSECONDS);
          continue;
        }
        lock.unlock();
        try {
          deliverUpTo(clock.nanoTime());
        } finally {
          lock.lock();
        }
      }
    } catch (InterruptedException e) {
      // Only close() should stop this thread; an interrupt from elsewhere ends it too.
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private int deliverUpTo(long nowNs) {
    int delivered = 0;
    while (true) {
      PendingDelivery delivery;
      lock.lock();
      try {
        delivery = pending.pollDue(nowNs);
        if (delivery == null) {
          return delivered;
        }
        if (!arrive(delivery)) {
          continue;
        }
      } finally {
        lock.unlock();
      }
      delivery.destination().receiver().receive(delivery.packet());
      delivered++;
    }
  }

  /** Counts and traces an arrival under the lock; whether the receiver should get it. */
  private boolean arrive(PendingDelivery delivery) {
    Link link = delivery.link();
    SimulatedAttachment destination = delivery.destination();
    SimulatedAttachment source = delivery.source();
    long timeNs = delivery.arrivalNs();
    if (destination.isClosed()) {
      counters.recordDropped(DropReason.DETACHED);
      link.counters().recordDropped(DropReason.DETACHED);
      destination.counters().recordDropped(DropReason.DETACHED);
      trace(TraceEvent.Kind.DROPPED, timeNs, link.from(), link.to(), DropReason.DETACHED,
          delivery.packet());
      return false;
    }
    boolean overtaken =
        link.impairments().recordDeliveredWasOvertaken(delivery.linkSequence());
    if (overtaken && !delivery.duplicate()) {
      counters.recordReordered();
      link.counters().recordReordered();
      source.counters().recordReordered();
      trace(TraceEvent.Kind.REORDERED, timeNs, link.from(), link.to(), null, delivery.packet());
    }
    counters.recordDelivered();
    link.counters().recordDelivered();
    destination.counters().recordDelivered();
    trace(TraceEvent.Kind.DELIVERED, timeNs, link.from(), link.to(), null, delivery.packet());
    return true;
  }

  private void send(SimulatedAttachment source, byte[] packet, int offset, int length) {
    byte[] copy = Arrays.copyOfRange(packet, offset, offset + length);
    lock.lock();
    try {
      long nowNs = clock.nanoTime();
      counters.recordSent();
      source.counters().recordSent();
      if (source.isClosed()) {
        trace(TraceEvent.Kind.SENT, nowNs, source.address(), null, null, copy);
        drop(DropReason.DETACHED, nowNs, source, null, copy);
        return;
      }
      if (length < IPV4_MIN_HEADER || (copy[0] & 0xF0) != 0x40) {
        trace(TraceEvent.Kind.SENT, nowNs, source.address(), null, null, copy);
        drop(DropReason.MALFORMED, nowNs, source, null, copy);
        return;
      }
      Link link = outgoingLink(source, copy);
      link.counters().recordSent();
      trace(TraceEvent.Kind.SENT, nowNs, source.address(), link.to(), null, copy);
      SimulatedAttachment destination = route(link);
      if (destination == null) {
        drop(DropReason.NO_ROUTE, nowNs, source, link, copy);
        return;
      }
      LinkImpairments impairments = link.impairments();
      DropReason dropped = impairments.apply(nowNs, copy);
      if (dropped != null) {
        drop(dropped, nowNs, source, link, copy);
        return;
      }
      if (impairments.corrupted()) {
        counters.recordCorrupted();
        link.counters().recordCorrupted();
        source.counters().recordCorrupted();
        trace(TraceEvent.Kind.CORRUPTED, nowNs, source.address(), link.to(), null, copy);
      }
      long arrivalNs = impairments.arrivalNs();
      long sequence = impairments.nextSequence();
      schedule(new PendingDelivery(link, source, destination, copy, arrivalNs, sequence, false));
      if (impairments.duplicated()) {
        byte[] duplicate = copy.clone();
        counters.recordDuplicated();
        link.counters().recordDuplicated();
        source.counters().recordDuplicated();
        trace(TraceEvent.Kind.DUPLICATED, nowNs, source.address(), link.to(), null, duplicate);
        schedule(new PendingDelivery(link, source, destination, duplicate, arrivalNs, sequence, true));
      }
    } finally {
      lock.unlock();
    }
  }

  private void schedule(PendingDelivery delivery) {
    long previousNs = pending.nextDeadlineNs();
    pending.schedule(delivery.arrivalNs(), delivery);
    if (deliveryThread != null && delivery.arrivalNs() < previousNs) {
      wakeUp.signal();
    }
  }

  private Link outgoingLink(SimulatedAttachment source, byte[] packet) {
    int toBits = ((packet[DESTINATION_OFFSET] & 0xFF) << 24)
        | ((packet[DESTINATION_OFFSET + 1] & 0xFF) << 16)
        | ((packet[DESTINATION_OFFSET + 2] & 0xFF) << 8)
        | (packet[DESTINATION_OFFSET + 3] & 0xFF);
    Link link = source.cachedLinkTo(toBits);
    if (link == null) {
      link = links.get(source.address().bits(), toBits);
      if (link == null) {
        link = link(source.address().bits(), new Ipv4Address(toBits));
      }
      source.cacheLink(link);
    }
    return link;
  }

  private Link link(int fromBits, Ipv4Address to) {
    Link link = links.get(fromBits, to.bits());
    if (link == null) {
      Ipv4Address from = new Ipv4Address(fromBits);
      SimulatedAttachment attached = attachments.get(from);
      link = new Link(seed, attached != null ? attached.address() : from, to,
          linkOverrides.getOrDefault(pairKey(from, to), defaultLink));
      links.put(link);
    }
    return link;
  }

  private SimulatedAttachment route(Link link) {
    SimulatedAttachment destination = link.destination();
    if (destination == null || destination.isClosed()) {
      destination = attachments.get(link.to());
      link.setDestination(destination);
    }
    return destination;
  }

  private void drop(
      DropReason reason, long nowNs, SimulatedAttachment source, Link link, byte[] packet) {
    counters.recordDropped(reason);
    source.counters().recordDropped(reason);
    if (link != null) {
      link.counters().recordDropped(reason);
    }
    trace(TraceEvent.Kind.DROPPED, nowNs, source.address(), link == null ? null : link.to(),
        reason, packet);
  }

  private void trace(TraceEvent.Kind kind, long timeNs, Ipv4Address from, Ipv4Address to,
      DropReason reason, byte[] packet) {
    NetworkTraceListener listener = traceListener;
    if (listener != null) {
      listener.onEvent(new TraceEvent(kind, timeNs, from, to, reason, packet));
    }
  }

  private void detach(SimulatedAttachment attachment) {
    lock.lock();
    try {
      attachment.markClosed();
      attachments.remove(attachment.address(), attachment);
    } finally {
      lock.unlock();
    }
  }

  private static Long pairKey(Ipv4Address from, Ipv4Address to) {
    return ((long) from.bits() << 32) | (to.bits() & 0xFFFFFFFFL);
  }

  /** Keeps the attachment callbacks off this class's public API. */
  private final class Owner implements AttachmentOwner {
    @Override
    public void send(SimulatedAttachment source, byte[] packet, int offset, int length) {
      SimulatedNetwork.this.send(source, packet, offset, length);
    }

    @Override
    public void detach(SimulatedAttachment attachment) {
      SimulatedNetwork.this.detach(attachment);
    }
  }
}
