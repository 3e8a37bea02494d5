package org.minitransport.demo.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.TcpEndpoint;
import org.minitransport.tcp.TcpListener;
import org.minitransport.tcp.TcpState;

class DeadPeerTimeoutTest {

  private static final TcpConfig BASE = TcpConfig.defaults(); // initial RTO 1 s
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long SECOND_NS = 1_000_000_000L;

  @Nested
  class Settings {

    @Test
    void theUserTimeoutIsTheTimeout() {
      assertEquals(TIMEOUT.toNanos(), DeadPeerTimeout.tcpConfig(BASE, TIMEOUT).userTimeoutNs());
    }

    @Test
    void keepAliveIsOnWithItsLastProbeDueAtTheTimeout() {
      TcpConfig config = DeadPeerTimeout.tcpConfig(BASE, TIMEOUT);
      assertTrue(config.keepAlive());
      assertEquals(15 * SECOND_NS, config.keepAliveIdleNs());
      assertEquals(5 * SECOND_NS, config.keepAliveIntervalNs());
      assertEquals(TIMEOUT.toNanos(),
          config.keepAliveIdleNs() + config.keepAliveProbes() * config.keepAliveIntervalNs());
    }

    @Test
    void thirtySecondsOfSynsIsFourRetransmissionsFromTheInitialRto() {
      // 1 + 2 + 4 + 8 + 16 = 31 s; one more doubling would make it 63 s.
      assertEquals(4, DeadPeerTimeout.tcpConfig(BASE, TIMEOUT).synRetriesBeforeAbort());
    }

    @Test
    void keepsEveryOtherSetting() {
      TcpConfig base = TcpConfig.builder().noDelay(true).sendBufferBytes(64 * 1024).build();
      TcpConfig config = DeadPeerTimeout.tcpConfig(base, Duration.ofSeconds(10));
      assertTrue(config.noDelay());
      assertEquals(64 * 1024, config.sendBufferBytes());
      assertEquals(base.retriesBeforeAbort(), config.retriesBeforeAbort());
    }

    @Test
    void theShortestTimeoutTheCommandLineAcceptsIsValid() {
      TcpConfig config = DeadPeerTimeout.tcpConfig(BASE, Duration.ofMillis(1));
      assertEquals(1_000_000, config.userTimeoutNs());
      assertTrue(config.keepAliveIdleNs() > 0 && config.keepAliveIntervalNs() > 0);
    }
  }

  /** Two tcp-lite hosts in virtual time, both with the settings for a 30 s timeout. */
  @Nested
  class AgainstAPeer {

    private static final Ipv4Address CLIENT = Ipv4Address.parse("10.0.0.1");
    private static final Ipv4Address SERVER = Ipv4Address.parse("10.0.0.2");

    private final VirtualClock clock = new VirtualClock();
    private static final long RTT_NS = 20_000_000;

    private final SimulatedNetwork network = new SimulatedNetwork(1, clock,
        LinkConfig.builder().delayNs(RTT_NS / 2).build());
    private final SimulationDriver sim = new SimulationDriver(network, clock);
    private final TcpConfig config = DeadPeerTimeout.tcpConfig(BASE, TIMEOUT);
    private final TcpEndpoint clientTcp =
        TcpEndpoint.install(sim.addHost(HostConfig.of(CLIENT)), config, 1, 2);
    private final TcpEndpoint serverTcp =
        TcpEndpoint.install(sim.addHost(HostConfig.of(SERVER)), config, 3, 4);
    private TcpConnection client;
    private TcpConnection server;

    private void connect() throws Exception {
      TcpListener listener = serverTcp.listen(new Endpoint(Ipv4Address.ANY, 7000), 4, false);
      client = clientTcp.connect(sim.nowNs(), null, new Endpoint(SERVER, 7000), null);
      sim.runUntil(() -> listener.pendingAccepts() > 0);
      server = serverTcp.accept(listener);
      sim.runUntil(() -> client.state() == TcpState.ESTABLISHED);
    }

    /** From now on nothing crosses between the two hosts: the server vanished. */
    private void serverVanishes() {
      network.setLinkBothWays(CLIENT, SERVER, LinkConfig.builder().lossProbability(1.0).build());
    }

    @Test
    void anIdleConnectionToALivePeerStaysUpBecauseItsProbesAreAnswered() throws Exception {
      connect();

      sim.runFor(10 * TIMEOUT.toNanos());

      assertEquals(TcpState.ESTABLISHED, client.state());
      assertEquals(TcpState.ESTABLISHED, server.state());
    }

    @Test
    void anIdleConnectionNoticesAVanishedPeerAtTheTimeout() throws Exception {
      connect();
      long vanishedNs = sim.nowNs(); // the client last heard the server at most an RTT before
      serverVanishes();

      sim.runUntil(() -> client.state() == TcpState.CLOSED);

      assertEquals(Optional.of(TcpConnection.Failure.TIMED_OUT), client.failure());
      long tookNs = sim.nowNs() - vanishedNs;
      assertTrue(tookNs >= TIMEOUT.toNanos() - RTT_NS && tookNs <= TIMEOUT.toNanos() + SECOND_NS,
          "gave up after " + tookNs / 1e9 + " s");
    }

    @Test
    void unacknowledgedDataNoticesAVanishedPeerAtTheTimeoutWhateverTheRto() throws Exception {
      connect();
      serverVanishes();
      long sentNs = sim.nowNs();
      client.write(sentNs, new byte[1000], 0, 1000);
      clientTcp.flush(sentNs, client);

      sim.runUntil(() -> client.state() == TcpState.CLOSED);

      assertEquals(Optional.of(TcpConnection.Failure.TIMED_OUT), client.failure());
      long tookNs = sim.nowNs() - sentNs;
      assertTrue(tookNs >= TIMEOUT.toNanos() && tookNs <= TIMEOUT.toNanos() + SECOND_NS,
          "gave up after " + tookNs / 1e9 + " s");
    }
  }
}
