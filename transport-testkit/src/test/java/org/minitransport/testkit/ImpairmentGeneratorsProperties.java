package org.minitransport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.TrafficCounters;
import org.minitransport.core.net.sim.GilbertElliottLoss;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostCounters;

class ImpairmentGeneratorsProperties {

  private static final long MS = 1_000_000;

  private static void assertBetween(String what, double min, double max, double value) {
    assertTrue(value >= min && value <= max, what + " " + value + " is outside " + min + "-" + max);
  }

  @Test
  void noneHasOnlyADelay() {
    qt().withExamples(200).forAll(ImpairmentGenerators.none()).checkAssert(link -> {
      assertEquals(LinkConfig.DEFAULT.toBuilder().delayNs(link.delayNs()).build(), link);
      assertBetween("delay", 0.1 * MS, 50 * MS, link.delayNs());
    });
  }

  @Test
  void mildStaysInItsDocumentedRanges() {
    qt().withExamples(300).forAll(ImpairmentGenerators.mild()).checkAssert(link -> {
      assertBetween("delay", MS, 50 * MS, link.delayNs());
      assertBetween("jitter", 0, 2 * MS, link.jitterNs());
      assertBetween("loss", 0, 0.02, link.lossProbability());
      assertEquals(GilbertElliottLoss.NONE, link.burstLoss());
      assertBetween("duplication", 0, 0.01, link.duplicationProbability());
      assertBetween("reordering", 0, 0.02, link.reorderProbability());
      assertBetween("reorder delay", MS, 20 * MS, link.reorderDelayNs());
      assertEquals(0, link.corruptionProbability());
      assertEquals(1500, link.mtu());
      if (link.bandwidthBitsPerSecond() != 0) {
        assertBetween("bandwidth", 10e6, 1e9, link.bandwidthBitsPerSecond());
        assertBetween("queue", 100, 1_000, link.queueCapacityPackets());
      }
    });
  }

  @Test
  void harshStaysInItsDocumentedRanges() {
    qt().withExamples(300).forAll(ImpairmentGenerators.harsh()).checkAssert(link -> {
      assertBetween("delay", 0.5 * MS, 200 * MS, link.delayNs());
      assertBetween("jitter", 0, 20 * MS, link.jitterNs());
      assertBetween("loss", 0, 0.15, link.lossProbability());
      assertBetween("burst loss", 0, 0.15 + 1e-9, link.burstLoss().stationaryLossRate());
      assertBetween("duplication", 0, 0.10, link.duplicationProbability());
      assertBetween("reordering", 0, 0.20, link.reorderProbability());
      assertBetween("reorder delay", MS, 50 * MS, link.reorderDelayNs());
      assertBetween("corruption", 0, 0.05, link.corruptionProbability());
      assertBetween("corrupted bits", 1, 8, link.corruptionMaxBits());
      assertBetween("mtu", 576, 9_000, link.mtu());
      if (link.bandwidthBitsPerSecond() != 0) {
        assertBetween("bandwidth", 64e3, 100e6, link.bandwidthBitsPerSecond());
        assertBetween("queue", 10, 1_000, link.queueCapacityPackets());
      }
    });
  }

  @Test
  void transportFlipsOneBitAtMostAndPartitionsStayInTheirWindow() {
    ImpairmentGenerators.Profile profile =
        ImpairmentGenerators.TRANSPORT.withPartitions(3, 5_000 * MS, 100 * MS, 90_000 * MS);
    int[] partitioned = new int[1];
    qt().withExamples(300).forAll(profile.links()).checkAssert(link -> {
      assertBetween("delay", MS, 40 * MS, link.delayNs());
      assertBetween("loss", 0, 0.30, link.lossProbability());
      assertBetween("burst loss", 0, 0.30 + 1e-9, link.burstLoss().stationaryLossRate());
      assertEquals(1, link.corruptionMaxBits());
      assertBetween("mtu", 576, 9_000, link.mtu());
      assertBetween("windows", 0, 3, link.partitions().size());
      link.partitions().forEach(window -> {
        assertBetween("start", 0, 5_000 * MS, window.startNs());
        assertBetween("length", 100 * MS, 90_000 * MS, window.endNs() - window.startNs());
      });
      partitioned[0] += link.partitions().isEmpty() ? 0 : 1;
    });
    assertTrue(partitioned[0] > 100, "only " + partitioned[0] + " of 300 links had partitions");
  }

  @Test
  void harshSometimesAddsBurstsAndLimitsBandwidth() {
    int[] bursty = new int[1];
    int[] limited = new int[1];
    qt().withExamples(200).forAll(ImpairmentGenerators.harsh()).checkAssert(link -> {
      if (link.burstLoss().isActive()) {
        bursty[0]++;
      }
      if (link.bandwidthBitsPerSecond() > 0) {
        limited[0]++;
      }
    });
    assertTrue(bursty[0] > 20, "only " + bursty[0] + " of 200 links had burst loss");
    assertTrue(limited[0] > 20, "only " + limited[0] + " of 200 links had limited bandwidth");
  }

  @Test
  void hostsPingingOverAnyGeneratedLinkNeverThrowAndEveryCounterAddsUp() {
    Ipv4Address a = Ipv4Address.parse("10.0.0.1");
    Ipv4Address b = Ipv4Address.parse("10.0.0.2");
    qt().withExamples(40)
        .forAll(ImpairmentGenerators.any(), ImpairmentGenerators.seeds())
        .checkAssert((link, seed) -> {
          try (Simulation sim = SimulationHarness.builder()
              .seed(seed).defaultLink(link).host(a).host(b).maxSteps(1_000_000).build()) {
            for (int i = 0; i < 30; i++) {
              sim.host(a).sendEchoRequest(sim.nowNs(), b, 1, i, new byte[100]);
              sim.host(b).sendEchoRequest(sim.nowNs(), a, 2, i, new byte[100]);
              sim.runFor(MS);
            }
            sim.runUntilIdle();
            for (Host host : sim.hosts()) {
              HostCounters counters = host.counters();
              assertEquals(counters.received(), counters.delivered() + counters.droppedIncoming(),
                  counters.toString());
            }
            TrafficCounters network = sim.network().counters();
            assertEquals(network.sent() + network.duplicated(),
                network.delivered() + network.droppedTotal(), network.toString());
          }
        });
  }
}
