package org.minitransport.tcp.socket;

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
import org.minitransport.core.net.udp.LoopbackPorts;
import org.minitransport.core.net.udp.UdpNetwork;
import org.minitransport.core.net.udp.UdpRouteTable;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpCounters;
import org.minitransport.tcp.TcpState;

/**
 * Many concurrent sessions between two hosts, one event-loop thread each, through the
 * non-blocking API: every session moves a random amount of data each way (0-32 KiB, seeded) and
 * both ends check SHA-256 digests. Then every port is released.
 *
 * <p>Sizes: 1 000 sessions over the simulated network and over UDP loopback; 3 000 over UDP with
 * {@code -Dminitransport.soak=true}. A thousand simultaneous sessions overflow the kernel's UDP
 * receive buffers in bursts, so the UDP run also exercises recovery from bursty loss (it once
 * exposed an ACK war between two senders that had both gone back to SND.UNA after a timeout).
 * A failure lists every connection that did not finish, both ends.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentSessionsTest {

  private static final boolean SOAK = Boolean.getBoolean("minitransport.soak");
  private static final int SIMULATED_SESSIONS = 1_000;
  private static final int UDP_SESSIONS = SOAK ? 3_000 : 1_000;
  private static final int MAX_BYTES = 32 * 1024;
  // Seven SYN retries (about 4.5 s with backoff up to FastTimers' 1 s ceiling): a burst of a
  // thousand handshakes overflows the kernel's UDP receive buffers on loopback, and three retries
  // (0.75 s) are not always enough.
  private static final TcpConfig CONFIG = FastTimers.builder().synRetries(7)
      .msl(Duration.ofSeconds(1))
      .sendBufferBytes(32 * 1024).receiveBufferBytes(32 * 1024).build();
  // Over UDP, a thousand sessions overflow the kernel's UDP buffers in bursts, so a FIN may need
  // several retransmissions. TIME-WAIT (2·MSL) must outlast the peer's last FIN retransmission:
  // if it does not, that FIN draws a RST, and a RST before our FIN is acknowledged is a failure
  // (the peer may never have read our end of stream), although here the data did arrive. (Over
  // the simulated network too, once the machine is loaded: see FastTimers' RTO ceiling.)
  private static final TcpConfig UDP_CONFIG = CONFIG.toBuilder().msl(Duration.ofSeconds(5))
      .build();

  @Test
  void sessionsOverTheSimulatedNetworkWithOnePercentLossAllVerify() throws Exception {
    LinkConfig lossy = LinkConfig.builder().delayNs(500_000).lossProbability(0.01).build();
    try (RealTimeHosts hosts = RealTimeHosts.simulated(11, lossy, 2, CONFIG)) {
      exchange(hosts, 11, SIMULATED_SESSIONS, CONFIG);
    }
  }

  @Test
  void sessionsOverTheUdpNetworkOnLoopbackAllVerify() throws Exception {
    int base = LoopbackPorts.freeBaseFor(2);
    UdpNetwork network = new UdpNetwork(UdpRouteTable.parse("10.0.0.0/24=127.0.0.1:" + base + "+"));
    try (RealTimeHosts hosts = RealTimeHosts.on(network, 2, UDP_CONFIG)) {
      exchange(hosts, 12, UDP_SESSIONS, UDP_CONFIG);
    }
  }

  /** The engine's view of client sessions that have not finished, for the failure message. */
  private static List<String> stuck(RealTimeHosts hosts, List<CompletableFuture<TcpSession>> all)
      throws Exception {
    return hosts.loop(1).call(() -> all.stream().map(CompletableFuture::join)
        .filter(s -> !s.isFinished()).limit(5)
        .map(s -> s + " " + s.state() + " readable " + s.bytesReadable() + " capacity "
            + s.sendCapacity() + " unacked " + s.bytesUnacknowledged() + " inputFinished "
            + s.isInputFinished())
        .toList());
  }

  private static String describe(TcpCounters c) {
    return "opens " + c.activeOpens() + "/" + c.passiveOpens() + " fails " + c.attemptFails()
        + " resets " + c.establishedResets() + " rst-out " + c.outResets() + " retx "
        + c.retransmittedSegments() + " listen-drops " + c.listenDrops();
  }

  private static void exchange(RealTimeHosts hosts, long seed, int sessions, TcpConfig config)
      throws Exception {
    ExchangeHandlers handlers = new ExchangeHandlers(sessions);
    TcpAcceptor acceptor = hosts.tcp(2).listen(Endpoint.of("0.0.0.0", 5000), sessions,
        handlers::server);
    Random random = new Random(seed);
    List<CompletableFuture<TcpSession>> connects = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      byte[] payload = ExchangeHandlers.randomBytes(random.nextLong(), random.nextInt(MAX_BYTES));
      TcpHandler client = handlers.client(payload, random.nextInt(MAX_BYTES), random.nextLong());
      connects.add(hosts.tcp(1).connect(Endpoint.of("10.0.0.2", 5000), config, client));
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
    if (!allChecked) {
      diagnosis += "; stuck clients: " + stuck(hosts, connects) + "; server side: "
          + hosts.loop(2).call(() -> hosts.tcp(2).endpoint().connections().stream()
              .filter(c -> c.state() != TcpState.TIME_WAIT).limit(5)
              .map(c -> c + " readable " + c.bytesReadable() + " unacked "
                  + c.bytesUnacknowledged() + " finished " + c.isInputFinished() + " rto "
                  + c.retransmissionTimeoutNs() + " timeout " + (c.pollTimeoutNs()
                  - hosts.loop(2).nowNs()) + " " + c.negotiatedOptions())
              .toList());
    }
    assertTrue(allChecked, "unchecked sessions: " + handlers.verified.getCount() + "; " + diagnosis);
    assertEquals(0, handlers.problems.size(), diagnosis);
    assertTrue(handlers.finished.await(60, TimeUnit.SECONDS),
        "sessions never closed: " + handlers.finished.getCount());
    assertEquals(List.of(), handlers.problems.stream().limit(10).toList());
    acceptor.close();
    Eventually.await("ports released", Duration.ofSeconds(10),
        () -> hosts.tcpPorts(1) == 0 && hosts.tcpPorts(2) == 0);
    assertEquals(0, hosts.loopFailures());
  }
}
