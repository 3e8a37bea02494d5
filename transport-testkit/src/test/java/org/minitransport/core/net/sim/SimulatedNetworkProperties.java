package org.minitransport.core.net.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.testkit.ImpairmentGenerators;
import org.quicktheories.core.Gen;

/**
 * Properties of the simulated network: determinism per seed, links independent of each other,
 * measured rates that match their probabilities, and exact delivery over clean links. (A test of
 * transport-core that lives in the testkit's test sources so that it draws its links from the
 * testkit's one impairment generator.)
 */
class SimulatedNetworkProperties {

  private static final Ipv4Address[] ADDRESSES = {
      Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"),
      Ipv4Address.parse("10.0.0.3"), Ipv4Address.parse("10.0.0.99") // never attached
  };
  private static final int ATTACHED = 3;
  private static final double SIGMAS = 5;

  /** One step of a send schedule: wait {@code gapNs}, then send {@code length} bytes. */
  record Send(long gapNs, int from, int to, int length) {}

  // ---- generators ----

  /**
   * Links with a random mix of every impairment, partitions included (the testkit's one
   * generator), so determinism and link independence are checked where they are hardest.
   */
  private static Gen<LinkConfig> linkConfigs() {
    return ImpairmentGenerators.HARSH.withPartitions(1, 10_000_000, 1, 20_000_000).links();
  }

  private static Gen<List<Send>> schedules(int maxSends) {
    Gen<Send> send = longs().between(0, 400_000).zip(integers().between(0, ATTACHED - 1),
        integers().between(0, ADDRESSES.length - 1), integers().between(20, 1600), Send::new);
    return lists().of(send).ofSizeBetween(1, maxSends);
  }

  // ---- running a schedule ----

  private static List<RecordingTraceListener.Entry> run(
      long seed, LinkConfig defaultLink, LinkConfig overrideAToB, List<Send> schedule) {
    VirtualClock clock = new VirtualClock();
    SimulatedNetwork network = new SimulatedNetwork(seed, clock, defaultLink);
    network.setLink(ADDRESSES[0], ADDRESSES[1], overrideAToB);
    RecordingTraceListener trace = new RecordingTraceListener();
    network.setTraceListener(trace);
    NetworkAttachment[] hosts = new NetworkAttachment[ATTACHED];
    for (int i = 0; i < ATTACHED; i++) {
      hosts[i] = network.attach(ADDRESSES[i], packet -> { });
    }
    int[] sentBy = new int[ATTACHED]; // per-host numbering: a host's packets never depend on others
    for (Send send : schedule) {
      VirtualTimeDriver.runUntil(network, clock, clock.nanoTime() + send.gapNs());
      byte[] packet = packetOf(send, sentBy[send.from()]++);
      hosts[send.from()].send(packet, 0, packet.length);
    }
    VirtualTimeDriver.runUntilIdle(network, clock);
    assertConserved(network);
    return trace.entries;
  }

  private static byte[] packetOf(Send send, int marker) {
    byte[] packet = new byte[send.length()];
    for (int i = 0; i < packet.length; i++) {
      packet[i] = (byte) (marker * 31 + i);
    }
    packet[0] = 0x45;
    ADDRESSES[send.from()].writeTo(packet, 12);
    ADDRESSES[send.to()].writeTo(packet, 16);
    return packet;
  }

  private static void assertConserved(SimulatedNetwork network) {
    var c = network.counters();
    assertEquals(c.sent() + c.duplicated(), c.delivered() + c.droppedTotal(), c.toString());
  }

  // ---- (a) determinism ----

  @Test
  void sameSeedConfigurationAndSendsGiveAnIdenticalTrace() {
    qt().withExamples(60)
        .forAll(longs().all(), linkConfigs(), linkConfigs(), schedules(150))
        .checkAssert((seed, defaultLink, override, schedule) -> {
          List<RecordingTraceListener.Entry> first = run(seed, defaultLink, override, schedule);
          List<RecordingTraceListener.Entry> second = run(seed, defaultLink, override, schedule);
          assertEquals(first, second);
        });
  }

  @Test
  void aLinksFateDoesNotDependOnTrafficOnOtherLinks() {
    qt().withExamples(40)
        .forAll(longs().all(), linkConfigs(), schedules(150))
        .checkAssert((seed, config, schedule) -> {
          List<Send> aToBOnly = new ArrayList<>();
          for (Send send : schedule) {
            aToBOnly.add(new Send(send.gapNs(), 0, 1, send.length()));
          }
          List<Send> mixed = new ArrayList<>();
          for (Send send : aToBOnly) {
            mixed.add(send);
            mixed.add(new Send(0, 2, 1, 100)); // C -> B traffic in between
          }
          assertEquals(linkEvents(run(seed, config, config, aToBOnly)),
              linkEvents(run(seed, config, config, mixed)));
        });
  }

  private static List<RecordingTraceListener.Entry> linkEvents(
      List<RecordingTraceListener.Entry> trace) {
    List<RecordingTraceListener.Entry> fromA = new ArrayList<>();
    for (RecordingTraceListener.Entry entry : trace) {
      if (entry.from().equals("10.0.0.1")) {
        fromA.add(entry);
      }
    }
    return fromA;
  }

  // ---- (b) measured rates ----

  private static final int RATE_PACKETS = 20_000;

  @Test
  void measuredLossDuplicationAndReorderingMatchTheirProbabilities() {
    qt().withExamples(6)
        .forAll(longs().all(), doubles().between(0.01, 0.4), doubles().between(0.01, 0.4),
            doubles().between(0.01, 0.4))
        .checkAssert((seed, loss, duplication, reorder) -> {
          LinkConfig config = LinkConfig.builder().lossProbability(loss)
              .duplicationProbability(duplication).reordering(reorder, 2_000_000).build();
          SimulatedNetwork network = sendSteadyStream(seed, config, RATE_PACKETS);
          var counters = network.linkCounters(ADDRESSES[0], ADDRESSES[1]);

          long lost = counters.dropped(DropReason.LOSS);
          assertWithinBinomialBound("lost", lost, RATE_PACKETS, loss);
          long survivors = RATE_PACKETS - lost;
          assertWithinBinomialBound("duplicated", counters.duplicated(), survivors, duplication);
          // Packets are 10 us apart and held back 2 ms: a held packet is overtaken unless all of
          // the next 200 are held too (probability <= 0.4^200), so reordered ~ Bin(survivors, p).
          assertWithinBinomialBound("reordered", counters.reordered(), survivors, reorder);
          assertEquals(survivors + counters.duplicated(), counters.delivered());
        });
  }

  @Test
  void gilbertElliottLossAveragesTheChainsStationaryLossWithTheChosenBurstLength() {
    int packets = 50_000;
    qt().withExamples(6)
        .forAll(longs().all(), doubles().between(0.01, 0.2), doubles().between(1, 8))
        .checkAssert((seed, averageLoss, burstLength) -> {
          GilbertElliottLoss model = GilbertElliottLoss.fromAverageLoss(averageLoss, burstLength);
          LinkConfig config = LinkConfig.builder().burstLoss(model).build();
          List<Integer> received = new ArrayList<>();
          SimulatedNetwork network = sendSteadyStream(seed, config, packets, received);

          long lost = network.counters().dropped(DropReason.LOSS);
          // Consecutive states are correlated (lambda = 1 - p - r): the variance of the mean
          // grows by (1 + lambda) / (1 - lambda) over the binomial one.
          double lambda = 1 - model.goodToBad() - model.badToGood();
          double pi = model.stationaryLossRate();
          double sd = Math.sqrt(packets * pi * (1 - pi) * (1 + lambda) / (1 - lambda));
          assertTrue(Math.abs(lost - packets * pi) <= SIGMAS * sd + 1,
              "lost " + lost + " of " + packets + ", expected about " + packets * pi);

          // Each burst of losses lasts Geometric(r) packets: mean 1/r, variance (1-r)/r^2.
          List<Integer> bursts = lossBursts(received, packets);
          double r = model.badToGood();
          double burstSd = Math.sqrt((1 - r) / (r * r) / bursts.size());
          double meanBurst = bursts.stream().mapToInt(Integer::intValue).average().orElse(0);
          assertTrue(Math.abs(meanBurst - burstLength) <= SIGMAS * burstSd + 0.01,
              "mean burst " + meanBurst + " over " + bursts.size() + " bursts, expected "
                  + burstLength);
        });
  }

  private static void assertWithinBinomialBound(String what, long count, long trials, double p) {
    double mean = trials * p;
    double sd = Math.sqrt(trials * p * (1 - p));
    assertTrue(Math.abs(count - mean) <= SIGMAS * sd + 1,
        what + ": " + count + " of " + trials + ", expected " + mean + " +- " + SIGMAS * sd);
  }

  /** Lengths of the runs of missing markers in {@code received} (markers 0..packets-1). */
  private static List<Integer> lossBursts(List<Integer> received, int packets) {
    boolean[] arrived = new boolean[packets];
    for (int marker : received) {
      arrived[marker] = true;
    }
    List<Integer> bursts = new ArrayList<>();
    int run = 0;
    for (int i = 0; i < packets; i++) {
      if (!arrived[i]) {
        run++;
      } else if (run > 0) {
        bursts.add(run);
        run = 0;
      }
    }
    return bursts;
  }

  private static SimulatedNetwork sendSteadyStream(long seed, LinkConfig config, int packets) {
    return sendSteadyStream(seed, config, packets, new ArrayList<>());
  }

  /** A sends {@code packets} 64-byte packets to B, one every 10 us; B's markers go to received. */
  private static SimulatedNetwork sendSteadyStream(
      long seed, LinkConfig config, int packets, List<Integer> received) {
    VirtualClock clock = new VirtualClock();
    SimulatedNetwork network = new SimulatedNetwork(seed, clock, LinkConfig.DEFAULT);
    network.setLink(ADDRESSES[0], ADDRESSES[1], config);
    NetworkAttachment a = network.attach(ADDRESSES[0], packet -> { });
    network.attach(ADDRESSES[1], packet -> received.add(TestPackets.marker(packet)));
    for (int i = 0; i < packets; i++) {
      VirtualTimeDriver.runUntil(network, clock, i * 10_000L);
      byte[] packet = TestPackets.ipv4(ADDRESSES[0], ADDRESSES[1], 64, i);
      a.send(packet, 0, packet.length);
    }
    VirtualTimeDriver.runUntilIdle(network, clock);
    return network;
  }

  // ---- (c) clean links ----

  @Test
  void withoutImpairmentsEveryPacketArrivesExactlyOnceAndInOrderPerLink() {
    Gen<LinkConfig> cleanLinks = longs().between(0, 5_000_000).zip(longs().between(0, 2_000_000),
        longs().between(0, 100_000_000), (delayNs, jitterNs, bandwidth) -> LinkConfig.builder()
            .delayNs(delayNs).jitterNs(jitterNs).bandwidthBitsPerSecond(bandwidth)
            .queueCapacityPackets(Integer.MAX_VALUE).mtu(LinkConfig.MAX_MTU).build());
    qt().withExamples(60)
        .forAll(longs().all(), cleanLinks, schedules(300))
        .checkAssert((seed, config, schedule) -> {
          VirtualClock clock = new VirtualClock();
          SimulatedNetwork network = new SimulatedNetwork(seed, clock, config);
          Map<String, List<Integer>> received = new HashMap<>();
          NetworkAttachment[] hosts = new NetworkAttachment[ATTACHED];
          for (int i = 0; i < ATTACHED; i++) {
            int to = i;
            hosts[i] = network.attach(ADDRESSES[i], packet -> received
                .computeIfAbsent(Ipv4Address.fromBytes(packet, 12) + ">" + to,
                    key -> new ArrayList<>())
                .add(TestPackets.marker(packet)));
          }
          Map<String, List<Integer>> sent = new HashMap<>();
          int marker = 0;
          for (Send send : schedule) {
            int to = send.to() % ATTACHED;
            VirtualTimeDriver.runUntil(network, clock, clock.nanoTime() + send.gapNs());
            byte[] packet = TestPackets.ipv4(ADDRESSES[send.from()], ADDRESSES[to],
                Math.max(24, send.length()), marker);
            hosts[send.from()].send(packet, 0, packet.length);
            sent.computeIfAbsent(ADDRESSES[send.from()] + ">" + to, key -> new ArrayList<>())
                .add(marker++);
          }
          VirtualTimeDriver.runUntilIdle(network, clock);

          assertEquals(sent, received);
          assertEquals(0, network.counters().droppedTotal());
          assertEquals(schedule.size(), network.counters().delivered());
        });
  }
}
