package org.minitransport.tcp.internal;

import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.ByteStreamFactory;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.CongestionControl;
import org.minitransport.tcp.component.Reassembler;
import org.minitransport.tcp.component.RttEstimator;
import org.minitransport.tcp.component.TcpReceiver;
import org.minitransport.tcp.component.TcpReceiverFactory;
import org.minitransport.tcp.component.TcpSender;
import org.minitransport.tcp.component.TcpSenderFactory;
import org.minitransport.tcp.component.TcpSenderMessage;

/**
 * A connection's pluggable components, built only through the {@link ComponentFactories} of its
 * {@link TcpConfig}, and what the connection itself knows of the two sequence spaces (RFC 9293
 * §3.3.1) from watching them: our ISN and the highest sequence number sent (from every message
 * the sender transmits), the peer's ISN (from its SYN), where our FIN went, the peer's window.
 * The connection checks segments (RFC 9293 §3.10.7.4, RFC 5961) against these numbers, so that
 * any {@link TcpSender} or {@link TcpReceiver} works behind them, with no accessor beyond its
 * interface.
 *
 * <p>Absolute numbers: ours count from our ISN (0 is our SYN), the peer's from its ISN.
 * Not thread-safe; one connection owns it.
 */
public final class ConnectionParts {

  private static final byte[] EMPTY = new byte[0];

  private final ByteStream outbound;
  private final ByteStream inbound;
  private final Reassembler reassembler;
  private final TcpReceiver receiver;
  private final TcpSender sender;
  private final RttEstimator rtt;
  private final SeqNum iss;
  private CongestionControl congestion;
  private SeqNum irs;
  private long sndMaxAbs;
  private long finAbs = -1;
  private int synsSent;
  private long peerWindowBytes;
  private long maxPeerWindowBytes;
  private int sendMss;

  /**
   * Builds the components: the RTT estimator, the two streams, the reassembler writing into the
   * inbound stream, the receiver around it, and the sender reading the outbound stream.
   *
   * @param iss our initial sequence number
   * @param ourMss the MSS we announce (the receiver's silly-window threshold)
   * @param sendMss the sender's MSS until the handshake settles it
   * @param buffers the endpoint's buffer pool, used by the reference byte stream
   */
  public ConnectionParts(TcpConfig config, SeqNum iss, int ourMss, int sendMss,
      ChunkPool buffers) {
    ComponentFactories factories = config.components();
    ByteStreamFactory streams = factories.usesReferenceByteStream()
        ? capacity -> new ChunkedByteStream(capacity, buffers) : factories.byteStream();
    this.iss = iss;
    this.sendMss = sendMss;
    this.rtt = factories.rttEstimator().create(config.rto());
    this.outbound = streams.create(config.sendBufferBytes());
    this.inbound = streams.create(config.receiveBufferBytes());
    this.reassembler = factories.reassembler().create(inbound.writer());
    this.receiver = factories.receiver().create(reassembler, new TcpReceiverFactory.Settings(
        config.receiveBufferBytes(), ourMss, config.lossRecovery().dsack()));
    this.sender = factories.sender().create(outbound, new TcpSenderFactory.Settings(iss,
        sendMss, config.noDelay(), rtt,
        (smss, estimator) -> congestion = factories.congestionControl().create(smss, estimator),
        config.lossRecovery()));
  }

  public ByteStream outbound() {
    return outbound;
  }

  public ByteStream inbound() {
    return inbound;
  }

  public Reassembler reassembler() {
    return reassembler;
  }

  public TcpReceiver receiver() {
    return receiver;
  }

  public TcpSender sender() {
    return sender;
  }

  public RttEstimator rtt() {
    return rtt;
  }

  /** The congestion window of the controller the sender made last; 0 if it made none. */
  public long congestionWindowBytes() {
    return congestion == null ? 0 : congestion.cwndBytes();
  }

  public SeqNum iss() {
    return iss;
  }

  // ------------------------------------------------------------------ our sequence space

  /** The sender transmitted {@code message}: SND.MAX, our FIN's place and SYN count follow it. */
  public void onTransmit(TcpSenderMessage message) {
    long startAbs = message.seqno().unwrap(iss, sndMaxAbs);
    long endAbs = startAbs + message.sequenceLength();
    sndMaxAbs = Math.max(sndMaxAbs, endAbs);
    if (message.fin()) {
      finAbs = endAbs - 1;
    }
    if (message.syn()) {
      synsSent++;
    }
  }

  /** The endpoint sent our SYN statelessly (a SYN cookie, RFC 4987 §3.6). */
  public void synSentStatelessly(long nowNs) {
    sender.synSentStatelessly(nowNs);
    sndMaxAbs = Math.max(sndMaxAbs, 1);
  }

  /** Whether the sender sent its SYN more than once (RFC 6298 §5.7). */
  public boolean synRetransmitted() {
    return synsSent > 1;
  }

  /** The highest sequence number sent, plus one (SND.NXT before any go-back-N rewind). */
  public long sndMaxAbs() {
    return sndMaxAbs;
  }

  /** SND.UNA: SND.MAX less what the sender counts in flight. */
  public long sndUnaAbs() {
    return sndMaxAbs - sender.sequenceNumbersInFlight();
  }

  /** A wire acknowledgment number as an absolute number in our space, nearest SND.UNA. */
  public long unwrapAck(long ackRaw) {
    return SeqNum.ofUnsigned(ackRaw).unwrap(iss, sndUnaAbs());
  }

  /** Whether {@code ackAbs} acknowledges something sent: SND.UNA &lt; ack ≤ SND.MAX. */
  public boolean acksNewData(long ackAbs) {
    return ackAbs > sndUnaAbs() && ackAbs <= sndMaxAbs;
  }

  /** RFC 5961 §5.2: SND.UNA − MAX.SND.WND ≤ SEG.ACK ≤ SND.MAX. */
  public boolean ackInRange(long ackAbs) {
    return ackAbs <= sndMaxAbs && ackAbs >= sndUnaAbs() - Math.max(maxPeerWindowBytes, 1);
  }

  /** The peer offered {@code windowBytes} (scaled) on an acceptable ACK. */
  public void onPeerWindow(long windowBytes) {
    peerWindowBytes = windowBytes;
    maxPeerWindowBytes = Math.max(maxPeerWindowBytes, windowBytes);
  }

  /** The window the peer offered last. */
  public long peerWindowBytes() {
    return peerWindowBytes;
  }

  /** Whether the application closed the outbound stream (our FIN is due or sent). */
  public boolean finQueued() {
    return outbound.writer().isClosed();
  }

  /** Whether our FIN was sent and acknowledged. */
  public boolean finAcknowledged() {
    return finAbs >= 0 && sndUnaAbs() > finAbs;
  }

  /** Whether the application wrote bytes (or a FIN) the sender has not sent yet. */
  public boolean hasUnsent() {
    return 1 + outbound.writer().bytesPushed() + (finQueued() ? 1 : 0) > sndMaxAbs;
  }

  /** The sender's MSS: the default until the handshake, then the negotiated one. */
  public int sendMss() {
    return sendMss;
  }

  /** The handshake settled the send MSS and SACK (RFC 9293 §3.7.1, RFC 2018). */
  public void onNegotiated(int mss, boolean sackPermitted) {
    sendMss = mss;
    sender.onNegotiated(mss, sackPermitted);
  }

  // ------------------------------------------------------------------ the peer's space

  /** The peer's SYN arrived with ISN {@code peerIsn}: the receiver hears of it. */
  public void onPeerSyn(SeqNum peerIsn) {
    irs = peerIsn;
    receiver.receive(new TcpSenderMessage(peerIsn, true, EMPTY, false));
  }

  /** Whether the peer's SYN has been received. */
  public boolean hasPeerSyn() {
    return irs != null;
  }

  public SeqNum irs() {
    return irs;
  }

  /** Whether the peer's FIN was received and every byte before it assembled. */
  public boolean finReceived() {
    return inbound.writer().isClosed();
  }

  /** RCV.NXT as an absolute number: SYN, the assembled bytes, and the FIN once assembled. */
  public long rcvNxtAbs() {
    return 1 + inbound.writer().bytesPushed() + (finReceived() ? 1 : 0);
  }

  /** A wire sequence number as an absolute number in the peer's space, nearest RCV.NXT. */
  public long unwrapSeq(long seqRaw) {
    return SeqNum.ofUnsigned(seqRaw).unwrap(irs, rcvNxtAbs());
  }

  /** An absolute number in the peer's space on the wire. */
  public SeqNum wrapSeq(long seqAbs) {
    return SeqNum.wrap(seqAbs, irs);
  }
}
