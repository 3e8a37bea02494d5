package org.minitransport.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.udp.UdpSimulation.endpoint;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minitransport.core.net.sim.LinkConfig;

/**
 * The blocking socket API with real threads: two hosts on their own event loops over the simulated
 * network in real time. Waits use futures with timeouts, never sleeps.
 */
class UdpSocketTest {

  private static final long WAIT_SECONDS = 10;

  RealTimePair pair;

  @BeforeEach
  void start() throws IOException {
    pair = RealTimePair.overSimulatedNetwork(LinkConfig.builder().delayNs(100_000).build());
  }

  @AfterEach
  void stop() {
    pair.close();
    assertTrue(pair.threadsEnded(), "event loop threads still running after close");
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Runs {@code body} on a new thread and returns its outcome as a future. */
  static <T> CompletableFuture<T> onThread(String name, java.util.concurrent.Callable<T> body) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        result.complete(body.call());
      } catch (Exception | Error e) {
        result.completeExceptionally(e);
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return result;
  }

  /** Waits (without sleeping) until {@code thread} is parked, e.g. blocked in receive. */
  static void awaitParked(Thread thread) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (thread.getState() != Thread.State.WAITING
        && thread.getState() != Thread.State.TIMED_WAITING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(thread + " never blocked; state " + thread.getState());
      }
      Thread.onSpinWait();
    }
  }

  static Throwable failureOf(CompletableFuture<?> future) throws Exception {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> future.get(WAIT_SECONDS, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void blockingReceiveReturnsTheDatagramFromAnotherHost() throws Exception {
    UdpSocket receiver = pair.b.open(endpoint(2, 5000));
    UdpSocket sender = pair.a.open(endpoint(1, 6000));
    receiver.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    sender.send(receiver.localEndpoint(), bytes("real time"));
    ReceivedDatagram got = receiver.receive();
    assertEquals(endpoint(1, 6000), got.source());
    assertArrayEquals(bytes("real time"), got.data());
  }

  @Test
  void receiveGivesUpAfterTheSoTimeout() throws Exception {
    UdpSocket receiver = pair.b.open(endpoint(2, 5000));
    receiver.setSoTimeout(30);
    assertEquals(30, receiver.getSoTimeout());
    long startNs = System.nanoTime();
    SocketTimeoutException e = assertThrows(SocketTimeoutException.class, receiver::receive);
    assertTrue(System.nanoTime() - startNs >= TimeUnit.MILLISECONDS.toNanos(30));
    assertTrue(e.getMessage().contains("30 ms"), e.getMessage());
    assertThrows(SocketTimeoutException.class, () -> receiver.receive(Duration.ofMillis(5)));
  }

  @Test
  void tryReceiveNeverBlocks() throws Exception {
    UdpSocket receiver = pair.b.open(endpoint(2, 5000));
    assertEquals(null, receiver.tryReceive());
  }

  @Test
  void refusesANegativeTimeoutInsteadOfWaitingForever() throws Exception {
    UdpSocket socket = pair.b.openEphemeral();
    assertThrows(IllegalArgumentException.class, () -> socket.setSoTimeout(-1));
    // Bounded: before the fix a negative Duration meant "wait forever".
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(WAIT_SECONDS), () -> assertThrows(IllegalArgumentException.class,
            () -> socket.receive(Duration.ofMillis(-5))));
    assertTrue(e.getMessage().contains("-0.005"), e.getMessage());
  }

  @Test
  void closeWakesABlockedReceiverWithSocketException() throws Exception {
    UdpSocket receiver = pair.b.open(endpoint(2, 5000));
    AtomicReference<Thread> blocked = new AtomicReference<>();
    CompletableFuture<ReceivedDatagram> outcome = onThread("receiver", () -> {
      blocked.set(Thread.currentThread());
      return receiver.receive();
    });
    while (blocked.get() == null) {
      Thread.onSpinWait();
    }
    awaitParked(blocked.get());
    receiver.close();
    Throwable cause = failureOf(outcome);
    assertInstanceOf(SocketException.class, cause);
    assertEquals("Socket is closed", cause.getMessage());
  }

  @Test
  void portUnreachableWakesABlockedConnectedReceiver() throws Exception {
    UdpSocket socket = pair.a.open(endpoint(1, 6000));
    socket.connect(endpoint(2, 4444));
    AtomicReference<Thread> blocked = new AtomicReference<>();
    CompletableFuture<ReceivedDatagram> outcome = onThread("receiver", () -> {
      blocked.set(Thread.currentThread());
      return socket.receive();
    });
    while (blocked.get() == null) {
      Thread.onSpinWait();
    }
    awaitParked(blocked.get());
    socket.send(bytes("is anyone there?"));
    assertInstanceOf(PortUnreachableException.class, failureOf(outcome));
  }

  @Test
  void anInterruptedReceiveThrowsInterruptedIoException() throws Exception {
    UdpSocket receiver = pair.b.open(endpoint(2, 5000));
    AtomicReference<Thread> blocked = new AtomicReference<>();
    CompletableFuture<Boolean> interruptKept = new CompletableFuture<>();
    CompletableFuture<ReceivedDatagram> outcome = onThread("receiver", () -> {
      blocked.set(Thread.currentThread());
      try {
        return receiver.receive();
      } finally {
        interruptKept.complete(Thread.currentThread().isInterrupted());
      }
    });
    while (blocked.get() == null) {
      Thread.onSpinWait();
    }
    awaitParked(blocked.get());
    blocked.get().interrupt();
    assertInstanceOf(InterruptedIOException.class, failureOf(outcome));
    assertTrue(interruptKept.get(WAIT_SECONDS, TimeUnit.SECONDS), "interrupt status restored");
  }

  @Test
  void blockingReceiveOnTheHostThreadIsRefused() throws Exception {
    try (UdpSimulation sim = UdpSimulation.clean()) {
      UdpSocket socket = sim.addHost().openEphemeral();
      IllegalStateException e = assertThrows(IllegalStateException.class, socket::receive);
      assertTrue(e.getMessage().contains("tryReceive"), e.getMessage());
    }
  }

  @Test
  void closingTheEventLoopClosesItsSockets() throws Exception {
    UdpSocket socket = pair.b.open(endpoint(2, 5000));
    pair.loopB.close();
    assertTrue(socket.isClosed());
    assertThrows(SocketException.class, () -> socket.send(endpoint(1, 9), bytes("x")));
    assertThrows(SocketException.class, () -> pair.b.openEphemeral());
    socket.close(); // still harmless
  }
}
