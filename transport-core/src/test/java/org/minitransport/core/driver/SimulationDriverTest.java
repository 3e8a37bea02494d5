package org.minitransport.core.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.sim.GilbertElliottLoss;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.stack.RecordingProtocolHandler;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.core.wire.IcmpMessage;
import org.minitransport.core.wire.IpProtocol;

class SimulationDriverTest {

  private static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");
  private static final long MS = 1_000_000;
  private static final LinkConfig FIVE_MS = LinkConfig.builder().delayNs(5 * MS).build();

  private VirtualClock clock;
  private SimulatedNetwork network;
  private SimulationDriver driver;
  private Host hostA;
  private Host hostB;

  @BeforeEach
  void setUp() {
    clock = new VirtualClock();
    network = new SimulatedNetwork(1, clock, FIVE_MS);
    driver = new SimulationDriver(network, clock);
    hostA = driver.addHost(HostConfig.of(A));
    hostB = driver.addHost(HostConfig.of(B));
  }

  @Nested
  class Ping {

    @Test
    void theReplyArrivesAfterExactlyTwoOneWayDelays() {
      byte[] data = {1, 2, 3};
      hostA.sendEchoRequest(driver.nowNs(), B, 77, 1, data);

      List<Host.ReceivedEcho> echoes = new ArrayList<>();
      assertTrue(driver.runUntil(() -> drainEchoes(hostA, echoes) > 0));

      assertEquals(1, echoes.size());
      Host.ReceivedEcho echo = echoes.get(0);
      assertEquals(10 * MS, echo.receivedAtNs());
      assertEquals(10 * MS, driver.nowNs());
      assertEquals(B, echo.from());
      assertEquals(new IcmpMessage.EchoReply(77, 1, data), echo.reply());
      assertEquals(2, driver.totalSteps());
    }

    @Test
    void runUntilIdleStopsOnceNothingIsInFlight() {
      hostA.sendEchoRequest(0, B, 1, 1, new byte[0]);
      driver.runUntilIdle();

      assertEquals(10 * MS, driver.nowNs());
      assertEquals(0, network.pendingCount());
      assertNotNull(hostA.pollEchoReply());
      assertFalse(driver.step(), "idle: nothing left to do");
      assertEquals(10 * MS, driver.nowNs(), "an idle step does not move time");
    }

    @Test
    void anUnknownProtocolComesBackAsProtocolUnreachableToTheSendersHandler() {
      RecordingProtocolHandler udpAtA = new RecordingProtocolHandler(IpProtocol.UDP.number());
      hostA.register(udpAtA);
      udpAtA.send(B, new byte[] {0, 1, 0, 2, 0, 8, 0, 0});
      driver.runUntilIdle();

      assertEquals(1, udpAtA.unreachables.size());
      assertEquals(IcmpMessage.DestinationUnreachable.CODE_PROTOCOL_UNREACHABLE,
          udpAtA.unreachables.get(0).code());
      assertEquals(10 * MS, udpAtA.unreachables.get(0).nowNs());
    }
  }

  @Nested
  class RunFor {

    @Test
    void advancesTheClockExactlyEvenWhenIdle() {
      driver.runFor(3 * MS + 7);
      assertEquals(3 * MS + 7, driver.nowNs());
      driver.runFor(0);
      assertEquals(3 * MS + 7, driver.nowNs());
    }

    @Test
    void processesDeadlinesUpToAndIncludingTheEndAndNoLater() {
      hostA.sendEchoRequest(0, B, 1, 1, new byte[0]);

      driver.runFor(7 * MS);
      assertEquals(7 * MS, driver.nowNs());
      assertEquals(1, hostB.counters().received(), "the request arrived at 5 ms");
      assertNull(hostA.pollEchoReply(), "the reply is still in flight");

      driver.runFor(3 * MS);
      assertEquals(10 * MS, driver.nowNs());
      assertEquals(10 * MS, hostA.pollEchoReply().receivedAtNs(), "due exactly at the end");
    }

    @Test
    void rejectsANegativeDuration() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> driver.runFor(-1));
      assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }
  }

  @Nested
  class Timers {

    @Test
    void aHandlerTimerFiresAtItsDeadline() {
      RecordingProtocolHandler handler = new RecordingProtocolHandler(IpProtocol.UDP.number());
      hostB.register(handler);
      handler.timeoutNs = 7 * MS;
      handler.onTimeout = () -> handler.timeoutNs = Long.MAX_VALUE;

      driver.runUntilIdle();

      assertEquals(List.of(7 * MS), handler.timeouts);
      assertEquals(7 * MS, driver.nowNs());
    }

    @Test
    void aTimerThatReArmsForeverStallsWithTheBudgetInTheMessage() {
      RecordingProtocolHandler handler = new RecordingProtocolHandler(IpProtocol.UDP.number());
      hostA.register(handler);
      handler.timeoutNs = MS;
      handler.rearmEveryNs = MS;
      driver.setMaxSteps(100);

      SimulationStalledException e =
          assertThrows(SimulationStalledException.class, driver::runUntilIdle);
      assertTrue(e.getMessage().contains("within 100 steps"), e.getMessage());
      assertTrue(e.getMessage().contains("waiting for idle"), e.getMessage());
      assertEquals(100, handler.timeouts.size());
    }

    @Test
    void aTimerStuckInThePastStallsInsteadOfHanging() {
      RecordingProtocolHandler handler = new RecordingProtocolHandler(IpProtocol.UDP.number());
      hostA.register(handler);
      handler.timeoutNs = 0; // always due, never moves: time cannot advance
      driver.setMaxSteps(50);

      SimulationStalledException e =
          assertThrows(SimulationStalledException.class, () -> driver.runUntil(() -> false));
      assertTrue(e.getMessage().contains("within 50 steps"), e.getMessage());
      assertThrows(SimulationStalledException.class, () -> driver.runFor(MS));
    }

    @Test
    void aRunThatNeedsExactlyTheBudgetSucceeds() {
      hostA.sendEchoRequest(0, B, 1, 1, new byte[0]);
      driver.setMaxSteps(2); // request out and reply back: two steps

      driver.runUntilIdle();

      assertNotNull(hostA.pollEchoReply());
    }

    @Test
    void runUntilReportsIdleBeforeTheCondition() {
      assertFalse(driver.runUntil(() -> false));
      assertTrue(driver.runUntil(() -> true));
    }

    @Test
    void rejectsABudgetBelowOne() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> driver.setMaxSteps(0));
      assertTrue(e.getMessage().contains("max steps 0"), e.getMessage());
    }
  }

  @Nested
  class Determinism {

    private String run(long seed) {
      VirtualClock runClock = new VirtualClock();
      LinkConfig lossy = LinkConfig.builder()
          .delayNs(2 * MS).jitterNs(3 * MS)
          .lossProbability(0.2)
          .burstLoss(GilbertElliottLoss.fromAverageLoss(0.1, 3))
          .duplicationProbability(0.1)
          .reordering(0.1, 4 * MS)
          .corruption(0.05, 3)
          .build();
      SimulatedNetwork runNetwork = new SimulatedNetwork(seed, runClock, lossy);
      try (SimulationDriver run = new SimulationDriver(runNetwork, runClock)) {
        Host a = run.addHost(HostConfig.of(A));
        Host b = run.addHost(HostConfig.of(B));
        for (int i = 0; i < 200; i++) {
          a.sendEchoRequest(run.nowNs(), B, 1, i, new byte[] {(byte) i});
          b.sendEchoRequest(run.nowNs(), A, 2, i, new byte[] {(byte) i});
          run.runFor(MS);
        }
        run.runUntilIdle();
        List<Long> replyTimes = new ArrayList<>();
        for (Host.ReceivedEcho echo = a.pollEchoReply(); echo != null; echo = a.pollEchoReply()) {
          replyTimes.add(echo.receivedAtNs());
        }
        return "A " + a.counters() + "\nB " + b.counters() + "\nnet " + runNetwork.counters()
            + "\nreplies at A " + replyTimes;
      }
    }

    @Test
    void theSameSeedGivesIdenticalCounters() {
      String first = run(1234);
      assertEquals(first, run(1234));
      assertTrue(first.contains("LOSS"), "the run should actually lose packets: " + first);
    }

    @Test
    void anotherSeedGivesAnotherRun() {
      assertNotEquals(run(1234), run(5678));
    }
  }

  @Nested
  class Hosts {

    @Test
    void aHostsMtuIsCappedByItsAttachment() {
      VirtualClock c = new VirtualClock();
      SimulatedNetwork small = new SimulatedNetwork(1, c, LinkConfig.builder().mtu(576).build());
      SimulationDriver d = new SimulationDriver(small, c);
      assertEquals(576, d.addHost(HostConfig.of(A)).config().mtu());
      assertEquals(100, d.addHost(HostConfig.builder(B).mtu(100).build()).config().mtu());
    }

    @Test
    void refusesASecondHostAtTheSameAddress() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> driver.addHost(HostConfig.of(A)));
      assertTrue(e.getMessage().contains("10.0.0.1"), e.getMessage());
    }

    @Test
    void listsHostsInTheOrderAdded() {
      assertEquals(List.of(hostA, hostB), driver.hosts());
      assertEquals(network, driver.network());
      assertEquals(clock, driver.clock());
    }

    @Test
    void theExecutorRunsCommandsInlineAtVirtualTime() throws Exception {
      clock.advanceTo(42);
      HostExecutor executor = driver.executor();
      assertTrue(executor.inHostThread());
      assertEquals(42, executor.nowNs());
      List<String> ran = new ArrayList<>();
      executor.execute(() -> ran.add("ran"));
      assertEquals(List.of("ran"), ran);
      assertEquals("result", executor.call(() -> "result"));
    }

    @Test
    void closeClosesEveryHostAndDetachesIt() {
      RecordingProtocolHandler handler = new RecordingProtocolHandler(IpProtocol.UDP.number());
      hostA.register(handler);
      driver.runFor(4 * MS);

      driver.close();

      assertEquals(List.of(4 * MS), handler.closes);
      assertTrue(hostA.isClosed());
      assertTrue(hostB.isClosed());
      // Detached: the addresses are free again.
      assertNotNull(network.attach(A, packet -> {}));
    }

    @Test
    void hostsCanAttachThroughADecoratorThatCapturesEveryPacket() throws Exception {
      VirtualClock c = new VirtualClock();
      SimulatedNetwork net = new SimulatedNetwork(1, c, FIVE_MS);
      java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
      org.minitransport.core.net.pcap.PcapWriter pcap =
          new org.minitransport.core.net.pcap.PcapWriter(file);
      org.minitransport.core.net.pcap.CapturingNetwork capturing =
          new org.minitransport.core.net.pcap.CapturingNetwork(net, c, pcap);
      SimulationDriver d = new SimulationDriver(net, c, capturing);
      Host a = d.addHost(HostConfig.of(A));
      d.addHost(HostConfig.of(B));

      a.sendEchoRequest(0, B, 1, 1, new byte[4]);
      d.runUntilIdle();
      pcap.flush();

      int pingBytes = 20 + 8 + 4;
      assertEquals(24 + 2 * (16 + pingBytes), file.size(), "file header plus request and reply");
      assertNotNull(a.pollEchoReply());
    }

    @Test
    void commandsBetweenStepsAreSentByTheNextStep() {
      driver.runFor(MS);
      hostA.sendEchoRequest(driver.nowNs(), B, 5, 5, new byte[] {5});
      assertEquals(0, network.pendingCount());
      driver.step();
      assertEquals(6 * MS, driver.nowNs());
      assertEquals(1, hostB.counters().received());
      assertArrayEquals(new byte[] {5}, drainFirst(hostA, driver));
    }
  }

  private static byte[] drainFirst(Host host, SimulationDriver driver) {
    List<Host.ReceivedEcho> echoes = new ArrayList<>();
    driver.runUntil(() -> drainEchoes(host, echoes) > 0);
    return echoes.get(0).reply().data();
  }

  private static int drainEchoes(Host host, List<Host.ReceivedEcho> into) {
    for (Host.ReceivedEcho echo = host.pollEchoReply(); echo != null; echo = host.pollEchoReply()) {
      into.add(echo);
    }
    return into.size();
  }
}
