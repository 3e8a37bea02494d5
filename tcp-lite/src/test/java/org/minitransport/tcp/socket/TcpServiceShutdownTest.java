package org.minitransport.tcp.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.net.sim.TraceEvent;
import org.minitransport.core.time.NanoClock;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Packet;
import org.minitransport.tcp.RtoSettings;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpState;
import org.minitransport.tcp.wire.TcpPacket;

/**
 * {@link TcpService#shutdown}: a host whose process ends closes its connections as a kernel does
 * (FIN, or RST where received bytes were never read) and lingers, boundedly, until the closing
 * handshakes are done, so that no RST follows a completed close.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpServiceShutdownTest {

  private static final Endpoint SERVER = Endpoint.of("10.0.0.2", 9000);
  private static final Ipv4Address CLIENT_ADDRESS = Ipv4Address.parse("10.0.0.1");
  private static final Duration LINGER = Duration.ofSeconds(5);

  /**
   * FastTimers, but with RFC 6298's 1 s RTO floor. These tests check that no RST follows a clean
   * close, and a spurious retransmission of the last FIN would draw one rightly: the LAST-ACK
   * side keeps no state once its FIN is acknowledged (RFC 9293 §3.10.7.4), the TIME-WAIT side
   * acknowledges the duplicate FIN, and that second ACK finds a closed port, which answers with
   * RST (§3.10.7.1), as Linux does. With a 20 ms floor a loaded machine's scheduling delay made
   * the FIN's retransmission fire before its ACK arrived; with 1 s it takes a 1 s stall.
   */
  private static final TcpConfig TIMERS = FastTimers.builder()
      .rto(RtoSettings.rfc6298()
          .withMinRto(FastTimers.MAX_RTO)
          .withInitialRto(FastTimers.MAX_RTO)
          .withMaxRto(FastTimers.MAX_RTO))
      .build();

  private final List<String> sentByClient = new CopyOnWriteArrayList<>();
  private SimulatedNetwork network;
  private RealTimeHosts hosts;
  private TcpService client;
  private TcpService server;

  @BeforeEach
  void startHosts() throws IOException {
    network = new SimulatedNetwork(5, NanoClock.system(),
        LinkConfig.builder().delayNs(2_000_000).build());
    network.setTraceListener(this::recordClientSegment);
    network.startRealTime();
    hosts = RealTimeHosts.on(network, 2, TIMERS);
    client = hosts.tcp(1);
    server = hosts.tcp(2);
  }

  @AfterEach
  void stopHosts() {
    hosts.close();
    assertEquals(0, hosts.loopFailures(), "unexpected exceptions on the event loops");
  }

  /** Records the flags of every TCP segment 10.0.0.1 sends: "SYN", "ACK", "FIN ACK", "RST"... */
  private void recordClientSegment(TraceEvent event) {
    if (event.kind() != TraceEvent.Kind.SENT || !event.from().equals(CLIENT_ADDRESS)) {
      return;
    }
    try {
      byte[] bytes = event.packet();
      Ipv4Packet ip = Ipv4Packet.check(bytes, 0, bytes.length);
      if (ip.protocol() != IpProtocol.TCP.number()) {
        return;
      }
      TcpPacket tcp = TcpPacket.check(bytes, ip.payloadOffset(), ip.payloadLength(),
          ip.source(), ip.destination());
      sentByClient.add(tcp.rst() ? "RST" : tcp.fin() ? "FIN" : "other");
    } catch (DecodeException e) {
      sentByClient.add("undecodable");
    }
  }

  private TcpSocket[] connectedPair() throws IOException {
    try (TcpServerSocket listener = server.listen(SERVER, 4)) {
      TcpSocket near = client.connect(SERVER);
      return new TcpSocket[] {near, listener.accept()};
    }
  }

  /** Reads {@code socket} to its end in the background: the text, or the failure. */
  private static CompletableFuture<String> readToEnd(TcpSocket socket) {
    return CompletableFuture.supplyAsync(() -> {
      try (InputStream in = socket.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @Test
  void sendsFinAfterQueuedBytesAndWaitsForThePeersClose() throws Exception {
    TcpSocket[] pair = connectedPair();
    pair[0].getOutputStream().write("last words".getBytes(StandardCharsets.UTF_8));
    CompletableFuture<String> peerReads = readToEnd(pair[1]);
    // The peer closes once it has read our end of stream, as servers do.
    CompletableFuture<Void> peerCloses = peerReads.thenRun(pair[1]::close);

    assertTrue(client.shutdown(LINGER), "every closing handshake finished within the linger");

    assertEquals("last words", peerReads.get(10, TimeUnit.SECONDS));
    peerCloses.get(10, TimeUnit.SECONDS);
    assertTrue(sentByClient.contains("FIN"), sentByClient.toString());
    assertFalse(sentByClient.contains("RST"), "no reset after a clean close: " + sentByClient);
  }

  @Test
  void infoCountsTheDataBytesAcknowledgedWithoutTheSynOrTheFin() throws Exception {
    TcpSocket[] pair = connectedPair();
    assertEquals(0, pair[0].info().bytesAcknowledged());
    pair[0].getOutputStream().write(new byte[5000]);
    pair[0].shutdownOutput();
    assertEquals(5000, pair[1].getInputStream().readAllBytes().length);
    Eventually.await("our FIN acknowledged", Duration.ofSeconds(10),
        () -> pair[0].info().state() == TcpState.FIN_WAIT_2);
    assertEquals(5000, pair[0].info().bytesAcknowledged());
    assertEquals(0, pair[0].info().bytesUnacknowledged());
  }

  @Test
  void aClosePeerStartedIsAnsweredAndItsLastAckAwaited() throws Exception {
    TcpSocket[] pair = connectedPair();
    pair[1].close(); // the server finishes first, as an HTTP/1.0 server does
    assertEquals(-1, pair[0].getInputStream().read(), "the client reads the server's FIN");

    // The application exits without closing its socket: the shutdown closes it (LAST-ACK) and
    // waits for the server's ACK instead of resetting the connection as the process goes.
    assertTrue(client.shutdown(LINGER));

    assertEquals(0, client.connectionCount(), "LAST-ACK ended in CLOSED, not in a reset");
    assertFalse(sentByClient.contains("RST"), sentByClient.toString());
  }

  @Test
  void withoutShutdownTheHostsEndResetsAConnectionInLastAck() throws Exception {
    // The behaviour shutdown() exists to prevent: closing the loop at once aborts the connection.
    TcpSocket[] pair = connectedPair();
    pair[1].close();
    assertEquals(-1, pair[0].getInputStream().read());
    pair[0].close(); // FIN; the server's ACK is still on its way when the host goes
    hosts.loop(1).close();
    assertTrue(sentByClient.contains("RST"), sentByClient.toString());
  }

  @Test
  void resetsAConnectionWhoseReceivedBytesWereNeverRead() throws Exception {
    TcpSocket[] pair = connectedPair();
    pair[1].getOutputStream().write("unread".getBytes(StandardCharsets.UTF_8));
    awaitReadable(pair[0], 6);
    CompletableFuture<String> peerReads = readToEnd(pair[1]);

    client.shutdown(LINGER);

    ExecutionException e = assertThrows(ExecutionException.class,
        () -> peerReads.get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause().getCause() instanceof SocketException, e.toString());
    assertTrue(e.getCause().getMessage().contains("Connection reset"), e.getCause().getMessage());
    assertTrue(sentByClient.contains("RST"), sentByClient.toString());
  }

  @Test
  void wakesABlockedReaderWithSocketClosed() throws Exception {
    TcpSocket[] pair = connectedPair();
    CompletableFuture<String> blocked = readToEnd(pair[0]);
    CompletableFuture<String> peerReads = readToEnd(pair[1]);
    peerReads.thenRun(pair[1]::close);

    assertTrue(client.shutdown(LINGER));

    ExecutionException e = assertThrows(ExecutionException.class,
        () -> blocked.get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("Socket closed"), e.getCause().getMessage());
    assertTrue(pair[0].isClosed());
  }

  @Test
  void aNonBlockingSessionHearsOnClosedAfterACleanClose() throws Exception {
    CompletableFuture<IOException> closed = new CompletableFuture<>();
    TcpAcceptor acceptor = server.listen(SERVER, 4, () -> new TcpHandler() {
      private final byte[] buffer = new byte[64];

      @Override
      public void onReadable(TcpSession session) {
        try {
          while (session.read(buffer) > 0) {
            // discard
          }
          if (session.isInputFinished()) {
            session.close();
          }
        } catch (IOException e) {
          session.abort();
        }
      }
    });
    client.connect(SERVER, new TcpHandler() {
      @Override
      public void onClosed(TcpSession session, IOException failure) {
        closed.complete(failure);
      }
    }).get(10, TimeUnit.SECONDS);

    assertTrue(client.shutdown(LINGER));

    assertEquals(null, closed.get(10, TimeUnit.SECONDS), "a clean close, no failure");
    assertFalse(sentByClient.contains("RST"), sentByClient.toString());
    acceptor.close();
  }

  @Test
  void aVanishedPeerCostsAtMostTheLingerAndIsThenReset() throws Exception {
    TcpSocket[] pair = connectedPair();
    // The server's machine goes away: nothing it would send arrives any more, and nothing reaches it.
    LinkConfig blackHole = LinkConfig.builder().lossProbability(1.0).build();
    network.setLinkBothWays(CLIENT_ADDRESS, SERVER.address(), blackHole);
    long startNs = System.nanoTime();

    assertFalse(client.shutdown(Duration.ofMillis(300)), "the FIN is never acknowledged");

    long tookMs = (System.nanoTime() - startNs) / 1_000_000;
    assertTrue(tookMs < 5_000, "bounded by the linger, took " + tookMs + " ms");
    assertEquals(0, client.connectionCount(), "what was left open was reset");
    assertTrue(sentByClient.contains("RST"), sentByClient.toString());
    assertTrue(pair[0].isClosed());
  }

  @Test
  void closesListenersAndRefusesNewConnections() throws Exception {
    TcpServerSocket listener = client.listen(Endpoint.of("0.0.0.0", 9100), 4);
    CompletableFuture<TcpSocket> accepting = CompletableFuture.supplyAsync(() -> {
      try {
        return listener.accept();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });

    assertTrue(client.shutdown(LINGER));

    ExecutionException blockedAccept = assertThrows(ExecutionException.class,
        () -> accepting.get(10, TimeUnit.SECONDS));
    assertTrue(blockedAccept.getCause().getMessage().contains("closed"),
        blockedAccept.getCause().getMessage());
    assertThrows(ConnectException.class, () -> server.connect(Endpoint.of("10.0.0.1", 9100)),
        "the port is closed: a SYN to it is refused");
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> client.connect(SERVER, new TcpHandler() { }).get(10, TimeUnit.SECONDS));
    assertTrue(refused.getCause().getMessage().contains("shutting down"),
        refused.getCause().getMessage());
  }

  private static void awaitReadable(TcpSocket socket, int bytes) throws Exception {
    Eventually.await(bytes + " bytes readable", Duration.ofSeconds(10),
        () -> socket.info().bytesReadable() >= bytes);
  }
}
