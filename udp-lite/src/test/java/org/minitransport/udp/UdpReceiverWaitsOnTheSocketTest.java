package org.minitransport.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.udp.UdpSimulation.endpoint;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minitransport.core.net.udp.UdpNetwork;
import org.minitransport.core.net.udp.UdpRouteTable;

/**
 * Over the UDP network a blocking receive waits on the host's socket itself ({@code
 * EventLoop#awaitArrivals}, on by default), and the loop stands aside: what the receiver reads,
 * what wakes it, what ends its wait.
 */
class UdpReceiverWaitsOnTheSocketTest {

  private static final long WAIT_SECONDS = 10;

  private RealTimePair pair;
  private UdpSocket receiver;
  private UdpSocket sender;

  @BeforeEach
  void start() throws IOException {
    UdpRouteTable routes = LoopbackRoutes.forHosts(2);
    pair = RealTimePair.over(new UdpNetwork(routes), new UdpNetwork(routes));
    receiver = pair.b.open(endpoint(2, 5000));
    sender = pair.a.open(endpoint(1, 6000));
  }

  @AfterEach
  void stop() {
    pair.close();
    assertTrue(pair.threadsEnded(), "event loop threads still running after close");
  }

  private void awaitWaiting() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!pair.loopB.callerWaitingForArrivals()) {
      assertTrue(System.nanoTime() - deadline < 0, "the receiver never waited on the socket");
      Thread.onSpinWait();
    }
  }

  @Test
  void requestsAndRepliesArriveIntactAndInOrderAndTheReceiversReadThemThemselves() throws Exception {
    CompletableFuture<Integer> echo = UdpSocketTest.onThread("echo", () -> {
      int echoed = 0;
      while (true) {
        ReceivedDatagram request = receiver.receive(Duration.ofSeconds(WAIT_SECONDS));
        if (request.data().length == 0) {
          return echoed;
        }
        receiver.send(request.source(), request.data());
        echoed++;
      }
    });
    // At least 300 exchanges, and on until each receiver has read 50 datagrams itself: the loop
    // reads those that come while it still watches the socket (after a pause of over the lease,
    // which a loaded machine makes more of).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    int exchanges = 0;
    for (int i = 0; i < 300 || (pair.loopA.packetsPolledByCallers() < 50
        || pair.loopB.packetsPolledByCallers() < 50) && System.nanoTime() - deadline < 0; i++) {
      exchanges++;
      byte[] request = new byte[64];
      java.util.Arrays.fill(request, (byte) i);
      request[0] = (byte) (i >> 8);
      sender.send(endpoint(2, 5000), request);
      ReceivedDatagram reply = sender.receive(Duration.ofSeconds(WAIT_SECONDS));
      assertArrayEquals(request, reply.data(), "reply " + i);
    }
    sender.send(endpoint(2, 5000), new byte[0]);
    assertEquals(exchanges, echo.get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertTrue(pair.loopB.packetsPolledByCallers() >= 50,
        "the echo read only " + pair.loopB.packetsPolledByCallers() + " requests itself");
    assertTrue(pair.loopA.packetsPolledByCallers() >= 50,
        "the client read only " + pair.loopA.packetsPolledByCallers() + " replies itself");
    assertEquals(0, pair.loopA.failures() + pair.loopB.failures());
  }

  @Test
  void aReceiveTimeoutEndsTheWaitAndLosesNothing() throws Exception {
    SocketTimeoutException timeout = assertThrows(SocketTimeoutException.class,
        () -> receiver.receive(Duration.ofMillis(20)));
    assertTrue(timeout.getMessage().contains("20 ms"), timeout.getMessage());
    sender.send(endpoint(2, 5000), UdpSocketTest.bytes("after"));
    assertArrayEquals(UdpSocketTest.bytes("after"),
        receiver.receive(Duration.ofSeconds(WAIT_SECONDS)).data());
  }

  @Test
  void closeFromAnotherThreadWakesAReceiverWaitingOnTheSocket() throws Exception {
    CompletableFuture<ReceivedDatagram> outcome = UdpSocketTest.onThread("receiver",
        () -> receiver.receive());
    awaitWaiting();
    receiver.close();
    Throwable cause = UdpSocketTest.failureOf(outcome);
    assertInstanceOf(SocketException.class, cause);
    assertEquals("Socket is closed", cause.getMessage());
  }

  @Test
  void aDatagramForAnotherSocketOnTheHostIsQueuedForItByTheWaitingReceiver() throws Exception {
    UdpSocket other = pair.b.open(endpoint(2, 5001));
    CompletableFuture<ReceivedDatagram> outcome = UdpSocketTest.onThread("receiver",
        () -> receiver.receive());
    awaitWaiting();
    sender.send(endpoint(2, 5001), UdpSocketTest.bytes("for the other"));
    assertArrayEquals(UdpSocketTest.bytes("for the other"),
        other.receive(Duration.ofSeconds(WAIT_SECONDS)).data());
    sender.send(endpoint(2, 5000), UdpSocketTest.bytes("for the waiter"));
    assertArrayEquals(UdpSocketTest.bytes("for the waiter"),
        outcome.get(WAIT_SECONDS, TimeUnit.SECONDS).data());
  }
}
