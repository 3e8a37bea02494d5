package org.minitransport.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.minitransport.core.address.SocketPair;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * Two {@link TcpConnection}s wired back to back, without hosts or a network: what one sends
 * arrives at the other after a fixed one-way delay, in virtual time (the quinn-proto {@code Pair}
 * idea). Each step jumps to the earliest delivery or timer; {@link #runUntil} gives up after a
 * bounded number of steps so a livelock fails. A drop filter stands in for loss.
 */
final class ConnectionPair {

  static final SocketPair A_TO_B = ConnectionFixture.PAIR;
  static final SocketPair B_TO_A = new SocketPair(A_TO_B.remote(), A_TO_B.local());

  private record InFlight(long arrivalNs, long order, boolean toA, TcpSegment segment)
      implements Comparable<InFlight> {
    @Override
    public int compareTo(InFlight other) {
      int byTime = Long.compare(arrivalNs, other.arrivalNs);
      return byTime != 0 ? byTime : Long.compare(order, other.order);
    }
  }

  final long delayNs;
  TcpConnection a;
  TcpConnection b;
  long nowNs;
  /** Every segment A sent, then every one B sent, in order (dropped ones included). */
  final List<TcpSegment> sentByA = new ArrayList<>();
  final List<TcpSegment> sentByB = new ArrayList<>();
  final List<TcpConnection.Event> eventsOfA = new ArrayList<>();
  final List<TcpConnection.Event> eventsOfB = new ArrayList<>();
  /** Segments for which this returns true are lost on the way. */
  Predicate<TcpSegment> drop = segment -> false;
  private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>();
  private long order;

  ConnectionPair(long delayNs) {
    this.delayNs = delayNs;
  }

  /** A connects to B (A active, B created from A's SYN as if a listener had accepted it). */
  static ConnectionPair clientServer(TcpConfig config, long delayNs) {
    ConnectionPair pair = new ConnectionPair(delayNs);
    pair.a = TcpConnection.connect(config, A_TO_B, ConnectionFixture.LINK_MTU, 1_000, 0);
    TcpSegment syn = pair.a.pollSegment();
    pair.sentByA.add(syn);
    pair.nowNs = delayNs;
    pair.b = TcpConnection.accept(config, B_TO_A, ConnectionFixture.LINK_MTU, 900_000, pair.nowNs,
        syn);
    pair.collect();
    return pair;
  }

  /** Both sides connect at the same instant (simultaneous open, RFC 9293 §3.5 figure 8). */
  static ConnectionPair simultaneousOpen(TcpConfig config, long delayNs) {
    ConnectionPair pair = new ConnectionPair(delayNs);
    pair.a = TcpConnection.connect(config, A_TO_B, ConnectionFixture.LINK_MTU, 1_000, 0);
    pair.b = TcpConnection.connect(config, B_TO_A, ConnectionFixture.LINK_MTU, 900_000, 0);
    pair.collect();
    return pair;
  }

  /** Moves both sides' output onto the wire and their events into the logs. */
  void collect() {
    for (TcpSegment s = a.pollSegment(); s != null; s = a.pollSegment()) {
      sentByA.add(s);
      if (!drop.test(s)) {
        inFlight.add(new InFlight(nowNs + delayNs, order++, false, s));
      }
    }
    for (TcpSegment s = b.pollSegment(); s != null; s = b.pollSegment()) {
      sentByB.add(s);
      if (!drop.test(s)) {
        inFlight.add(new InFlight(nowNs + delayNs, order++, true, s));
      }
    }
    for (TcpConnection.Event e = a.pollEvent(); e != null; e = a.pollEvent()) {
      eventsOfA.add(e);
    }
    for (TcpConnection.Event e = b.pollEvent(); e != null; e = b.pollEvent()) {
      eventsOfB.add(e);
    }
  }

  /** One step: the earliest delivery or timer. Returns false if nothing is pending. */
  boolean step() {
    collect();
    long next = Math.min(a.pollTimeoutNs(), b.pollTimeoutNs());
    if (!inFlight.isEmpty()) {
      next = Math.min(next, inFlight.peek().arrivalNs());
    }
    if (next == Long.MAX_VALUE) {
      return false;
    }
    nowNs = Math.max(nowNs, next);
    while (!inFlight.isEmpty() && inFlight.peek().arrivalNs() <= nowNs) {
      InFlight f = inFlight.poll();
      (f.toA() ? a : b).handleSegment(nowNs, f.segment());
      collect();
    }
    if (a.pollTimeoutNs() <= nowNs) {
      a.handleTimeout(nowNs);
    }
    if (b.pollTimeoutNs() <= nowNs) {
      b.handleTimeout(nowNs);
    }
    collect();
    return true;
  }

  /** Steps until {@code done}; false if everything went quiet first. Fails after 100 000 steps. */
  boolean runUntil(BooleanSupplier done) {
    for (int steps = 0; steps < 100_000; steps++) {
      if (done.getAsBoolean()) {
        return true;
      }
      if (!step()) {
        return done.getAsBoolean();
      }
    }
    throw new AssertionError("no progress within 100000 steps: " + a + " / " + b);
  }

  /** Steps until nothing is pending. */
  void runUntilIdle() {
    runUntil(() -> false);
  }
}
