package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.tcp.TcpConnection.Failure;
import org.minitransport.testkit.Simulation;
import org.minitransport.testkit.SimulationHarness;
import org.minitransport.testkit.TsharkVerdict;

/**
 * tshark as an outside judge of the engine: representative conversations (handshake and close,
 * a bulk transfer under loss, reordering and duplication, a zero window, a half-close, resets)
 * run between two tcp-lite hosts on a {@code SimulationHarness} simulation with a capture,
 * which writes every packet sent to {@code target/tshark/*.pcap}. tshark must verify every IPv4
 * and TCP checksum, find nothing malformed and raise no error (TCP-analysis warnings such as
 * "zero window" or "connection reset" are the point of some captures and are allowed), and must
 * see what each scenario is about (a display filter has to match).
 */
class TcpEngineCaptureTsharkTest {

  private static final Path CAPTURES =
      Path.of(System.getProperty("basedir", "."), "target", "tshark");
  /** A port no Wireshark dissector claims, so payloads stay plain "data". */
  private static final int PORT = 17_001;
  private static final long MS = 1_000_000L;

  @BeforeAll
  static void needsTshark() {
    assumeTrue(TsharkVerdict.locate().isPresent(), TsharkVerdict.INSTALL_HINT);
  }

  /** One side's application: writes its bytes, reads (unless paused), shuts down when told. */
  private static final class App {
    final TcpEndpoint tcp;
    TcpConnection connection;
    byte[] toSend = new byte[0];
    int sent;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    boolean reading = true;
    boolean shutdownWhenSent;
    boolean shutdownOnEof;

    App(TcpEndpoint tcp) {
      this.tcp = tcp;
    }

    void act(long now) {
      if (connection == null || connection.state() == TcpState.CLOSED) {
        return;
      }
      if (reading) {
        byte[] buffer = new byte[8192];
        for (int n = connection.read(now, buffer, 0, buffer.length); n > 0;
            n = connection.read(now, buffer, 0, buffer.length)) {
          received.write(buffer, 0, n);
        }
      }
      if (!connection.isOutputShutdown() && sent < toSend.length) {
        sent += connection.write(now, toSend, sent, toSend.length - sent);
      }
      boolean eof = connection.isInputFinished();
      if (!connection.isOutputShutdown() && sent == toSend.length
          && (shutdownWhenSent || (shutdownOnEof && eof))) {
        connection.shutdownOutput(now);
      }
      tcp.flush(now, connection);
    }
  }

  /** A client and a server host, captured to {@code name}. */
  private static final class Conversation implements AutoCloseable {
    final Path pcap;
    final Simulation sim;
    final App client;
    final App server;
    final TcpListener listener;

    Conversation(String name, LinkConfig link, TcpConfig clientConfig, TcpConfig serverConfig)
        throws Exception {
      pcap = CAPTURES.resolve(name);
      Files.createDirectories(CAPTURES);
      sim = SimulationHarness.builder().seed(42).defaultLink(link).host(TwoHosts.CLIENT)
          .host(TwoHosts.SERVER).maxSteps(1_000_000).capturePcap(pcap).build();
      TcpEndpoint clientTcp = TcpEndpoint.install(sim.host(TwoHosts.CLIENT), clientConfig, 1, 2);
      TcpEndpoint serverTcp = TcpEndpoint.install(sim.host(TwoHosts.SERVER), serverConfig, 3, 4);
      client = new App(clientTcp);
      server = new App(serverTcp);
      listener = serverTcp.listen(Endpoint.of("0.0.0.0", PORT), 4, false);
    }

    void connect() throws Exception {
      client.connection = client.tcp.connect(sim.nowNs(), null,
          new Endpoint(TwoHosts.SERVER, PORT), null);
    }

    boolean runUntil(java.util.function.BooleanSupplier done) {
      return sim.runUntil(() -> {
        if (server.connection == null) {
          server.connection = server.tcp.accept(listener);
        }
        client.act(sim.nowNs());
        server.act(sim.nowNs());
        return done.getAsBoolean();
      });
    }

    boolean bothClosed() {
      return client.connection.state() == TcpState.CLOSED && server.connection != null
          && server.connection.state() == TcpState.CLOSED;
    }

    @Override
    public void close() throws Exception {
      sim.close();
    }
  }

  private static TcpConfig.Builder config() {
    return TcpConfig.builder().msl(Duration.ofSeconds(1));
  }

  private static void judge(Path pcap, String... mustMatch) throws Exception {
    TsharkVerdict verdict = TsharkVerdict.judge(pcap);
    assertTrue(verdict.frames().size() > 0, "empty capture " + pcap);
    for (TsharkVerdict.Frame frame : verdict.frames()) {
      assertTrue(frame.protocols().equals("raw:ip:tcp")
              || frame.protocols().equals("raw:ip:tcp:data"),
          "frame " + frame.number() + " of " + pcap + " is " + frame.protocols());
    }
    assertEquals(List.of(), verdict.problemsBesidesTcpAnalysis(), "tshark on " + pcap);
    assertEquals(List.of(), verdict.checksumProblems(), "checksums in " + pcap);
    for (String filter : mustMatch) {
      assertTrue(TsharkVerdict.count(pcap, filter) > 0,
          "tshark finds no frame matching \"" + filter + "\" in " + pcap);
    }
  }

  @Test
  void handshakeExchangeAndClose() throws Exception {
    try (Conversation c = new Conversation("handshake-and-close.pcap",
        LinkConfig.builder().delayNs(5 * MS).build(), config().build(), config().build())) {
      c.client.toSend = ConnectionFixture.bytes(300, 1);
      c.client.shutdownWhenSent = true;
      c.server.toSend = ConnectionFixture.bytes(500, 2);
      c.server.shutdownOnEof = true;
      c.connect();
      assertTrue(c.runUntil(c::bothClosed));
      c.sim.runUntilIdle();
      assertArrayEquals(c.client.toSend, c.server.received.toByteArray());
      assertArrayEquals(c.server.toSend, c.client.received.toByteArray());
      c.close();
      judge(c.pcap, "tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.options.mss_val == 1460",
          "tcp.flags.syn == 1 && tcp.flags.ack == 1 && tcp.options.wscale.shift",
          "tcp.options.sack_perm", "tcp.options.timestamp.tsval", "tcp.flags.fin == 1");
      assertEquals(2, TsharkVerdict.count(c.pcap, "tcp.flags.fin == 1"));
    }
  }

  @Test
  void bulkTransferUnderLossReorderingAndDuplication() throws Exception {
    LinkConfig lossy = LinkConfig.builder().delayNs(10 * MS).jitterNs(2 * MS)
        .lossProbability(0.04).reordering(0.03, 15 * MS).duplicationProbability(0.02)
        .bandwidthBitsPerSecond(50_000_000).queueCapacityPackets(64).build();
    try (Conversation c = new Conversation("bulk-with-loss.pcap", lossy, config().build(),
        config().build())) {
      c.client.toSend = ConnectionFixture.bytes(300_000, 7);
      c.client.shutdownWhenSent = true;
      c.server.shutdownOnEof = true;
      c.connect();
      assertTrue(c.runUntil(c::bothClosed));
      assertArrayEquals(c.client.toSend, c.server.received.toByteArray());
      assertTrue(c.client.connection.retransmittedSegments() > 0);
      c.close();
      judge(c.pcap, "tcp.analysis.retransmission || tcp.analysis.fast_retransmission",
          "tcp.options.sack_le", "tcp.analysis.duplicate_ack");
    }
  }

  @Test
  void zeroWindowProbesAndWindowUpdate() throws Exception {
    TcpConfig smallReceiver = config().receiveBufferBytes(4096).build();
    try (Conversation c = new Conversation("zero-window.pcap",
        LinkConfig.builder().delayNs(5 * MS).build(), config().build(), smallReceiver)) {
      c.client.toSend = ConnectionFixture.bytes(40_000, 8);
      c.client.shutdownWhenSent = true;
      c.server.shutdownOnEof = true;
      c.server.reading = false;
      c.connect();
      c.runUntil(() -> c.sim.nowNs() > 5_000 * MS);
      assertEquals(0, c.server.received.size());
      assertEquals(4096, c.server.connection.bytesReadable(), "the receive buffer is full");
      c.server.reading = true;
      assertTrue(c.runUntil(c::bothClosed));
      assertArrayEquals(c.client.toSend, c.server.received.toByteArray());
      c.close();
      judge(c.pcap, "tcp.analysis.zero_window", "tcp.window_size == 0",
          "tcp.analysis.window_update");
    }
  }

  @Test
  void halfCloseThenTheServerKeepsSending() throws Exception {
    try (Conversation c = new Conversation("half-close.pcap",
        LinkConfig.builder().delayNs(5 * MS).build(), config().build(), config().build())) {
      c.client.toSend = "GET /big".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      c.client.shutdownWhenSent = true;
      c.server.toSend = ConnectionFixture.bytes(60_000, 9);
      c.server.shutdownOnEof = true;
      c.connect();
      assertTrue(c.runUntil(() -> c.client.connection.state() == TcpState.FIN_WAIT_2));
      assertTrue(c.runUntil(c::bothClosed));
      assertArrayEquals(c.server.toSend, c.client.received.toByteArray());
      c.close();
      judge(c.pcap, "tcp.flags.fin == 1 && tcp.srcport != 17001",
          "tcp.len > 0 && tcp.srcport == 17001");
    }
  }

  @Test
  void resetsForAClosedPortAndForAnAbort() throws Exception {
    try (Conversation c = new Conversation("resets.pcap",
        LinkConfig.builder().delayNs(5 * MS).build(), config().build(), config().build())) {
      TcpConnection refused = c.client.tcp.connect(c.sim.nowNs(), null,
          new Endpoint(TwoHosts.SERVER, 9), null);
      c.sim.runUntil(() -> refused.state() == TcpState.CLOSED);
      assertEquals(Optional.of(Failure.REFUSED), refused.failure());
      c.client.toSend = ConnectionFixture.bytes(1000, 3);
      c.connect();
      assertTrue(c.runUntil(() -> c.server.received.size() == 1000));
      c.client.connection.abort(c.sim.nowNs());
      c.client.tcp.flush(c.sim.nowNs(), c.client.connection);
      assertTrue(c.runUntil(() -> c.server.connection.state() == TcpState.CLOSED));
      assertEquals(Optional.of(Failure.RESET), c.server.connection.failure());
      c.close();
      judge(c.pcap, "tcp.flags.reset == 1 && tcp.flags.ack == 1 && tcp.srcport == 9",
          "tcp.flags.reset == 1 && tcp.flags.ack == 0");
      assertEquals(2, TsharkVerdict.count(c.pcap, "tcp.flags.reset == 1"));
    }
  }
}
