package org.minitransport.tcp.socket;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.tcp.TcpState;

/**
 * The blocking socket API over two hosts on real-time event loops and a lossless simulated
 * network: java.net semantics for connect, accept, streams, timeouts, half-close, close and
 * abort.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpSocketTest {

  private static final Endpoint SERVER = Endpoint.of("10.0.0.2", 8080);

  private RealTimeHosts hosts;
  private TcpService client;
  private TcpService server;

  @BeforeEach
  void startHosts() throws IOException {
    hosts = RealTimeHosts.simulated(7, LinkConfig.DEFAULT, 2, FastTimers.config());
    client = hosts.tcp(1);
    server = hosts.tcp(2);
  }

  @AfterEach
  void stopHosts() {
    hosts.close();
    assertEquals(0, hosts.loopFailures(), "unexpected exceptions on the event loops");
  }

  /** A connected pair: [0] the client's socket, [1] the server's accepted socket. */
  private TcpSocket[] connectedPair() throws IOException {
    try (TcpServerSocket listener = server.listen(SERVER, 4)) {
      TcpSocket near = client.connect(SERVER);
      TcpSocket far = listener.accept();
      return new TcpSocket[] {near, far};
    }
  }

  private static CompletableFuture<Integer> readInBackground(TcpSocket socket) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return socket.getInputStream().read(new byte[16]);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /** Echoes 64-byte messages on {@code socket} until the peer's FIN, then closes it. */
  private static CompletableFuture<Void> echo64ByteMessages(TcpSocket socket) {
    return CompletableFuture.runAsync(() -> {
      try {
        byte[] message;
        while ((message = socket.getInputStream().readNBytes(64)).length == 64) {
          socket.getOutputStream().write(message);
        }
        socket.close();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> future.get(10, TimeUnit.SECONDS));
    Throwable cause = e.getCause();
    return cause instanceof java.io.UncheckedIOException u ? u.getCause() : cause;
  }

  @Nested
  class Connecting {

    @Test
    void connectsAndMovesBytesBothWays() throws Exception {
      TcpSocket[] pair = connectedPair();
      byte[] request = "hello over tcp-lite".getBytes();
      pair[0].getOutputStream().write(request);
      assertArrayEquals(request, pair[1].getInputStream().readNBytes(request.length));
      pair[1].getOutputStream().write(new byte[] {1, 2, 3});
      assertArrayEquals(new byte[] {1, 2, 3}, pair[0].getInputStream().readNBytes(3));
      assertEquals(SERVER, pair[0].remoteEndpoint());
      assertEquals(pair[0].localEndpoint(), pair[1].remoteEndpoint());
      assertEquals(TcpState.ESTABLISHED, pair[0].state());
      pair[0].close();
      pair[1].close();
    }

    @Test
    void connectToAClosedPortIsRefused() {
      ConnectException e = assertThrows(ConnectException.class,
          () -> client.connect(Endpoint.of("10.0.0.2", 9)));
      assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }

    @Test
    void connectToAnAddressNobodyHoldsTimesOutAfterTheSynRetries() throws Exception {
      TcpSocket socket = client.socket();
      ConnectException e = assertThrows(ConnectException.class,
          () -> socket.connect(Endpoint.of("10.0.0.99", 80)));
      assertTrue(e.getMessage().contains("timed out"), e.getMessage());
      assertTrue(socket.isClosed(), "a socket whose connect failed is closed");
      Eventually.await("port release", Duration.ofSeconds(5), () -> hosts.tcpPorts(1) == 0);
    }

    @Test
    void connectTimeoutOfTheCallerIsASocketTimeout() throws Exception {
      TcpSocket socket = client.socket();
      socket.setConfig(FastTimers.builder().synRetries(50).build());
      assertThrows(SocketTimeoutException.class,
          () -> socket.connect(Endpoint.of("10.0.0.99", 80), 100));
      Eventually.await("port release", Duration.ofSeconds(5), () -> hosts.tcpPorts(1) == 0);
    }

    @Test
    void optionsAreFixedOnceConnected() throws Exception {
      TcpSocket socket = client.socket();
      socket.setTcpNoDelay(true);
      socket.setReceiveBufferSize(8192);
      socket.setSendBufferSize(4096);
      socket.setKeepAlive(true);
      try (TcpServerSocket listener = server.listen(SERVER, 1)) {
        socket.connect(SERVER);
        assertTrue(socket.getTcpNoDelay());
        assertEquals(8192, socket.getReceiveBufferSize());
        assertEquals(4096, socket.getSendBufferSize());
        assertTrue(socket.getKeepAlive());
        assertThrows(SocketException.class, () -> socket.setTcpNoDelay(false));
        listener.accept().close();
      }
      socket.close();
    }

    @Test
    void clientMayChooseItsLocalPort() throws Exception {
      try (TcpServerSocket listener = server.listen(SERVER, 1)) {
        TcpSocket socket = client.socket();
        socket.bind(Endpoint.of("0.0.0.0", 40_000));
        socket.connect(SERVER);
        assertEquals(Endpoint.of("10.0.0.1", 40_000), socket.localEndpoint());
        TcpSocket accepted = listener.accept();
        assertEquals(Endpoint.of("10.0.0.1", 40_000), accepted.remoteEndpoint());
        socket.close();
        accepted.close();
      }
    }
  }

  @Nested
  class Listening {

    @Test
    void aPortInUseIsABindException() throws Exception {
      try (TcpServerSocket first = server.listen(SERVER, 1)) {
        BindException e = assertThrows(BindException.class, () -> server.listen(SERVER, 1));
        assertTrue(e.getMessage().contains("8080"), e.getMessage());
      }
      server.listen(SERVER, 1).close(); // closing freed it
    }

    @Test
    void portZeroPicksAnEphemeralPort() throws Exception {
      try (TcpServerSocket listener = server.listen(Endpoint.of("0.0.0.0", 0), 1)) {
        int port = listener.localEndpoint().port();
        assertTrue(port >= 49_152, "ephemeral port " + port);
        TcpSocket socket = client.connect(Endpoint.of("10.0.0.2", port));
        listener.accept().close();
        socket.close();
      }
    }

    @Test
    void acceptTimesOutAndStaysUsable() throws Exception {
      try (TcpServerSocket listener = server.listen(SERVER, 1)) {
        listener.setSoTimeout(50);
        assertThrows(SocketTimeoutException.class, listener::accept);
        // Usable again; a generous timeout now, since a loaded machine may take longer than 50 ms
        // to complete the handshake on the listener's side.
        listener.setSoTimeout(30_000);
        TcpSocket socket = client.connect(SERVER);
        TcpSocket accepted = listener.accept();
        assertEquals(socket.localEndpoint(), accepted.remoteEndpoint());
        socket.close();
        accepted.close();
      }
    }

    @Test
    void closeWakesAThreadBlockedInAccept() throws Exception {
      TcpServerSocket listener = server.listen(SERVER, 1);
      CompletableFuture<TcpSocket> accepting = CompletableFuture.supplyAsync(() -> {
        try {
          return listener.accept();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      assertThrows(TimeoutException.class, () -> accepting.get(50, TimeUnit.MILLISECONDS));
      listener.close();
      assertTrue(failureOf(accepting) instanceof SocketException);
      assertThrows(ConnectException.class, () -> client.connect(SERVER));
    }
  }

  @Nested
  class Streams {

    @Test
    void readTimesOutAndStaysUsable() throws Exception {
      TcpSocket[] pair = connectedPair();
      pair[1].setSoTimeout(50);
      InputStream in = pair[1].getInputStream();
      assertThrows(SocketTimeoutException.class, () -> in.read());
      pair[1].setSoTimeout(30_000); // the byte may take longer than 50 ms on a loaded machine
      pair[0].getOutputStream().write(42);
      assertEquals(42, in.read());
      pair[0].close();
      pair[1].close();
    }

    @Test
    void halfCloseEndsOneDirectionWhileTheOtherFlows() throws Exception {
      TcpSocket[] pair = connectedPair();
      pair[0].getOutputStream().write(new byte[] {7, 8});
      pair[0].shutdownOutput();
      assertThrows(SocketException.class, () -> pair[0].getOutputStream().write(1));
      assertArrayEquals(new byte[] {7, 8}, pair[1].getInputStream().readAllBytes());
      byte[] reply = new byte[100_000];
      new Random(3).nextBytes(reply);
      pair[1].getOutputStream().write(reply);
      pair[1].close();
      assertArrayEquals(reply, pair[0].getInputStream().readAllBytes());
      pair[0].close();
    }

    @Test
    void shutdownInputMakesReadsReturnEndOfStream() throws Exception {
      TcpSocket[] pair = connectedPair();
      pair[0].shutdownInput();
      assertEquals(-1, pair[0].getInputStream().read());
      byte[] ignored = new byte[300_000];
      pair[1].getOutputStream().write(ignored); // more than the window: discarded as it arrives
      pair[1].shutdownOutput();
      pair[0].getOutputStream().write(5);
      assertEquals(5, pair[1].getInputStream().read());
      pair[0].close();
      pair[1].close();
    }

    @Test
    void writeBlocksWhileTheSendBufferIsFullAndResumesAsThePeerReads() throws Exception {
      try (TcpServerSocket listener = server.listen(SERVER, 1)) {
        TcpSocket near = client.socket();
        near.setSendBufferSize(4096);
        near.connect(SERVER);
        TcpSocket far = listener.accept();
        byte[] data = new byte[1_000_000]; // far more than the peer's window plus our buffer
        new Random(5).nextBytes(data);
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
          try {
            near.getOutputStream().write(data);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        assertThrows(TimeoutException.class, () -> writing.get(200, TimeUnit.MILLISECONDS),
            "the write must block while nobody reads");
        assertArrayEquals(data, far.getInputStream().readNBytes(data.length));
        writing.get(10, TimeUnit.SECONDS);
        near.close();
        far.close();
      }
    }

    @Test
    void closeWakesAThreadBlockedInRead() throws Exception {
      TcpSocket[] pair = connectedPair();
      CompletableFuture<Integer> reading = readInBackground(pair[0]);
      assertThrows(TimeoutException.class, () -> reading.get(50, TimeUnit.MILLISECONDS));
      pair[0].close();
      Throwable failure = failureOf(reading);
      assertTrue(failure instanceof SocketException, String.valueOf(failure));
      assertEquals(-1, pair[1].getInputStream().read(), "the peer sees a clean end of stream");
      pair[1].close();
    }
  }

  @Nested
  class Failures {

    @Test
    void peerAbortMidStreamFailsReadAndWriteWithReset() throws Exception {
      TcpSocket[] pair = connectedPair();
      pair[1].getOutputStream().write(new byte[1000]);
      assertEquals(1000, pair[0].getInputStream().readNBytes(1000).length);
      CompletableFuture<Integer> reading = readInBackground(pair[0]);
      pair[1].abort();
      Throwable failure = failureOf(reading);
      assertTrue(failure instanceof SocketException && failure.getMessage().contains("reset"),
          String.valueOf(failure));
      SocketException onWrite = assertThrows(SocketException.class,
          () -> pair[0].getOutputStream().write(1));
      assertTrue(onWrite.getMessage().contains("reset"), onWrite.getMessage());
      pair[0].close();
    }

    @Test
    void closeWithUnreadBytesResetsThePeer() throws Exception {
      TcpSocket[] pair = connectedPair();
      pair[0].getOutputStream().write(new byte[10]);
      assertEquals(0, pair[0].getInputStream().available());
      Eventually.await("bytes arriving", Duration.ofSeconds(5),
          () -> pair[1].getInputStream().available() == 10);
      pair[1].close(); // ten bytes never read
      SocketException e = assertThrows(SocketException.class,
          () -> pair[0].getInputStream().read());
      assertTrue(e.getMessage().contains("reset"), e.getMessage());
    }

    @Test
    void everyCallAfterCloseFails() throws Exception {
      TcpSocket[] pair = connectedPair();
      pair[0].close();
      assertThrows(SocketException.class, () -> pair[0].getInputStream());
      assertThrows(SocketException.class, () -> pair[0].setSoTimeout(1));
      pair[0].close(); // idempotent
      assertTrue(pair[0].isClosed());
      pair[1].close();
    }

    @Test
    void blockingOnTheHostThreadIsRefused() throws Exception {
      TcpSocket[] pair = connectedPair();
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> hosts.loop(1).submit(() -> pair[0].getInputStream().read()).get());
      assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
      pair[0].close();
      pair[1].close();
    }

    @Test
    void hostShutdownWakesBlockedReadersAndRefusesNewWork() throws Exception {
      TcpSocket[] pair = connectedPair();
      CompletableFuture<Integer> reading = readInBackground(pair[0]);
      assertThrows(TimeoutException.class, () -> reading.get(50, TimeUnit.MILLISECONDS));
      hosts.loop(1).close();
      assertTrue(failureOf(reading) instanceof SocketException);
      assertThrows(SocketException.class, () -> client.connect(SERVER));
      assertNotEquals(Thread.State.RUNNABLE, hosts.loop(1).thread().getState());
      assertFalse(hosts.loop(1).thread().isAlive());
    }
  }

  /** Finding 14: urgent data through the blocking API, as java.net.Socket with OOBInline. */
  @Nested
  class UrgentData {

    @Test
    void sendUrgentDataArrivesInlineAndTheReaderCanTellWhenItIsAtTheMark() throws Exception {
      TcpSocket[] pair = connectedPair();
      try (TcpSocket near = pair[0]; TcpSocket far = pair[1]) {
        near.getOutputStream().write("hello".getBytes(US_ASCII));
        near.sendUrgentData(0x100 | '!'); // the low eight bits, as java.net.Socket
        near.getOutputStream().write("after".getBytes(US_ASCII));
        near.shutdownOutput();
        Eventually.await("the urgent pointer arrives", Duration.ofSeconds(10),
            () -> far.urgentBytesPending() == 6);
        InputStream in = far.getInputStream();
        assertEquals("hello", new String(in.readNBytes(5), US_ASCII));
        assertTrue(far.isAtUrgentMark(), "the next byte is the urgent one");
        assertEquals('!', in.read());
        assertFalse(far.isAtUrgentMark());
        assertEquals(0, far.urgentBytesPending());
        assertEquals("after", new String(in.readAllBytes(), US_ASCII));
      }
    }
  }

  /** Busy polling ({@code EventLoop#setBusyPolling}): a waiting reader reads the host's input. */
  @Nested
  class BusyPolling {

    @Test
    void aRequestResponseExchangeIsIntactWhenTheReadersPollForTheirReplies() throws Exception {
      // A link without delay, so a reply comes within the reader's spin, where it polls.
      try (RealTimeHosts fast = RealTimeHosts.simulated(7, LinkConfig.builder().delayNs(0).build(),
          2, FastTimers.builder().noDelay(true).build())) {
        fast.loop(1).setBusyPolling(true);
        fast.loop(2).setBusyPolling(true);
        TcpSocket near;
        TcpSocket far;
        try (TcpServerSocket listener = fast.tcp(2).listen(SERVER, 1)) {
          near = fast.tcp(1).connect(SERVER);
          far = listener.accept();
        }
        CompletableFuture<Void> echo = echo64ByteMessages(far);
        // Which thread reads a reply is a race, so exchange until some came by polling.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int exchanges = 0;
        while ((polledByCallers(fast) == 0 || exchanges < 50) && System.nanoTime() < deadline) {
          byte[] request = new byte[64];
          java.util.Arrays.fill(request, (byte) exchanges);
          request[0] = (byte) (exchanges >> 8);
          near.getOutputStream().write(request);
          assertArrayEquals(request, near.getInputStream().readNBytes(64),
              "exchange " + exchanges);
          exchanges++;
        }
        assertTrue(polledByCallers(fast) > 0,
            "no segment was read by a polling reader in " + exchanges + " exchanges");
        near.shutdownOutput();
        echo.get(10, TimeUnit.SECONDS);
        near.close();
        assertEquals(0, fast.loopFailures());
      }
    }

    private long polledByCallers(RealTimeHosts fast) {
      return fast.loop(1).packetsPolledByCallers() + fast.loop(2).packetsPolledByCallers();
    }
  }

  /**
   * Over the UDP network, where a blocking socket's small read waits on the host's socket itself
   * ({@code EventLoop#awaitArrivals}, on by default): what it reads, what wakes it, what ends it.
   */
  @Nested
  class CallerWaits {

    private RealTimeHosts udp;
    private TcpSocket near;
    private TcpSocket far;

    @BeforeEach
    void connect() throws Exception {
      int base = org.minitransport.core.net.udp.LoopbackPorts.freeBaseFor(2);
      udp = RealTimeHosts.on(new org.minitransport.core.net.udp.UdpNetwork(
          org.minitransport.core.net.udp.UdpRouteTable.parse(
              "10.0.0.0/24=127.0.0.1:" + base + "+")),
          2, FastTimers.builder().noDelay(true).build());
      assertTrue(udp.loop(1).callerWaits() && udp.loop(2).callerWaits(), "on by default");
      try (TcpServerSocket listener = udp.tcp(2).listen(SERVER, 1)) {
        near = udp.tcp(1).connect(SERVER);
        far = listener.accept();
      }
    }

    @AfterEach
    void closeHosts() {
      udp.close();
    }

    private long readByCallers(int i) {
      return udp.loop(i).packetsPolledByCallers();
    }

    private boolean aCallerWaitsOn(int i) {
      return udp.loop(i).callerWaitingForArrivals();
    }

    /** Waits (spinning, 10 s at most) until a reader on host 1 waits on its socket. */
    private void awaitTheReaderWaitingOnTheSocket() {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!aCallerWaitsOn(1)) {
        assertTrue(System.nanoTime() - deadline < 0, "the reader never waited on the socket");
        Thread.onSpinWait();
      }
    }

    @Test
    void aRequestResponseExchangeIsIntactAndTheReadersReadTheSegmentsThemselves()
        throws Exception {
      CompletableFuture<Void> echo = echo64ByteMessages(far);
      // At least 200 exchanges, and on until each reader has read 50 segments itself: the loop
      // reads those that come while it still watches the socket (after a pause of over the
      // lease, which a loaded machine makes more of).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      for (int exchange = 0; exchange < 200 || (readByCallers(1) < 50 || readByCallers(2) < 50)
          && System.nanoTime() - deadline < 0; exchange++) {
        byte[] request = new byte[64];
        java.util.Arrays.fill(request, (byte) exchange);
        request[0] = (byte) (exchange >> 8);
        near.getOutputStream().write(request);
        assertArrayEquals(request, near.getInputStream().readNBytes(64), "exchange " + exchange);
      }
      near.shutdownOutput();
      echo.get(10, TimeUnit.SECONDS);
      assertEquals(-1, near.getInputStream().read(), "the echo's FIN");
      assertTrue(readByCallers(1) >= 50, "the reader read only " + readByCallers(1) + " itself");
      assertTrue(readByCallers(2) >= 50, "the echo's reader read only " + readByCallers(2));
      assertEquals(0, udp.loopFailures());
    }

    @Test
    void aBulkTransferReadInSmallPiecesArrivesIntact() throws Exception {
      byte[] data = new byte[2_000_000];
      new Random(11).nextBytes(data);
      CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
        try {
          far.getOutputStream().write(data);
          far.shutdownOutput();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
      byte[] piece = new byte[4096]; // small reads: the reader waits on the socket for each
      for (int n; (n = near.getInputStream().read(piece)) >= 0; ) {
        received.write(piece, 0, n);
      }
      writing.get(10, TimeUnit.SECONDS);
      assertArrayEquals(data, received.toByteArray());
      assertTrue(udp.loop(1).packetsPolledByCallers() > 0, "the reader read segments itself");
      assertEquals(0, udp.loopFailures());
    }

    @Test
    void closeFromAnotherThreadWakesAReaderWaitingOnTheSocket() throws Exception {
      CompletableFuture<Integer> reading = readInBackground(near);
      awaitTheReaderWaitingOnTheSocket();
      near.close();
      Throwable failure = failureOf(reading);
      assertTrue(failure instanceof SocketException, String.valueOf(failure));
      assertEquals(-1, far.getInputStream().read(), "the peer sees a clean end of stream");
    }

    @Test
    void aResetArrivingForAReaderWaitingOnTheSocketEndsItsRead() throws Exception {
      CompletableFuture<Integer> reading = readInBackground(near);
      awaitTheReaderWaitingOnTheSocket();
      far.abort();
      Throwable failure = failureOf(reading);
      assertTrue(failure instanceof SocketException && failure.getMessage().contains("reset"),
          String.valueOf(failure));
    }

    @Test
    void aReadTimeoutEndsTheWaitAndLosesNothing() throws Exception {
      near.setSoTimeout(50);
      SocketTimeoutException timeout = assertThrows(SocketTimeoutException.class,
          () -> near.getInputStream().read(new byte[16]));
      assertTrue(timeout.getMessage().contains("50 ms"), timeout.getMessage());
      far.getOutputStream().write(new byte[] {1, 2, 3});
      assertArrayEquals(new byte[] {1, 2, 3}, near.getInputStream().readNBytes(3));
      assertFalse(aCallerWaitsOn(1), "the reader let go of the socket");
    }
  }
}
