package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.SocketPair;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * Drives one {@link TcpConnection} by hand, without a network (in the style of smoltcp's TCP
 * socket tests): the test plays the remote peer, builds its segments from named sequence-number
 * constants, feeds them to {@link TcpConnection#handleSegment} and inspects what {@link
 * TcpConnection#pollSegment} gives back. One method per state builds that state from CLOSED by
 * the ordinary path, checking every segment on the way.
 *
 * <p>Sequence numbers are written as offsets from an ISN: offset 0 is the SYN, offset 1 the
 * first data byte. {@link #REMOTE_ISS} sits 300 below 2<sup>32</sup> so the peer's numbers wrap
 * during any test that receives more than 299 bytes.
 */
final class ConnectionFixture {

  static final Endpoint LOCAL = Endpoint.of("10.0.0.1", 40_000);
  static final Endpoint REMOTE = Endpoint.of("10.0.0.2", 80);
  static final SocketPair PAIR = new SocketPair(LOCAL, REMOTE);
  static final int LINK_MTU = 1500;
  /** Our MSS: the link MTU less 40 bytes of IPv4 and TCP headers. */
  static final int LOCAL_MSS = LINK_MTU - 40;
  /** Our initial sequence number. */
  static final long LOCAL_ISS = 10_000;
  /** The peer's initial sequence number, close to the 32-bit wrap. */
  static final long REMOTE_ISS = 0x1_0000_0000L - 300;
  /** The MSS the peer announces: small, so that the initial window is 4 segments (RFC 5681). */
  static final int PEER_MSS = 1000;
  /** The window the peer announces. */
  static final int PEER_WINDOW = 64_000;
  /** The initial RTO (RFC 6298 §2.1). */
  static final long INITIAL_RTO_NS = 1_000_000_000L;

  static final int SYN = TcpFlags.SYN;
  static final int ACK = TcpFlags.ACK;
  static final int FIN = TcpFlags.FIN;
  static final int RST = TcpFlags.RST;
  static final int PSH = TcpFlags.PSH;

  final TcpConfig config;
  TcpConnection connection;
  long nowNs;

  ConnectionFixture(TcpConfig config) {
    this.config = config;
  }

  /** A fixture without window scaling, SACK and timestamps, so segments are easy to write. */
  static ConnectionFixture plain() {
    return new ConnectionFixture(plainConfig().build());
  }

  static TcpConfig.Builder plainConfig() {
    return TcpConfig.builder().windowScaling(false).sack(false).timestamps(false);
  }

  // ------------------------------------------------------------------ sequence numbers

  static long localSeq(long offset) {
    return (LOCAL_ISS + offset) & 0xFFFF_FFFFL;
  }

  static long remoteSeq(long offset) {
    return (REMOTE_ISS + offset) & 0xFFFF_FFFFL;
  }

  static byte[] bytes(int length, int seed) {
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = (byte) (seed + i * 31);
    }
    return data;
  }

  // ------------------------------------------------------------------ the peer's segments

  /** A segment from the peer; {@code ackOffset} is ignored unless {@code flags} has ACK. */
  PeerSegment peer(int flags, long seqOffset, long ackOffset) {
    return new PeerSegment(flags, seqOffset, ackOffset);
  }

  /** A fluent description of one segment from the peer. */
  final class PeerSegment {
    private final int flags;
    private final long seqOffset;
    private final long ackOffset;
    private int window = PEER_WINDOW;
    private byte[] payload = new byte[0];
    private TcpOptions options = TcpOptions.NONE;
    private int urgentPointer;

    private PeerSegment(int flags, long seqOffset, long ackOffset) {
      this.flags = flags;
      this.seqOffset = seqOffset;
      this.ackOffset = ackOffset;
    }

    PeerSegment window(int value) {
      window = value;
      return this;
    }

    PeerSegment payload(byte[] value) {
      payload = value;
      return this;
    }

    PeerSegment options(TcpOptions value) {
      options = value;
      return this;
    }

    /** Sets URG and the urgent pointer (RFC 9293 §3.8.5: SEG.SEQ + pointer follows the data). */
    PeerSegment urgent(int pointer) {
      urgentPointer = pointer;
      return this;
    }

    TcpSegment build() {
      long ack = (flags & ACK) != 0 ? localSeq(ackOffset) : 0;
      int bits = flags | (urgentPointer > 0 ? TcpFlags.URG : 0);
      return new TcpSegment(new TcpHeader(REMOTE.port(), LOCAL.port(), remoteSeq(seqOffset), ack,
          TcpFlags.of(bits), window, urgentPointer, options), payload);
    }

    /** Hands the segment to the connection at the fixture's current time. */
    void arrive() {
      connection.handleSegment(nowNs, build());
    }
  }

  // ------------------------------------------------------------------ our segments

  /** The next segment the connection sent; fails if there is none. */
  TcpSegment sent() {
    TcpSegment segment = connection.pollSegment();
    assertNotNull(segment, "expected the connection to send a segment (" + connection + ")");
    return segment;
  }

  /**
   * Expects the next segment to have exactly {@code flags} (PSH is added when it carries data),
   * SEQ = ISS + {@code seqOffset}, ACK = peer ISS + {@code ackOffset} (checked only with ACK), and
   * {@code payloadLength} bytes.
   */
  TcpSegment expectSent(int flags, long seqOffset, long ackOffset, int payloadLength) {
    TcpSegment segment = sent();
    TcpHeader h = segment.header();
    int expectedFlags = flags | (payloadLength > 0 ? PSH : 0);
    String what = " of " + segment;
    assertEquals(TcpFlags.of(expectedFlags), h.flags(), "flags" + what);
    assertEquals(localSeq(seqOffset), h.sequenceNumber(), "SEQ" + what);
    if ((flags & ACK) != 0) {
      assertEquals(remoteSeq(ackOffset), h.acknowledgmentNumber(), "ACK" + what);
    }
    assertEquals(payloadLength, segment.payloadLength(), "payload length" + what);
    return segment;
  }

  TcpSegment expectSent(int flags, long seqOffset, long ackOffset) {
    return expectSent(flags, seqOffset, ackOffset, 0);
  }

  /**
   * The next segment the connection sent, as text with sequence numbers relative to the ISNs
   * ("SYN seq=0", "ACK seq=1 ack=101", "PSH|ACK seq=1 ack=1 len=5"), or "nothing".
   */
  String nextSentText() {
    TcpSegment segment = connection.pollSegment();
    if (segment == null) {
      return "nothing";
    }
    TcpHeader h = segment.header();
    StringBuilder text = new StringBuilder(h.flags().toString())
        .append(" seq=").append((h.sequenceNumber() - LOCAL_ISS) & 0xFFFF_FFFFL);
    if (h.flags().ack()) {
      text.append(" ack=").append((h.acknowledgmentNumber() - REMOTE_ISS) & 0xFFFF_FFFFL);
    }
    if (segment.payloadLength() > 0) {
      text.append(" len=").append(segment.payloadLength());
    }
    return text.toString();
  }

  void expectNothingSent() {
    assertNull(connection.pollSegment(), "expected no segment from " + connection);
  }

  /** Every segment sent so far (drained). */
  List<TcpSegment> allSent() {
    List<TcpSegment> out = new ArrayList<>();
    for (TcpSegment s = connection.pollSegment(); s != null; s = connection.pollSegment()) {
      out.add(s);
    }
    return out;
  }

  /** Every event so far (drained). */
  List<TcpConnection.Event> events() {
    List<TcpConnection.Event> out = new ArrayList<>();
    for (TcpConnection.Event e = connection.pollEvent(); e != null; e = connection.pollEvent()) {
      out.add(e);
    }
    return out;
  }

  // ------------------------------------------------------------------ application and time

  void advanceTo(long ns) {
    nowNs = ns;
  }

  void advanceBy(long ns) {
    nowNs += ns;
  }

  /** Jumps to the connection's next deadline and fires it. */
  long fireNextTimeout() {
    long deadline = connection.pollTimeoutNs();
    assertEquals(false, deadline == Long.MAX_VALUE, "no timer is armed in " + connection);
    nowNs = Math.max(nowNs, deadline);
    connection.handleTimeout(nowNs);
    return deadline;
  }

  int write(byte[] data) {
    return connection.write(nowNs, data, 0, data.length);
  }

  byte[] readAll() {
    byte[] buffer = new byte[connection.bytesReadable()];
    int n = connection.read(nowNs, buffer, 0, buffer.length);
    return Arrays.copyOf(buffer, n);
  }

  // ------------------------------------------------------------------ building each state

  /** Active open: SYN sent. */
  ConnectionFixture synSent() {
    connection = TcpConnection.connect(config, PAIR, LINK_MTU, LOCAL_ISS, nowNs);
    expectSent(SYN, 0, 0);
    expectNothingSent();
    assertEquals(TcpState.SYN_SENT, connection.state());
    return this;
  }

  /** Passive open from the peer's SYN: SYN-ACK sent. */
  ConnectionFixture synReceived() {
    TcpSegment syn = peer(SYN, 0, 0).options(TcpOptions.NONE.withMss(PEER_MSS)).build();
    connection = TcpConnection.accept(config, PAIR, LINK_MTU, LOCAL_ISS, nowNs, syn);
    expectSent(SYN | ACK, 0, 1);
    expectNothingSent();
    assertEquals(TcpState.SYN_RECEIVED, connection.state());
    return this;
  }

  /** Active open completed: the peer's SYN-ACK arrived and we acknowledged it. */
  ConnectionFixture established() {
    synSent();
    peer(SYN | ACK, 0, 1).options(TcpOptions.NONE.withMss(PEER_MSS)).arrive();
    expectSent(ACK, 1, 1);
    expectNothingSent();
    assertEquals(TcpState.ESTABLISHED, connection.state());
    assertEquals(List.of(TcpConnection.Event.CONNECTED), events());
    return this;
  }

  /** ESTABLISHED, then the application closed its side: FIN sent. */
  ConnectionFixture finWait1() {
    established();
    connection.shutdownOutput(nowNs);
    expectSent(FIN | ACK, 1, 1);
    assertEquals(TcpState.FIN_WAIT_1, connection.state());
    return this;
  }

  /** FIN-WAIT-1, then the peer acknowledged our FIN. */
  ConnectionFixture finWait2() {
    finWait1();
    peer(ACK, 1, 2).arrive();
    expectNothingSent();
    assertEquals(TcpState.FIN_WAIT_2, connection.state());
    return this;
  }

  /** ESTABLISHED, then the peer's FIN arrived and we acknowledged it. */
  ConnectionFixture closeWait() {
    established();
    peer(FIN | ACK, 1, 1).arrive();
    expectSent(ACK, 1, 2);
    assertEquals(TcpState.CLOSE_WAIT, connection.state());
    events();
    return this;
  }

  /** CLOSE-WAIT, then the application closed: FIN sent. */
  ConnectionFixture lastAck() {
    closeWait();
    connection.shutdownOutput(nowNs);
    expectSent(FIN | ACK, 1, 2);
    assertEquals(TcpState.LAST_ACK, connection.state());
    return this;
  }

  /** FIN-WAIT-1, then the peer's FIN crossed ours (it does not acknowledge ours). */
  ConnectionFixture closing() {
    finWait1();
    peer(FIN | ACK, 1, 1).arrive();
    expectSent(ACK, 2, 2);
    assertEquals(TcpState.CLOSING, connection.state());
    events();
    return this;
  }

  /** FIN-WAIT-2, then the peer's FIN arrived and we acknowledged it. */
  ConnectionFixture timeWait() {
    finWait2();
    peer(FIN | ACK, 1, 2).arrive();
    expectSent(ACK, 2, 2);
    assertEquals(TcpState.TIME_WAIT, connection.state());
    events();
    return this;
  }

  /** LAST-ACK, then the peer acknowledged our FIN: CLOSED without error. */
  ConnectionFixture closedNormally() {
    lastAck();
    peer(ACK, 2, 2).arrive();
    assertEquals(TcpState.CLOSED, connection.state());
    assertEquals(List.of(TcpConnection.Event.CLOSED), events());
    return this;
  }
}
