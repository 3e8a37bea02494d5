package org.minitransport.tck.verify.sender;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.minitransport.tcp.LossRecoveryConfig;
import org.minitransport.tcp.RtoSettings;
import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.component.AckDetails;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.CongestionControl;
import org.minitransport.tcp.component.CongestionControlFactory;
import org.minitransport.tcp.component.RttEstimator;
import org.minitransport.tcp.component.TcpReceiverMessage;
import org.minitransport.tcp.component.TcpSender;
import org.minitransport.tcp.component.TcpSenderFactory;
import org.minitransport.tcp.component.TcpSenderMessage;

/**
 * One {@link TcpSender} with everything around it a connection would give it: the outbound
 * stream (the reference's), an RTT estimator (the reference's, recording the samples the sender
 * gives it), a congestion controller, a clock, and the peer's side of the conversation. Sequence
 * numbers in the transcript are relative to the ISN (0 is the SYN, 1 the first data byte).
 */
final class SenderBench {

  /** Our ISN: 256 below the 32-bit wrap, so that sequence numbers wrap within a test. */
  static final SeqNum ISN = SeqNum.ofUnsigned(0xFFFF_FF00L);
  /** The peer's ISN. */
  static final SeqNum PEER_ISN = SeqNum.ofUnsigned(7_000);
  static final int MSS = 1000;
  static final long MS = 1_000_000L;
  /** RFC 6298 §2.1 with Linux's 200 ms floor: initial RTO 1 s, 200 ms to 60 s. */
  static final RtoSettings RTO = new RtoSettings(1_000 * MS, 200 * MS, 60_000 * MS, MS);

  /** A congestion controller that never limits the sender and never asks for anything. */
  static final CongestionControlFactory OPEN_WINDOW = (smss, rtt) -> new OpenWindow();

  /** The reference NewReno (RFC 5681, RFC 6582) with Reno growth and no HyStart. */
  static CongestionControlFactory newReno() {
    return TcpConfig.builder().congestionControl(TcpConfig.CongestionAlgorithm.NEW_RENO)
        .lossRecovery(LossRecoveryConfig.newRenoOnly()).build().components().congestionControl();
  }

  final ByteStream outbound;
  final RecordingRtt rtt;
  final TcpSender sender;
  final List<TcpSenderMessage> sent = new ArrayList<>();
  /** Every message ever sent, in order; {@link #historyMark} is where a check starts reading. */
  final List<TcpSenderMessage> history = new ArrayList<>();
  int historyMark;
  /** Everything written to the outbound stream, to check payloads against. */
  final ByteArrayOutputStream written = new ByteArrayOutputStream();
  long nowNs;
  /** The next sequence number the peer sends from (its SYN is PEER_ISN). */
  SeqNum peerSeq = PEER_ISN.plus(1);
  /** The last window the peer announced, and the highest relative number ACKed. */
  long peerWindow;
  long ackedRel;
  /** Highest relative number sent + 1 (SND.MAX), as seen by watching the messages. */
  long sndMaxRel;
  /** For property checks: SND.MAX after the last step if it sent new data, else -1. */
  long lastNewEnd = -1;
  /** Every congestion controller the sender made, in order (the last one is in use). */
  final List<CongestionControl> controllers = new ArrayList<>();

  SenderBench(TcpSenderFactory factory, CongestionControlFactory congestion, int capacity) {
    ComponentFactories reference = ComponentFactories.reference();
    this.outbound = reference.byteStream().create(capacity);
    this.rtt = new RecordingRtt(reference.rttEstimator().create(RTO));
    CongestionControlFactory recorded = (smss, estimator) -> {
      CongestionControl made = congestion.create(smss, estimator);
      controllers.add(made);
      return made;
    };
    this.sender = factory.create(outbound, new TcpSenderFactory.Settings(ISN, MSS, true, rtt,
        recorded, LossRecoveryConfig.newRenoOnly()));
  }

  // ------------------------------------------------------------------ actions

  private final TcpSender.Transmit transmit = message -> {
    sent.add(message);
    history.add(message);
    long rel = relative(message.seqno());
    sndMaxRel = Math.max(sndMaxRel, rel + message.sequenceLength());
  };

  void push() {
    sender.push(nowNs, transmit);
  }

  void write(byte[] data) {
    int n = outbound.writer().push(data, 0, data.length);
    if (n != data.length) {
      throw new IllegalStateException("the test wrote " + data.length + " bytes, the stream took "
          + n);
    }
    written.write(data, 0, data.length);
  }

  void close() {
    outbound.writer().close();
  }

  /** The peer's SYN-ACK: acknowledges our SYN and announces {@code window}. */
  void synAck(long window) {
    peerWindow = window;
    ackedRel = 1;
    sender.receive(nowNs, new TcpReceiverMessage(Optional.of(ISN.plus(1)), window, false),
        new AckDetails(Optional.of(PEER_ISN), true, -1, -1), transmit);
  }

  /** A pure ACK from the peer (no data): acknowledges up to relative {@code ackRel}. */
  void ack(long ackRel, long window) {
    ack(ackRel, window, peerSeq, false);
  }

  /** An ACK carried by a peer segment starting at {@code seq}. */
  void ack(long ackRel, long window, SeqNum seq, boolean carriesData) {
    peerWindow = window;
    ackedRel = Math.max(ackedRel, ackRel);
    sender.receive(nowNs, new TcpReceiverMessage(Optional.of(ISN.plus(ackRel)), window, false),
        new AckDetails(Optional.of(seq), carriesData, -1, -1), transmit);
  }

  /** A pure ACK whose timestamps option gave an RTT sample (RFC 7323 §4.1). */
  void ackWithRttSample(long ackRel, long window, long rttSampleNs) {
    peerWindow = window;
    ackedRel = Math.max(ackedRel, ackRel);
    sender.receive(nowNs, new TcpReceiverMessage(Optional.of(ISN.plus(ackRel)), window, false),
        new AckDetails(Optional.of(peerSeq), false, rttSampleNs, -1), transmit);
  }

  /**
   * A passive open: the peer's SYN (no ACK) announces {@code synWindow}; the sender pushes its
   * SYN (of the SYN-ACK); 100 ms later the peer's ACK acknowledges it with {@code window}.
   */
  void passiveOpen(long synWindow, long window) {
    peerWindow = synWindow;
    sender.receive(nowNs, new TcpReceiverMessage(Optional.empty(), synWindow, false),
        new AckDetails(Optional.of(PEER_ISN), true, -1, -1), transmit);
    push();
    advanceTo(nowNs + 100 * MS);
    ack(1, window, PEER_ISN.plus(1), false);
    sent.clear();
  }

  /** The controller in use, if it is the suite's {@link OpenWindow}. */
  OpenWindow openWindow() {
    return (OpenWindow) controllers.get(controllers.size() - 1);
  }

  void advanceTo(long ns) {
    nowNs = Math.max(nowNs, ns);
  }

  /** Moves the clock to the sender's next deadline and ticks; false if no timer runs. */
  boolean fireTimer() {
    long deadline = sender.nextDeadlineNs();
    if (deadline == Long.MAX_VALUE) {
      return false;
    }
    advanceTo(deadline);
    sender.tick(nowNs, transmit);
    return true;
  }

  /** The SYN is sent now and acknowledged with {@code window} 100 ms later. */
  void establish(long window) {
    push();
    advanceTo(nowNs + 100 * MS);
    synAck(window);
    sent.clear();
  }

  // ------------------------------------------------------------------ observations

  static long relative(SeqNum seq) {
    return Integer.toUnsignedLong(seq.minus(ISN));
  }

  /** The messages sent since the last call, rendered, and forgotten. */
  String drain() {
    String text = render(sent);
    sent.clear();
    return text;
  }

  List<TcpSenderMessage> takeSent() {
    List<TcpSenderMessage> copy = List.copyOf(sent);
    sent.clear();
    return copy;
  }

  static String render(List<TcpSenderMessage> messages) {
    if (messages.isEmpty()) {
      return "nothing";
    }
    StringBuilder out = new StringBuilder();
    for (TcpSenderMessage m : messages) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(render(m));
    }
    return out.toString();
  }

  static String render(TcpSenderMessage m) {
    StringBuilder out = new StringBuilder();
    if (m.syn()) {
      out.append("SYN ");
    }
    if (m.fin()) {
      out.append("FIN ");
    }
    out.append("seq=").append(relative(m.seqno()));
    if (m.payload().length > 0) {
      out.append(" len=").append(m.payload().length);
    }
    return out.toString();
  }

  /** Whether the payload of {@code m} is what was written at its sequence numbers. */
  boolean payloadMatchesStream(TcpSenderMessage m) {
    if (m.payload().length == 0) {
      return true;
    }
    long firstData = relative(m.seqno()) + (m.syn() ? 1 : 0) - 1;
    byte[] all = written.toByteArray();
    if (firstData < 0 || firstData + m.payload().length > all.length) {
      return false;
    }
    for (int i = 0; i < m.payload().length; i++) {
      if (all[(int) firstData + i] != m.payload()[i]) {
        return false;
      }
    }
    return true;
  }

  static byte[] data(int length, int seed) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) ('a' + (seed + i) % 26);
    }
    return out;
  }

  @Override
  public String toString() {
    return "sender at t=" + nowNs / MS + " ms";
  }

  // ------------------------------------------------------------------ collaborators

  /** The reference estimator, recording what the sender feeds it. */
  static final class RecordingRtt implements RttEstimator {
    private final RttEstimator delegate;
    final List<Long> samplesNs = new ArrayList<>();
    int backoffs;

    RecordingRtt(RttEstimator delegate) {
      this.delegate = delegate;
    }

    @Override
    public void addSample(long rttNs) {
      samplesNs.add(rttNs);
      delegate.addSample(rttNs);
    }

    @Override
    public void backoff() {
      backoffs++;
      delegate.backoff();
    }

    @Override
    public long rtoNs() {
      return delegate.rtoNs();
    }

    @Override
    public long smoothedRttNs() {
      return delegate.smoothedRttNs();
    }

    @Override
    public long rttVariationNs() {
      return delegate.rttVariationNs();
    }

    @Override
    public void resetAfterSynTimeout() {
      delegate.resetAfterSynTimeout();
    }
  }

  /**
   * A controller with an unbounded window, so that only the peer's window limits sending; it
   * counts the duplicate ACKs the sender reports.
   */
  static final class OpenWindow implements CongestionControl {
    int duplicateAcks;

    @Override
    public Signal onAck(long nowNs, long ackedBytes, long flightSizeBeforeAckBytes, long ackAbs,
        long sndNxtAbs) {
      return Signal.NONE;
    }

    @Override
    public Signal onDuplicateAck(long nowNs, long ackAbs, long flightSizeBytes, long sndNxtAbs) {
      duplicateAcks++;
      return Signal.NONE;
    }

    @Override
    public void onRetransmissionTimeout(long nowNs, long flightSizeBytes, long sndNxtAbs) {}

    @Override
    public void beforeSendingData(long nowNs, long rtoNs) {}

    @Override
    public long cwndBytes() {
      return 1L << 40;
    }

    @Override
    public long ssthreshBytes() {
      return Long.MAX_VALUE;
    }

    @Override
    public boolean inRecovery() {
      return false;
    }
  }
}
