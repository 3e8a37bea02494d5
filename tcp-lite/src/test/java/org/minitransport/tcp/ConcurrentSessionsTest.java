package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.udp.UdpNetwork;
import org.minitransport.core.net.udp.UdpRouteTable;

/**
 * Many concurrent sessions between two hosts, one event-loop thread each, through the
 * non-blocking API: every session moves a random amount of data each way (0-32 KiB, seeded) and
 * both ends check SHA-256 digests. Then every port is released. 1 000 sessions; with
 * {@code -Dminitransport.soak=true} 5 000.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentSessionsTest {

  private static final boolean SOAK = Boolean.getBoolean("minitransport.soak");
  private static final int SESSIONS = SOAK ? 5_000 : 1_000;
  private static final int MAX_BYTES = 32 * 1024;
  // Seven SYN retries (about 6 s with backoff): a burst of a thousand handshakes overflows the
  // kernel's UDP receive buffers on loopback, and three retries (0.75 s) are not always enough.
  private static final TcpConfig CONFIG = FastTimers.builder().synRetries(7)
      .sendBufferBytes(32 * 1024).receiveBufferBytes(32 * 1024).build();

  @Test
  void sessionsOverTheSimulatedNetworkWithOnePercentLossAllVerify() throws Exception {
    LinkConfig lossy = LinkConfig.builder().delayNs(500_000).lossProbability(0.01).build();
    try (RealTimeHosts hosts = RealTimeHosts.simulated(11, lossy, 2, CONFIG)) {
      exchange(hosts, 11);
    }
  }

  @Test
  void sessionsOverTheUdpNetworkOnLoopbackAllVerify() throws Exception {
    int base = LoopbackUdpPorts.freeBaseFor(2);
    UdpNetwork network = new UdpNetwork(UdpRouteTable.parse("10.0.0.0/24=127.0.0.1:" + base + "+"));
    try (RealTimeHosts hosts = RealTimeHosts.on(network, 2, CONFIG)) {
      exchange(hosts, 12);
    }
  }

  private static String describe(TcpCounters c) {
    return "opens " + c.activeOpens() + "/" + c.passiveOpens() + " fails " + c.attemptFails()
        + " resets " + c.establishedResets() + " rst-out " + c.outResets() + " retx "
        + c.retransmittedSegments() + " listen-drops " + c.listenDrops();
  }

  private static void exchange(RealTimeHosts hosts, long seed) throws Exception {
    ExchangeHandlers handlers = new ExchangeHandlers(SESSIONS);
    TcpAcceptor acceptor = hosts.tcp(2).listen(Endpoint.of("0.0.0.0", 5000), SESSIONS,
        handlers::server);
    Random random = new Random(seed);
    List<CompletableFuture<TcpSession>> connects = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      byte[] payload = ExchangeHandlers.randomBytes(random.nextLong(), random.nextInt(MAX_BYTES));
      TcpHandler client = handlers.client(payload, random.nextInt(MAX_BYTES), random.nextLong());
      connects.add(hosts.tcp(1).connect(Endpoint.of("10.0.0.2", 5000), CONFIG, client));
    }
    CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    boolean allChecked = false;
    while (!allChecked && handlers.problems.isEmpty() && System.nanoTime() < deadline) {
      allChecked = handlers.verified.await(1, TimeUnit.SECONDS);
    }
    String diagnosis = "client " + describe(hosts.tcp(1).counters()) + "; server "
        + describe(hosts.tcp(2).counters()) + "; problems (" + handlers.problems.size() + "): "
        + handlers.problems.stream().limit(5).toList();
    assertTrue(allChecked, "unchecked sessions: " + handlers.verified.getCount() + "; " + diagnosis);
    assertEquals(0, handlers.problems.size(), diagnosis);
    assertTrue(handlers.finished.await(30, TimeUnit.SECONDS),
        "sessions never closed: " + handlers.finished.getCount());
    assertEquals(List.of(), handlers.problems.stream().limit(10).toList());
    acceptor.close();
    Eventually.await("ports released", Duration.ofSeconds(10),
        () -> hosts.tcpPorts(1) == 0 && hosts.tcpPorts(2) == 0);
    assertEquals(0, hosts.loopFailures());
  }
}
