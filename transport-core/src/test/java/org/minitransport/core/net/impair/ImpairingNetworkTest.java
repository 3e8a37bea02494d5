package org.minitransport.core.net.impair;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.TestPackets;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.net.sim.TraceEvent;
import org.minitransport.core.time.NanoClock;
import org.minitransport.core.time.TimerQueue;
import org.minitransport.core.time.VirtualClock;

/**
 * The impairing decorator in virtual time, around a clean zero-delay simulated network: it applies
 * the simulated network's own link code to each direction, so with one seed it does to a flow
 * exactly what a simulated link does.
 */
class ImpairingNetworkTest {

  private static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");
  private static final LinkConfig CLEAN = LinkConfig.builder().delayNs(0).build();
  private static final long MS = 1_000_000;

  private final VirtualClock clock = new VirtualClock();
  private final SimulatedNetwork wire = new SimulatedNetwork(1, clock, CLEAN);

  /** Runs the decorator and the wire until nothing is in flight. */
  private void runUntilQuiet(ImpairingNetwork impaired) {
    while (true) {
      long next = Math.min(impaired.nextEventNs(), wire.nextEventNs());
      if (next == TimerQueue.NONE) {
        return;
      }
      clock.advanceTo(Math.max(next, clock.nanoTime()));
      impaired.deliverDue(clock.nanoTime());
      wire.deliverDue(clock.nanoTime());
    }
  }

  private static byte[] packet(Ipv4Address from, Ipv4Address to, int marker) {
    return TestPackets.ipv4(from, to, 100, marker, 253);
  }

  /** The markers of {@code packets}, in order, as one line of text (short failure messages). */
  private static String markers(List<byte[]> packets) {
    StringBuilder text = new StringBuilder();
    packets.forEach(p -> text.append(((p[22] & 0xFF) << 8) | (p[23] & 0xFF)).append(' '));
    return text.toString();
  }

  // Corruption is left out: the simulated network routes a packet before its link damages it, a
  // real network after, so there a flipped destination bit sends the packet elsewhere.
  @Test
  void outboundLinkDoesToAFlowExactlyWhatTheSimulatedLinkWithTheSameSeedDoes() throws Exception {
    LinkConfig harsh = LinkConfig.builder().delayNs(5 * MS).jitterNs(2 * MS).lossProbability(0.1)
        .duplicationProbability(0.05).reordering(0.05, 3 * MS).build();
    long seed = 77;

    // The reference: a simulated network whose link A -> B is harsh.
    VirtualClock referenceClock = new VirtualClock();
    SimulatedNetwork reference = new SimulatedNetwork(seed, referenceClock, harsh);
    List<byte[]> expected = new ArrayList<>();
    NetworkAttachment referenceA = reference.attach(A, p -> {});
    reference.attach(B, expected::add);

    // The decorator: harsh outbound, clean inbound, around a clean wire.
    ImpairingNetwork impaired = new ImpairingNetwork(wire, seed, clock, harsh, CLEAN);
    List<byte[]> actual = new ArrayList<>();
    NetworkAttachment impairedA = impaired.attach(A, p -> {});
    impaired.attach(B, actual::add);

    for (int i = 0; i < 2000; i++) {
      byte[] p = packet(A, B, i);
      referenceA.send(p, 0, p.length);
      impairedA.send(p, 0, p.length);
      referenceClock.advanceBy(100_000);
      reference.deliverDue(referenceClock.nanoTime());
      clock.advanceBy(100_000);
      impaired.deliverDue(clock.nanoTime());
      wire.deliverDue(clock.nanoTime());
    }
    referenceClock.advanceBy(1_000 * MS);
    reference.deliverDue(referenceClock.nanoTime());
    runUntilQuiet(impaired);

    assertEquals(markers(expected), markers(actual));
    assertEquals(reference.counters().dropped(DropReason.LOSS),
        impaired.outboundCounters().dropped(DropReason.LOSS));
    assertEquals(reference.counters().duplicated(), impaired.outboundCounters().duplicated());
    assertEquals(reference.counters().reordered(), impaired.outboundCounters().reordered());
    assertTrue(impaired.outboundCounters().dropped(DropReason.LOSS) > 100, "some were lost");
    assertEquals(0, impaired.inboundCounters().droppedTotal());
  }

  @Test
  void inboundLinkHoldsBackAndLosesWhatTheHostReceives() throws Exception {
    LinkConfig slowAndLossy = LinkConfig.builder().delayNs(20 * MS).lossProbability(0.25).build();
    ImpairingNetwork impaired = new ImpairingNetwork(wire, 5, clock, CLEAN, slowAndLossy);
    List<Long> arrivalsNs = new ArrayList<>();
    impaired.attach(B, p -> arrivalsNs.add(clock.nanoTime()));
    NetworkAttachment outsider = wire.attach(A, p -> {}); // a peer beyond the decorator

    for (int i = 0; i < 400; i++) {
      byte[] p = packet(A, B, i);
      outsider.send(p, 0, p.length);
    }
    runUntilQuiet(impaired);

    long lost = impaired.inboundCounters().dropped(DropReason.LOSS);
    assertEquals(400, impaired.inboundCounters().sent());
    assertEquals(400 - lost, arrivalsNs.size());
    assertTrue(lost > 60 && lost < 140, "about a quarter lost, not " + lost);
    assertTrue(arrivalsNs.stream().allMatch(t -> t == 20 * MS), "each held back 20 ms: "
        + arrivalsNs.subList(0, 3));
    assertEquals(0, impaired.outboundCounters().sent());
  }

  @Test
  void aLinkWithoutDelayHandsPacketsOnAtOnceOnTheSendersThread() throws Exception {
    LinkConfig lossOnly = CLEAN.toBuilder().lossProbability(0.5).build();
    ImpairingNetwork impaired = new ImpairingNetwork(wire, 9, clock, lossOnly, CLEAN);
    NetworkAttachment a = impaired.attach(A, p -> {});
    wire.attach(B, p -> {});

    for (int i = 0; i < 100; i++) {
      byte[] p = packet(A, B, i);
      a.send(p, 0, p.length);
    }

    assertEquals(TimerQueue.NONE, impaired.nextEventNs(), "nothing held back");
    assertEquals(100 - impaired.outboundCounters().dropped(DropReason.LOSS),
        wire.counters().sent(), "the rest reached the wrapped network during send()");
  }

  @Test
  void aPacketAboveTheLinkMtuIsDroppedOversizeAndTheAttachmentReportsTheSmallerMtu()
      throws Exception {
    LinkConfig small = CLEAN.toBuilder().mtu(576).build();
    ImpairingNetwork impaired = new ImpairingNetwork(wire, 1, clock, small, CLEAN);
    NetworkAttachment a = impaired.attach(A, p -> {});
    byte[] big = new byte[600];
    System.arraycopy(packet(A, B, 1), 0, big, 0, 100);

    a.send(big, 0, big.length);

    assertEquals(576, a.mtu());
    assertEquals(1, impaired.outboundCounters().dropped(DropReason.OVERSIZE));
    assertEquals(0, wire.counters().sent());
  }

  @Test
  void packetsThatAreNotIpv4PassThroughForTheWrappedNetworkToCount() throws Exception {
    ImpairingNetwork impaired = new ImpairingNetwork(wire, 1, clock,
        CLEAN.toBuilder().lossProbability(1).build(), CLEAN);
    NetworkAttachment a = impaired.attach(A, p -> {});

    a.send(new byte[10], 0, 10);

    assertEquals(0, impaired.impairmentCounters().sent());
    assertEquals(1, a.counters().dropped(DropReason.MALFORMED));
  }

  @Test
  void traceShowsEveryStageLikeTheSimulatedNetwork() throws Exception {
    LinkConfig everything = LinkConfig.builder().delayNs(MS).duplicationProbability(1)
        .corruption(1, 1).build();
    ImpairingNetwork impaired = new ImpairingNetwork(wire, 3, clock, everything, CLEAN);
    List<TraceEvent.Kind> kinds = new ArrayList<>();
    impaired.setTraceListener(event -> {
      if (event.from().equals(A)) {
        kinds.add(event.kind());
      }
    });
    NetworkAttachment a = impaired.attach(A, p -> {});
    wire.attach(B, p -> {});
    byte[] p = packet(A, B, 1);

    a.send(p, 0, p.length);
    runUntilQuiet(impaired);

    assertEquals(List.of(TraceEvent.Kind.SENT, TraceEvent.Kind.CORRUPTED,
        TraceEvent.Kind.DUPLICATED, TraceEvent.Kind.DELIVERED, TraceEvent.Kind.DELIVERED), kinds);
    assertEquals(2, wire.counters().sent());
  }

  @Test
  void theSameSeedLosesTheSamePacketsEveryRun() throws Exception {
    assertEquals(lostMarkers(42), lostMarkers(42));
    assertFalse(lostMarkers(42).equals(lostMarkers(43)));
  }

  private List<Integer> lostMarkers(long seed) throws Exception {
    VirtualClock runClock = new VirtualClock();
    SimulatedNetwork runWire = new SimulatedNetwork(1, runClock, CLEAN);
    ImpairingNetwork impaired = new ImpairingNetwork(runWire, seed, runClock,
        CLEAN.toBuilder().lossProbability(0.2).build(), CLEAN);
    List<Integer> lost = new ArrayList<>();
    impaired.setTraceListener(event -> {
      if (event.kind() == TraceEvent.Kind.DROPPED) {
        lost.add(((event.packet()[22] & 0xFF) << 8) | (event.packet()[23] & 0xFF));
      }
    });
    NetworkAttachment a = impaired.attach(A, p -> {});
    for (int i = 0; i < 200; i++) {
      byte[] p = packet(A, B, i);
      a.send(p, 0, p.length);
    }
    return lost;
  }

  @Test
  void inRealTimeHeldPacketsArriveAfterTheirDelayAndCloseStopsTheThread() throws Exception {
    SimulatedNetwork realWire = new SimulatedNetwork(1, NanoClock.system(), CLEAN);
    realWire.startRealTime();
    ImpairingNetwork impaired = ImpairingNetwork.bothWays(realWire, 1,
        CLEAN.toBuilder().delayNs(30 * MS).build());
    CountDownLatch arrived = new CountDownLatch(1);
    long[] arrivedAtNs = new long[1];
    NetworkAttachment a = impaired.attach(A, p -> {});
    impaired.attach(B, p -> {
      arrivedAtNs[0] = System.nanoTime();
      arrived.countDown();
    });
    byte[] p = packet(A, B, 1);
    long sentAtNs = System.nanoTime();

    a.send(p, 0, p.length);

    assertTrue(arrived.await(10, TimeUnit.SECONDS), "never arrived");
    assertTrue(arrivedAtNs[0] - sentAtNs >= 60 * MS, "outbound and inbound delay both apply");
    impaired.close();
    assertFalse(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("impairment-delivery") && t.isAlive()
            && t.getThreadGroup() == Thread.currentThread().getThreadGroup()),
        "delivery thread still running");
    assertThrows(IllegalStateException.class, () -> impaired.attach(A, q -> {}));
  }

  @Test
  void receivedPacketArraysAreTheHostsToKeep() throws Exception {
    ImpairingNetwork impaired = new ImpairingNetwork(wire, 1, clock, CLEAN, CLEAN);
    List<byte[]> got = new ArrayList<>();
    NetworkAttachment a = impaired.attach(A, p -> {});
    impaired.attach(B, got::add);
    byte[] p = packet(A, B, 7);

    a.send(p, 0, p.length);
    p[23] = 0;
    runUntilQuiet(impaired);

    assertArrayEquals(packet(A, B, 7), got.get(0));
  }

  @Test
  void routesAreTheWrappedNetworksEvenWhenALinkLosesEverything() throws Exception {
    LinkConfig blackHole = LinkConfig.builder().delayNs(0).lossProbability(1.0).build();
    ImpairingNetwork impaired = new ImpairingNetwork(wire, 1, clock, blackHole, blackHole);
    impaired.attach(A, p -> {});
    wire.attach(B, p -> {}); // a peer beyond the decorator

    assertTrue(impaired.hasRouteTo(A));
    assertTrue(impaired.hasRouteTo(B), "loss is not a missing route");
    assertFalse(impaired.hasRouteTo(Ipv4Address.parse("10.9.9.9")));
  }
}
