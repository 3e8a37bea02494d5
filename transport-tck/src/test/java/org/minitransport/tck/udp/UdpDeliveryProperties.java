package org.minitransport.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.TrafficCounters;
import org.minitransport.core.net.sim.GilbertElliottLoss;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostDropReason;
import org.quicktheories.core.Gen;

/**
 * udp-lite over the simulated network in virtual time, under random impairments and random
 * traffic. QuickTheories generates the network seed, the link and the traffic, so the "Seed was
 * N" it prints on failure replays the whole run ({@code -DQT_SEED=N}).
 */
class UdpDeliveryProperties {

  private static final int[] PORTS = {5000, 5001};

  /** One datagram of the traffic: which socket sends, to which socket, how big, and when. */
  record Send(int fromHost, int fromSocket, int toHost, int toSocket, int lengthChoice,
      long gapNs) {}

  /**
   * A whole run: the network seed, the link every direction uses, the hosts (each with two
   * sockets, on ports 5000 and 5001, bound to its own address or to the wildcard) and the sends.
   */
  record Scenario(long networkSeed, LinkConfig link, int hosts, boolean[] wildcard,
      List<Send> sends) {

    @Override
    public String toString() {
      return "Scenario[seed=" + networkSeed + ", hosts=" + hosts + ", sends=" + sends.size()
          + ", link=" + link + "]";
    }
  }

  // --- generators ---------------------------------------------------------------------------

  private static double probability(org.quicktheories.core.RandomnessSource in, double max) {
    // Half of the runs leave an impairment off, so its interaction with the others varies too.
    return integers().between(0, 1).generate(in) == 0 ? 0
        : doubles().between(0, max).generate(in);
  }

  private static Gen<LinkConfig> impairedLinks() {
    return in -> {
      LinkConfig.Builder link = LinkConfig.builder()
          .lossProbability(probability(in, 0.3))
          .duplicationProbability(probability(in, 0.3))
          .reordering(probability(in, 0.4), longs().between(0, 20_000_000).generate(in))
          .delayNs(longs().between(0, 5_000_000).generate(in))
          .jitterNs(longs().between(0, 5_000_000).generate(in))
          // Single-bit errors: the Internet checksum catches every one of them (RFC 1071).
          .corruption(probability(in, 0.4), 1)
          .mtu(integers().between(LinkConfig.MIN_MTU, 1500).generate(in));
      if (integers().between(0, 2).generate(in) == 0) {
        link.burstLoss(GilbertElliottLoss.fromAverageLoss(
            doubles().between(0, 0.4).generate(in), doubles().between(1, 5).generate(in)));
      }
      return link.build();
    };
  }

  private static Gen<LinkConfig> cleanLinks() {
    return in -> LinkConfig.builder()
        .delayNs(longs().between(0, 5_000_000).generate(in))
        .jitterNs(longs().between(0, 5_000_000).generate(in))
        .mtu(integers().between(LinkConfig.MIN_MTU, 1500).generate(in))
        .build();
  }

  private static Gen<Scenario> scenarios(Gen<LinkConfig> links, int maxSends) {
    return in -> {
      long seed = longs().all().generate(in);
      LinkConfig link = links.generate(in);
      int hosts = integers().between(2, 3).generate(in);
      boolean[] wildcard = new boolean[hosts * PORTS.length];
      for (int i = 0; i < wildcard.length; i++) {
        wildcard[i] = integers().between(0, 1).generate(in) == 1;
      }
      int count = integers().between(1, maxSends).generate(in);
      List<Send> sends = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        sends.add(new Send(
            integers().between(1, hosts).generate(in),
            integers().between(0, 1).generate(in),
            integers().between(1, hosts).generate(in),
            integers().between(0, 1).generate(in),
            integers().between(0, 1472).generate(in),
            longs().between(0, 3_000_000).generate(in)));
      }
      return new Scenario(seed, link, hosts, wildcard, sends);
    };
  }

  // --- running a scenario -------------------------------------------------------------------

  /** What one receiving socket was sent and what it got. */
  static final class Inbox {
    final Map<String, Integer> sentCounts = new HashMap<>();
    final List<ReceivedDatagram> received = new ArrayList<>();
    final List<ReceivedDatagram> sentInOrder = new ArrayList<>();
  }

  /** The run of one scenario: hosts, sockets, and per receiving socket what was sent to it. */
  static final class Run implements AutoCloseable {
    final Scenario scenario;
    final UdpSimulation sim;
    final List<UdpService> services = new ArrayList<>();
    final UdpSocket[][] sockets;
    final Map<Endpoint, Inbox> inboxes = new HashMap<>();
    long sent;

    Run(Scenario scenario) throws IOException {
      this.scenario = scenario;
      sim = new UdpSimulation(scenario.networkSeed(), scenario.link());
      sockets = new UdpSocket[scenario.hosts()][PORTS.length];
      for (int h = 1; h <= scenario.hosts(); h++) {
        services.add(sim.addHost());
      }
      openSockets();
    }

    void openSockets() throws IOException {
      for (int h = 1; h <= scenario.hosts(); h++) {
        for (int s = 0; s < PORTS.length; s++) {
          Ipv4Address local = scenario.wildcard()[(h - 1) * PORTS.length + s]
              ? Ipv4Address.ANY : UdpSimulation.address(h);
          sockets[h - 1][s] = services.get(h - 1).open(new Endpoint(local, PORTS[s]));
        }
      }
    }

    /** The endpoint others address socket {@code s} of host {@code h} by. */
    static Endpoint addressOf(int h, int s) {
      return new Endpoint(UdpSimulation.address(h), PORTS[s]);
    }

    void sendAll(long payloadSeed) throws IOException {
      SplittableRandom random = new SplittableRandom(payloadSeed);
      for (Send send : scenario.sends()) {
        sim.driver.runFor(send.gapNs());
        drainAll();
        UdpService from = services.get(send.fromHost() - 1);
        byte[] data = new byte[Math.min(send.lengthChoice(), from.maxPayload())];
        random.nextBytes(data);
        Endpoint destination = addressOf(send.toHost(), send.toSocket());
        sockets[send.fromHost() - 1][send.fromSocket()].send(destination, data);
        Inbox inbox = inboxes.computeIfAbsent(destination, d -> new Inbox());
        ReceivedDatagram expected =
            new ReceivedDatagram(addressOf(send.fromHost(), send.fromSocket()), data);
        inbox.sentCounts.merge(key(expected), 1, Integer::sum);
        inbox.sentInOrder.add(expected);
        sent++;
      }
      sim.runUntilIdle();
      drainAll();
    }

    void drainAll() throws IOException {
      for (int h = 1; h <= scenario.hosts(); h++) {
        for (int s = 0; s < PORTS.length; s++) {
          UdpSocket socket = sockets[h - 1][s];
          Inbox inbox = inboxes.computeIfAbsent(addressOf(h, s), d -> new Inbox());
          for (ReceivedDatagram d = socket.tryReceive(); d != null; d = socket.tryReceive()) {
            inbox.received.add(d);
          }
        }
      }
    }

    long total(java.util.function.ToLongFunction<UdpCounters> counter) {
      return services.stream().mapToLong(s -> counter.applyAsLong(s.counters())).sum();
    }

    @Override
    public void close() {
      sim.close();
    }
  }

  static String key(ReceivedDatagram datagram) {
    return datagram.source() + "|" + java.util.HexFormat.of().formatHex(datagram.data());
  }

  // --- properties ---------------------------------------------------------------------------

  @Test
  void underImpairmentsEveryDeliveredDatagramIsOneThatWasSentToThatSocketFromItsSource() {
    TrafficCounters impairments = new TrafficCounters();
    long[] checksumErrors = {0};
    qt().withExamples(60)
        .forAll(scenarios(impairedLinks(), 60))
        .checkAssert(scenario -> {
          try (Run run = new Run(scenario)) {
            run.sendAll(scenario.networkSeed() ^ 0x5eed);
            for (Map.Entry<Endpoint, Inbox> entry : run.inboxes.entrySet()) {
              Map<String, Integer> seen = new HashMap<>();
              for (ReceivedDatagram got : entry.getValue().received) {
                Integer sentCount = entry.getValue().sentCounts.get(key(got));
                assertTrue(sentCount != null,
                    entry.getKey() + " got " + got + ", which nobody sent it (corrupted?)");
                int copies = seen.merge(key(got), 1, Integer::sum);
                assertTrue(copies <= 2 * sentCount,
                    "more copies than sends plus one duplicate each: " + got);
              }
            }
            assertEveryArrivalIsAccountedFor(run);
            tally(run.sim.network.counters(), impairments);
            checksumErrors[0] += run.total(UdpCounters::inChecksumErrors);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
    // Not vacuous: across the examples every impairment happened and corruption reached UDP.
    assertTrue(impairments.dropped(DropReason.LOSS) > 0, "no run lost a packet: " + impairments);
    assertTrue(impairments.duplicated() > 0, "no run duplicated a packet: " + impairments);
    assertTrue(impairments.reordered() > 0, "no run reordered a packet: " + impairments);
    assertTrue(impairments.corrupted() > 0, "no run corrupted a packet: " + impairments);
    assertTrue(checksumErrors[0] > 0, "no corrupted datagram reached the UDP checksum");
  }

  private static void tally(TrafficCounters run, TrafficCounters total) {
    for (int i = 0; i < run.dropped(DropReason.LOSS); i++) {
      total.recordDropped(DropReason.LOSS);
    }
    for (int i = 0; i < run.duplicated(); i++) {
      total.recordDuplicated();
    }
    for (int i = 0; i < run.reordered(); i++) {
      total.recordReordered();
    }
    for (int i = 0; i < run.corrupted(); i++) {
      total.recordCorrupted();
    }
  }

  @Test
  void withoutImpairmentsEveryDatagramArrivesExactlyOnceInOrderWithItsBoundaries() {
    qt().withExamples(60)
        .forAll(scenarios(cleanLinks(), 60))
        .checkAssert(scenario -> {
          try (Run run = new Run(scenario)) {
            run.sendAll(scenario.networkSeed());
            assertExactlyOnceInOrder(run);
            assertEquals(run.sent, run.total(UdpCounters::outDatagrams));
            assertEquals(run.sent, run.total(UdpCounters::inDatagrams));
            assertEquals(0, run.total(UdpCounters::inErrors));
            assertEquals(0, run.total(UdpCounters::noPorts));
            assertEquals(run.sent, run.sim.network.counters().delivered());
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
  }

  @Test
  void portsAreReusableAfterCloseAndTheNewSocketGetsEverythingSentToIt() {
    qt().withExamples(30)
        .forAll(scenarios(cleanLinks(), 30))
        .checkAssert(scenario -> {
          try (Run run = new Run(scenario)) {
            run.sendAll(scenario.networkSeed());
            UdpSocket[][] old = new UdpSocket[scenario.hosts()][];
            for (int h = 0; h < scenario.hosts(); h++) {
              old[h] = run.sockets[h].clone();
              for (UdpSocket socket : run.sockets[h]) {
                socket.close();
              }
            }
            run.inboxes.clear();
            run.openSockets(); // same ports, same addresses
            run.sendAll(~scenario.networkSeed());
            assertExactlyOnceInOrder(run);
            for (UdpSocket[] host : old) {
              for (UdpSocket socket : host) {
                assertThrows(SocketException.class, socket::tryReceive);
              }
            }
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
  }

  @Test
  void aFullReceiveBufferLosesOnlyWhatItCountsAsOverflow() {
    qt().withExamples(60)
        .forAll(longs().all(), integers().between(64, 8_000), integers().between(1, 80),
            integers().between(0, 1_468))
        .checkAssert((seed, bufferBytes, burst, maxLength) -> {
          try (UdpSimulation sim = new UdpSimulation(seed, LinkConfig.DEFAULT)) {
            UdpService a = sim.addHost();
            UdpService b = sim.addHost();
            UdpSocket receiver = b.open(UdpSimulation.endpoint(2, 5000),
                UdpSocketOptions.builder().receiveBufferBytes(bufferBytes).build());
            UdpSocket sender = a.openEphemeral();
            SplittableRandom random = new SplittableRandom(seed);
            List<byte[]> sent = new ArrayList<>();
            List<byte[]> received = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
              for (int i = 0; i < burst; i++) {
                byte[] data = ByteBuffer.allocate(4 + random.nextInt(maxLength + 1))
                    .putInt(sent.size()).array();
                sender.send(receiver.localEndpoint(), data);
                sent.add(data);
              }
              sim.runUntilIdle();
              for (ReceivedDatagram d = receiver.tryReceive(); d != null; d = receiver.tryReceive()) {
                received.add(d.data());
              }
            }
            long overflow = receiver.counters().receiveBufferErrors();
            assertEquals(sent.size(), received.size() + overflow);
            assertEquals(received.size(), receiver.counters().inDatagrams());
            assertEquals(overflow, b.counters().receiveBufferErrors());
            int previous = -1;
            for (byte[] data : received) {
              int index = ByteBuffer.wrap(data).getInt();
              assertTrue(index > previous, "out of order or duplicated: " + index);
              assertArrayEquals(sent.get(index), data);
              previous = index;
            }
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
  }

  // --- shared checks ------------------------------------------------------------------------

  private static void assertExactlyOnceInOrder(Run run) {
    for (Map.Entry<Endpoint, Inbox> entry : run.inboxes.entrySet()) {
      Inbox inbox = entry.getValue();
      // Per source the link is FIFO here, so each source's datagrams arrive in sending order.
      Map<Endpoint, List<ReceivedDatagram>> sentBySource = new HashMap<>();
      Map<Endpoint, List<ReceivedDatagram>> gotBySource = new HashMap<>();
      inbox.sentInOrder.forEach(
          d -> sentBySource.computeIfAbsent(d.source(), s -> new ArrayList<>()).add(d));
      inbox.received.forEach(
          d -> gotBySource.computeIfAbsent(d.source(), s -> new ArrayList<>()).add(d));
      assertEquals(sentBySource, gotBySource, "what " + entry.getKey() + " got, per source");
    }
  }

  /**
   * Every packet the network delivered ended in exactly one bucket: a host-level drop, an ICMP
   * message, or one of the UDP outcomes (queued, input error, no port).
   */
  private static void assertEveryArrivalIsAccountedFor(Run run) {
    long hostReceived = 0;
    long accounted = 0;
    for (int h = 1; h <= run.scenario.hosts(); h++) {
      Host host = run.sim.host(h);
      UdpCounters udp = run.services.get(h - 1).counters();
      hostReceived += host.counters().received();
      accounted += host.counters().dropped(HostDropReason.BAD_IPV4)
          + host.counters().dropped(HostDropReason.WRONG_DESTINATION)
          + host.counters().dropped(HostDropReason.UNKNOWN_PROTOCOL)
          + host.counters().icmpIn()
          + udp.inDatagrams() + udp.inErrors() + udp.noPorts();
    }
    assertEquals(run.sim.network.counters().delivered(), hostReceived);
    assertEquals(hostReceived, accounted, "arrivals not accounted for");
    long drained = run.inboxes.values().stream().mapToLong(i -> i.received.size()).sum();
    assertEquals(run.total(UdpCounters::inDatagrams), drained);
  }
}
