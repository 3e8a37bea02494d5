package org.minitransport.core.net.impair;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.NetworkTraceListener;
import org.minitransport.core.net.sim.TraceEvent;
import org.minitransport.core.time.NanoClock;
import org.minitransport.core.time.TimerQueue;
import org.minitransport.core.time.VirtualClock;

/**
 * A decorator that puts the simulated network's impairments in front of any {@link
 * PacketNetwork} — the UDP network, a TUN device to the Linux kernel — in both directions: what
 * this network's hosts send ({@code outbound}) and what they receive ({@code inbound}). It gives
 * netem-like control (loss, Gilbert–Elliott bursts, duplication, reordering, delay, jitter,
 * bandwidth with a bounded queue, corruption, MTU, partitions) where the kernel has none, with the
 * very code the simulated network uses ({@link LinkConfig} documents the stages and their order).
 *
 * <p><b>Links.</b> Each directed address pair is one link with its own random stream, derived
 * from the seed and the two addresses exactly as in the simulated network: a packet from host
 * {@code H} to {@code P} crosses the outbound link {@code H → P} before the wrapped network gets
 * it; a packet the wrapped network delivers to {@code H} from {@code P} crosses the inbound link
 * {@code P → H} before {@code H}'s receiver gets it. So with the same seed, configurations and
 * send times, the same packets are lost, corrupted and duplicated. Packets too short to carry an
 * IPv4 header, or not version 4, pass through untouched (the layer beyond counts them).
 *
 * <p><b>Time.</b> With a {@link VirtualClock}, call {@link #deliverDue} (for tests). In real time,
 * call {@link #startRealTime()}: one daemon thread hands on each held-back packet when it is due.
 * Links that never hold a packet back (no delay, jitter, reordering or bandwidth limit) hand
 * packets on at once, on the calling thread, so a loss-only configuration adds no thread hop.
 *
 * <p><b>Counters and traces.</b> {@link #impairmentCounters()} counts what the impairments did in
 * both directions, {@link #outboundCounters()} and {@link #inboundCounters()} each direction:
 * {@code sent} every packet that entered a link, {@code delivered} every packet handed on (to the
 * wrapped network or the host), drops by reason, corruptions, duplicates, reorderings. A {@link
 * NetworkTraceListener} sees the same {@link TraceEvent}s as on the simulated network, {@code
 * DELIVERED} meaning "handed on". The wrapped network keeps counting its own traffic: {@link
 * #counters()} and an attachment's {@link NetworkAttachment#counters()} are the wrapped ones.
 *
 * <p>Two processes that both impair a shared network (the UDP network) compound: each process's
 * hosts see their own outbound and inbound links. Impair one side to get the figures of one link.
 *
 * <p>Thread-safe: one lock guards the links and the queue; receivers and the wrapped network are
 * called without it, trace listeners with it.
 */
public final class ImpairingNetwork implements PacketNetwork {

  private static final int IPV4_MIN_HEADER = 20;
  private static final int SOURCE_OFFSET = 12;
  private static final int DESTINATION_OFFSET = 16;

  /** Which side of the hosts a link sits on. */
  public enum Direction {
    /** From this network's hosts into the wrapped network. */
    OUTBOUND,
    /** From the wrapped network to this network's hosts. */
    INBOUND
  }

  private final PacketNetwork delegate;
  private final long seed;
  private final NanoClock clock;
  private final LinkConfig outbound;
  private final LinkConfig inbound;
  private final TrafficCounters counters = new TrafficCounters();
  private final TrafficCounters outboundCounters = new TrafficCounters();
  private final TrafficCounters inboundCounters = new TrafficCounters();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private final TimerQueue<Held> pending = new TimerQueue<>();
  private final Map<Long, DirectedLink> outboundLinks = new HashMap<>();
  private final Map<Long, DirectedLink> inboundLinks = new HashMap<>();
  private NetworkTraceListener traceListener;
  private Thread deliveryThread;
  private volatile boolean closed;

  /** One directed link: its addresses, direction and impairments. */
  private record DirectedLink(
      Ipv4Address from, Ipv4Address to, Direction direction, LinkImpairments impairments) {}

  /** Where a packet goes when it leaves its link: the wrapped network, or a host's receiver. */
  private interface Exit {
    /** Hands the packet on; returns false if the exit has closed (the packet is then dropped). */
    boolean pass(byte[] packet);
  }

  /** A packet held back on its link until {@code arrivalNs}. */
  private record Held(DirectedLink link, Exit exit, byte[] packet, long arrivalNs, long sequence,
      boolean duplicate) {}

  /**
   * @param delegate the network to impair; closed with this one
   * @param seed the one seed every link's random stream derives from
   * @param clock where send times come from
   * @param outbound what happens to packets this network's hosts send
   * @param inbound what happens to packets they receive
   */
  public ImpairingNetwork(PacketNetwork delegate, long seed, NanoClock clock, LinkConfig outbound,
      LinkConfig inbound) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.seed = seed;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.outbound = Objects.requireNonNull(outbound, "outbound");
    this.inbound = Objects.requireNonNull(inbound, "inbound");
  }

  /** The same impairments both ways, in real time on the system clock, already started. */
  public static ImpairingNetwork bothWays(PacketNetwork delegate, long seed, LinkConfig link) {
    ImpairingNetwork network = new ImpairingNetwork(delegate, seed, NanoClock.system(), link, link);
    network.startRealTime();
    return network;
  }

  /**
   * Attaches a host to the wrapped network, with impairments on both its directions. Its MTU is
   * the smaller of the wrapped attachment's and the outbound link's.
   */
  @Override
  public NetworkAttachment attach(Ipv4Address address, PacketReceiver receiver)
      throws IOException {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(receiver, "receiver");
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("network is closed; cannot attach " + address);
      }
    } finally {
      lock.unlock();
    }
    ImpairedAttachment attachment = new ImpairedAttachment(address, receiver);
    attachment.inner = delegate.attach(address, attachment::receiveFromNetwork);
    return attachment;
  }

  /** The wrapped network. */
  public PacketNetwork delegate() {
    return delegate;
  }

  /** The seed every link's random stream derives from. */
  public long seed() {
    return seed;
  }

  /** The configuration of the given direction. */
  public LinkConfig linkConfig(Direction direction) {
    return direction == Direction.OUTBOUND ? outbound : inbound;
  }

  /** The wrapped network's counters: what crossed it, whatever the impairments did first. */
  @Override
  public TrafficCounters counters() {
    return delegate.counters();
  }

  /**
   * The wrapped network's answer: impairments lose or delay packets, they do not take routes away
   * (a partition is a fault of the path, not a missing route).
   */
  @Override
  public boolean hasRouteTo(Ipv4Address destination) {
    return delegate.hasRouteTo(destination);
  }

  /** What the impairments did, both directions together. */
  public TrafficCounters impairmentCounters() {
    return counters;
  }

  /** What the impairments did to packets the hosts sent. */
  public TrafficCounters outboundCounters() {
    return outboundCounters;
  }

  /** What the impairments did to packets the hosts received. */
  public TrafficCounters inboundCounters() {
    return inboundCounters;
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

  /** The earliest held-back packet's arrival time, or {@link TimerQueue#NONE}. */
  public long nextEventNs() {
    lock.lock();
    try {
      return pending.nextDeadlineNs();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Hands on every held-back packet due at or before {@code nowNs}, earliest first, on the calling
   * thread.
   *
   * @return how many packets were handed on
   * @throws IllegalStateException if the real-time thread runs
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
   * Starts handing on held-back packets in real time, on one daemon thread, until {@link
   * #close()}.
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
      deliveryThread = new Thread(this::runRealTime, "impairment-delivery");
      deliveryThread.setDaemon(true);
      deliveryThread.start();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Discards held-back packets, stops and joins the real-time thread, and closes the wrapped
   * network. Idempotent.
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
    delegate.close();
  }

  @Override
  public String toString() {
    return "ImpairingNetwork[seed=" + seed + ", around " + delegate + "]";
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
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private int deliverUpTo(long nowNs) {
    int delivered = 0;
    while (true) {
      Held held;
      lock.lock();
      try {
        held = pending.pollDue(nowNs);
        if (held == null) {
          return delivered;
        }
        DirectedLink link = held.link();
        if (link.impairments().recordDeliveredWasOvertaken(held.sequence()) && !held.duplicate()) {
          count(link, TrafficCounters::recordReordered);
          trace(TraceEvent.Kind.REORDERED, held.arrivalNs(), link, null, held.packet());
        }
      } finally {
        lock.unlock();
      }
      handOn(held.link(), held.exit(), held.packet(), held.arrivalNs());
      delivered++;
    }
  }

  /** Passes a packet on, outside the lock, and counts the outcome. */
  private void handOn(DirectedLink link, Exit exit, byte[] packet, long timeNs) {
    boolean passed = exit.pass(packet);
    lock.lock();
    try {
      if (passed) {
        count(link, TrafficCounters::recordDelivered);
        trace(TraceEvent.Kind.DELIVERED, timeNs, link, null, packet);
      } else {
        count(link, counters -> counters.recordDropped(DropReason.DETACHED));
        trace(TraceEvent.Kind.DROPPED, timeNs, link, DropReason.DETACHED, packet);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs one packet through its link: drops it, hands it on at once (and its duplicate), or holds
   * it (and its duplicate) until its arrival time.
   */
  private void impair(Direction direction, int fromBits, int toBits, Exit exit, byte[] packet) {
    List<byte[]> now = null;
    DirectedLink link;
    lock.lock();
    try {
      long nowNs = clock.nanoTime();
      link = link(direction, fromBits, toBits);
      count(link, TrafficCounters::recordSent);
      trace(TraceEvent.Kind.SENT, nowNs, link, null, packet);
      LinkImpairments impairments = link.impairments();
      DropReason dropped = impairments.apply(nowNs, packet);
      if (dropped != null || closed) {
        DropReason reason = dropped != null ? dropped : DropReason.DETACHED;
        count(link, counters -> counters.recordDropped(reason));
        trace(TraceEvent.Kind.DROPPED, nowNs, link, reason, packet);
        return;
      }
      if (impairments.corrupted()) {
        count(link, TrafficCounters::recordCorrupted);
        trace(TraceEvent.Kind.CORRUPTED, nowNs, link, null, packet);
      }
      byte[] duplicate = null;
      if (impairments.duplicated()) {
        duplicate = packet.clone();
        count(link, TrafficCounters::recordDuplicated);
        trace(TraceEvent.Kind.DUPLICATED, nowNs, link, null, duplicate);
      }
      long sequence = impairments.nextSequence();
      if (impairments.isInstantaneous()) {
        impairments.recordDeliveredWasOvertaken(sequence);
        now = duplicate == null ? List.of(packet) : List.of(packet, duplicate);
      } else {
        hold(new Held(link, exit, packet, impairments.arrivalNs(), sequence, false));
        if (duplicate != null) {
          hold(new Held(link, exit, duplicate, impairments.arrivalNs(), sequence, true));
        }
      }
    } finally {
      lock.unlock();
    }
    if (now != null) {
      for (byte[] each : now) {
        handOn(link, exit, each, clock.nanoTime());
      }
    }
  }

  private void hold(Held held) {
    long previousNs = pending.nextDeadlineNs();
    pending.schedule(held.arrivalNs(), held);
    if (deliveryThread != null && held.arrivalNs() < previousNs) {
      wakeUp.signal();
    }
  }

  private DirectedLink link(Direction direction, int fromBits, int toBits) {
    Map<Long, DirectedLink> links = direction == Direction.OUTBOUND ? outboundLinks : inboundLinks;
    long key = ((long) fromBits << 32) | (toBits & 0xFFFFFFFFL);
    DirectedLink link = links.get(key);
    if (link == null) {
      Ipv4Address from = new Ipv4Address(fromBits);
      Ipv4Address to = new Ipv4Address(toBits);
      link = new DirectedLink(from, to, direction,
          new LinkImpairments(seed, from, to, linkConfig(direction)));
      links.put(key, link);
    }
    return link;
  }

  private interface CounterUpdate {
    void apply(TrafficCounters counters);
  }

  private void count(DirectedLink link, CounterUpdate update) {
    update.apply(counters);
    update.apply(link.direction() == Direction.OUTBOUND ? outboundCounters : inboundCounters);
  }

  private void trace(TraceEvent.Kind kind, long timeNs, DirectedLink link, DropReason reason,
      byte[] packet) {
    NetworkTraceListener listener = traceListener;
    if (listener != null) {
      listener.onEvent(new TraceEvent(kind, timeNs, link.from(), link.to(), reason, packet));
    }
  }

  private boolean isClosed() {
    return closed;
  }

  private static boolean isRoutableIpv4(byte[] packet, int offset, int length) {
    return length >= IPV4_MIN_HEADER && (packet[offset] & 0xF0) == 0x40;
  }

  private static int addressAt(byte[] packet, int at) {
    return ((packet[at] & 0xFF) << 24) | ((packet[at + 1] & 0xFF) << 16)
        | ((packet[at + 2] & 0xFF) << 8) | (packet[at + 3] & 0xFF);
  }

  /** A host's attachment: its sends cross the outbound link, its arrivals the inbound one. */
  private final class ImpairedAttachment implements NetworkAttachment {

    private final Ipv4Address address;
    private final PacketReceiver receiver;
    private final Exit toNetwork = packet -> {
      inner().send(packet, 0, packet.length);
      return true;
    };
    private final Exit toHost;
    private volatile NetworkAttachment inner;
    private volatile boolean closed;

    ImpairedAttachment(Ipv4Address address, PacketReceiver receiver) {
      this.address = address;
      this.receiver = receiver;
      this.toHost = packet -> {
        if (closed) {
          return false;
        }
        receiver.receive(packet);
        return true;
      };
    }

    private NetworkAttachment inner() {
      return inner;
    }

    /** Called by the wrapped network on its delivery thread. */
    void receiveFromNetwork(byte[] packet) {
      if (closed) {
        return; // the wrapped attachment counts it
      }
      if (!isRoutableIpv4(packet, 0, packet.length)) {
        receiver.receive(packet);
        return;
      }
      impair(Direction.INBOUND, addressAt(packet, SOURCE_OFFSET), address.bits(), toHost, packet);
    }

    @Override
    public Ipv4Address address() {
      return address;
    }

    @Override
    public int mtu() {
      return Math.min(inner.mtu(), outbound.mtu());
    }

    @Override
    public void send(byte[] packet, int offset, int length) {
      Objects.requireNonNull(packet, "packet");
      Objects.checkFromIndexSize(offset, length, packet.length);
      if (closed || isClosed() || !isRoutableIpv4(packet, offset, length)) {
        inner.send(packet, offset, length); // the wrapped network counts DETACHED or MALFORMED
        return;
      }
      byte[] copy = Arrays.copyOfRange(packet, offset, offset + length);
      impair(Direction.OUTBOUND, address.bits(), addressAt(copy, DESTINATION_OFFSET), toNetwork,
          copy);
    }

    @Override
    public TrafficCounters counters() {
      return inner.counters();
    }

    @Override
    public void close() {
      closed = true;
      inner.close();
    }

    @Override
    public String toString() {
      return "impaired " + inner;
    }
  }
}
