package org.minitransport.tck.verify.connection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.SocketPair;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * One {@link TcpConnection} built from a {@link TcpConfig} (with the components under test), driven
 * by hand: the script plays the peer, builds its segments from sequence numbers relative to each
 * side's ISN (0 is the SYN, 1 the first data byte), feeds them in, and reads what the connection
 * sends as text ({@code "PSH|ACK seq=1 ack=1 len=5"}). The peer's ISN sits 300 below 2^32, so
 * its numbers wrap within a test.
 */
final class ConnectionBench {

  static final Endpoint LOCAL = Endpoint.of("10.0.0.1", 40_000);
  static final Endpoint REMOTE = Endpoint.of("10.0.0.2", 80);
  static final SocketPair PAIR = new SocketPair(LOCAL, REMOTE);
  static final int LINK_MTU = 1500;
  static final long LOCAL_ISS = 10_000;
  static final long REMOTE_ISS = 0x1_0000_0000L - 300;
  /** The MSS the peer announces: small, so the initial window is 4 segments (RFC 5681). */
  static final int PEER_MSS = 1000;
  static final int PEER_WINDOW = 64_000;
  static final long MS = 1_000_000L;

  static final int SYN = TcpFlags.SYN;
  static final int ACK = TcpFlags.ACK;
  static final int FIN = TcpFlags.FIN;
  static final int RST = TcpFlags.RST;

  final TcpConfig config;
  TcpConnection connection;
  long nowNs;

  ConnectionBench(TcpConfig config) {
    this.config = config;
  }

  // ------------------------------------------------------------------ opening

  void connect() {
    connection = TcpConnection.connect(config, PAIR, LINK_MTU, LOCAL_ISS, nowNs);
  }

  void accept(Peer syn) {
    connection = TcpConnection.accept(config, PAIR, LINK_MTU, LOCAL_ISS, nowNs, syn.build());
  }

  // ------------------------------------------------------------------ the peer's segments

  Peer peer(int flags, long seqOffset, long ackOffset) {
    return new Peer(flags, seqOffset, ackOffset);
  }

  /** A segment from the peer, described fluently. */
  final class Peer {
    private final int flags;
    private final long seqOffset;
    private final long ackOffset;
    private int window = PEER_WINDOW;
    private byte[] payload = new byte[0];
    private TcpOptions options = TcpOptions.NONE;

    private Peer(int flags, long seqOffset, long ackOffset) {
      this.flags = flags;
      this.seqOffset = seqOffset;
      this.ackOffset = ackOffset;
    }

    Peer window(int value) {
      window = value;
      return this;
    }

    Peer payload(byte[] value) {
      payload = value;
      return this;
    }

    Peer mss() {
      options = options.withMss(PEER_MSS);
      return this;
    }

    Peer options(TcpOptions value) {
      options = value;
      return this;
    }

    TcpSegment build() {
      long ack = (flags & ACK) != 0 ? (LOCAL_ISS + ackOffset) & 0xFFFF_FFFFL : 0;
      return new TcpSegment(new TcpHeader(REMOTE.port(), LOCAL.port(),
          (REMOTE_ISS + seqOffset) & 0xFFFF_FFFFL, ack, TcpFlags.of(flags), window, 0, options),
          payload);
    }

    void arrive() {
      connection.handleSegment(nowNs, build());
    }
  }

  // ------------------------------------------------------------------ what it sends

  /** The next segment sent, as text relative to the ISNs, or "nothing". */
  String next() {
    TcpSegment s = connection.pollSegment();
    return s == null ? "nothing" : render(s);
  }

  /** The next segment sent, or null. */
  TcpSegment nextSegment() {
    return connection.pollSegment();
  }

  /** Every segment sent so far, as text, and forgotten. */
  String all() {
    List<String> out = new ArrayList<>();
    for (TcpSegment s = connection.pollSegment(); s != null; s = connection.pollSegment()) {
      out.add(render(s));
    }
    return out.isEmpty() ? "nothing" : String.join(", ", out);
  }

  static String render(TcpSegment segment) {
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

  List<TcpConnection.Event> events() {
    List<TcpConnection.Event> out = new ArrayList<>();
    for (TcpConnection.Event e = connection.pollEvent(); e != null; e = connection.pollEvent()) {
      out.add(e);
    }
    return out;
  }

  // ------------------------------------------------------------------ application and time

  int write(byte[] data) {
    return connection.write(nowNs, data, 0, data.length);
  }

  byte[] readAll() {
    byte[] buffer = new byte[connection.bytesReadable()];
    int n = connection.read(nowNs, buffer, 0, buffer.length);
    return Arrays.copyOf(buffer, n);
  }

  void advanceBy(long ns) {
    nowNs += ns;
  }

  /** Jumps to the connection's next deadline and handles it; returns the deadline. */
  long fireTimer() {
    long deadline = connection.pollTimeoutNs();
    if (deadline == Long.MAX_VALUE) {
      throw new IllegalStateException("no timer is armed in " + connection);
    }
    nowNs = Math.max(nowNs, deadline);
    connection.handleTimeout(nowNs);
    return deadline;
  }

  @Override
  public String toString() {
    return "connection at t=" + nowNs / MS + " ms";
  }
}
