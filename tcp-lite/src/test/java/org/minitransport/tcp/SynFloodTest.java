package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.testkit.Seeds;

/**
 * A SYN flood in virtual time (issue 9, finding 13): 100,000 SYNs from spoofed sources at 2,000
 * per second against a listener with backlog 128. The SYN queue stays bounded and its half-open
 * connections hold no buffer memory; SYN cookies (RFC 4987 §3.6) let a legitimate client that
 * starts 10 s into the flood connect within one round trip, and one that starts right after the
 * flood too, although the SYN queue is still full of half-open connections then.
 */
class SynFloodTest {

  private static final int SYNS = 100_000;
  private static final long SYN_INTERVAL_NS = 500_000; // 2,000 per second
  private static final int BACKLOG = 128;
  private static final int PORT = 8080;
  private static final long RTT_NS = 20_000_000;

  @Test
  void legitimateClientsConnectDuringAndRightAfterA100kSynFloodWithinOneRoundTrip() {
    Seeds.run(seed -> {
      TwoHosts net = new TwoHosts(seed, LinkConfig.builder().delayNs(RTT_NS / 2).build(),
          TcpConfig.defaults(), TcpConfig.defaults());
      net.sim.setMaxSteps(Long.MAX_VALUE);
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), BACKLOG, false);
      Random random = new Random(seed);
      TcpConnection during = null;
      long duringStartNs = 0;
      long duringConnectedNs = -1;
      int mostHalfOpen = 0;
      int mostConnections = 0;
      for (int i = 0; i < SYNS; i++) {
        net.sim.runFor(SYN_INTERVAL_NS);
        Ipv4Address spoofed = new Ipv4Address(0x0A00_0000 | (4 + random.nextInt(0xFF_FFF0)));
        net.serverHost.handlePacket(net.now(), ForgedPackets.syn(spoofed,
            1 + random.nextInt(65_535), TwoHosts.SERVER, PORT, random.nextInt() & 0xFFFF_FFFFL));
        if (i == 20_000) { // 10 s into the flood
          duringStartNs = net.now();
          during = net.client.connect(net.now(), null, new Endpoint(TwoHosts.SERVER, PORT), null);
        }
        if (during != null && duringConnectedNs < 0 && net.server.accept(listener) != null) {
          duringConnectedNs = net.now() - duringStartNs;
        }
        mostHalfOpen = Math.max(mostHalfOpen, listener.halfOpenConnections());
        mostConnections = Math.max(mostConnections, net.server.connections().size());
        if (i % 1000 == 0) {
          assertEquals(0, net.server.bufferBytesInUse(), "half-open connections hold no buffers");
        }
      }
      assertTrue(duringConnectedNs >= 0 && duringConnectedNs <= 2 * RTT_NS,
          "a client starting 10 s into the flood is accepted within a round trip or two, not "
              + duringConnectedNs / 1e6 + " ms");
      assertEquals(TcpState.ESTABLISHED, during.state());
      assertEquals(listener.synQueueLimit(), mostHalfOpen, "the SYN queue is full, and bounded");
      assertTrue(mostConnections <= listener.synQueueLimit() + 1,
          "connection objects: the SYN queue plus the one real client, not " + mostConnections);
      assertTrue(net.server.counters().syncookiesSent() > SYNS - 2 * listener.synQueueLimit(),
          "every SYN beyond the queue got a cookie: " + net.server.counters());

      long afterStartNs = net.now();
      assertEquals(listener.synQueueLimit(), listener.halfOpenConnections(), "still full");
      TcpConnection after = net.client.connect(net.now(), null,
          new Endpoint(TwoHosts.SERVER, PORT), null);
      assertTrue(net.sim.runUntil(() -> net.server.accept(listener) != null));
      assertEquals(TcpState.ESTABLISHED, after.state());
      assertTrue(net.now() - afterStartNs <= 2 * RTT_NS, "right after the flood: "
          + (net.now() - afterStartNs) / 1e6 + " ms");
      assertEquals(2, net.server.counters().syncookiesRecv(), "both came in through cookies");
    });
  }
}
