package org.minitransport.core.net.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.net.PacketReceiver;
import org.minitransport.core.net.TrafficCounters;
import org.minitransport.core.time.VirtualClock;

class CapturingNetworkTest {

  private static final Ipv4Address HOST = Ipv4Address.parse("10.0.0.1");

  private final PacketNetwork inner = mock(PacketNetwork.class);
  private final NetworkAttachment innerAttachment = mock(NetworkAttachment.class);
  private final PacketReceiver receiver = packet -> { };
  private final VirtualClock clock = new VirtualClock();
  private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

  @BeforeEach
  void wireTheInnerNetwork() throws IOException {
    when(inner.attach(HOST, receiver)).thenReturn(innerAttachment);
  }

  private List<PcapFile.Record> captured(PcapWriter writer) throws IOException {
    writer.flush();
    return PcapFile.parse(sink.toByteArray()).records();
  }

  @Test
  void capturesEverySendWithTheClockAsTimestamp() throws IOException {
    PcapWriter writer = new PcapWriter(sink);
    CapturingNetwork network = new CapturingNetwork(inner, clock, writer);
    NetworkAttachment host = network.attach(HOST, receiver);
    clock.advanceTo(1_500_000_000L);
    host.send(new byte[] {0, 1, 2, 3}, 1, 2);
    clock.advanceBy(2_000);
    host.send(new byte[] {7}, 0, 1);

    List<PcapFile.Record> records = captured(writer);
    assertEquals(2, records.size());
    assertEquals(1, records.get(0).seconds());
    assertEquals(500_000, records.get(0).micros());
    assertArrayEquals(new byte[] {1, 2}, records.get(0).data());
    assertEquals(500_002, records.get(1).micros());
    verify(innerAttachment, times(2)).send(any(), anyInt(), anyInt());
  }

  @Test
  void withSentAndReceivedItAlsoRecordsWhatTheNetworkDeliversBeforeTheHostGetsIt()
      throws IOException {
    org.mockito.ArgumentCaptor<PacketReceiver> wrapped =
        org.mockito.ArgumentCaptor.forClass(PacketReceiver.class);
    when(inner.attach(eq(HOST), wrapped.capture())).thenReturn(innerAttachment);
    PcapWriter writer = new PcapWriter(sink);
    List<byte[]> got = new java.util.ArrayList<>();
    NetworkAttachment host = new CapturingNetwork(inner, clock, writer, 0,
        CapturingNetwork.Scope.SENT_AND_RECEIVED).attach(HOST, got::add);
    host.send(new byte[] {1}, 0, 1);
    clock.advanceBy(1_000);
    wrapped.getValue().receive(new byte[] {2, 3});

    List<PcapFile.Record> records = captured(writer);
    assertEquals(2, records.size());
    assertArrayEquals(new byte[] {1}, records.get(0).data());
    assertArrayEquals(new byte[] {2, 3}, records.get(1).data());
    assertEquals(1, got.size(), "the host still gets the packet");
  }

  @Test
  void asksTheNetworkItWrapsForRoutes() throws IOException {
    when(inner.hasRouteTo(HOST)).thenReturn(false);
    assertFalse(new CapturingNetwork(inner, clock, new PcapWriter(sink)).hasRouteTo(HOST));
  }

  @Test
  void capturesThePacketAsSentBeforeTheNetworkTouchesIt() throws IOException {
    doAnswer(call -> {
      byte[] packet = call.getArgument(0);
      packet[0] ^= (byte) 0xFF; // an in-place corruption by the inner network
      return null;
    }).when(innerAttachment).send(any(), anyInt(), anyInt());
    PcapWriter writer = new PcapWriter(sink);
    NetworkAttachment host = new CapturingNetwork(inner, clock, writer).attach(HOST, receiver);
    byte[] packet = {0x45, 0x00};
    host.send(packet, 0, 2);
    assertEquals((byte) 0xBA, packet[0], "the inner network did get the packet");
    assertArrayEquals(new byte[] {0x45, 0x00}, captured(writer).get(0).data());
  }

  @Test
  void addsTheEpochOffset() throws IOException {
    PcapWriter writer = new PcapWriter(sink);
    NetworkAttachment host =
        new CapturingNetwork(inner, clock, writer, 1_700_000_000_000_000_000L).attach(HOST, receiver);
    host.send(new byte[1], 0, 1);
    assertEquals(1_700_000_000L, captured(writer).get(0).seconds());
  }

  @Test
  void passesTheReceiverAndQueriesThrough() throws IOException {
    TrafficCounters counters = new TrafficCounters();
    when(innerAttachment.address()).thenReturn(HOST);
    when(innerAttachment.mtu()).thenReturn(1500);
    when(innerAttachment.counters()).thenReturn(counters);
    when(inner.counters()).thenReturn(counters);
    CapturingNetwork network = new CapturingNetwork(inner, clock, new PcapWriter(sink));
    NetworkAttachment host = network.attach(HOST, receiver);
    verify(inner).attach(HOST, receiver);
    assertEquals(HOST, host.address());
    assertEquals(1500, host.mtu());
    assertSame(counters, host.counters());
    assertSame(counters, network.counters());
  }

  @Test
  void doesNotCaptureSendsAfterDetachButStillForwardsThem() throws IOException {
    PcapWriter writer = new PcapWriter(sink);
    NetworkAttachment host = new CapturingNetwork(inner, clock, writer).attach(HOST, receiver);
    host.close();
    host.send(new byte[3], 0, 3);
    verify(innerAttachment).close();
    verify(innerAttachment).send(any(), anyInt(), anyInt());
    assertTrue(captured(writer).isEmpty());
  }

  @Test
  void skipsCapturingABadRangeAndLeavesItToTheInnerNetwork() throws IOException {
    PcapWriter writer = new PcapWriter(sink);
    NetworkAttachment host = new CapturingNetwork(inner, clock, writer).attach(HOST, receiver);
    byte[] packet = new byte[2];
    host.send(packet, 1, 5);
    verify(innerAttachment).send(packet, 1, 5);
    assertTrue(captured(writer).isEmpty());
  }

  @Test
  void aFailingCaptureIsReportedAndDoesNotStopTheNetwork() throws IOException {
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("disk full");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("disk full");
      }
    };
    // The header and small records sit in the writer's buffer; a packet larger than the buffer
    // goes straight to the stream and fails.
    CapturingNetwork network = new CapturingNetwork(inner, clock, new PcapWriter(broken));
    NetworkAttachment host = network.attach(HOST, receiver);
    host.send(new byte[70_000], 0, 70_000);
    host.send(new byte[1], 0, 1);
    assertEquals("disk full", network.captureFailure().orElseThrow().getMessage());
    verify(innerAttachment).send(any(), anyInt(), eq(70_000));
    verify(innerAttachment).send(any(), anyInt(), eq(1));
  }

  @Test
  void closeClosesTheInnerNetworkAndFlushesButKeepsTheWriterOpen() throws IOException {
    PcapWriter writer = new PcapWriter(sink);
    CapturingNetwork network = new CapturingNetwork(inner, clock, writer);
    network.attach(HOST, receiver).send(new byte[4], 0, 4);
    network.close();
    verify(inner).close();
    assertEquals(1, PcapFile.parse(sink.toByteArray()).records().size());
    writer.writePacket(0, new byte[1], 0, 1); // still open
    assertTrue(network.captureFailure().isEmpty());
  }

  @Test
  void rejectsAClockThatWouldGiveNegativeTimestamps() throws IOException {
    PcapWriter writer = new PcapWriter(sink);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CapturingNetwork(inner, () -> -5L, writer));
    assertTrue(e.getMessage().contains("-5"), e.getMessage());
  }

  @Test
  void wallClockOffsetTurnsAnyClockIntoEpochTime() {
    long offset = CapturingNetwork.wallClockOffsetNs(() -> -42_000_000_000L);
    long nowNs = System.currentTimeMillis() * 1_000_000L;
    assertTrue(Math.abs(offset - 42_000_000_000L - nowNs) < 60_000_000_000L);
  }
}
