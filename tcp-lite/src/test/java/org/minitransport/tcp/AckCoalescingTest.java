package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.wire.HandBuiltPackets;
import org.minitransport.core.wire.Ipv4Packet;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpPacket;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * The endpoint answers a receive batch (the packets a driver hands the host before it takes the
 * output) with one ACK, as Linux acknowledges a GRO batch once; duplicate ACKs and ACKs past
 * 64 KiB still go out (RFC 9293 §3.8.6.3, RFC 5681 §4.2). Segments are injected one by one into
 * a host, as the network would deliver them.
 */
class AckCoalescingTest {

  private static final Ipv4Address SERVER = Ipv4Address.parse("10.0.0.2");
  private static final Ipv4Address PEER = Ipv4Address.parse("10.0.0.9");
  private static final int PORT = 8080;
  private static final int PEER_PORT = 40_000;
  private static final long PEER_ISN = 1_000;
  private static final byte[] MSS_1460 = {2, 4, 0x05, (byte) 0xB4};

  private final Host host = new Host(HostConfig.of(SERVER));
  private final TcpConfig config = TcpConfig.builder().receiveBufferBytes(1 << 20)
      .windowScaling(false).timestamps(false).build();
  private TcpEndpoint endpoint;
  private long serverIsn;
  private long nowNs = 1_000_000;

  @BeforeEach
  void establish() {
    endpoint = TcpEndpoint.install(host, config, 1, 2);
    try {
      endpoint.listen(Endpoint.of("0.0.0.0", PORT), 4, false);
    } catch (java.net.BindException e) {
      throw new AssertionError(e);
    }
    host.handlePacket(nowNs, HandBuiltPackets.tcp(PEER, SERVER, PEER_PORT, PORT, PEER_ISN, 0,
        TcpFlags.SYN, 65_535, MSS_1460, new byte[0]));
    List<TcpSegment> synAck = output();
    assertEquals(1, synAck.size());
    serverIsn = synAck.get(0).header().sequenceNumber();
    host.handlePacket(nowNs, packet(PEER_ISN + 1, new byte[0]));
    assertEquals(List.of(), output(), "the handshake's ACK needs no answer");
  }

  @Test
  void answersABatchOfInOrderSegmentsWithOneAck() {
    for (int i = 0; i < 10; i++) {
      host.handlePacket(nowNs, packet(PEER_ISN + 1 + i * 1000L, new byte[1000]));
    }
    List<TcpSegment> sent = output();
    assertEquals(1, sent.size(), "one ACK for the batch: " + sent);
    assertPureAck(sent.get(0), PEER_ISN + 1 + 10_000);
  }

  @Test
  void acknowledgesEverySecondSegmentWhenEachArrivesInItsOwnBatch() {
    host.handlePacket(nowNs, packet(PEER_ISN + 1, new byte[1000]));
    assertEquals(List.of(), output(), "the first segment's ACK is delayed");
    host.handlePacket(nowNs, packet(PEER_ISN + 1001, new byte[1000]));
    List<TcpSegment> sent = output();
    assertEquals(1, sent.size());
    assertPureAck(sent.get(0), PEER_ISN + 2001);
  }

  @Test
  void sendsAnAckAtLeastEvery64KibWithinABatch() {
    for (int i = 0; i < 80; i++) {
      host.handlePacket(nowNs, packet(PEER_ISN + 1 + i * 1000L, new byte[1000]));
    }
    List<TcpSegment> sent = output();
    assertEquals(2, sent.size(), "ACKs: " + sent);
    assertPureAck(sent.get(0), PEER_ISN + 1 + 64_000);
    assertPureAck(sent.get(1), PEER_ISN + 1 + 80_000);
  }

  @Test
  void sendsEveryDuplicateAckOfABatch() {
    host.handlePacket(nowNs, packet(PEER_ISN + 1, new byte[1000]));
    host.handlePacket(nowNs, packet(PEER_ISN + 1001, new byte[1000]));
    // 2001..3000 is lost; three later segments arrive out of order in the same batch
    for (int i = 3; i < 6; i++) {
      host.handlePacket(nowNs, packet(PEER_ISN + 1 + i * 1000L, new byte[1000]));
    }
    List<TcpSegment> sent = output();
    assertEquals(3, sent.size(), "the in-order ACK is replaced by the first duplicate; then each"
        + " duplicate goes: " + sent);
    for (TcpSegment ack : sent) {
      assertPureAck(ack, PEER_ISN + 2001);
    }
  }

  @Test
  void aSegmentCarryingDataTakesTheHeldAcksPlace() throws Exception {
    for (int i = 0; i < 4; i++) {
      host.handlePacket(nowNs, packet(PEER_ISN + 1 + i * 1000L, new byte[1000]));
    }
    TcpConnection connection = endpoint.connections().get(0);
    assertTrue(connection.write(nowNs, new byte[100], 0, 100) > 0);
    endpoint.flush(nowNs, connection);
    List<TcpSegment> sent = output();
    assertEquals(1, sent.size(), "the reply carries the ACK: " + sent);
    assertEquals(100, sent.get(0).payloadLength());
    assertEquals(PEER_ISN + 4001, sent.get(0).header().acknowledgmentNumber());
  }

  /**
   * Request/response: each reply carries the ACK and the window, and reading the request sends
   * nothing of its own while the window the peer knows of stays over half the buffer (Linux's
   * rule; a window update after every MSS read would add a pure ACK on one round in 23 here).
   */
  @Test
  void answersEachRequestWithOneSegmentAndNoWindowUpdateOfItsOwn() {
    TcpConnection connection = endpoint.connections().get(0);
    byte[] message = new byte[64];
    for (int i = 0; i < 100; i++) {
      host.handlePacket(nowNs,
          packet(PEER_ISN + 1 + 64L * i, serverIsn + 1 + 64L * i, new byte[64]));
      assertEquals(64, connection.read(nowNs, message, 0, 64));
      endpoint.flush(nowNs, connection);
      assertEquals(64, connection.write(nowNs, message, 0, 64));
      endpoint.flush(nowNs, connection);
      List<TcpSegment> sent = output();
      assertEquals(1, sent.size(), "round " + i + ": one segment, the reply: " + sent);
      assertEquals(64, sent.get(0).payloadLength());
      assertEquals(PEER_ISN + 1 + 64L * (i + 1), sent.get(0).header().acknowledgmentNumber());
    }
  }

  private byte[] packet(long seq, byte[] payload) {
    return HandBuiltPackets.tcp(PEER, SERVER, PEER_PORT, PORT, seq, serverIsn + 1,
        TcpFlags.ACK, 65_535, new byte[0], payload);
  }

  private byte[] packet(long seq, long ack, byte[] payload) {
    return HandBuiltPackets.tcp(PEER, SERVER, PEER_PORT, PORT, seq, ack, TcpFlags.ACK, 65_535,
        new byte[0], payload);
  }

  private List<TcpSegment> output() {
    List<TcpSegment> segments = new ArrayList<>();
    for (byte[] packet = host.pollTransmit(); packet != null; packet = host.pollTransmit()) {
      try {
        Ipv4Packet ip = Ipv4Packet.check(packet, 0, packet.length);
        segments.add(TcpSegment.parse(TcpPacket.check(ip.buffer(), ip.payloadOffset(),
            ip.payloadLength(), ip.source(), ip.destination())));
      } catch (org.minitransport.core.wire.DecodeException e) {
        throw new AssertionError(e);
      }
    }
    return segments;
  }

  private static void assertPureAck(TcpSegment segment, long ack) {
    assertNotNull(segment);
    assertEquals(TcpFlags.of(TcpFlags.ACK), segment.header().flags(), segment.toString());
    assertEquals(0, segment.payloadLength());
    assertEquals(ack & 0xFFFF_FFFFL, segment.header().acknowledgmentNumber(), segment.toString());
  }
}
