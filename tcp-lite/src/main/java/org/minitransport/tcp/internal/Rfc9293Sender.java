package org.minitransport.tcp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.minitransport.tcp.LossRecoveryConfig;
import org.minitransport.tcp.LossRecoveryCounters;
import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.component.AckDetails;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.ByteStreamReader;
import org.minitransport.tcp.component.ByteStreamWriter;
import org.minitransport.tcp.component.CongestionControl;
import org.minitransport.tcp.component.CongestionControlFactory;
import org.minitransport.tcp.component.RttEstimator;
import org.minitransport.tcp.component.TcpReceiverMessage;
import org.minitransport.tcp.component.TcpSender;
import org.minitransport.tcp.component.TcpSenderFactory;
import org.minitransport.tcp.component.TcpSenderMessage;
import org.minitransport.tcp.wire.SackBlock;

/**
 * The reference {@link TcpSender}, the sending half of a connection (after CS144 Minnow's {@code
 * TCPSender}): what to send from the outbound stream, when to retransmit, how much the windows
 * allow.
 *
 * <p>Absolute sequence numbers count from our ISN: 0 is the SYN, data byte {@code i} is {@code 1 +
 * i}, the FIN follows the last byte. Unacknowledged data stays in the outbound {@link ByteStream}
 * until it is acknowledged; (re)transmissions copy it out with {@link ByteStreamReader#copyAt}.
 *
 * <ul>
 *   <li><b>Windows:</b> new data goes out while SND.NXT − SND.UNA stays within min(SND.WND, cwnd)
 *       (RFC 5681 §3), in segments of at most the effective MSS.
 *   <li><b>Nagle and sender SWS avoidance</b> (RFC 9293 §3.7.4, §3.8.6.2.1): a less-than-full
 *       segment goes out only when nothing is in flight (or Nagle is off) and it carries all the
 *       pending data or at least half the largest window the peer has offered.
 *   <li><b>Retransmission</b> (RFC 6298): one timer for the oldest outstanding byte; on expiry
 *       the congestion controller is told, the RTO backs off and sending restarts from SND.UNA
 *       (go-back-N under a one-segment window; later ACKs skip what the peer already holds).
 *   <li><b>RTT samples</b> (RFC 6298 §3, Karn's rule): from the timestamps option when the
 *       connection uses it; otherwise one timed segment at a time, never a retransmitted one.
 *   <li><b>Zero window</b> (RFC 9293 §3.8.6.1): with data waiting, nothing in flight and a zero
 *       window, a persist timer sends probes with exponential backoff; with data in flight the
 *       retransmissions are the probes. The window may stay zero forever as long as the probes
 *       are answered.
 *   <li><b>Loss recovery with SACK</b> (both sides offered it, {@link
 *       LossRecoveryConfig#sackRecovery()}): a {@link SackRecovery} keeps the scoreboard (RFC
 *       6675), finds losses (RACK-TLP, RFC 8985, or DupThresh), sizes cwnd during recovery (PRR,
 *       RFC 6937) and undoes spurious recoveries; the sender sends what it deems lost first, then
 *       new data, while the pipe stays below cwnd. A timeout rewinds nothing: only segments
 *       deemed lost are resent, never SACKed ones. The tail loss probe and RACK's reordering
 *       timer are two more timers.
 *   <li><b>Loss recovery without SACK</b>: duplicate ACKs and partial ACKs drive {@link
 *       CongestionControl} (NewReno, RFC 6582), which says when to retransmit the first
 *       unacknowledged segment; a timeout goes back to SND.UNA. On the first and second
 *       duplicate ACK, Limited Transmit (RFC 3042, RFC 5681 §3.2) sends one new segment each
 *       beyond cwnd, so that a small window still draws the third. An ACK that SACKs new data
 *       counts as a duplicate whatever its window (RFC 6675 §2: Linux's window grows as it
 *       auto-tunes).
 *   <li><b>Restart after idle</b> (RFC 5681 §4.1): the congestion controller hears of a send only
 *       when new data really goes out, so ACKs and data arriving from the peer do not hide an
 *       idle period.
 *   <li><b>Urgent data</b> (RFC 9293 §3.8.5, RFC 6093): {@link #markUrgent} sets SND.UP just past
 *       the last byte queued; until the peer acknowledges it, every segment below it carries URG
 *       and a pointer to it ({@link #urgentPointerFor}), and Nagle's algorithm does not hold data
 *       back (as Linux's {@code tcp_nagle_test} in urgent mode).
 * </ul>
 *
 * <p>Sans-IO and not thread-safe; {@link TcpSender.Transmit} is how it asks its connection to
 * put segments on the wire.
 */
public final class Rfc9293Sender implements TcpSender {

  private static final long NONE = Long.MAX_VALUE;
  private static final byte[] NO_BYTES = new byte[0];
  private static final long MAX_PERSIST_NS = 60_000_000_000L;

  private final ByteStreamReader outbound;
  private final ByteStreamWriter outboundWriter;
  private final RttEstimator rtt;
  private final CongestionControlFactory congestionFactory;
  private CongestionControl congestion;
  private final boolean noDelay;
  private final SeqNum iss;
  private int mss;

  private long sndUnaAbs;
  private long sndNxtAbs;
  private long sndMaxAbs;
  private long sndWnd;
  private long maxSndWnd;
  /** SND.WL1: the peer's sequence number of the last window update; null before the first. */
  private SeqNum sndWl1;
  private long sndWl2Abs = -1;
  private boolean synToSend = true;
  /** SND.UP: the absolute number just past the last urgent byte, or 0 if none was sent. */
  private long sndUpAbs;

  private long retransmitDeadlineNs = NONE;
  private int consecutiveRetransmissions;
  private long persistDeadlineNs = NONE;
  private int persistBackoff;
  private int unansweredProbes;
  private boolean timing;
  private long timedSeqAbs;
  private long timedSentNs;
  private long retransmittedSegments;
  private int duplicateAcksSinceNewAck;

  private final LossRecoveryConfig lossRecovery;
  private final RecoveryCounters recoveryCounters = new RecoveryCounters();
  private boolean sackPermitted;
  private SackScoreboard board;
  private SackRecovery recovery;
  private boolean probeToRearm;
  /** Pacing, if configured ({@link LossRecoveryConfig#pacing()}); null otherwise. */
  private final Pacing pacing;
  /** Data waits for the pacing release time: {@link #nextDeadlineNs} includes it. */
  private boolean pacingHeld;

  /** A sender reading {@code outbound}; see {@link TcpSenderFactory.Settings}. */
  public Rfc9293Sender(ByteStream outbound, TcpSenderFactory.Settings settings) {
    this.lossRecovery = settings.lossRecovery();
    this.outbound = outbound.reader();
    this.outboundWriter = outbound.writer();
    this.rtt = settings.rtt();
    this.congestionFactory = settings.congestion();
    this.mss = settings.mssBytes();
    this.congestion = congestionFactory.create(mss, rtt);
    this.noDelay = settings.noDelay();
    this.iss = settings.isn();
    this.pacing = lossRecovery.pacing() ? new Pacing() : null;
  }

  // ------------------------------------------------------------------ TcpSender

  @Override
  public void push(long nowNs, Transmit transmit) {
    fill(nowNs, sndUnaAbs > 0, transmit);
  }

  @Override
  public void receive(long nowNs, TcpReceiverMessage message, Transmit transmit) {
    receive(nowNs, message, AckDetails.none(), transmit);
  }

  /**
   * The peer's acknowledgment and window (RFC 9293 §3.10.7.4, fifth check; RFC 5961 §5.2 was
   * checked by the connection): SACK blocks onto the scoreboard, new data acknowledged or a
   * duplicate ACK, the recovery state machine, and the window update (SND.WL1/SND.WL2). A
   * message without ackno (the peer's SYN) only sets the window.
   */
  @Override
  public void receive(long nowNs, TcpReceiverMessage message, AckDetails details,
      Transmit transmit) {
    // BEGIN LAB 4: take the peer's ackno and window
    if (message.ackno().isEmpty()) {
      updateWindow(details.segmentSeqno(), sndUnaAbs, message.windowBytes());
      return;
    }
    long ackAbs = message.ackno().get().unwrap(iss, sndUnaAbs);
    onAck(nowNs, new ReceivedAck(ackAbs, message.windowBytes(), details.carriesSequenceSpace(),
        details.rttSampleNs(), details.echoedTimestampMs(),
        sackPermitted ? message.sackBlocks() : List.of()), details.segmentSeqno(), transmit);
    // END LAB 4
  }

  @Override
  public void tick(long nowNs, Transmit transmit) {
    onTimeout(nowNs, sndUnaAbs > 0, transmit);
  }

  /**
   * An empty segment's SEQ. RFC 9293 §3.10.7.4 writes an ACK as {@code <SEQ=SND.NXT>}, but after
   * an RTO SND.NXT is rewound to SND.UNA (go-back-N) and may lie below the peer's RCV.NXT, where
   * the peer finds the ACK unacceptable and drops it unread; two rewound sides would ACK each
   * other forever. So SEQ is the highest number sent, kept inside the peer's window (Linux's
   * {@code tcp_acceptable_seq}).
   */
  @Override
  public TcpSenderMessage makeEmptyMessage() {
    // BEGIN LAB 4: an empty segment at the next sequence number, for a pure ACK
    long seqAbs = Math.max(sndNxtAbs, Math.min(sndMaxAbs, sndUnaAbs + sndWnd));
    return emptyAt(seqAbs);
    // END LAB 4
  }

  /** SND.MAX − SND.UNA: every sequence number sent and not acknowledged. */
  @Override
  public long sequenceNumbersInFlight() {
    return flightSize();
  }

  /**
   * The handshake settled the effective send MSS and whether both sides SACK (RFC 2018): the
   * congestion controller restarts with that SMSS (its initial window depends on it, RFC 5681
   * §3.1), and SACK-based recovery runs from the first data segment if SACK was negotiated.
   */
  @Override
  public void onNegotiated(int effectiveMss, boolean sackNegotiated) {
    this.mss = effectiveMss;
    this.congestion = congestionFactory.create(effectiveMss, rtt);
    this.sackPermitted = sackNegotiated;
  }

  @Override
  public LossRecoveryCounters lossRecoveryCounters() {
    return recoveryCounters.snapshot();
  }

  /**
   * Retransmissions of the oldest outstanding segment since it was last acknowledged, not
   * counting those sent into a zero window (see {@link #unansweredProbes()}).
   */
  @Override
  public int consecutiveRetransmissions() {
    return consecutiveRetransmissions;
  }

  /** Segments retransmitted over the connection's life. */
  @Override
  public long retransmittedSegments() {
    return retransmittedSegments;
  }

  /** Bytes in flight: SND.MAX − SND.UNA. */
  private long flightSize() {
    return sndMaxAbs - sndUnaAbs;
  }

  /** Whether every byte sent (SYN and FIN included) has been acknowledged. */
  private boolean allAcknowledged() {
    return sndUnaAbs == sndMaxAbs;
  }

  /** Whether the application closed the outbound stream: a FIN follows the last byte. */
  private boolean finQueued() {
    return outboundWriter.isClosed();
  }

  /**
   * Accounts for a SYN this sender did not send itself (the stateless SYN-ACK of a SYN cookie, RFC
   * 4987 §3.6): SND.NXT moves past it, it is not timed (its send time is not known) and it will not
   * be retransmitted.
   */
  @Override
  public void synSentStatelessly(long nowNs) {
    synToSend = false;
    sndNxtAbs = Math.max(sndNxtAbs, 1);
    sndMaxAbs = Math.max(sndMaxAbs, 1);
  }

  /**
   * The bytes queued so far end with urgent data (RFC 9293 §3.8.5): SND.UP moves just past the
   * last byte queued.
   */
  @Override
  public void markUrgent() {
    sndUpAbs = 1 + outboundWriter.bytesPushed();
  }

  /**
   * The urgent pointer for a segment starting at {@code seqAbs} (SND.UP − SEG.SEQ, at most 65535,
   * RFC 9293 §3.8.5), or 0 if the segment carries no URG: SND.UP lies at or below it, or the peer
   * has acknowledged every urgent byte.
   */
  private int urgentPointerFor(long seqAbs) {
    if (sndUpAbs <= seqAbs || sndUpAbs <= sndUnaAbs) {
      return 0;
    }
    return (int) Math.min(sndUpAbs - seqAbs, 0xFFFF);
  }

  /**
   * Sets the peer's window from a segment, if the segment is newer than the last update (RFC 9293
   * §3.10.7.4, SND.WL1/SND.WL2).
   *
   * @param segSeq the segment's sequence number in the peer's space; empty if unknown (then the
   *     window is taken)
   * @param ackAbs its acknowledgment, absolute in ours
   * @param windowBytes its window, already scaled
   */
  private void updateWindow(Optional<SeqNum> segSeq, long ackAbs, long windowBytes) {
    // BEGIN LAB 4: the send window update rule (SND.WL1, SND.WL2)
    SeqNum seq = segSeq.orElse(null);
    if (seq == null || sndWl1 == null || sndWl1.lt(seq)
        || (sndWl1.equals(seq) && sndWl2Abs <= ackAbs)) {
      sndWnd = windowBytes;
      maxSndWnd = Math.max(maxSndWnd, windowBytes);
      sndWl1 = seq == null ? sndWl1 : seq;
      sndWl2Abs = ackAbs;
    }
    // END LAB 4
  }

  /** Whether {@code ackAbs} acknowledges something sent (SND.UNA < ack ≤ SND.MAX). */
  private boolean acksNewData(long ackAbs) {
    return ackAbs > sndUnaAbs && ackAbs <= sndMaxAbs;
  }

  /**
   * Processes an acceptable ACK that acknowledges new data.
   *
   * @param rttSampleNs an RTT sample from the timestamps option, or -1 to use segment timing
   */
  private void onNewAck(long nowNs, long ackAbs, long rttSampleNs, Transmit out) {
    // BEGIN LAB 4: new data acknowledged: RTT sample (Karn), congestion control, pop the stream, restart the timer
    long acked = ackAbs - sndUnaAbs;
    long sampleNs = -1;
    if (rttSampleNs >= 0) {
      sampleNs = Math.max(rttSampleNs, 1);
    } else if (timing && ackAbs > timedSeqAbs) {
      sampleNs = Math.max(nowNs - timedSentNs, 1);
    }
    if (sampleNs >= 0) {
      rtt.addSample(sampleNs);
      timing = false;
      congestion.onRttSample(nowNs, sampleNs);
    }
    CongestionControl.Signal signal =
        congestion.onAck(nowNs, acked, flightSize(), ackAbs, sndMaxAbs);
    long dataAcked = dataBytesBetween(sndUnaAbs, ackAbs);
    outbound.pop(dataAcked);
    sndUnaAbs = ackAbs;
    sndNxtAbs = Math.max(sndNxtAbs, sndUnaAbs);
    consecutiveRetransmissions = 0;
    persistBackoff = 0;
    duplicateAcksSinceNewAck = 0;
    if (allAcknowledged()) {
      retransmitDeadlineNs = NONE;
    } else {
      retransmitDeadlineNs = nowNs + rtt.rtoNs();
    }
    if (signal.retransmitsFirstUnacked() && recovery == null) {
      recoveryCounters.fastRetransmits++;
      retransmitFirstUnacknowledged(nowNs, out);
    }
    // END LAB 4
  }

  /**
   * Processes an ACK whose SEG.ACK the connection found in range. A duplicate ACK is RFC 5681
   * §2's (no data, no SYN or FIN, SEG.ACK =
   * SND.UNA with data outstanding, the window unchanged) or one that SACKs new data, whatever its
   * window (RFC 6675 §2). The peer answered: every zero-window probe so far counts as answered.
   *
   */
  private void onAck(long nowNs, ReceivedAck ack, Optional<SeqNum> segSeq, Transmit out) {
    // BEGIN LAB 4: classify the ACK: new data, duplicate, window update
    onAckReceived();
    long ackAbs = ack.ackAbs();
    long flightBefore = flightSize();
    boolean newData = acksNewData(ackAbs);
    SackScoreboard.AckUpdate update = null;
    if (board != null) {
      long echoMs = ack.echoedTimestampMs();
      SackRecovery listener = recovery;
      update = board.update(ackAbs, absoluteSackBlocks(ack.sackBlocks()),
          listener == null ? s -> { } : s -> listener.onDelivered(s, nowNs, echoMs));
    }
    boolean duplicate = !ack.carriesSequenceSpace() && ackAbs == sndUnaAbs && flightBefore > 0
        && (ack.windowBytes() == sndWnd || (update != null && update.newlySackedBytes() > 0));
    if (newData) {
      onNewAck(nowNs, ackAbs, ack.rttSampleNs(), out);
    } else if (duplicate && recovery == null) {
      onDuplicateAck(nowNs, out);
    }
    if (recovery != null) {
      recovery.onAck(nowNs, ack, new SackRecovery.AckContext(update, newData, duplicate,
          !ack.sackBlocks().isEmpty(), flightBefore), sndUnaAbs, sndMaxAbs, congestion);
      probeToRearm |= newData;
    }
    if (ackAbs >= sndUnaAbs) {
      updateWindow(segSeq, ackAbs, ack.windowBytes());
    }
    // END LAB 4
  }

  /**
   * The peer's SACK blocks as absolute ranges (RFC 2018 §3), in the order they came. Blocks from
   * the wire are untrusted: an empty or inverted block, or one beyond what was sent or more than a
   * window below SND.UNA, is dropped.
   */
  private List<ByteRange> absoluteSackBlocks(List<SackBlock> blocks) {
    if (blocks.isEmpty()) {
      return List.of();
    }
    List<ByteRange> ranges = new ArrayList<>(blocks.size());
    long lowest = sndUnaAbs - Math.max(maxSndWnd, 65_535);
    for (SackBlock b : blocks) {
      long left = SeqNum.ofUnsigned(b.left()).unwrap(iss, sndUnaAbs);
      long right = SeqNum.ofUnsigned(b.right()).unwrap(iss, sndUnaAbs);
      if (left >= 1 && left < right && right <= sndMaxAbs && left >= lowest) {
        ranges.add(new ByteRange(left, right));
      }
    }
    return ranges;
  }

  /** Processes a duplicate ACK as RFC 5681 §2 defines it (the caller decides). */
  private void onDuplicateAck(long nowNs, Transmit out) {
    // BEGIN LAB 4: a duplicate ACK: tell congestion control, fast retransmit on its signal
    duplicateAcksSinceNewAck++;
    CongestionControl.Signal signal =
        congestion.onDuplicateAck(nowNs, sndUnaAbs, flightSize(), sndMaxAbs);
    if (signal.retransmitsFirstUnacked()) {
      recoveryCounters.renoRecoveries++;
      recoveryCounters.fastRetransmits++;
      retransmitFirstUnacknowledged(nowNs, out);
    }
    // END LAB 4
  }

  /**
   * Sends what the windows, Nagle's algorithm and silly-window avoidance allow (RFC 9293
   * §3.7.4, §3.8.6.2.1), the SYN if it is still to go, and the FIN after the last byte.
   *
   * @param synchronizedState whether data may flow (the handshake is complete)
   */
  private void fill(long nowNs, boolean synchronizedState, Transmit out) {
    // BEGIN LAB 4: send the SYN, then what the windows allow (Nagle, SWS avoidance), then the FIN
    if (synToSend) {
      synToSend = false;
      sendSegment(nowNs, 0, 0, true, false, false, out);
      return;
    }
    if (!synchronizedState) {
      return;
    }
    pacingHeld = false;
    if (recovery != null) {
      retransmitLost(nowNs, out);
    }
    long sndMaxBefore = sndMaxAbs;
    boolean restartChecked = false;
    while (true) {
      long dataEndAbs = 1 + outboundWriter.bytesPushed();
      long unsent = dataEndAbs - sndNxtAbs;
      long usable = Math.min(sndUnaAbs + sndWnd - sndNxtAbs, congestionRoomBytes());
      if (unsent > 0) {
        int segmentLimit = segmentPayloadLimit(out);
        long length = Math.min(Math.min(unsent, segmentLimit), usable);
        if (length <= 0) {
          break;
        }
        boolean full = length == segmentLimit;
        boolean idle = noDelay || sndNxtAbs == sndUnaAbs || sndUpAbs > sndNxtAbs;
        boolean allPending = length == unsent;
        boolean halfWindow = maxSndWnd > 0 && length >= maxSndWnd / 2;
        if (!full && !(idle && (allPending || halfWindow))) {
          break; // Nagle / sender SWS avoidance: wait for an ACK or more data
        }
        if (!restartChecked) {
          // New data is about to go: only now may the controller restart an idle window (RFC
          // 5681 §4.1 measures idle since the last send), and the window is computed again.
          restartChecked = true;
          congestion.beforeSendingData(nowNs, rtt.rtoNs());
          continue;
        }
        if (heldByPacing(nowNs)) {
          break;
        }
        boolean fin = finQueued() && length == unsent && usable > length;
        sendSegment(nowNs, sndNxtAbs, (int) length, false, fin, sndNxtAbs < sndMaxAbs, out);
        continue;
      }
      if (finQueued() && sndNxtAbs == dataEndAbs
          && sndUnaAbs + Math.max(sndWnd, 1) > sndNxtAbs) {
        sendSegment(nowNs, sndNxtAbs, 0, false, true, sndNxtAbs < sndMaxAbs, out);
      }
      break;
    }
    if (recovery != null) {
      retransmitBeyondRules1And2(nowNs, out);
      if (probeToRearm || sndMaxAbs > sndMaxBefore) {
        probeToRearm = false;
        recovery.armProbe(nowNs, sndUnaAbs, sndMaxAbs, retransmitDeadlineNs);
      }
    }
    armPersistIfNeeded(nowNs);
    // END LAB 4
  }

  /**
   * How many more bytes cwnd lets into the network: cwnd − pipe with SACK (RFC 6675 §5), else
   * cwnd less SND.NXT − SND.UNA, plus Limited Transmit's allowance.
   */
  private long congestionRoomBytes() {
    if (recovery != null) {
      return congestion.cwndBytes() - board.pipe();
    }
    return congestion.cwndBytes() + limitedTransmitBytes() - (sndNxtAbs - sndUnaAbs);
  }

  /**
   * NextSeg() rule 1 (RFC 6675 §4): resends segments deemed lost, lowest first, while cwnd − pipe
   * is at least one SMSS (§5 (C); also for a piece smaller than that, as Linux, which counts
   * packets, does); the first retransmission of a recovery or a timeout goes regardless.
   */
  private void retransmitLost(long nowNs, Transmit out) {
    for (SackScoreboard.Segment s = recovery.nextRetransmission(); s != null;
        s = recovery.nextRetransmission()) {
      long endAbs = retransmissionEnd(s, out);
      if (!recovery.retransmissionForced() && congestion.cwndBytes() - board.pipe() < mss) {
        return;
      }
      if (!recovery.retransmissionForced() && heldByPacing(nowNs)) {
        return;
      }
      resend(nowNs, s.startAbs(), endAbs, out);
    }
  }

  /** NextSeg() rules 3 and 4 (RFC 6675 §4) while cwnd has room for them. */
  private void retransmitBeyondRules1And2(long nowNs, Transmit out) {
    while (congestion.cwndBytes() - board.pipe() >= mss) {
      if (heldByPacing(nowNs)) {
        return;
      }
      SackScoreboard.Segment s = recovery.extraRetransmission();
      if (s == null) {
        return;
      }
      resend(nowNs, s.startAbs(), retransmissionEnd(s, out), out);
    }
  }

  /**
   * Whether pacing holds a data segment back at {@code nowNs} (the window would let it go); if so,
   * the pacing release time becomes one of the sender's deadlines.
   */
  private boolean heldByPacing(long nowNs) {
    if (pacing == null || pacing.mayTransmit(nowNs)) {
      return false;
    }
    pacingHeld = true;
    return true;
  }

  /** Where a retransmission of {@code s} ends: all of it, or what one segment's payload takes. */
  private long retransmissionEnd(SackScoreboard.Segment s, Transmit out) {
    long dataEndAbs = 1 + outboundWriter.bytesPushed();
    long dataBytes = Math.max(0, Math.min(s.endAbs(), dataEndAbs) - s.startAbs());
    if (dataBytes > segmentPayloadLimit(out)) {
      return s.startAbs() + segmentPayloadLimit(out);
    }
    return s.endAbs();
  }

  /** Resends the sequence space {@code [startAbs, endAbs)}, the FIN included if it lies there. */
  private void resend(long nowNs, long startAbs, long endAbs, Transmit out) {
    long dataEndAbs = 1 + outboundWriter.bytesPushed();
    long dataBytes = Math.max(0, Math.min(endAbs, dataEndAbs) - startAbs);
    boolean fin = finQueued() && endAbs > dataEndAbs;
    sendSegment(nowNs, startAbs, (int) dataBytes, false, fin, true, out);
  }

  /**
   * Limited Transmit (RFC 3042 §2, RFC 5681 §3.2): on the first and second duplicate ACK outside
   * recovery, one more segment each may go beyond cwnd, cwnd itself unchanged.
   */
  private long limitedTransmitBytes() {
    if (congestion.inRecovery() || duplicateAcksSinceNewAck == 0 || duplicateAcksSinceNewAck > 2) {
      return 0;
    }
    return (long) duplicateAcksSinceNewAck * mss;
  }

  /** The payload the next segment may carry: the MSS less any options beyond its allowance. */
  private int segmentPayloadLimit(Transmit out) {
    return Math.max(1, mss - out.extraOptionBytes());
  }

  /** Whether there is data or a FIN that has not been sent. */
  private boolean hasUnsent() {
    long dataEndAbs = 1 + outboundWriter.bytesPushed();
    return sndNxtAbs < dataEndAbs || (finQueued() && sndNxtAbs <= dataEndAbs);
  }

  /**
   * The earliest sender deadline: retransmission, persist, and with SACK recovery RACK's
   * reordering timer and the tail loss probe.
   */
  @Override
  public long nextDeadlineNs() {
    // BEGIN LAB 4: when the retransmission (or persist) timer expires
    long deadline = Math.min(retransmitDeadlineNs, persistDeadlineNs);
    if (pacingHeld) {
      deadline = Math.min(deadline, pacing.releaseNs());
    }
    return recovery == null ? deadline : Math.min(deadline, recovery.nextDeadlineNs());
    // END LAB 4
  }

  /**
   * Handles due timers.
   *
   * The caller checks the retry limits before calling this again.
   */
  private void onTimeout(long nowNs, boolean synchronizedState, Transmit out) {
    // BEGIN LAB 4: the retransmission timer expired: back off, retransmit the earliest unacknowledged segment
    boolean expired = false;
    if (recovery != null && recovery.probeDue(nowNs) && sndWnd > 0 && flightSize() > 0) {
      // The probe goes first even when the RTO is due at the same time (its PTO is capped at the
      // RTO, RFC 8985 §7.2): the RTO restarts after it, as in Linux's single timer.
      sendLossProbe(nowNs, out);
    }
    if (retransmitDeadlineNs <= nowNs) {
      expired = true;
      duplicateAcksSinceNewAck = 0;
      if (sndWnd == 0 && sndUnaAbs > 0) {
        // The peer shut its window on data in flight: this retransmission is a zero-window probe
        // (RFC 9293 MUST-36/37, Linux tcp_retransmit_timer); only going unanswered counts.
        unansweredProbes++;
      } else {
        consecutiveRetransmissions++;
      }
      recoveryCounters.timeouts++;
      CongestionControl.UndoPoint prior = congestion.undoPoint();
      congestion.onRetransmissionTimeout(nowNs, flightSize(), sndMaxAbs);
      rtt.backoff();
      timing = false;
      retransmitDeadlineNs = NONE;
      if (sndUnaAbs == 0) {
        sndNxtAbs = sndUnaAbs;
        synToSend = true;
        fill(nowNs, synchronizedState, out);
      } else if (recovery != null) {
        // RFC 6675 §5.1 with RACK (RFC 8985 §6.3): resend what is deemed lost, never what the
        // peer SACKed; SND.NXT stays where it is.
        recovery.onRetransmissionTimeout(nowNs, sndUnaAbs, sndMaxAbs, prior);
        retransmitLost(nowNs, out);
      } else {
        sndNxtAbs = sndUnaAbs; // go-back-N
        retransmitFirstUnacknowledged(nowNs, out);
      }
      retransmitDeadlineNs = nowNs + rtt.rtoNs();
    }
    if (recovery != null && !expired && recovery.reorderDeadlineNs() <= nowNs) {
      recovery.onReorderTimeout(nowNs, sndUnaAbs, sndMaxAbs, congestion);
    }
    if (persistDeadlineNs <= nowNs) {
      persistDeadlineNs = NONE;
      if (hasUnsent() && sndNxtAbs == sndUnaAbs) {
        if (sndWnd == 0) {
          out.transmit(probe());
          persistBackoff++;
          unansweredProbes++;
          armPersistIfNeeded(nowNs);
        } else {
          sendDespiteSillyWindow(nowNs, out);
        }
      }
    }
    if (pacingHeld && pacing.releaseNs() <= nowNs) {
      fill(nowNs, synchronizedState, out); // the paced data may go now
    }
    // END LAB 4
  }

  /**
   * Zero-window probes sent since the peer last sent an acceptable ACK: persist probes, and
   * retransmissions that went out while the peer's window was zero. A probe answered with a zero
   * window counts as answered: the window may stay zero forever as long as the peer answers (RFC
   * 9293 §3.8.6.1 MUST-37, RFC 1122 §4.2.2.17); only unanswered probes may abort the connection.
   */
  @Override
  public int unansweredProbes() {
    return unansweredProbes;
  }

  /**
   * The peer sent an acceptable ACK (new or not): it is alive, so every probe so far counts as
   * answered. The probe interval keeps backing off until new data is acknowledged.
   */
  private void onAckReceived() {
    unansweredProbes = 0;
  }

  /**
   * A zero-window probe: an empty segment with SEQ = SND.UNA − 1, which the peer must answer
   * with an ACK (RFC 9293 §3.8.6.1; as Linux's {@code tcp_xmit_probe_skb}).
   */
  private TcpSenderMessage probe() {
    return emptyAt(Math.max(sndUnaAbs, 1) - 1);
  }

  /** An empty segment at {@code seqAbs}, with URG below SND.UP (RFC 9293 §3.8.5). */
  private TcpSenderMessage emptyAt(long seqAbs) {
    return new TcpSenderMessage(SeqNum.wrap(seqAbs, iss), false, NO_BYTES, false, false,
        urgentPointerFor(seqAbs));
  }

  /**
   * The tail loss probe (RFC 8985 §7.3): the next new segment if there is one and the peer's
   * window takes it, else the highest segment sent again; cwnd does not hold it back. The RTO
   * restarts.
   */
  private void sendLossProbe(long nowNs, Transmit out) {
    long dataEndAbs = 1 + outboundWriter.bytesPushed();
    long unsent = dataEndAbs - sndNxtAbs;
    long room = sndUnaAbs + sndWnd - sndNxtAbs;
    if (unsent > 0 && room > 0) {
      long length = Math.min(Math.min(unsent, segmentPayloadLimit(out)), room);
      boolean fin = finQueued() && length == unsent && room > length;
      sendSegment(nowNs, sndNxtAbs, (int) length, false, fin, false, out);
      recovery.onProbeSent(sndMaxAbs, false, nowNs);
    } else if (board.size() > 0) {
      SackScoreboard.Segment last = board.get(board.size() - 1);
      long startAbs = Math.max(last.startAbs(),
          Math.min(dataEndAbs, sndMaxAbs) - segmentPayloadLimit(out));
      resend(nowNs, startAbs, sndMaxAbs, out);
      recovery.onProbeSent(sndMaxAbs, true, nowNs);
    } else {
      return;
    }
    retransmitDeadlineNs = nowNs + rtt.rtoNs();
  }

  /**
   * The override timeout of sender SWS avoidance (RFC 9293 §3.8.6.2.1): the window is open but
   * smaller than the segment the sender waits for, and nothing is in flight to bring an ACK; send
   * what the window takes now, so that a lost window update cannot stall the connection.
   */
  private void sendDespiteSillyWindow(long nowNs, Transmit out) {
    long dataEndAbs = 1 + outboundWriter.bytesPushed();
    long length = Math.min(Math.min(dataEndAbs - sndNxtAbs, segmentPayloadLimit(out)), sndWnd);
    if (length > 0) {
      sendSegment(nowNs, sndNxtAbs, (int) length, false, false, false, out);
    }
  }

  /**
   * Arms the persist timer when data waits, nothing is in flight and the peer's window holds it
   * back: a zero window (probes, RFC 9293 §3.8.6.1) or one too small for silly-window avoidance
   * (the override timeout, §3.8.6.2.1). Either way no ACK is coming to restart sending by itself.
   */
  private void armPersistIfNeeded(long nowNs) {
    // BEGIN LAB 4: arm the persist timer when a zero window holds data back
    if (hasUnsent() && sndNxtAbs == sndUnaAbs && retransmitDeadlineNs == NONE) {
      if (persistDeadlineNs == NONE) {
        long interval = rtt.rtoNs() << Math.min(persistBackoff, 16);
        persistDeadlineNs = nowNs + Math.min(Math.max(interval, rtt.rtoNs()), MAX_PERSIST_NS);
      }
    } else {
      persistDeadlineNs = NONE;
    }
    // END LAB 4
  }

  private void retransmitFirstUnacknowledged(long nowNs, Transmit out) {
    // BEGIN LAB 4: resend the earliest unacknowledged segment
    if (sndUnaAbs == 0) {
      sendSegment(nowNs, 0, 0, true, false, true, out);
      return;
    }
    long dataEndAbs = 1 + outboundWriter.bytesPushed();
    long length = Math.min(segmentPayloadLimit(out), Math.min(dataEndAbs, sndMaxAbs) - sndUnaAbs);
    boolean fin = finQueued() && sndUnaAbs + Math.max(length, 0) == dataEndAbs
        && sndMaxAbs > dataEndAbs;
    if (length <= 0 && !fin) {
      return;
    }
    sendSegment(nowNs, sndUnaAbs, (int) Math.max(length, 0), false, fin, true, out);
    // END LAB 4
  }

  private void sendSegment(long nowNs, long seqAbs, int length, boolean syn, boolean fin,
      boolean retransmission, Transmit out) {
    // BEGIN LAB 4: send one segment: time it, move SND.NXT, start the timer
    byte[] payload = new byte[length];
    if (length > 0) {
      outbound.copyAt(seqAbs - (1 + outbound.bytesPopped()), payload, 0, length);
    }
    out.transmit(new TcpSenderMessage(SeqNum.wrap(seqAbs, iss), syn, payload, fin, false,
        urgentPointerFor(seqAbs)));
    if (pacing != null && length > 0) {
      pacing.onTransmit(nowNs, length, Pacing.rateBytesPerSecond(congestion.cwndBytes(),
          congestion.ssthreshBytes(), flightSize(), rtt.smoothedRttNs()), mss);
    }
    long end = seqAbs + length + (syn ? 1 : 0) + (fin ? 1 : 0);
    if (!syn && sackPermitted) {
      recordOnScoreboard(nowNs, seqAbs, end, retransmission || end <= sndMaxAbs);
    }
    if (retransmission || end <= sndMaxAbs) {
      retransmittedSegments++;
      if (timing && seqAbs <= timedSeqAbs) {
        timing = false; // Karn: a retransmitted range gives no sample
      }
    } else if (!timing) {
      timing = true;
      timedSeqAbs = seqAbs;
      timedSentNs = nowNs;
    }
    sndNxtAbs = Math.max(sndNxtAbs, end);
    sndMaxAbs = Math.max(sndMaxAbs, end);
    if (retransmitDeadlineNs == NONE && sndMaxAbs > sndUnaAbs) {
      retransmitDeadlineNs = nowNs + rtt.rtoNs();
    }
    // END LAB 4
  }

  /**
   * Puts a segment on the scoreboard, which starts with the first segment sent after the
   * handshake; with SACK recovery on, the recovery starts with it.
   */
  private void recordOnScoreboard(long nowNs, long seqAbs, long endAbs, boolean retransmission) {
    if (board == null) {
      board = new SackScoreboard(sndUnaAbs);
      board.onTransmit(sndUnaAbs, sndMaxAbs, nowNs);
      if (lossRecovery.sackRecovery() && congestion.supportsSenderRecovery()) {
        recovery = new SackRecovery(lossRecovery, board, rtt, mss, recoveryCounters);
      }
    }
    board.onTransmit(seqAbs, endAbs, nowNs);
    if (recovery != null) {
      recovery.onSent(endAbs - seqAbs, retransmission, nowNs);
    }
  }

  /** Data bytes (not SYN or FIN) among absolute numbers [from, to). */
  private long dataBytesBetween(long fromAbs, long toAbs) {
    long dataEndAbs = 1 + outboundWriter.bytesPushed();
    long start = Math.max(fromAbs, 1);
    long end = Math.min(toAbs, dataEndAbs);
    return Math.max(0, end - start);
  }
}
