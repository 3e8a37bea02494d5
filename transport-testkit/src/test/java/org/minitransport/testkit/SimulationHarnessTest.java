package org.minitransport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationStalledException;
import org.minitransport.core.net.pcap.PcapWriter;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.stack.HostContext;
import org.minitransport.core.stack.ProtocolHandler;
import org.minitransport.core.wire.Ipv4Packet;

class SimulationHarnessTest {

  private static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");
  private static final long MS = 1_000_000;

  private static Host.ReceivedEcho pingAndWait(Simulation sim, Ipv4Address from, Ipv4Address to) {
    Host host = sim.host(from);
    host.sendEchoRequest(sim.nowNs(), to, 1, 1, new byte[] {1, 2, 3});
    AtomicReference<Host.ReceivedEcho> echo = new AtomicReference<>();
    sim.runUntil(() -> {
      Host.ReceivedEcho received = host.pollEchoReply();
      if (received != null) {
        echo.set(received);
      }
      return echo.get() != null;
    });
    return echo.get();
  }

  @Test
  void buildsHostsOnASeededNetworkWithTheDefaultLink() {
    try (Simulation sim = SimulationHarness.builder()
        .seed(42)
        .defaultLink(LinkConfig.builder().delayNs(5 * MS).build())
        .host("10.0.0.1")
        .host(B)
        .build()) {
      assertEquals(42, sim.seed());
      assertEquals(List.of(A, B), sim.hosts().stream().map(Host::address).toList());
      assertEquals(10 * MS, pingAndWait(sim, A, B).receivedAtNs());
      assertSame(sim.network(), sim.driver().network());
      assertSame(sim.clock(), sim.driver().clock());
    }
  }

  @Test
  void perLinkConfigsOverrideTheDefaultOneDirectionAtATime() {
    try (Simulation sim = SimulationHarness.builder()
        .link(A, B, LinkConfig.builder().delayNs(20 * MS).build())
        .host(A).host(B)
        .build()) {
      long oneWayBack = LinkConfig.DEFAULT_DELAY_NS;
      assertEquals(20 * MS + oneWayBack, pingAndWait(sim, A, B).receivedAtNs());
    }
  }

  @Test
  void linkBothWaysConfiguresBothDirections() {
    try (Simulation sim = SimulationHarness.builder()
        .linkBothWays(A, B, LinkConfig.builder().delayNs(3 * MS).build())
        .host(A).host(B)
        .build()) {
      assertEquals(6 * MS, pingAndWait(sim, A, B).receivedAtNs());
    }
  }

  @Test
  void takesHostConfigsAsGiven() {
    try (Simulation sim = SimulationHarness.builder()
        .host(HostConfig.builder(A).mtu(576).build())
        .build()) {
      assertEquals(576, sim.host(A).config().mtu());
    }
  }

  @Test
  void theSameSeedReplaysTheSameLossyRun() {
    SimulationHarness.Builder harness = SimulationHarness.builder()
        .seed(99)
        .defaultLink(LinkConfig.builder().lossProbability(0.3).jitterNs(2 * MS).build())
        .host(A).host(B);
    assertEquals(lossyRun(harness), lossyRun(harness));
    assertTrue(lossyRun(harness).contains("LOSS"), "the run should lose packets");
  }

  private static String lossyRun(SimulationHarness.Builder harness) {
    try (Simulation sim = harness.build()) {
      for (int i = 0; i < 100; i++) {
        sim.host(A).sendEchoRequest(sim.nowNs(), B, 1, i, new byte[0]);
        sim.runFor(MS);
      }
      sim.runUntilIdle();
      return sim.host(A).counters() + " / " + sim.network().counters();
    }
  }

  @Test
  void runClosesTheSimulationAfterTheBody() {
    AtomicReference<Simulation> seen = new AtomicReference<>();
    SimulationHarness.builder().host(A).run(seen::set);
    assertTrue(seen.get().host(A).isClosed());
  }

  @Test
  void aFailingBodyIsReportedWithItsSeedAndReplayFlag() {
    AssertionError error = assertThrows(AssertionError.class, () -> SimulationHarness.builder()
        .seed(1234)
        .host(A)
        .run(sim -> {
          throw new AssertionError("expected 3 replies");
        }));
    assertTrue(error.getMessage().contains("seed 1234"), error.getMessage());
    assertTrue(error.getMessage().contains("-Dminitransport.seed=1234"), error.getMessage());
    assertTrue(error.getMessage().contains("expected 3 replies"), error.getMessage());
  }

  @Test
  void aLivelockStallsWithinTheBudgetAndIsReportedWithTheSeed() {
    ProtocolHandler rearmsForever = new ProtocolHandler() {
      private long deadlineNs = MS;

      @Override
      public int protocolNumber() {
        return 17;
      }

      @Override
      public void attach(HostContext context) {}

      @Override
      public void handlePacket(long nowNs, Ipv4Packet packet) {}

      @Override
      public void handleTimeout(long nowNs) {
        deadlineNs = nowNs + MS;
      }

      @Override
      public long pollTimeoutNs() {
        return deadlineNs;
      }
    };
    AssertionError error = assertThrows(AssertionError.class, () -> SimulationHarness.builder()
        .seed(5)
        .maxSteps(25)
        .host(A)
        .run(sim -> {
          sim.host(A).register(rearmsForever);
          sim.runUntilIdle();
        }));
    assertTrue(error.getMessage().contains("seed 5"), error.getMessage());
    SimulationStalledException stall =
        assertInstanceOf(SimulationStalledException.class, error.getCause());
    assertTrue(stall.getMessage().contains("within 25 steps"), stall.getMessage());
  }

  @Test
  void withoutASeedItPicksOneHonouringTheReplayProperty() {
    String previous = System.getProperty(Seeds.PROPERTY);
    System.setProperty(Seeds.PROPERTY, "31337");
    try {
      AtomicLong seed = new AtomicLong();
      SimulationHarness.builder().host(A).run(sim -> seed.set(sim.seed()));
      assertEquals(31337, seed.get());
    } finally {
      if (previous == null) {
        System.clearProperty(Seeds.PROPERTY);
      } else {
        System.setProperty(Seeds.PROPERTY, previous);
      }
    }
  }

  @Test
  void capturesEveryPacketSentToAPcapFileInVirtualTime(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ping.pcap");
    SimulationHarness.builder()
        .defaultLink(LinkConfig.builder().delayNs(5 * MS).build())
        .host(A).host(B)
        .capturePcap(file)
        .run(sim -> {
          assertEquals(file, sim.pcapPath().orElseThrow());
          assertNotNull(pingAndWait(sim, A, B));
        });

    ByteBuffer pcap = ByteBuffer.wrap(Files.readAllBytes(file));
    assertEquals(PcapWriter.MAGIC, pcap.getInt(0));
    assertEquals(PcapWriter.LINKTYPE_RAW, pcap.getInt(20));
    int packetLength = 20 + 8 + 3;
    assertEquals(24 + 2 * (16 + packetLength), pcap.capacity(), "request and reply");
    int secondRecord = 24 + 16 + packetLength;
    assertEquals(0, pcap.getInt(24 + 4), "request sent at 0 µs");
    assertEquals(5_000, pcap.getInt(secondRecord + 4), "reply sent at 5 ms, in µs");
  }

  @Test
  void refusesTwoHostsAtOneAddress() {
    SimulationHarness.Builder harness = SimulationHarness.builder().host(A);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> harness.host(A));
    assertTrue(e.getMessage().contains("10.0.0.1"), e.getMessage());
  }

  @Test
  void anUnknownHostIsNamedWithTheHostsThereAre() {
    try (Simulation sim = SimulationHarness.builder().host(A).build()) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> sim.host("10.9.9.9"));
      assertTrue(e.getMessage().contains("10.9.9.9"), e.getMessage());
      assertTrue(e.getMessage().contains("10.0.0.1"), e.getMessage());
    }
  }

  @Test
  void closeIsIdempotent() {
    Simulation sim = SimulationHarness.builder().host(A).build();
    sim.close();
    sim.close();
    assertTrue(sim.host(A).isClosed());
  }

  @Test
  void rejectsAStepBudgetBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> SimulationHarness.builder().maxSteps(0));
  }
}
