package org.minitransport.core.net.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.core.net.udp.LoopbackPorts.loopback;
import static org.minitransport.core.net.udp.TestPackets.ipv4;

import java.io.IOException;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.PacketReceiver;

/**
 * Two {@link UdpNetwork} instances stand for two processes sharing one virtual network over
 * 127.0.0.1. Waits use latches and queues with timeouts; nothing sleeps.
 */
class UdpNetworkTest {

  private static final long TIMEOUT_SECONDS = 5;
  private static final Ipv4Address HOST_1 = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address HOST_2 = Ipv4Address.parse("10.0.0.2");
  private static final Ipv4Address ELSEWHERE = Ipv4Address.parse("10.0.0.99");
  private static final Ipv4Address UNROUTED = Ipv4Address.parse("192.168.7.7");

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private int port1;
  private int port2;
  private UdpRouteTable routes;

  @BeforeEach
  void chooseFreePorts() throws IOException {
    int[] ports = LoopbackPorts.free(3);
    port1 = ports[0];
    port2 = ports[1];
    // 10.0.0.99 routes to a third free port nobody binds: a sink for "no host there".
    routes = UdpRouteTable.builder()
        .host(HOST_1, loopback(port1))
        .host(HOST_2, loopback(port2))
        .host(ELSEWHERE, loopback(ports[2]))
        .build();
  }

  @AfterEach
  void closeEverything() throws Exception {
    for (AutoCloseable resource : toClose) {
      resource.close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T resource) {
    toClose.add(resource);
    return resource;
  }

  private UdpNetwork network() {
    return closeLater(new UdpNetwork(routes));
  }

  private UdpNetwork network(UdpNetworkConfig config) {
    return closeLater(new UdpNetwork(routes, config));
  }

  private static byte[] take(BlockingQueue<byte[]> queue) throws InterruptedException {
    byte[] packet = queue.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertTrue(packet != null, "no packet arrived within " + TIMEOUT_SECONDS + " s");
    return packet;
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertTrue(latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS),
        "latch still at " + latch.getCount() + " after " + TIMEOUT_SECONDS + " s");
  }

  @Nested
  class BetweenTwoProcesses {

    @Test
    void hostsOnTwoNetworksExchangePacketsBothWays() throws Exception {
      BlockingQueue<byte[]> at1 = new LinkedBlockingQueue<>();
      BlockingQueue<byte[]> at2 = new LinkedBlockingQueue<>();
      UdpAttachment host1 = network().attach(HOST_1, at1::add);
      UdpAttachment host2 = network().attach(HOST_2, at2::add);
      byte[] toTwo = ipv4(HOST_1, HOST_2, 100, 0xA1);
      byte[] toOne = ipv4(HOST_2, HOST_1, 1500, 0xB2);

      host1.send(toTwo, 0, toTwo.length);
      host2.send(toOne, 0, toOne.length);

      assertArrayEquals(toTwo, take(at2));
      assertArrayEquals(toOne, take(at1));
      assertEquals(1, host1.counters().sent());
      assertEquals(1, host1.counters().delivered());
      assertEquals(0, host1.counters().droppedTotal());
      assertEquals(loopback(port1), host1.localSocketAddress());
    }

    @Test
    void aPolledHostIsReadOnTheCallersThreadWithNoReceiveThread() throws Exception {
      List<byte[]> at2 = new ArrayList<>();
      UdpAttachment host1 = network().attach(HOST_1, packet -> {});
      org.minitransport.core.net.PolledAttachment host2 = network().attachPolled(HOST_2, at2::add);
      assertTrue(Thread.getAllStackTraces().keySet().stream()
              .noneMatch(t -> t.getName().equals("udp-net-" + HOST_2)),
          "a polled attachment starts no receive thread");
      byte[] packet = ipv4(HOST_1, HOST_2, 200, 0x5A);
      host1.send(packet, 0, packet.length);
      try (java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
        host2.channel().register(selector, java.nio.channels.SelectionKey.OP_READ);
        assertEquals(1, selector.select(10_000), "the datagram makes the channel readable");
      }
      host2.receiveWaiting();
      assertEquals(1, at2.size());
      assertArrayEquals(packet, at2.get(0));
      assertEquals(1, host2.counters().delivered());
      host2.receiveWaiting(); // nothing more waiting: returns at once
      assertEquals(1, at2.size());
    }

    /** {@code ReceiveLoop.SINGLE_READS_BETWEEN_FULL_DRAINS}, which is internal to its package. */
    private static final int SINGLE_READS_BETWEEN_FULL_DRAINS = 16;
    /** {@code ReceiveLoop.DRAINS_OF_ONE_BEFORE_SINGLE_READS}. */
    private static final int DRAINS_OF_ONE_BEFORE_SINGLE_READS = 4;

    /**
     * Sends {@code count} datagrams marked {@code firstMarker} on, one at a time, each read by a
     * readiness-driven read once the selector reports it: so each of those reads finds one.
     */
    private void sendSingly(UdpAttachment from, org.minitransport.core.net.PolledAttachment to,
        java.nio.channels.Selector selector, List<byte[]> received, int count, int firstMarker)
        throws IOException {
      for (int i = 0; i < count; i++) {
        byte[] packet = ipv4(HOST_1, HOST_2, 100, firstMarker + i);
        from.send(packet, 0, packet.length);
        int before = received.size();
        while (received.size() == before) {
          assertTrue(selector.select(10_000) > 0, "datagram " + (firstMarker + i) + " never came");
          selector.selectedKeys().clear(); // else the next selection does not count the key again
          to.receiveReady();
        }
        assertEquals(before + 1, received.size());
      }
    }

    /** Sends a burst and reads it with readiness-driven reads; how many reads it took. */
    private int burstReads(UdpAttachment from, org.minitransport.core.net.PolledAttachment to,
        java.nio.channels.Selector selector, List<byte[]> received, int count, int firstMarker,
        java.util.function.IntPredicate allowedPerRead) throws IOException {
      for (int i = 0; i < count; i++) {
        byte[] packet = ipv4(HOST_1, HOST_2, 100, firstMarker + i);
        from.send(packet, 0, packet.length);
      }
      int target = received.size() + count;
      int reads = 0;
      while (received.size() < target) {
        assertTrue(selector.select(10_000) > 0,
            "the selector must report what a read left behind; " + received.size() + " read");
        selector.selectedKeys().clear();
        int before = received.size();
        to.receiveReady();
        reads++;
        int got = received.size() - before;
        assertTrue(allowedPerRead.test(got) || reads > SINGLE_READS_BETWEEN_FULL_DRAINS,
            "read " + reads + " of the burst took " + got);
      }
      return reads;
    }

    @Test
    void readinessDrivenReadsTakeOneDatagramEachWhileTheyComeSinglyAndABacklogInBatches()
        throws Exception {
      List<byte[]> at2 = new ArrayList<>();
      UdpAttachment host1 = network().attach(HOST_1, packet -> {});
      org.minitransport.core.net.PolledAttachment host2 = network().attachPolled(HOST_2, at2::add);
      try (java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
        host2.channel().register(selector, java.nio.channels.SelectionKey.OP_READ);
        // Enough full drains of exactly one in a row: datagrams come singly.
        sendSingly(host1, host2, selector, at2, DRAINS_OF_ONE_BEFORE_SINGLE_READS, 1);

        // A backlog of 40: each read now takes at most one, the selector reporting the rest,
        // until a full drain every 17th read takes what is waiting and stays in batches while a
        // backlog lasts: a handful of reads more at most (a datagram late out of the kernel's
        // queue costs one), not 40.
        int reads = burstReads(host1, host2, selector, at2, 40, 5, got -> got <= 1);
        assertTrue(reads <= SINGLE_READS_BETWEEN_FULL_DRAINS + 4, "the backlog took " + reads);
        for (int i = 0; i < 44; i++) {
          assertArrayEquals(ipv4(HOST_1, HOST_2, 100, 1 + i), at2.get(i), "in order: " + i);
        }
        assertEquals(44, host2.counters().delivered());
      }
    }

    @Test
    void aBurstAfterAFewLoneDatagramsIsStillReadInBatches() throws Exception {
      List<byte[]> at2 = new ArrayList<>();
      UdpAttachment host1 = network().attach(HOST_1, packet -> {});
      org.minitransport.core.net.PolledAttachment host2 = network().attachPolled(HOST_2, at2::add);
      try (java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
        host2.channel().register(selector, java.nio.channels.SelectionKey.OP_READ);
        // One short of the run that means "singly": the first datagram of a burst often comes
        // alone, and that must not cost the rest of the burst a selection each.
        sendSingly(host1, host2, selector, at2, DRAINS_OF_ONE_BEFORE_SINGLE_READS - 1, 1);
        int reads = burstReads(host1, host2, selector, at2, 10, 4, got -> true);
        assertTrue(reads <= 3, "a burst of 10 took " + reads + " reads");
        assertEquals(13, at2.size());
        assertArrayEquals(ipv4(HOST_1, HOST_2, 100, 13), at2.get(12));
      }
    }

    @Test
    void forgedDatagramsAmongSingleReadsAreDroppedAndCountedAndTheValidOnesStillArrive()
        throws Exception {
      List<byte[]> at2 = new ArrayList<>();
      UdpAttachment host1 = network().attach(HOST_1, packet -> {});
      org.minitransport.core.net.PolledAttachment host2 = network().attachPolled(HOST_2, at2::add);
      try (java.nio.channels.Selector selector = java.nio.channels.Selector.open();
          DatagramChannel forger = DatagramChannel.open()) {
        host2.channel().register(selector, java.nio.channels.SelectionKey.OP_READ);
        sendSingly(host1, host2, selector, at2, DRAINS_OF_ONE_BEFORE_SINGLE_READS, 1);
        // Reading one at a time now: a flood of forged datagrams, then a valid one.
        java.net.SocketAddress target = ((DatagramChannel) host2.channel()).getLocalAddress();
        byte[] notIpv4 = ipv4(HOST_1, HOST_2, 60, 0);
        notIpv4[0] = 0x60;
        for (int i = 0; i < 10; i++) {
          forger.send(ByteBuffer.wrap(new byte[i]), target);
          forger.send(ByteBuffer.wrap(notIpv4), target);
          forger.send(ByteBuffer.wrap(ipv4(HOST_1, ELSEWHERE, 40, i)), target);
        }
        byte[] valid = ipv4(HOST_1, HOST_2, 100, 99);
        host1.send(valid, 0, valid.length);
        int reads = 0;
        while (at2.size() < DRAINS_OF_ONE_BEFORE_SINGLE_READS + 1) {
          assertTrue(selector.select(10_000) > 0, "the valid datagram never came");
          selector.selectedKeys().clear();
          host2.receiveReady();
          reads++;
        }
        // A forged datagram costs a read like any other, and the full drain every 17th read
        // takes the rest: the valid one arrives after at most 16 single reads and one drain, or
        // a few more if the kernel was late with some of the 31.
        assertTrue(reads <= SINGLE_READS_BETWEEN_FULL_DRAINS + 4, "took " + reads + " reads");
        assertArrayEquals(valid, at2.get(DRAINS_OF_ONE_BEFORE_SINGLE_READS));
        assertEquals(20, host2.counters().dropped(DropReason.MALFORMED));
        assertEquals(10, host2.counters().dropped(DropReason.NO_ROUTE));
        assertEquals(DRAINS_OF_ONE_BEFORE_SINGLE_READS + 1, host2.counters().delivered());
      }
    }

    @Test
    void aThreadedHostCannotBePolled() throws Exception {
      UdpAttachment host1 = network().attach(HOST_1, packet -> {});
      assertThrows(IllegalStateException.class,
          () -> ((org.minitransport.core.net.PolledAttachment) host1).receiveWaiting());
    }

    @Test
    void sendsOnlyTheGivenSliceOfTheArray() throws Exception {
      BlockingQueue<byte[]> at2 = new LinkedBlockingQueue<>();
      UdpAttachment host1 = network().attach(HOST_1, packet -> {});
      network().attach(HOST_2, at2::add);
      byte[] packet = ipv4(HOST_1, HOST_2, 60, 0x33);
      byte[] framed = new byte[packet.length + 10];
      System.arraycopy(packet, 0, framed, 7, packet.length);

      host1.send(framed, 7, packet.length);

      assertArrayEquals(packet, take(at2));
    }

    @Test
    void portOffsetConventionConnectsHosts() throws Exception {
      int base = LoopbackPorts.freeBaseFor(2);
      routes = UdpRouteTable.parse("10.0.0.0/24=127.0.0.1:" + base + "+");
      BlockingQueue<byte[]> at2 = new LinkedBlockingQueue<>();
      UdpAttachment host1 = network().attach(HOST_1, packet -> {});
      UdpAttachment host2 = network().attach(HOST_2, at2::add);
      byte[] packet = ipv4(HOST_1, HOST_2, 40, 7);

      host1.send(packet, 0, packet.length);

      assertArrayEquals(packet, take(at2));
      assertEquals(loopback(base + 1), host1.localSocketAddress());
      assertEquals(loopback(base + 2), host2.localSocketAddress());
    }

    @Test
    void deliversEveryPacketFromManyConcurrentSenders() throws Exception {
      int threads = 4;
      int perThread = 25;
      Set<Integer> seen = ConcurrentHashMap.newKeySet();
      CountDownLatch all = new CountDownLatch(threads * perThread);
      UdpAttachment host1 = network().attach(HOST_1, packet -> {});
      network().attach(HOST_2, packet -> {
        if (seen.add(ByteBuffer.wrap(packet).getInt(20))) {
          all.countDown();
        }
      });
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        senders.add(new Thread(() -> {
          byte[] packet = ipv4(HOST_1, HOST_2, 64, 0);
          for (int i = 0; i < perThread; i++) {
            ByteBuffer.wrap(packet).putInt(20, thread * 1000 + i);
            host1.send(packet, 0, packet.length);
          }
        }));
      }

      senders.forEach(Thread::start);
      await(all);

      assertEquals(threads * perThread, seen.size());
      assertEquals(threads * perThread, host1.counters().sent());
    }

    @Test
    void anInterruptedSenderDoesNotBreakTheSocket() throws Exception {
      BlockingQueue<byte[]> at2 = new LinkedBlockingQueue<>();
      UdpAttachment host1 = network().attach(HOST_1, packet -> {});
      network().attach(HOST_2, at2::add);
      byte[] first = ipv4(HOST_1, HOST_2, 40, 1);
      byte[] second = ipv4(HOST_1, HOST_2, 40, 2);

      Thread.currentThread().interrupt();
      try {
        host1.send(first, 0, first.length);
      } finally {
        assertTrue(Thread.interrupted(), "send must keep the caller's interrupt status");
      }
      host1.send(second, 0, second.length);

      assertArrayEquals(first, take(at2));
      assertArrayEquals(second, take(at2));
      assertEquals(0, host1.counters().droppedTotal());
    }
  }

  @Nested
  class SendDrops {

    private UdpNetwork network;
    private UdpAttachment host1;

    @BeforeEach
    void attach() throws IOException {
      network = network(UdpNetworkConfig.builder().mtu(1000).build());
      host1 = network.attach(HOST_1, packet -> {});
    }

    private void send(byte[] packet) {
      host1.send(packet, 0, packet.length);
    }

    @Test
    void countsAPacketShorterThanAnIpv4HeaderAsMalformed() {
      send(new byte[19]);

      assertEquals(1, host1.counters().dropped(DropReason.MALFORMED));
    }

    @Test
    void countsANonVersion4PacketAsMalformed() {
      byte[] packet = ipv4(HOST_1, HOST_2, 40, 0);
      packet[0] = 0x60;

      send(packet);

      assertEquals(1, host1.counters().dropped(DropReason.MALFORMED));
    }

    @Test
    void tellsWhichDestinationsHaveARoute() {
      assertTrue(network.hasRouteTo(HOST_2));
      assertFalse(network.hasRouteTo(UNROUTED));
    }

    @Test
    void countsADestinationNoRouteCoversAsNoRoute() {
      send(ipv4(HOST_1, UNROUTED, 40, 0));

      assertEquals(1, host1.counters().dropped(DropReason.NO_ROUTE));
    }

    @Test
    void countsAPacketAboveTheMtuAsOversize() {
      send(ipv4(HOST_1, HOST_2, 1000, 0));
      send(ipv4(HOST_1, HOST_2, 1001, 0));

      assertEquals(1, host1.counters().dropped(DropReason.OVERSIZE));
      assertEquals(1000, host1.mtu());
    }

    @Test
    void countsSendsAfterCloseAsDetached() {
      host1.close();

      send(ipv4(HOST_1, HOST_2, 40, 0));

      assertEquals(1, host1.counters().dropped(DropReason.DETACHED));
    }

    @Test
    void countsEveryOfferedPacketAsSentAndTotalsThemInTheNetwork() {
      send(new byte[3]);
      send(ipv4(HOST_1, UNROUTED, 40, 0));
      send(ipv4(HOST_1, HOST_2, 40, 0));

      assertEquals(3, host1.counters().sent());
      assertEquals(3, network.counters().sent());
      assertEquals(Map.of(DropReason.MALFORMED, 1L, DropReason.NO_ROUTE, 1L),
          network.counters().droppedByReason());
    }

    @Test
    void rejectsASliceOutsideTheArray() {
      assertThrows(IndexOutOfBoundsException.class, () -> host1.send(new byte[40], 30, 20));
    }
  }

  @Nested
  class UntrustedDatagrams {

    private final BlockingQueue<byte[]> at2 = new LinkedBlockingQueue<>();
    private UdpAttachment host2;
    private DatagramChannel raw;

    @BeforeEach
    void attachAndOpenRawSocket() throws IOException {
      UdpNetworkConfig config =
          UdpNetworkConfig.builder().mtu(1500).maxDatagramBytes(2000).build();
      host2 = network(config).attach(HOST_2, at2::add);
      raw = closeLater(DatagramChannel.open());
      raw.bind(loopback(0));
    }

    private void inject(byte[] datagram) throws IOException {
      raw.send(ByteBuffer.wrap(datagram), loopback(port2));
    }

    private void injectValidAndAwaitIt() throws Exception {
      byte[] valid = ipv4(HOST_1, HOST_2, 40, 0x77);
      inject(valid);
      assertArrayEquals(valid, take(at2));
    }

    @Test
    void dropsShortAndNonIpv4DatagramsAsMalformedAndKeepsReceiving() throws Exception {
      byte[] ipv6 = ipv4(HOST_1, HOST_2, 60, 0);
      ipv6[0] = 0x60;

      inject(new byte[0]);
      inject(new byte[19]);
      inject(ipv6);
      injectValidAndAwaitIt();

      assertEquals(3, host2.counters().dropped(DropReason.MALFORMED));
      assertEquals(1, host2.counters().delivered());
    }

    @Test
    void dropsADatagramForAnotherVirtualHost() throws Exception {
      inject(ipv4(HOST_1, ELSEWHERE, 40, 0));
      injectValidAndAwaitIt();

      assertEquals(1, host2.counters().dropped(DropReason.NO_ROUTE));
    }

    @Test
    void dropsDatagramsAboveTheMtuIncludingOnesLongerThanTheBuffer() throws Exception {
      inject(ipv4(HOST_1, HOST_2, 1501, 0));
      inject(ipv4(HOST_1, HOST_2, 5000, 0));
      injectValidAndAwaitIt();

      assertEquals(2, host2.counters().dropped(DropReason.OVERSIZE));
    }

    @Test
    void aReceiverThatThrowsDoesNotStopDelivery() throws Exception {
      CountDownLatch second = new CountDownLatch(2);
      network().attach(HOST_1, packet -> {
        second.countDown();
        if (second.getCount() == 1) {
          throw new IllegalStateException("receiver bug, thrown on purpose by the test");
        }
      });

      raw.send(ByteBuffer.wrap(ipv4(HOST_2, HOST_1, 40, 1)), loopback(port1));
      raw.send(ByteBuffer.wrap(ipv4(HOST_2, HOST_1, 40, 2)), loopback(port1));

      await(second);
    }
  }

  @Nested
  class Attaching {

    @Test
    void failsWithBindExceptionNamingHostAndSocketWhenThePortIsInUse() throws Exception {
      DatagramChannel squatter = closeLater(DatagramChannel.open());
      squatter.bind(loopback(port1));

      BindException e = assertThrows(BindException.class,
          () -> network().attach(HOST_1, packet -> {}));

      assertTrue(e.getMessage().contains("cannot attach 10.0.0.1")
          && e.getMessage().contains(":" + port1), e.getMessage());
    }

    @Test
    void rejectsTheWildcardAddress() {
      assertThrows(IllegalArgumentException.class,
          () -> network().attach(Ipv4Address.ANY, packet -> {}));
    }

    @Test
    void rejectsAnAddressAlreadyAttached() throws IOException {
      UdpNetwork network = network();
      network.attach(HOST_1, packet -> {});

      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> network.attach(HOST_1, packet -> {}));
      assertTrue(e.getMessage().contains("already attached"), e.getMessage());
    }

    @Test
    void rejectsAnAddressWithoutRouteOrBindAddress() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> network().attach(UNROUTED, packet -> {}));

      assertTrue(e.getMessage().contains("no route"), e.getMessage());
    }

    @Test
    void bindsWhereTheOptionsSayInsteadOfTheRoute() throws Exception {
      UdpAttachment host = network().attach(UNROUTED, packet -> {},
          UdpAttachOptions.bindingTo(loopback(0)));

      assertEquals(LoopbackPorts.LOOPBACK, host.localSocketAddress().getAddress());
      assertTrue(host.localSocketAddress().getPort() > 0);
    }

    @Test
    void refusesToAttachAfterTheNetworkIsClosed() {
      UdpNetwork network = network();
      network.close();

      assertThrows(IllegalStateException.class, () -> network.attach(HOST_1, packet -> {}));
    }
  }

  @Nested
  class Closing {

    private final AtomicReference<Thread> receiveThread = new AtomicReference<>();
    private final CountDownLatch received = new CountDownLatch(1);
    private UdpAttachment host2;

    private PacketReceiver recordingThread() {
      return packet -> {
        receiveThread.set(Thread.currentThread());
        received.countDown();
      };
    }

    /** Attaches HOST_2, delivers one packet to it, and returns the thread that delivered it. */
    private Thread attachAndLearnReceiveThread(UdpNetwork network) throws Exception {
      host2 = network.attach(HOST_2, recordingThread());
      UdpAttachment host1 = network().attach(HOST_1, packet -> {});
      byte[] packet = ipv4(HOST_1, HOST_2, 40, 0);
      host1.send(packet, 0, packet.length);
      await(received);
      return receiveThread.get();
    }

    @Test
    void receivesOnADaemonThreadNamedForTheHost() throws Exception {
      Thread thread = attachAndLearnReceiveThread(network());

      assertEquals("udp-net-10.0.0.2", thread.getName());
      assertTrue(thread.isDaemon());
    }

    @Test
    void closeStopsTheReceiveThreadAndReleasesThePort() throws Exception {
      UdpNetwork network = network();
      Thread thread = attachAndLearnReceiveThread(network);

      host2.close();

      assertFalse(thread.isAlive(), "receive thread still alive after close");
      UdpAttachment again = network.attach(HOST_2, packet -> {});
      assertEquals(loopback(port2), again.localSocketAddress());
    }

    @Test
    void closingTheNetworkClosesEveryAttachment() throws Exception {
      UdpNetwork network = network();
      Thread thread = attachAndLearnReceiveThread(network);

      network.close();

      assertFalse(thread.isAlive(), "receive thread still alive after network close");
      DatagramChannel rebound = closeLater(DatagramChannel.open());
      rebound.bind(loopback(port2));
    }

    @Test
    void closeWaitsForTheThreadEvenWhenTheCallerIsInterrupted() throws Exception {
      UdpNetwork network = network();
      Thread thread = attachAndLearnReceiveThread(network);

      Thread.currentThread().interrupt();
      try {
        host2.close();
      } finally {
        assertTrue(Thread.interrupted(), "close must keep the caller's interrupt status");
      }
      assertFalse(thread.isAlive());
    }

    @Test
    void aReceiverMayCloseItsOwnAttachment() throws Exception {
      AtomicReference<UdpAttachment> self = new AtomicReference<>();
      CountDownLatch closedItself = new CountDownLatch(1);
      self.set(network().attach(HOST_2, packet -> {
        receiveThread.set(Thread.currentThread());
        self.get().close();
        closedItself.countDown();
      }));
      UdpAttachment host1 = network().attach(HOST_1, packet -> {});
      byte[] packet = ipv4(HOST_1, HOST_2, 40, 0);

      host1.send(packet, 0, packet.length);
      await(closedItself);

      receiveThread.get().join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
      assertFalse(receiveThread.get().isAlive());
    }

    @Test
    void closingTwiceAndThenTheNetworkIsHarmless() throws Exception {
      UdpNetwork network = network();
      UdpAttachment host1 = network.attach(HOST_1, packet -> {});

      host1.close();
      host1.close();
      network.close();

      assertEquals(0, network.counters().droppedTotal());
      DatagramChannel rebound = closeLater(DatagramChannel.open());
      rebound.bind(loopback(port1));
    }
  }
}
