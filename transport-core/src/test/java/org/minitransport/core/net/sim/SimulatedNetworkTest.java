package org.minitransport.core.net.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.time.TimerQueue;
import org.minitransport.core.time.VirtualClock;

class SimulatedNetworkTest {

  private static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");
  private static final Ipv4Address C = Ipv4Address.parse("10.0.0.3");
  private static final long MS = 1_000_000;

  private VirtualClock clock;
  private SimulatedNetwork network;
  private RecordingReceiver atA;
  private RecordingReceiver atB;
  private NetworkAttachment hostA;
  private NetworkAttachment hostB;
  private RecordingTraceListener trace;

  @BeforeEach
  void setUp() {
    clock = new VirtualClock();
    network = new SimulatedNetwork(42, clock, LinkConfig.DEFAULT);
    atA = new RecordingReceiver(clock);
    atB = new RecordingReceiver(clock);
    hostA = network.attach(A, atA);
    hostB = network.attach(B, atB);
    trace = new RecordingTraceListener();
    network.setTraceListener(trace);
  }

  private void sendAToB(int length, int marker) {
    byte[] packet = TestPackets.ipv4(A, B, length, marker);
    hostA.send(packet, 0, packet.length);
  }

  private void configureAToB(LinkConfig.Builder builder) {
    network.setLink(A, B, builder.build());
  }

  @Nested
  class Routing {

    @Test
    void hasARouteOnlyToAttachedHosts() {
      assertTrue(network.hasRouteTo(B));
      assertFalse(network.hasRouteTo(Ipv4Address.parse("10.9.9.9")));
    }

    @Test
    void deliversToTheHostAtTheDestinationAddressAfterTheDefaultDelay() {
      byte[] packet = TestPackets.ipv4(A, B, 100, 7);
      hostA.send(packet, 0, packet.length);

      assertEquals(LinkConfig.DEFAULT_DELAY_NS, network.nextEventNs());
      assertEquals(1, VirtualTimeDriver.runUntilIdle(network, clock));
      assertEquals(1, atB.arrivals.size());
      assertArrayEquals(packet, atB.arrivals.get(0).packet());
      assertEquals(LinkConfig.DEFAULT_DELAY_NS, atB.arrivals.get(0).timeNs());
      assertTrue(atA.arrivals.isEmpty());
    }

    @Test
    void sendsTheGivenSliceOfTheCallersArray() {
      byte[] packet = TestPackets.ipv4(A, B, 40, 9);
      byte[] framed = new byte[packet.length + 10];
      System.arraycopy(packet, 0, framed, 3, packet.length);
      hostA.send(framed, 3, packet.length);
      VirtualTimeDriver.runUntilIdle(network, clock);
      assertArrayEquals(packet, atB.arrivals.get(0).packet());
    }

    @Test
    void copiesTheBytesBeforeSendReturns() {
      byte[] packet = TestPackets.ipv4(A, B, 40, 1);
      byte[] original = packet.clone();
      hostA.send(packet, 0, packet.length);
      packet[30] = 99;
      VirtualTimeDriver.runUntilIdle(network, clock);
      assertArrayEquals(original, atB.arrivals.get(0).packet());
    }

    @Test
    void dropsAPacketToAnUnattachedAddressAsNoRoute() {
      byte[] packet = TestPackets.ipv4(A, C, 40, 1);
      hostA.send(packet, 0, packet.length);

      assertEquals(TimerQueue.NONE, network.nextEventNs());
      assertEquals(1, network.counters().dropped(DropReason.NO_ROUTE));
      assertEquals(1, hostA.counters().dropped(DropReason.NO_ROUTE));
      assertEquals(1, network.linkCounters(A, C).dropped(DropReason.NO_ROUTE));
    }

    @Test
    void dropsAPacketShorterThanAnIpv4HeaderAsMalformed() {
      byte[] packet = new byte[19];
      packet[0] = 0x45;
      hostA.send(packet, 0, packet.length);
      assertEquals(1, network.counters().dropped(DropReason.MALFORMED));
      assertEquals(1, hostA.counters().dropped(DropReason.MALFORMED));
      assertEquals(TimerQueue.NONE, network.nextEventNs());
      TraceEvent.Kind[] expected = {TraceEvent.Kind.SENT, TraceEvent.Kind.DROPPED};
      assertEquals(List.of(expected), trace.kinds());
      assertEquals("null", trace.entries.get(1).to());
    }

    @Test
    void dropsAPacketWhoseVersionIsNotFourAsMalformed() {
      byte[] packet = TestPackets.ipv4(A, B, 40, 1);
      packet[0] = 0x65;
      hostA.send(packet, 0, packet.length);
      assertEquals(1, network.counters().dropped(DropReason.MALFORMED));
      assertEquals(0, VirtualTimeDriver.runUntilIdle(network, clock));
    }

    @Test
    void routesAHeaderOnlyPacketOfExactlyTwentyBytes() {
      byte[] packet = new byte[20];
      packet[0] = 0x45;
      B.writeTo(packet, 16);
      hostA.send(packet, 0, packet.length);
      assertEquals(1, VirtualTimeDriver.runUntilIdle(network, clock));
    }

    @Test
    void deliversAPacketAHostSendsToItself() {
      byte[] packet = TestPackets.ipv4(A, A, 40, 5);
      hostA.send(packet, 0, packet.length);
      VirtualTimeDriver.runUntilIdle(network, clock);
      assertEquals(List.of(5), atA.markers());
      assertEquals(1, network.linkCounters(A, A).delivered());
    }

    @Test
    void rejectsAttachingAtTheWildcardAddress() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> network.attach(Ipv4Address.ANY, packet -> { }));
      assertTrue(e.getMessage().contains("0.0.0.0"), e.getMessage());
    }

    @Test
    void rejectsAttachingTwiceAtOneAddress() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> network.attach(B, packet -> { }));
      assertTrue(e.getMessage().contains("10.0.0.2"), e.getMessage());
    }

    @Test
    void letsAnAddressBeReattachedAfterItsAttachmentCloses() {
      hostB.close();
      RecordingReceiver again = new RecordingReceiver(clock);
      network.attach(B, again);
      sendAToB(40, 3);
      VirtualTimeDriver.runUntilIdle(network, clock);
      assertEquals(List.of(3), again.markers());
    }

    @Test
    void rejectsASliceOutsideTheArray() {
      assertThrows(IndexOutOfBoundsException.class, () -> hostA.send(new byte[40], 30, 20));
    }

    @Test
    void refusesToAttachAfterTheNetworkCloses() {
      network.close();
      assertThrows(IllegalStateException.class, () -> network.attach(C, packet -> { }));
    }
  }

  @Nested
  class Delay {

    @Test
    void deliversExactlyDelayAfterTheSendTime() {
      configureAToB(LinkConfig.builder().delayNs(2_500_000));
      clock.advanceTo(1000);
      sendAToB(40, 1);

      assertEquals(2_501_000, network.nextEventNs());
      assertEquals(0, network.deliverDue(2_500_999));
      assertEquals(1, network.deliverDue(2_501_000));
    }

    @Test
    void aZeroDelayDeliversAtTheSendTime() {
      configureAToB(LinkConfig.builder().delayNs(0));
      clock.advanceTo(77);
      sendAToB(40, 1);
      assertEquals(77, network.nextEventNs());
      assertEquals(1, network.deliverDue(77));
    }

    @Test
    void jitterStaysWithinItsBoundsAndNeverReorders() {
      long delayNs = MS;
      long jitterNs = MS;
      configureAToB(LinkConfig.builder().delayNs(delayNs).jitterNs(jitterNs));
      List<Long> sendTimes = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        VirtualTimeDriver.runUntil(network, clock, i * 10_000L);
        sendTimes.add(clock.nanoTime());
        sendAToB(40, i);
      }
      VirtualTimeDriver.runUntilIdle(network, clock);

      assertEquals(1000, atB.arrivals.size());
      boolean jittered = false;
      for (int i = 0; i < 1000; i++) {
        RecordingReceiver.Arrival arrival = atB.arrivals.get(i);
        assertEquals(i, arrival.marker());
        long earliest = sendTimes.get(i) + delayNs;
        assertTrue(arrival.timeNs() >= earliest && arrival.timeNs() <= earliest + jitterNs,
            "packet " + i + " arrived at " + arrival.timeNs());
        jittered |= arrival.timeNs() != earliest;
      }
      assertTrue(jittered, "no packet was jittered");
      assertEquals(0, network.counters().reordered());
    }
  }

  @Nested
  class Mtu {

    @Test
    void dropsAPacketLongerThanTheMtuAsOversizeAndDeliversOneOfExactlyTheMtu() {
      configureAToB(LinkConfig.builder().mtu(576));
      sendAToB(577, 1);
      sendAToB(576, 2);
      VirtualTimeDriver.runUntilIdle(network, clock);

      assertEquals(List.of(2), atB.markers());
      assertEquals(1, network.counters().dropped(DropReason.OVERSIZE));
      assertEquals(1, network.linkCounters(A, B).dropped(DropReason.OVERSIZE));
      assertEquals(1, hostA.counters().dropped(DropReason.OVERSIZE));
    }

    @Test
    void attachmentsReportTheDefaultLinksMtu() {
      assertEquals(1500, hostA.mtu());
      SimulatedNetwork jumbo =
          new SimulatedNetwork(1, clock, LinkConfig.builder().mtu(9000).build());
      assertEquals(9000, jumbo.attach(A, packet -> { }).mtu());
    }
  }

  @Nested
  class Partition {

    @Test
    void dropsWhatIsSentFromTheWindowStartUntilJustBeforeItsEnd() {
      configureAToB(LinkConfig.builder().partition(10 * MS, 20 * MS));
      long[] sendTimes = {10 * MS - 1, 10 * MS, 20 * MS - 1, 20 * MS};
      for (int i = 0; i < sendTimes.length; i++) {
        clock.advanceTo(sendTimes[i]);
        sendAToB(40, i);
      }
      VirtualTimeDriver.runUntilIdle(network, clock);

      assertEquals(List.of(0, 3), atB.markers());
      assertEquals(2, network.counters().dropped(DropReason.PARTITION));
      assertEquals(2, network.linkCounters(A, B).dropped(DropReason.PARTITION));
    }

    @Test
    void stillDeliversWhatWasInFlightWhenTheWindowOpened() {
      configureAToB(LinkConfig.builder().delayNs(5 * MS).partition(10 * MS, 20 * MS));
      clock.advanceTo(9 * MS);
      sendAToB(40, 1);
      VirtualTimeDriver.runUntilIdle(network, clock);
      assertEquals(List.of(14 * MS), atB.times());
    }

    @Test
    void cutsOnlyTheConfiguredDirection() {
      configureAToB(LinkConfig.builder().partition(0, 20 * MS));
      byte[] packet = TestPackets.ipv4(B, A, 40, 1);
      hostB.send(packet, 0, packet.length);
      sendAToB(40, 2);
      VirtualTimeDriver.runUntilIdle(network, clock);
      assertEquals(List.of(1), atA.markers());
      assertTrue(atB.arrivals.isEmpty());
    }
  }

  @Nested
  class BandwidthAndQueue {

    @Test
    void serializesBackToBackPacketsAtSizeTimesEightOverBandwidth() {
      // 1000 bytes at 8 Mbit/s take exactly 1 ms.
      configureAToB(LinkConfig.builder().delayNs(0).bandwidthBitsPerSecond(8_000_000));
      sendAToB(1000, 1);
      sendAToB(1000, 2);
      VirtualTimeDriver.runUntilIdle(network, clock);
      assertEquals(List.of(MS, 2 * MS), atB.times());
    }

    @Test
    void addsPropagationDelayAfterSerialization() {
      configureAToB(LinkConfig.builder().delayNs(5 * MS).bandwidthBitsPerSecond(8_000_000));
      sendAToB(1000, 1);
      VirtualTimeDriver.runUntilIdle(network, clock);
      assertEquals(List.of(6 * MS), atB.times());
    }

    @Test
    void roundsSerializationTimeUp() {
      // 40 bytes = 320 bits at 3 bit/s: 106.67 s, rounded up to the next nanosecond.
      configureAToB(LinkConfig.builder().delayNs(0).bandwidthBitsPerSecond(3));
      sendAToB(40, 1);
      assertEquals(106_666_666_667L, network.nextEventNs());
    }

    @Test
    void tailDropsWhenThePacketQueueIsFullAndAcceptsAgainOnceItDrains() {
      configureAToB(LinkConfig.builder().delayNs(0).bandwidthBitsPerSecond(8_000_000)
          .queueCapacityPackets(3));
      for (int i = 0; i < 5; i++) {
        sendAToB(1000, i);
      }
      assertEquals(2, network.counters().dropped(DropReason.QUEUE_FULL));
      assertEquals(2, hostA.counters().dropped(DropReason.QUEUE_FULL));

      clock.advanceTo(MS); // the first packet has left the queue
      sendAToB(1000, 5);
      sendAToB(1000, 6);
      VirtualTimeDriver.runUntilIdle(network, clock);

      assertEquals(List.of(0, 1, 2, 5), atB.markers());
      assertEquals(List.of(MS, 2 * MS, 3 * MS, 4 * MS), atB.times());
      assertEquals(3, network.linkCounters(A, B).dropped(DropReason.QUEUE_FULL));
    }

    @Test
    void tailDropsWhenTheByteQueueIsFull() {
      configureAToB(LinkConfig.builder().bandwidthBitsPerSecond(8_000_000)
          .queueCapacityBytes(2500));
      sendAToB(1000, 1);
      sendAToB(1000, 2);
      sendAToB(1000, 3);
      sendAToB(500, 4);
      VirtualTimeDriver.runUntilIdle(network, clock);
      assertEquals(List.of(1, 2, 4), atB.markers());
      assertEquals(1, network.counters().dropped(DropReason.QUEUE_FULL));
    }
  }

  @Nested
  class Loss {

    @Test
    void lossProbabilityOneDropsEveryPacketAsLoss() {
      configureAToB(LinkConfig.builder().lossProbability(1));
      for (int i = 0; i < 10; i++) {
        sendAToB(40, i);
      }
      assertEquals(0, VirtualTimeDriver.runUntilIdle(network, clock));
      assertEquals(10, network.linkCounters(A, B).dropped(DropReason.LOSS));
    }

    @Test
    void burstLossLosesFromTheFirstPacketAfterTheChainEntersBad() {
      // Starts GOOD (no loss there), moves to BAD after the first packet and never leaves.
      configureAToB(LinkConfig.builder().burstLoss(new GilbertElliottLoss(1, 0, 0, 1)));
      for (int i = 0; i < 5; i++) {
        sendAToB(40, i);
      }
      VirtualTimeDriver.runUntilIdle(network, clock);
      assertEquals(List.of(0), atB.markers());
      assertEquals(4, network.counters().dropped(DropReason.LOSS));
    }
  }

  @Nested
  class Duplication {

    @Test
    void deliversEveryPacketTwiceInSeparateArraysWhenDuplicationIsCertain() {
      configureAToB(LinkConfig.builder().duplicationProbability(1));
      sendAToB(40, 1);
      sendAToB(40, 2);
      assertEquals(4, VirtualTimeDriver.runUntilIdle(network, clock));

      assertEquals(List.of(1, 1, 2, 2), atB.markers());
      assertNotSame(atB.arrivals.get(0).packet(), atB.arrivals.get(1).packet());
      assertEquals(2, network.counters().duplicated());
      assertEquals(2, hostA.counters().duplicated());
      assertEquals(4, hostB.counters().delivered());
      assertEquals(0, network.counters().reordered());
    }
  }

  @Nested
  class Corruption {

    @Test
    void flipsBetweenOneAndMaxBitsAndStillDelivers() {
      configureAToB(LinkConfig.builder().corruption(1, 3));
      byte[] original = TestPackets.ipv4(A, B, 100, 0);
      int[] seenFlips = new int[4];
      for (int i = 0; i < 200; i++) {
        hostA.send(original, 0, original.length);
      }
      VirtualTimeDriver.runUntilIdle(network, clock);

      assertEquals(200, atB.arrivals.size());
      for (RecordingReceiver.Arrival arrival : atB.arrivals) {
        int flipped = differingBits(original, arrival.packet());
        assertTrue(flipped >= 1 && flipped <= 3, "flipped " + flipped + " bits");
        seenFlips[flipped]++;
      }
      assertTrue(seenFlips[1] > 0 && seenFlips[2] > 0 && seenFlips[3] > 0,
          "every flip count from 1 to 3 should occur in 200 packets");
      assertEquals(200, network.counters().corrupted());
      assertEquals(200, network.linkCounters(A, B).corrupted());
    }

    @Test
    void tracesTheCorruptedBytes() {
      configureAToB(LinkConfig.builder().corruption(1, 1));
      sendAToB(40, 0);
      VirtualTimeDriver.runUntilIdle(network, clock);
      RecordingTraceListener.Entry corrupted = trace.entries.get(1);
      assertEquals(TraceEvent.Kind.CORRUPTED, corrupted.kind());
      assertFalse(corrupted.packetHex().equals(trace.entries.get(0).packetHex()));
      assertEquals(corrupted.packetHex(), trace.entries.get(2).packetHex());
    }

    private int differingBits(byte[] a, byte[] b) {
      int bits = 0;
      for (int i = 0; i < a.length; i++) {
        bits += Integer.bitCount((a[i] ^ b[i]) & 0xFF);
      }
      return bits;
    }
  }

  @Nested
  class Reordering {

    @Test
    void aHeldBackPacketIsOvertakenAndCountedOnce() {
      configureAToB(LinkConfig.builder().reordering(1, 5 * MS));
      sendAToB(40, 1);
      configureAToB(LinkConfig.builder());
      clock.advanceTo(1000);
      sendAToB(40, 2);
      VirtualTimeDriver.runUntilIdle(network, clock);

      assertEquals(List.of(2, 1), atB.markers());
      assertEquals(List.of(MS + 1000, 6 * MS), atB.times());
      assertEquals(1, network.counters().reordered());
      assertEquals(1, network.linkCounters(A, B).reordered());
      assertEquals(1, hostA.counters().reordered());
      int last = trace.entries.size() - 1;
      assertEquals(TraceEvent.Kind.REORDERED, trace.entries.get(last - 1).kind());
      assertEquals(TraceEvent.Kind.DELIVERED, trace.entries.get(last).kind());
    }

    @Test
    void aHeldBackPacketThatNothingOvertakesIsNotCounted() {
      configureAToB(LinkConfig.builder().reordering(1, 5 * MS));
      sendAToB(40, 1);
      configureAToB(LinkConfig.builder());
      clock.advanceTo(10 * MS);
      sendAToB(40, 2);
      VirtualTimeDriver.runUntilIdle(network, clock);
      assertEquals(List.of(1, 2), atB.markers());
      assertEquals(0, network.counters().reordered());
    }

    @Test
    void holdingBackEveryPacketEquallyReordersNone() {
      configureAToB(LinkConfig.builder().reordering(1, 5 * MS));
      for (int i = 0; i < 20; i++) {
        sendAToB(40, i);
      }
      VirtualTimeDriver.runUntilIdle(network, clock);
      assertEquals(0, network.counters().reordered());
      assertEquals(20, atB.arrivals.size());
    }
  }

  @Nested
  class Detaching {

    @Test
    void dropsWhatAClosedAttachmentSendsAsDetached() {
      hostA.close();
      sendAToB(40, 1);
      assertEquals(1, network.counters().dropped(DropReason.DETACHED));
      assertEquals(1, hostA.counters().dropped(DropReason.DETACHED));
      assertEquals(TimerQueue.NONE, network.nextEventNs());
    }

    @Test
    void dropsAPacketArrivingAfterItsReceiverClosedAsDetached() {
      sendAToB(40, 1);
      hostB.close();
      assertEquals(0, VirtualTimeDriver.runUntilIdle(network, clock));
      assertTrue(atB.arrivals.isEmpty());
      assertEquals(1, hostB.counters().dropped(DropReason.DETACHED));
      assertEquals(1, network.linkCounters(A, B).dropped(DropReason.DETACHED));
    }

    @Test
    void closingTheNetworkDetachesEveryHostAndDiscardsPacketsInFlight() {
      sendAToB(40, 1);
      network.close();
      assertEquals(TimerQueue.NONE, network.nextEventNs());
      sendAToB(40, 2);
      assertEquals(1, hostA.counters().dropped(DropReason.DETACHED));
    }

    @Test
    void closingAnAttachmentTwiceIsHarmless() {
      hostA.close();
      hostA.close();
      assertEquals(0, network.counters().droppedTotal());
    }
  }

  @Nested
  class CountersAndTrace {

    @Test
    void countsEachDirectionOfALinkSeparately() {
      sendAToB(40, 1);
      sendAToB(40, 2);
      byte[] packet = TestPackets.ipv4(B, A, 40, 3);
      hostB.send(packet, 0, packet.length);
      VirtualTimeDriver.runUntilIdle(network, clock);

      assertEquals(2, network.linkCounters(A, B).sent());
      assertEquals(2, network.linkCounters(A, B).delivered());
      assertEquals(1, network.linkCounters(B, A).sent());
      assertEquals(3, network.counters().delivered());
      assertEquals(2, hostA.counters().sent());
      assertEquals(1, hostA.counters().delivered());
      assertEquals(2, hostB.counters().delivered());
    }

    @Test
    void tracesSendAndDeliveryWithTimesAddressesAndBytes() {
      clock.advanceTo(500);
      byte[] packet = TestPackets.ipv4(A, B, 40, 1);
      hostA.send(packet, 0, packet.length);
      VirtualTimeDriver.runUntilIdle(network, clock);

      String hex = java.util.HexFormat.of().formatHex(packet);
      assertEquals(List.of(
          new RecordingTraceListener.Entry(TraceEvent.Kind.SENT, 500, "10.0.0.1", "10.0.0.2",
              null, hex),
          new RecordingTraceListener.Entry(TraceEvent.Kind.DELIVERED, 500 + MS, "10.0.0.1",
              "10.0.0.2", null, hex)),
          trace.entries);
    }

    @Test
    void tracesADropWithItsReason() {
      configureAToB(LinkConfig.builder().lossProbability(1));
      sendAToB(40, 1);
      assertEquals(DropReason.LOSS, trace.entries.get(1).reason());
      assertEquals(TraceEvent.Kind.DROPPED, trace.entries.get(1).kind());
    }

    @Test
    void stopsTracingWhenTheListenerIsRemoved() {
      network.setTraceListener(null);
      sendAToB(40, 1);
      VirtualTimeDriver.runUntilIdle(network, clock);
      assertTrue(trace.entries.isEmpty());
      assertEquals(1, atB.arrivals.size());
    }

    @Test
    void reportsTheConfigurationInEffectPerDirection() {
      LinkConfig slow = LinkConfig.builder().delayNs(50 * MS).build();
      network.setLinkBothWays(A, C, slow);
      assertEquals(slow, network.linkConfig(A, C));
      assertEquals(slow, network.linkConfig(C, A));
      assertEquals(LinkConfig.DEFAULT, network.linkConfig(A, B));
      assertEquals(Map.of(), network.counters().droppedByReason());
    }
  }

  @Nested
  class Modes {

    @Test
    void refusesRealTimeDeliveryOnAVirtualClock() {
      IllegalStateException e = assertThrows(IllegalStateException.class, network::startRealTime);
      assertTrue(e.getMessage().contains("VirtualClock"), e.getMessage());
    }
  }
}
