package org.minitransport.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.wire.Ipv4Header;

/**
 * The behaviour every {@link PacketNetwork} must show, written once (after Netty's transport test
 * suite): subclass it, implement {@link #newNetwork}, and JUnit runs every test against your
 * network. The simulated network (real-time mode) and the UDP network both pass it.
 *
 * <pre>{@code
 * class MyNetworkContractTest extends PacketNetworkContract {
 *   @Override
 *   protected PacketNetwork newNetwork(List<Ipv4Address> hosts) {
 *     return new MyNetwork(...);  // able to attach and route each of hosts
 *   }
 * }
 * }</pre>
 *
 * <p>What is checked: a packet sent from A reaches B byte-identical and is counted; the network
 * copies on send; a destination nobody can reach is counted {@link DropReason#NO_ROUTE}; a packet
 * shorter than 20 bytes is {@link DropReason#MALFORMED}; one above the MTU is {@link
 * DropReason#OVERSIZE}; the wildcard and a second attachment at one address are refused; a
 * detached host's sends are {@link DropReason#DETACHED} and it receives nothing more; many threads
 * sending at once lose nothing; {@link PacketNetwork#close()} detaches everyone, refuses new
 * attachments and stops every thread the network started.
 *
 * <p>Networks deliver on their own threads, so the tests wait with timeouts ({@link
 * #deliveryTimeout()}), never with sleeps. Each test closes the networks it opened.
 */
public abstract class PacketNetworkContract {

  /** The hosts the tests attach; {@link #newNetwork} is given the ones a test needs. */
  protected static final List<Ipv4Address> HOSTS = List.of(
      Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"),
      Ipv4Address.parse("10.0.0.3"), Ipv4Address.parse("10.0.0.4"),
      Ipv4Address.parse("10.0.0.5"));

  /**
   * An address the network must not be able to reach (TEST-NET-1, RFC 5737): sends to it are
   * dropped as {@link DropReason#NO_ROUTE}.
   */
  protected static final Ipv4Address UNROUTED = Ipv4Address.parse("192.0.2.1");

  private static final Ipv4Address A = HOSTS.get(0);
  private static final Ipv4Address B = HOSTS.get(1);
  private static final int IPV4_PROTOCOL_EXPERIMENTAL = 253; // RFC 3692

  private final List<PacketNetwork> opened = new ArrayList<>();

  /**
   * Creates a fresh network, with no impairments, on which each of {@code hosts} can be attached
   * and can reach every other; {@link #UNROUTED} must be unreachable. The test attaches the hosts
   * itself, with {@link PacketNetwork#attach}, and closes the network.
   *
   * @param hosts the virtual addresses the test will attach, all different
   * @throws IOException if the network's resources cannot be set up
   */
  protected abstract PacketNetwork newNetwork(List<Ipv4Address> hosts) throws IOException;

  /** How long a test waits for a packet that must arrive; generous, for loaded CI machines. */
  protected Duration deliveryTimeout() {
    return Duration.ofSeconds(10);
  }

  @AfterEach
  void closeOpenedNetworks() {
    for (PacketNetwork network : opened) {
      network.close();
    }
    opened.clear();
  }

  /** A fresh network for {@code hosts}, closed after the test. */
  protected final PacketNetwork open(List<Ipv4Address> hosts) throws IOException {
    PacketNetwork network = newNetwork(hosts);
    assertNotNull(network, "newNetwork returned null");
    opened.add(network);
    return network;
  }

  /** A valid IPv4 packet (protocol 253, for experiments) carrying {@code payload}. */
  protected static byte[] packet(Ipv4Address from, Ipv4Address to, byte[] payload) {
    return new Ipv4Header(0, 0, true, 64, IPV4_PROTOCOL_EXPERIMENTAL, from, to)
        .toPacket(payload, 0, payload.length);
  }

  private static byte[] marked(Ipv4Address from, Ipv4Address to, int sender, int sequence) {
    return packet(from, to, ByteBuffer.allocate(8).putInt(sender).putInt(sequence).array());
  }

  /** A receiver that queues what it gets, for waiting with a timeout. */
  protected static final class Inbox {
    private final BlockingQueue<byte[]> packets = new LinkedBlockingQueue<>();

    void add(byte[] packet) {
      packets.add(packet);
    }

    /** The next packet, or null after {@code timeout}. */
    public byte[] poll(Duration timeout) throws InterruptedException {
      return packets.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Whether nothing has arrived (yet). */
    public boolean isEmpty() {
      return packets.isEmpty();
    }
  }

  private NetworkAttachment attach(PacketNetwork network, Ipv4Address address, Inbox inbox)
      throws IOException {
    return network.attach(address, inbox::add);
  }

  private byte[] awaitPacket(Inbox inbox, String what) throws InterruptedException {
    byte[] packet = inbox.poll(deliveryTimeout());
    if (packet == null) {
      fail(what + " did not arrive within " + deliveryTimeout());
    }
    return packet;
  }

  @Test
  void aPacketFromAReachesBByteIdenticalAndIsCounted() throws Exception {
    PacketNetwork network = open(List.of(A, B));
    Inbox atA = new Inbox();
    Inbox atB = new Inbox();
    NetworkAttachment hostA = attach(network, A, atA);
    NetworkAttachment hostB = attach(network, B, atB);
    assertEquals(A, hostA.address());
    byte[] packet = packet(A, B, "hello, B".getBytes());

    hostA.send(packet, 0, packet.length);

    assertArrayEquals(packet, awaitPacket(atB, "the packet from A to B"));
    assertTrue(atA.isEmpty(), "the sender received its own packet");
    assertEquals(1, hostA.counters().sent());
    assertEquals(1, hostB.counters().delivered());
    assertEquals(1, network.counters().sent());
    assertEquals(1, network.counters().delivered());
    assertEquals(0, network.counters().droppedTotal());
  }

  @Test
  void sendsTheGivenSliceAndCopiesItBeforeReturning() throws Exception {
    PacketNetwork network = open(List.of(A, B));
    Inbox atB = new Inbox();
    NetworkAttachment hostA = attach(network, A, new Inbox());
    attach(network, B, atB);
    byte[] packet = packet(A, B, new byte[] {1, 2, 3, 4});
    byte[] framed = new byte[packet.length + 7];
    System.arraycopy(packet, 0, framed, 3, packet.length);

    hostA.send(framed, 3, packet.length);
    java.util.Arrays.fill(framed, (byte) 0x55); // the caller may reuse its array at once

    assertArrayEquals(packet, awaitPacket(atB, "the packet from A to B"));
  }

  @Test
  void anUnreachableDestinationIsCountedNoRoute() throws Exception {
    PacketNetwork network = open(List.of(A, B));
    NetworkAttachment hostA = attach(network, A, new Inbox());
    byte[] packet = packet(A, UNROUTED, new byte[8]);

    hostA.send(packet, 0, packet.length);

    awaitCount("NO_ROUTE", () -> hostA.counters().dropped(DropReason.NO_ROUTE));
    assertEquals(1, network.counters().dropped(DropReason.NO_ROUTE));
    assertEquals(0, network.counters().delivered());
  }

  @Test
  void aPacketShorterThanAnIpv4HeaderIsCountedMalformed() throws Exception {
    PacketNetwork network = open(List.of(A, B));
    Inbox atB = new Inbox();
    NetworkAttachment hostA = attach(network, A, new Inbox());
    attach(network, B, atB);
    byte[] truncated = java.util.Arrays.copyOf(packet(A, B, new byte[8]), 19);

    hostA.send(truncated, 0, truncated.length);

    awaitCount("MALFORMED", () -> hostA.counters().dropped(DropReason.MALFORMED));
    assertEquals(1, network.counters().dropped(DropReason.MALFORMED));
    proveQuietBySendingAfter(hostA, atB);
  }

  @Test
  void aPacketAboveTheMtuIsCountedOversize() throws Exception {
    PacketNetwork network = open(List.of(A, B));
    Inbox atB = new Inbox();
    NetworkAttachment hostA = attach(network, A, new Inbox());
    attach(network, B, atB);
    assertTrue(hostA.mtu() >= 68, "RFC 791: every link carries 68 bytes, not " + hostA.mtu());
    byte[] fits = packet(A, B, new byte[hostA.mtu() - 20]);
    byte[] tooBig = packet(A, B, new byte[hostA.mtu() - 19]);

    hostA.send(tooBig, 0, tooBig.length);
    hostA.send(fits, 0, fits.length);

    assertArrayEquals(fits, awaitPacket(atB, "a packet of exactly the MTU"));
    assertEquals(1, hostA.counters().dropped(DropReason.OVERSIZE));
    assertTrue(atB.isEmpty(), "the oversize packet was delivered");
  }

  @Test
  void attachingTheSameAddressTwiceFails() throws Exception {
    PacketNetwork network = open(List.of(A, B));
    attach(network, A, new Inbox());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> attach(network, A, new Inbox()));
    assertTrue(e.getMessage().contains(A.toString()), "name the address: " + e.getMessage());
  }

  @Test
  void attachingTheWildcardFails() throws Exception {
    PacketNetwork network = open(List.of(A, B));
    assertThrows(IllegalArgumentException.class,
        () -> attach(network, Ipv4Address.ANY, new Inbox()));
  }

  @Test
  void aDetachedHostsSendsAreCountedDetachedAndItReceivesNothing() throws Exception {
    PacketNetwork network = open(List.of(A, B, HOSTS.get(2)));
    Inbox atA = new Inbox();
    Inbox atC = new Inbox();
    NetworkAttachment hostA = attach(network, A, atA);
    NetworkAttachment hostB = attach(network, B, new Inbox());
    attach(network, HOSTS.get(2), atC);

    hostA.close();
    byte[] fromA = packet(A, B, new byte[4]);
    hostA.send(fromA, 0, fromA.length);
    byte[] toA = packet(B, A, new byte[4]);
    hostB.send(toA, 0, toA.length);

    assertEquals(1, hostA.counters().dropped(DropReason.DETACHED));
    // B's packet to A went out before this one to C; once C has its packet, A had its chance.
    byte[] toC = packet(B, HOSTS.get(2), new byte[4]);
    hostB.send(toC, 0, toC.length);
    awaitPacket(atC, "the packet from B to C");
    assertTrue(atA.isEmpty(), "a detached host received a packet");
    hostA.close(); // idempotent
  }

  @Test
  void aDetachedAddressCanBeAttachedAgain() throws Exception {
    PacketNetwork network = open(List.of(A, B));
    attach(network, A, new Inbox()).close();
    Inbox again = new Inbox();
    attach(network, A, again);
    NetworkAttachment hostB = attach(network, B, new Inbox());
    byte[] packet = packet(B, A, new byte[] {42});

    hostB.send(packet, 0, packet.length);

    assertArrayEquals(packet, awaitPacket(again, "a packet to the re-attached A"));
  }

  @Test
  void manyThreadsSendingAtOnceLoseNothing() throws Exception {
    int senders = HOSTS.size() - 1;
    int perSender = 200;
    int window = 16; // bounded in flight per sender, so real socket buffers never overflow
    PacketNetwork network = open(HOSTS);
    Ipv4Address receiverAddress = HOSTS.get(0);
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    Set<Long> duplicates = ConcurrentHashMap.newKeySet();
    List<Semaphore> credits = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      credits.add(new Semaphore(window));
    }
    CountDownLatch all = new CountDownLatch(senders * perSender);
    network.attach(receiverAddress, packet -> {
      ByteBuffer payload = ByteBuffer.wrap(packet, 20, 8);
      int sender = payload.getInt();
      int sequence = payload.getInt();
      long key = ((long) sender << 32) | sequence;
      if (!seen.add(key)) {
        duplicates.add(key);
      }
      credits.get(sender).release();
      all.countDown();
    });
    List<NetworkAttachment> attachments = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      attachments.add(network.attach(HOSTS.get(i + 1), packet -> {}));
    }

    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> sending = new ArrayList<>();
      for (int i = 0; i < senders; i++) {
        int sender = i;
        sending.add(pool.submit(() -> {
          start.await();
          NetworkAttachment from = attachments.get(sender);
          for (int sequence = 0; sequence < perSender; sequence++) {
            if (!credits.get(sender).tryAcquire(deliveryTimeout().toNanos(),
                TimeUnit.NANOSECONDS)) {
              throw new AssertionError("sender " + sender + " stalled at packet " + sequence
                  + ": earlier packets never arrived");
            }
            byte[] packet = marked(from.address(), receiverAddress, sender, sequence);
            from.send(packet, 0, packet.length);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : sending) {
        future.get(deliveryTimeout().toNanos() * 2, TimeUnit.NANOSECONDS);
      }
      assertTrue(all.await(deliveryTimeout().toNanos(), TimeUnit.NANOSECONDS),
          (senders * perSender - all.getCount()) + " of " + senders * perSender + " arrived");
    } finally {
      pool.shutdownNow();
    }
    assertEquals(senders * perSender, seen.size());
    assertEquals(Set.of(), duplicates, "duplicated without impairments");
    assertEquals(senders * perSender, network.counters().delivered());
  }

  @Test
  void closeDetachesEveryoneRefusesNewHostsAndStopsItsThreads() throws Exception {
    ThreadGroup group = Thread.currentThread().getThreadGroup();
    Set<Thread> before = liveThreads(group);
    PacketNetwork network = open(List.of(A, B));
    NetworkAttachment hostA = attach(network, A, new Inbox());
    Inbox atB = new Inbox();
    attach(network, B, atB);
    byte[] packet = packet(A, B, new byte[4]);
    hostA.send(packet, 0, packet.length);
    awaitPacket(atB, "a packet before close");

    network.close();

    hostA.send(packet, 0, packet.length);
    assertEquals(1, hostA.counters().dropped(DropReason.DETACHED));
    assertThrows(IllegalStateException.class, () -> attach(network, A, new Inbox()));
    Set<Thread> leaked = liveThreads(group);
    leaked.removeAll(before);
    assertEquals(Set.of(), leaked, "threads still running after close()");
    network.close(); // idempotent
    assertNull(atB.poll(Duration.ZERO), "delivered after close");
  }

  private static Set<Thread> liveThreads(ThreadGroup group) {
    // Only threads in the test's own group: the JDK starts its own (e.g. Common-Cleaner) lazily.
    Set<Thread> threads = new HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive() && thread.getThreadGroup() == group) {
        threads.add(thread);
      }
    }
    return threads;
  }

  /** Sends a good packet A→B after a bad one and checks that only the good one arrives. */
  private void proveQuietBySendingAfter(NetworkAttachment hostA, Inbox atB) throws Exception {
    byte[] good = packet(hostA.address(), B, new byte[] {7});
    hostA.send(good, 0, good.length);
    assertArrayEquals(good, awaitPacket(atB, "a good packet after a bad one"));
    assertNull(atB.poll(Duration.ZERO), "the bad packet was delivered too");
  }

  /** Waits (bounded) until a counter another thread may update reaches 1, then checks it is 1. */
  private void awaitCount(String what, java.util.function.LongSupplier counter) {
    long deadline = System.nanoTime() + deliveryTimeout().toNanos();
    while (counter.getAsLong() == 0) {
      if (System.nanoTime() - deadline > 0) {
        fail(what + " was never counted");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(100_000);
    }
    assertEquals(1, counter.getAsLong(), what);
  }
}
