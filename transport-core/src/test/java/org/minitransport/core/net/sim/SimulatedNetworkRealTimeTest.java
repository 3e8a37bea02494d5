package org.minitransport.core.net.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.time.NanoClock;
import org.minitransport.core.time.TimerQueue;

class SimulatedNetworkRealTimeTest {

  private static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");
  private static final int PACKETS_EACH = 500;

  private final SimulatedNetwork network = new SimulatedNetwork(7, NanoClock.system(),
      LinkConfig.builder().delayNs(200_000).build());

  @AfterEach
  void closeNetwork() {
    network.close();
  }

  @Test
  void deliversPacketsBetweenTwoHostsSendingFromTheirOwnThreads() throws Exception {
    CountDownLatch allAtA = new CountDownLatch(PACKETS_EACH);
    CountDownLatch allAtB = new CountDownLatch(PACKETS_EACH);
    List<Integer> markersAtA = Collections.synchronizedList(new ArrayList<>());
    List<Integer> markersAtB = Collections.synchronizedList(new ArrayList<>());
    NetworkAttachment hostA = network.attach(A, packet -> {
      markersAtA.add(TestPackets.marker(packet));
      allAtA.countDown();
    });
    NetworkAttachment hostB = network.attach(B, packet -> {
      markersAtB.add(TestPackets.marker(packet));
      allAtB.countDown();
    });
    network.startRealTime();

    Thread senderA = new Thread(() -> sendAll(hostA, A, B), "sender-a");
    Thread senderB = new Thread(() -> sendAll(hostB, B, A), "sender-b");
    senderA.start();
    senderB.start();

    assertTrue(allAtA.await(10, TimeUnit.SECONDS), "A got " + markersAtA.size());
    assertTrue(allAtB.await(10, TimeUnit.SECONDS), "B got " + markersAtB.size());
    senderA.join(10_000);
    senderB.join(10_000);
    assertEquals(ascending(PACKETS_EACH), markersAtA);
    assertEquals(ascending(PACKETS_EACH), markersAtB);
    assertEquals(2 * PACKETS_EACH, network.counters().delivered());
  }

  @Test
  void wakesTheDeliveryThreadForAnEarlierArrival() throws Exception {
    BlockingQueue<Integer> arrivals = new LinkedBlockingQueue<>();
    NetworkAttachment hostA = network.attach(A, packet -> arrivals.add(TestPackets.marker(packet)));
    NetworkAttachment hostB = network.attach(B, packet -> arrivals.add(TestPackets.marker(packet)));
    network.setLink(A, B, LinkConfig.builder().delayNs(TimeUnit.SECONDS.toNanos(60)).build());
    network.setLink(B, A, LinkConfig.builder().delayNs(0).build());
    network.startRealTime();

    byte[] slow = TestPackets.ipv4(A, B, 40, 1);
    hostA.send(slow, 0, slow.length);
    byte[] fast = TestPackets.ipv4(B, A, 40, 2);
    hostB.send(fast, 0, fast.length);

    assertEquals(2, arrivals.poll(10, TimeUnit.SECONDS));
    assertEquals(1, network.pendingCount());
  }

  @Test
  void closeStopsTheDeliveryThreadAndDiscardsWhatIsInFlight() {
    NetworkAttachment hostA = network.attach(A, packet -> { });
    network.attach(B, packet -> { });
    network.setLink(A, B, LinkConfig.builder().delayNs(TimeUnit.SECONDS.toNanos(60)).build());
    network.startRealTime();
    byte[] packet = TestPackets.ipv4(A, B, 40, 1);
    hostA.send(packet, 0, packet.length);

    network.close();

    assertEquals(TimerQueue.NONE, network.nextEventNs());
    assertFalse(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("simulated-network-delivery") && t.isAlive()));
  }

  @Test
  void refusesManualDeliveryAndASecondStartWhileRunning() {
    network.startRealTime();
    assertThrows(IllegalStateException.class, () -> network.deliverDue(System.nanoTime()));
    assertThrows(IllegalStateException.class, network::startRealTime);
  }

  private static void sendAll(NetworkAttachment host, Ipv4Address from, Ipv4Address to) {
    for (int i = 0; i < PACKETS_EACH; i++) {
      byte[] packet = TestPackets.ipv4(from, to, 64, i);
      host.send(packet, 0, packet.length);
    }
  }

  private static List<Integer> ascending(int count) {
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(i);
    }
    return values;
  }
}
