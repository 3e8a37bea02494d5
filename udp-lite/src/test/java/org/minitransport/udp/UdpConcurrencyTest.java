package org.minitransport.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.udp.UdpSimulation.endpoint;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.udp.UdpNetwork;
import org.minitransport.core.net.udp.UdpNetworkConfig;
import org.minitransport.core.net.udp.UdpRouteTable;

/**
 * Many threads send on one socket while another thread receives, over real threads and real time:
 * every datagram that arrives is intact and arrives once, and every one that does not is counted
 * somewhere (the socket's receive-buffer overflows, the network's drops, the kernel's drops).
 * Waits are bounded by latches and timeouts; nothing sleeps.
 */
class UdpConcurrencyTest {

  private static final int THREADS = 8;
  private static final int PER_THREAD = 500;
  private static final int TOTAL = THREADS * PER_THREAD;
  private static final long DEADLINE_SECONDS = 30;

  @Test
  void eightSendersOneReceiverOverTheRealTimeSimulatedNetwork() throws Exception {
    RealTimePair pair = RealTimePair.overSimulatedNetwork(
        LinkConfig.builder().delayNs(50_000).build());
    Outcome outcome;
    try {
      outcome = run(pair, () -> pair.network.counters().droppedTotal(), true);
    } finally {
      pair.close();
    }
    assertTrue(pair.threadsEnded(), "event loop threads still running after close");
    outcome.assertReconciled(0);
  }

  @Test
  void eightSendersOneReceiverOverTheUdpNetworkOnLoopback() throws Exception {
    UdpRouteTable routes = LoopbackRoutes.forHosts(2);
    UdpNetworkConfig config = UdpNetworkConfig.builder().socketReceiveBufferBytes(4 << 20).build();
    UdpNetwork sideA = new UdpNetwork(routes, config);
    UdpNetwork sideB = new UdpNetwork(routes, config);
    // Each host on its own network instance, as in two processes sharing one route table.
    RealTimePair pair = RealTimePair.over(sideA, sideB);
    int receiverPort = routes.resolve(UdpSimulation.address(2)).orElseThrow().getPort();
    Outcome outcome;
    long kernelDrops;
    try {
      LongSupplier networkDrops =
          () -> sideA.counters().droppedTotal() + sideB.counters().droppedTotal()
              + LoopbackRoutes.kernelDrops(receiverPort).orElse(0);
      outcome = run(pair, networkDrops, false);
      OptionalLong kernel = LoopbackRoutes.kernelDrops(receiverPort);
      assertTrue(kernel.isPresent() || !java.nio.file.Files.isReadable(
          java.nio.file.Path.of("/proc/net/udp")), "receiver socket not in /proc/net/udp");
      kernelDrops = kernel.orElse(0);
    } finally {
      pair.close();
    }
    assertTrue(pair.threadsEnded(), "event loop threads still running after close");
    assertTrue(Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().startsWith("udp-net-") && t.isAlive()),
        "UDP network receive threads still running after close");
    outcome.assertReconciled(kernelDrops);
  }

  /** What one run observed. */
  record Outcome(int sent, int received, long receiveBufferErrors, long networkDrops,
      long socketIn, long socketOut, long loopFailures) {

    void assertReconciled(long ofWhichKernel) {
      System.out.println(this + ", of the network drops in the kernel: " + ofWhichKernel);
      assertEquals(TOTAL, sent);
      assertEquals(TOTAL, socketOut, "datagrams the sending socket put on the network");
      assertEquals(received, socketIn, "datagrams queued are the datagrams read");
      assertEquals(sent, received + receiveBufferErrors + networkDrops,
          "sent = received + receive-buffer overflows + network drops (kernel: " + ofWhichKernel
              + ")");
      assertEquals(0, loopFailures, "engine exceptions on the event loops");
    }
  }

  /** A LongSupplier that may throw IOException. */
  @FunctionalInterface
  interface LongSupplier {
    long get() throws IOException;
  }

  private static byte[] datagram(int thread, int sequence) {
    int length = 8 + (thread * 131 + sequence * 17) % 1392; // 8 .. 1399 bytes
    ByteBuffer buffer = ByteBuffer.allocate(length).putInt(thread).putInt(sequence);
    for (int i = 8; i < length; i++) {
      buffer.put((byte) (thread * 31 + sequence + i));
    }
    return buffer.array();
  }

  private static Outcome run(RealTimePair pair, LongSupplier networkDrops, boolean fifoNetwork)
      throws Exception {
    UdpSocket receiver = pair.b.open(endpoint(2, 5000),
        UdpSocketOptions.builder().receiveBufferBytes(256 * 1024).build());
    UdpSocket sender = pair.a.open(endpoint(1, 6000));
    ExecutorService senders = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> sent = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        sent.add(senders.submit(() -> {
          start.await();
          for (int s = 0; s < PER_THREAD; s++) {
            sender.send(receiver.localEndpoint(), datagram(thread, s));
          }
          return PER_THREAD;
        }));
      }
      start.countDown();

      BitSet[] seen = new BitSet[THREADS];
      int[] lastSequence = new int[THREADS];
      for (int t = 0; t < THREADS; t++) {
        seen[t] = new BitSet(PER_THREAD);
        lastSequence[t] = -1;
      }
      int received = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
      while (received + receiver.counters().receiveBufferErrors() + networkDrops.get() < TOTAL) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("after " + DEADLINE_SECONDS + " s only " + received
              + " received, " + receiver.counters() + ", network drops " + networkDrops.get()
              + " of " + TOTAL);
        }
        ReceivedDatagram got;
        try {
          got = receiver.receive(Duration.ofMillis(200));
        } catch (SocketTimeoutException idle) {
          continue;
        }
        assertEquals(endpoint(1, 6000), got.source());
        ByteBuffer buffer = ByteBuffer.wrap(got.data());
        int thread = buffer.getInt();
        int sequence = buffer.getInt();
        assertArrayEquals(datagram(thread, sequence), got.data(), "damaged datagram");
        assertTrue(!seen[thread].get(sequence), "duplicate " + thread + "/" + sequence);
        seen[thread].set(sequence);
        if (fifoNetwork) {
          assertTrue(sequence > lastSequence[thread],
              "thread " + thread + " sent " + lastSequence[thread] + " before " + sequence);
        }
        lastSequence[thread] = sequence;
        received++;
      }
      int sentTotal = 0;
      for (Future<Integer> future : sent) {
        sentTotal += future.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      }
      // Let both loops finish what they queued, so the counters are final.
      pair.loopA.submit(() -> null).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      pair.loopB.submit(() -> null).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      return new Outcome(sentTotal, received, receiver.counters().receiveBufferErrors(),
          networkDrops.get(), receiver.counters().inDatagrams(), sender.counters().outDatagrams(),
          pair.loopA.failures() + pair.loopB.failures());
    } finally {
      senders.shutdownNow();
      assertTrue(senders.awaitTermination(DEADLINE_SECONDS, TimeUnit.SECONDS));
    }
  }
}
