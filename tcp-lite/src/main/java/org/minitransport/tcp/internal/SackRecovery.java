package org.minitransport.tcp.internal;

import org.minitransport.tcp.component.CongestionControl;
import org.minitransport.tcp.component.RttEstimator;

import org.minitransport.tcp.LossRecoveryConfig;

/**
 * SACK-based loss recovery (RFC 6675 §5), the state machine a {@link Rfc9293Sender} runs when both
 * sides negotiated SACK: when to begin a recovery, what to retransmit, how much may be in flight
 * meanwhile, and when it ends. Each algorithm it joins is its own class and can be switched off
 * ({@link LossRecoveryConfig}):
 *
 * <ul>
 *   <li>{@link SackScoreboard}: what the peer holds, what is lost, the pipe;
 *   <li>loss detection: {@link RackLossDetection} (RFC 8985), or without it RFC 6675's IsLost with
 *       DupThresh duplicate ACKs;
 *   <li>{@link TailLossProbe} (RFC 8985 §7) while no recovery runs;
 *   <li>{@link ProportionalRateReduction} (RFC 6937) for cwnd during fast recovery, or without it
 *       cwnd = ssthresh at once;
 *   <li>{@link RetransmissionUndo} (RFC 3522, RFC 3708, RFC 4015).
 * </ul>
 *
 * <p><b>States.</b> OPEN (no recovery; SACKed segments may exist), FAST_RECOVERY (RFC 6675 §5:
 * from the first loss found until SND.UNA passes RecoveryPoint = HighData), RTO_RECOVERY (RFC 6675
 * §5.1: after a timeout, until SND.UNA passes HighData as it was then; slow start from one
 * segment, retransmitting only what is deemed lost, and no fast recovery may begin meanwhile).
 *
 * <p><b>Calls</b>, all from the sender: {@link #onAck} after the scoreboard took the ACK, {@link
 * #onSent} for every segment sent, {@link #onRetransmissionTimeout} when the RTO fires, {@link
 * #onReorderTimeout} and {@link #probeDue} for the two timers this class owns, {@link
 * #nextRetransmission} while sending. Congestion control hears of the recovery through {@link
 * CongestionControl#onLossDetected} and its companions. Sans-IO, not thread-safe.
 */
public final class SackRecovery {

  /** Where the recovery state machine is. */
  public enum State {
    OPEN,
    FAST_RECOVERY,
    RTO_RECOVERY
  }

  private static final long NONE = Long.MAX_VALUE;

  private final SackScoreboard board;
  private final RttEstimator rtt;
  private final long smssBytes;
  private final RecoveryCounters counters;
  private final boolean useDsack;
  private final RackLossDetection rack;
  private final TailLossProbe tlp;
  private final ProportionalRateReduction prr;
  private final RetransmissionUndo undo;

  private State state = State.OPEN;
  private long recoveryPointAbs = -1;
  private int duplicateAcks;
  private long reorderDeadlineNs = NONE;
  private long probeDeadlineNs = NONE;
  private boolean forceRetransmission;

  public SackRecovery(LossRecoveryConfig config, SackScoreboard board, RttEstimator rtt,
      long smssBytes, RecoveryCounters counters) {
    this.board = board;
    this.rtt = rtt;
    this.smssBytes = smssBytes;
    this.counters = counters;
    this.useDsack = config.dsack();
    this.rack = config.rackTlp() ? new RackLossDetection() : null;
    this.tlp = config.rackTlp() ? new TailLossProbe() : null;
    this.prr = config.prr() == LossRecoveryConfig.Prr.OFF ? null
        : new ProportionalRateReduction(config.prr(), smssBytes);
    this.undo = config.undo() ? new RetransmissionUndo() : null;
  }

  // ------------------------------------------------------------------ ACKs

  /**
   * What the sender saw of one ACK, after the scoreboard took it and SND.UNA moved.
   *
   * @param update what the scoreboard changed
   * @param advancedUna the ACK acknowledged new data
   * @param duplicate the ACK is a duplicate as RFC 6675 §2 defines it
   * @param flightBeforeBytes SND.NXT − SND.UNA before the ACK
   */
  public record AckContext(SackScoreboard.AckUpdate update, boolean advancedUna,
      boolean duplicate, boolean hadSackBlocks, long flightBeforeBytes) {}

  /** A segment the ACK newly delivered (RACK steps 1–3); the scoreboard's listener. */
  public void onDelivered(SackScoreboard.Segment segment, long nowNs, long echoedTimestampMs) {
    if (rack != null) {
      rack.onDelivered(segment, nowNs, echoedTimestampMs);
    }
  }

  /**
   * Runs the recovery state machine for one ACK: D-SACK use, the tail loss probe's outcome, loss
   * detection, undo, entering and leaving recovery, and PRR's window.
   */
  public void onAck(long nowNs, ReceivedAck ack, AckContext context, long sndUnaAbs,
      long sndMaxAbs, CongestionControl congestion) {
    SackScoreboard.AckUpdate update = context.update();
    ByteRange dsack = update.dsack();
    if (dsack != null) {
      counters.dsacksReceived++;
    }
    boolean dsackUsed = useDsack && dsack != null;
    if (rack != null) {
      rack.onAck(dsackUsed, sndUnaAbs, sndMaxAbs);
    }
    boolean dsackForProbe = dsackUsed && tlp != null && tlp.outstanding()
        && dsack.endIndex() > tlp.endSeqAbs() - smssBytes; // covers some of the probe
    if (dsackUsed && undo != null && !dsackForProbe) {
      undo.onDsack(dsack, (dsack.length() + smssBytes - 1) / smssBytes);
    }
    duplicateAcks = context.advancedUna() ? 0 : duplicateAcks + (context.duplicate() ? 1 : 0);

    if (tlp != null && tlp.outstanding()) {
      TailLossProbe.Outcome outcome = tlp.onAck(ack.ackAbs(), dsackForProbe,
          context.duplicate() && !context.hadSackBlocks(), ack.echoedTimestampMs());
      if (outcome == TailLossProbe.Outcome.REPAIRED_A_LOSS && state == State.OPEN) {
        // RFC 8985 §7.4.2: the probe repaired a loss; react as to any loss, in one step, sized
        // by the flight when it was found (this ACK may have acknowledged all of it).
        counters.lossProbeRecoveries++;
        congestion.onLossDetected(nowNs, context.flightBeforeBytes(), sndMaxAbs);
        congestion.onRecoveryEnd();
      }
    }

    long lostMarksBefore = board.lostMarks();
    detectLosses(nowNs);
    boolean newlyLost = board.lostMarks() > lostMarksBefore;

    if (undo != null) {
      RetransmissionUndo.Detection detection =
          undo.spurious(context.advancedUna(), ack.echoedTimestampMs());
      if (detection != RetransmissionUndo.Detection.NONE) {
        undoRecovery(congestion, detection);
      }
    }

    switch (state) {
      case FAST_RECOVERY -> {
        if (sndUnaAbs >= recoveryPointAbs) {
          endRecovery(congestion);
        } else if (prr != null) {
          long sndcnt = prr.onAck(update.deliveredBytes(), board.pipe(),
              context.advancedUna() && !newlyLost);
          congestion.setWindowInRecovery(board.pipe() + sndcnt);
        }
      }
      case RTO_RECOVERY -> {
        if (sndUnaAbs >= recoveryPointAbs) {
          endRecovery(congestion);
        }
      }
      default -> { }
    }
    if (state == State.OPEN && timeToRecover(sndUnaAbs)) {
      long sackedBefore = update.sackedBytesBefore();
      enterFastRecovery(nowNs, sndUnaAbs, sndMaxAbs, congestion,
          context.flightBeforeBytes() - sackedBefore, update.deliveredBytes(),
          context.advancedUna() && !newlyLost);
    }
  }

  /** RACK (with its reordering timer) or RFC 6675's IsLost marks what is lost now. */
  private void detectLosses(long nowNs) {
    if (rack != null) {
      long reorderWindowNs = rack.reorderWindowNs(state != State.OPEN, board.sackedSegments(),
          rtt.smoothedRttNs());
      long waitNs = rack.detectLoss(board, nowNs, reorderWindowNs);
      reorderDeadlineNs = waitNs > 0 ? nowNs + waitNs : NONE;
    } else if (board.sackedSegments() > 0) {
      board.markLostByDupThresh(smssBytes);
    }
  }

  /**
   * RFC 6675 §5: a recovery begins on DupThresh duplicate ACKs or when IsLost(HighACK + 1); with
   * RACK, when RACK deems a segment lost (RFC 8985 §4). Never before SND.UNA passes the recovery
   * point of a timeout (§5.1).
   */
  private boolean timeToRecover(long sndUnaAbs) {
    if (sndUnaAbs < recoveryPointAbs || board.size() == 0) {
      return false;
    }
    if (rack != null) {
      return board.lostBytes() > 0;
    }
    return board.lostBytes() > 0 || duplicateAcks >= SackScoreboard.DUP_THRESH;
  }

  private void enterFastRecovery(long nowNs, long sndUnaAbs, long sndMaxAbs,
      CongestionControl congestion, long recoverFsBytes, long deliveredBytes, boolean safeAck) {
    state = State.FAST_RECOVERY;
    recoveryPointAbs = sndMaxAbs;
    counters.sackRecoveries++;
    if (board.lostBytes() == 0) {
      board.markLost(board.get(0)); // RFC 6675 step 4.3: HighACK + 1 is presumed dropped
    }
    board.resetRescue();
    if (undo != null) {
      undo.begin(sndUnaAbs, withCurrentSsthresh(congestion.undoPoint()));
    }
    if (tlp != null) {
      tlp.cancel();
    }
    probeDeadlineNs = NONE;
    long ssthresh = congestion.onLossDetected(nowNs, sndMaxAbs - sndUnaAbs, sndMaxAbs);
    forceRetransmission = true;
    if (prr != null) {
      prr.start(ssthresh, recoverFsBytes);
      long sndcnt = prr.onAck(deliveredBytes, board.pipe(), safeAck);
      congestion.setWindowInRecovery(board.pipe() + sndcnt);
    } else {
      congestion.setWindowInRecovery(ssthresh); // RFC 6675 step 4.2
    }
  }

  private void endRecovery(CongestionControl congestion) {
    if (state == State.FAST_RECOVERY) {
      congestion.onRecoveryEnd();
    }
    state = State.OPEN;
    forceRetransmission = false;
    if (rack != null) {
      rack.onRecoveryEnd();
    }
    if (undo != null) {
      undo.episodeEnded();
    }
  }

  /**
   * The recovery was spurious: cwnd and ssthresh come back (RFC 4015 §3), nothing is deemed lost
   * any more, and the state machine returns to OPEN.
   */
  private void undoRecovery(CongestionControl congestion, RetransmissionUndo.Detection detection) {
    congestion.undo(undo.prior());
    if (state == State.RTO_RECOVERY) {
      counters.lossUndos++;
    } else if (detection == RetransmissionUndo.Detection.DSACK) {
      counters.dsackUndos++;
    } else {
      counters.timestampUndos++;
    }
    undo.undone();
    board.clearLostMarks();
    if (state != State.OPEN && rack != null) {
      rack.onRecoveryEnd();
    }
    state = State.OPEN;
    recoveryPointAbs = -1;
    forceRetransmission = false;
  }

  /**
   * {@code prior} with Linux's {@code tcp_current_ssthresh} as the ssthresh to restore if the
   * event is undone: at least three quarters of cwnd.
   */
  private static CongestionControl.UndoPoint withCurrentSsthresh(
      CongestionControl.UndoPoint prior) {
    return prior.withSsthresh(Math.max(prior.ssthreshBytes(), prior.cwndBytes() / 4 * 3));
  }

  // ------------------------------------------------------------------ sending

  /**
   * NextSeg() rule 1 (RFC 6675 §4): the first segment deemed lost and not yet retransmitted, or
   * null.
   */
  public SackScoreboard.Segment nextRetransmission() {
    return board.firstLostNotRetransmitted();
  }

  /**
   * Whether the next retransmission goes even if cwnd is full: the first one of a fast recovery
   * (RFC 6675 step 4.3) and the one a timeout calls for (RFC 6298 §5.4).
   */
  public boolean retransmissionForced() {
    return forceRetransmission;
  }

  /**
   * NextSeg() rules 3 and 4 (RFC 6675 §4), for when neither a lost segment nor new data can go:
   * without RACK, in fast recovery, the first unSACKed segment below the highest SACKed one, else
   * once per recovery the highest unSACKed segment. With RACK these are left out: RACK finds
   * such losses by time, and the tail loss probe does the rescue (as in Linux).
   */
  public SackScoreboard.Segment extraRetransmission() {
    if (rack != null || state != State.FAST_RECOVERY) {
      return null;
    }
    SackScoreboard.Segment forward = board.forwardRetransmission();
    return forward != null ? forward : board.rescueRetransmission(recoveryPointAbs);
  }

  /**
   * A segment went out ({@code retransmission} if it re-sent sequence space): PRR's prr_out, the
   * undo bookkeeping, the counters.
   */
  public void onSent(long bytes, boolean retransmission, long nowNs) {
    if (state == State.FAST_RECOVERY && prr != null) {
      prr.onSent(bytes);
    }
    if (retransmission) {
      forceRetransmission = false;
      if (undo != null) {
        undo.onRetransmission((bytes + smssBytes - 1) / smssBytes, nowNs);
      }
      if (state == State.FAST_RECOVERY) {
        counters.fastRetransmits++;
      } else if (state == State.RTO_RECOVERY) {
        counters.slowStartRetransmits++;
      }
    }
  }

  // ------------------------------------------------------------------ timers

  /**
   * The retransmission timer expired (RFC 6675 §5.1, RFC 8985 §6.3). Call after the congestion
   * controller took the timeout; {@code prior} is the controller's state before it did ({@link
   * CongestionControl#undoPoint}), for undo.
   */
  public void onRetransmissionTimeout(long nowNs, long sndUnaAbs, long sndMaxAbs,
      CongestionControl.UndoPoint prior) {
    if (undo != null && state != State.RTO_RECOVERY) {
      undo.begin(sndUnaAbs, withCurrentSsthresh(prior));
    }
    state = State.RTO_RECOVERY;
    recoveryPointAbs = sndMaxAbs;
    board.onRetransmissionTimeout(
        s -> rack != null && rack.mayStillArrive(s, nowNs, 0));
    if (tlp != null) {
      tlp.cancel();
    }
    probeDeadlineNs = NONE;
    reorderDeadlineNs = NONE;
    forceRetransmission = true;
  }

  /**
   * The RACK reordering timer fired (RFC 8985 §6.3): detect again; a loss found now begins a
   * fast recovery without an ACK (PRR then lets one segment go).
   */
  public void onReorderTimeout(long nowNs, long sndUnaAbs, long sndMaxAbs,
      CongestionControl congestion) {
    reorderDeadlineNs = NONE;
    long lostMarksBefore = board.lostMarks();
    detectLosses(nowNs);
    if (state == State.OPEN && board.lostMarks() > lostMarksBefore && timeToRecover(sndUnaAbs)) {
      enterFastRecovery(nowNs, sndUnaAbs, sndMaxAbs, congestion,
          sndMaxAbs - sndUnaAbs - board.sackedBytes(), 0, false);
    }
  }

  /**
   * (Re)arms the tail loss probe (RFC 8985 §7.2) after new data went out or an ACK acknowledged
   * new data: only in OPEN, with data in flight, nothing SACKed and no probe outstanding.
   */
  public void armProbe(long nowNs, long sndUnaAbs, long sndMaxAbs, long rtoDeadlineNs) {
    if (tlp == null || state != State.OPEN || tlp.outstanding() || sndMaxAbs <= sndUnaAbs
        || board.sackedSegments() > 0) {
      probeDeadlineNs = NONE;
      return;
    }
    probeDeadlineNs = TailLossProbe.probeTimeoutNs(nowNs, rtt.smoothedRttNs(),
        sndMaxAbs - sndUnaAbs <= smssBytes, rtoDeadlineNs);
  }

  /** Whether the probe timer fired and a probe should go now (the sender sends it). */
  public boolean probeDue(long nowNs) {
    if (probeDeadlineNs > nowNs) {
      return false;
    }
    probeDeadlineNs = NONE;
    return tlp != null && state == State.OPEN && !tlp.outstanding();
  }

  /** The probe went out (RFC 8985 §7.3); TLP.end_seq = SND.NXT after it. */
  public void onProbeSent(long sndNxtAbs, boolean retransmission, long nowNs) {
    tlp.onProbeSent(sndNxtAbs, retransmission, nowNs);
    counters.lossProbes++;
  }

  /** The earliest of this class's timers: RACK's reordering timer and the probe timer. */
  public long nextDeadlineNs() {
    return Math.min(reorderDeadlineNs, probeDeadlineNs);
  }

  /** When the RACK reordering timer fires, or {@link Long#MAX_VALUE}. */
  public long reorderDeadlineNs() {
    return reorderDeadlineNs;
  }

  /** When the tail loss probe fires, or {@link Long#MAX_VALUE}. */
  public long probeDeadlineNs() {
    return probeDeadlineNs;
  }

  // ------------------------------------------------------------------ queries

  public State state() {
    return state;
  }

  public SackScoreboard scoreboard() {
    return board;
  }

  /** RecoveryPoint, or -1 outside recovery. */
  public long recoveryPointAbs() {
    return recoveryPointAbs;
  }

  @Override
  public String toString() {
    return "SackRecovery[" + state + " point=" + recoveryPointAbs + " " + board
        + (rack != null ? " " + rack : "") + (prr != null ? " " + prr : "")
        + (tlp != null ? " " + tlp : "") + "]";
  }
}
