package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.LossRecoveryConfig;
import org.minitransport.tcp.component.CongestionControl;
import org.minitransport.tcp.component.RttEstimator;

/**
 * The SACK recovery state machine (RFC 6675 §5 with RFC 8985 RACK-TLP, RFC 6937 PRR and RFC
 * 3708/4015 undo) driven alone: a real {@link SackScoreboard}, a congestion controller that
 * records what it is told, and ACKs written by hand. SMSS is 1000 bytes; data segment k covers
 * [seg(k), seg(k + 1)) and starts far from 0, so that sums and differences of sequence numbers
 * are told apart. Segment k is sent at k ms unless a test says otherwise.
 */
class SackRecoveryTest {

  private static final long SMSS = 1000;
  private static final long MS = 1_000_000L;
  private static final long BASE = 5_000_001L;

  private static long seg(int k) {
    return BASE + SMSS * (k - 1);
  }

  private static ByteRange block(int from, int to) {
    return new ByteRange(seg(from), seg(to + 1));
  }

  /** Records what the recovery tells it; ssthresh = FlightSize / 2 on a loss (RFC 5681 (4)). */
  private static final class RecordingCongestion implements CongestionControl {
    long cwnd = 40 * SMSS;
    long ssthreshOnLoss = -1;
    long ssthresh = Long.MAX_VALUE / 4;
    int lossesDetected;
    long lastFlightSize = -1;
    int recoveryEnds;
    final List<Long> windowsInRecovery = new ArrayList<>();
    final List<UndoPoint> undos = new ArrayList<>();

    @Override
    public Signal onAck(long nowNs, long ackedBytes, long flightSizeBeforeAckBytes, long ackAbs,
        long sndNxtAbs) {
      return Signal.NONE;
    }

    @Override
    public Signal onDuplicateAck(long nowNs, long ackAbs, long flightSizeBytes, long sndNxtAbs) {
      return Signal.NONE;
    }

    @Override
    public void onRetransmissionTimeout(long nowNs, long flightSizeBytes, long sndNxtAbs) {}

    @Override
    public void beforeSendingData(long nowNs, long rtoNs) {}

    @Override
    public long cwndBytes() {
      return cwnd;
    }

    @Override
    public long ssthreshBytes() {
      return ssthresh;
    }

    @Override
    public boolean inRecovery() {
      return false;
    }

    @Override
    public boolean supportsSenderRecovery() {
      return true;
    }

    @Override
    public long onLossDetected(long nowNs, long flightSizeBytes, long sndNxtAbs) {
      lossesDetected++;
      lastFlightSize = flightSizeBytes;
      ssthresh = ssthreshOnLoss > 0 ? ssthreshOnLoss : Math.max(flightSizeBytes / 2, 2 * SMSS);
      return ssthresh;
    }

    @Override
    public void setWindowInRecovery(long cwndBytes) {
      cwnd = cwndBytes;
      windowsInRecovery.add(cwndBytes);
    }

    @Override
    public void onRecoveryEnd() {
      recoveryEnds++;
      cwnd = ssthresh;
    }

    @Override
    public void undo(UndoPoint prior) {
      undos.add(prior);
    }

    long lastWindow() {
      return windowsInRecovery.get(windowsInRecovery.size() - 1);
    }
  }

  private static final class FixedRtt implements RttEstimator {
    long srttNs;

    @Override
    public void addSample(long rttNs) {}

    @Override
    public void backoff() {}

    @Override
    public long rtoNs() {
      return 1_000 * MS;
    }

    @Override
    public long smoothedRttNs() {
      return srttNs;
    }

    @Override
    public long rttVariationNs() {
      return 0;
    }
  }

  /** The recovery with its board, as a sender drives it. */
  private static final class Sender {
    final SackScoreboard board = new SackScoreboard(seg(1));
    final FixedRtt rtt = new FixedRtt();
    final RecoveryCounters counters = new RecoveryCounters();
    final RecordingCongestion congestion = new RecordingCongestion();
    final SackRecovery recovery;
    long sndUna = seg(1);
    long sndMax = seg(1);

    Sender(LossRecoveryConfig config) {
      recovery = new SackRecovery(config, board, rtt, SMSS, counters);
      rtt.srttNs = 100 * MS;
    }

    /** New segments up to {@code lastK}, segment k sent at k ms. */
    Sender sendUpTo(int lastK) {
      while (sndMax < seg(lastK + 1)) {
        int k = (int) ((sndMax - BASE) / SMSS) + 1;
        sendNew(k * MS);
      }
      return this;
    }

    /** New segments up to {@code lastK}, one a millisecond from {@code fromNs}. */
    Sender sendMore(int lastK, long fromNs) {
      for (long t = fromNs; sndMax < seg(lastK + 1); t += MS) {
        sendNew(t);
      }
      return this;
    }

    void sendNew(long nowNs) {
      board.onTransmit(sndMax, sndMax + SMSS, nowNs);
      recovery.onSent(SMSS, false, nowNs);
      sndMax += SMSS;
    }

    /** Retransmits segments from..to in one piece. */
    void retransmit(int from, int to, long nowNs) {
      board.onTransmit(seg(from), seg(to + 1), nowNs);
      recovery.onSent(seg(to + 1) - seg(from), true, nowNs);
    }

    void ack(long nowNs, int nextExpected, ByteRange... blocks) {
      ack(nowNs, nextExpected, -1, seg(nextExpected) == sndUna && blocks.length > 0, blocks);
    }

    void duplicateAck(long nowNs, ByteRange... blocks) {
      ack(nowNs, (int) ((sndUna - BASE) / SMSS) + 1, -1, true, blocks);
    }

    void ack(long nowNs, int nextExpected, long echoMs, boolean duplicate, ByteRange... blocks) {
      long ackAbs = seg(nextExpected);
      long flightBefore = sndMax - sndUna;
      boolean advanced = ackAbs > sndUna;
      SackScoreboard.AckUpdate update = board.update(ackAbs, List.of(blocks),
          s -> recovery.onDelivered(s, nowNs, echoMs));
      if (advanced) {
        sndUna = ackAbs;
      }
      recovery.onAck(nowNs, new ReceivedAck(ackAbs, 1 << 20, false, -1, echoMs, List.of()),
          new SackRecovery.AckContext(update, advanced, duplicate, blocks.length > 0,
              flightBefore), sndUna, sndMax, congestion);
    }

    void timeout(long nowNs) {
      CongestionControl.UndoPoint prior = congestion.undoPoint();
      recovery.onRetransmissionTimeout(nowNs, sndUna, sndMax, prior);
    }

    void armProbe(long nowNs) {
      recovery.armProbe(nowNs, sndUna, sndMax, nowNs + 1_000 * MS);
    }

    /** The probe: a retransmission of the highest segment {@code k}. */
    void probeRetransmitting(int k, long nowNs) {
      retransmit(k, k, nowNs);
      recovery.onProbeSent(sndMax, true, nowNs);
    }

    SackRecovery.State state() {
      return recovery.state();
    }
  }

  private static LossRecoveryConfig linux() {
    return LossRecoveryConfig.linuxDefaults();
  }

  private static LossRecoveryConfig withoutRack() {
    return LossRecoveryConfig.linuxDefaults().withRackTlp(false);
  }

  @Nested
  class DuplicateAcksWithoutRack {

    @Test
    void threeDuplicateAcksBeginARecoveryEvenWhenIsLostDoesNotHoldAndHighAckPlusOneIsLost() {
      // RFC 6675 §5: DupThresh duplicate ACKs (step 4), then step 4.3 deems HighACK + 1 lost.
      Sender s = new Sender(withoutRack()).sendUpTo(6);
      s.duplicateAck(20 * MS, block(6, 6));
      s.duplicateAck(21 * MS, block(6, 6));
      assertEquals(SackRecovery.State.OPEN, s.state());
      s.duplicateAck(22 * MS, block(6, 6));
      assertEquals(SackRecovery.State.FAST_RECOVERY, s.state());
      assertEquals(seg(1), s.recovery.nextRetransmission().startAbs());
      assertEquals(1, s.counters.sackRecoveries);
      assertEquals(seg(7), s.recovery.recoveryPointAbs());
    }

    @Test
    void anAckOfNewDataStartsTheCountAgain() {
      Sender s = new Sender(withoutRack()).sendUpTo(8);
      s.duplicateAck(20 * MS, block(8, 8));
      s.duplicateAck(21 * MS, block(8, 8));
      s.ack(22 * MS, 2, -1, false, block(8, 8));
      s.duplicateAck(23 * MS, block(8, 8));
      s.duplicateAck(24 * MS, block(8, 8));
      assertEquals(SackRecovery.State.OPEN, s.state());
      s.duplicateAck(25 * MS, block(8, 8));
      assertEquals(SackRecovery.State.FAST_RECOVERY, s.state());
    }

    @Test
    void isLostBeginsARecoveryOnOneAck() {
      // RFC 6675 §5 step 4: IsLost(HighACK + 1) with three SACKed segments above it.
      Sender s = new Sender(withoutRack()).sendUpTo(6);
      s.ack(20 * MS, 1, -1, false, block(2, 4));
      assertEquals(SackRecovery.State.FAST_RECOVERY, s.state());
      assertEquals(SMSS, s.board.lostBytes());
      assertEquals(seg(1), s.recovery.nextRetransmission().startAbs());
    }

    @Test
    void withRackDuplicateAcksAloneBeginNoRecovery() {
      // RFC 8985 §4: RACK decides by time; one SACKed segment inside the reordering window.
      Sender s = new Sender(linux()).sendUpTo(4);
      for (int i = 0; i < 4; i++) {
        s.duplicateAck(24 * MS, block(4, 4));
      }
      assertEquals(SackRecovery.State.OPEN, s.state());
      assertEquals(0, s.board.lostBytes());
    }

    @Test
    void ruleThreeComesBeforeTheRescueRetransmission() {
      // RFC 6675 §4 NextSeg(): rule 3 (an unSACKed segment below the highest SACKed one) first.
      Sender s = new Sender(withoutRack()).sendUpTo(6);
      for (int i = 0; i < 3; i++) {
        s.duplicateAck((20 + i) * MS, block(5, 5));
      }
      assertEquals(seg(2), s.recovery.extraRetransmission().startAbs());
    }

    @Test
    void eachFastRecoveryMayUseOneRescueRetransmission() {
      // RFC 6675 §5 step 4.3 (RescueRxt reset) and rule 4: once per recovery.
      Sender s = new Sender(withoutRack()).sendUpTo(4);
      for (int i = 0; i < 3; i++) {
        s.duplicateAck((20 + i) * MS, block(2, 2));
      }
      s.retransmit(1, 1, 23 * MS);
      assertEquals(seg(4), s.recovery.extraRetransmission().startAbs(), "rule 4");
      assertNull(s.recovery.extraRetransmission(), "only once");
      s.ack(40 * MS, 5, -1, false); // exactly RecoveryPoint = RescueRxt: the recovery ends
      assertEquals(SackRecovery.State.OPEN, s.state());
      assertNull(s.recovery.extraRetransmission(), "none outside recovery");
      s.sendMore(8, 41 * MS);
      for (int i = 0; i < 3; i++) {
        s.duplicateAck((50 + i) * MS, block(6, 6));
      }
      assertEquals(SackRecovery.State.FAST_RECOVERY, s.state());
      s.retransmit(5, 5, 53 * MS);
      SackScoreboard.Segment rescue = s.recovery.extraRetransmission();
      assertEquals(seg(8), rescue.startAbs(), "rule 4 in the second recovery");
    }
  }

  @Nested
  class Dsacks {

    @Test
    void everyDsackIsCountedEvenWhenDsackUseIsOff() {
      Sender s = new Sender(linux().withDsack(false)).sendUpTo(3);
      s.ack(20 * MS, 3, block(1, 1));
      assertEquals(1, s.counters.dsacksReceived);
    }

    @Test
    void aDsackWidensRacksReorderingWindowForTheNextLoss() {
      // RFC 8985 §6.2 step 4: reo_wnd_mult grows with a D-SACK. min_RTT 18 ms, SRTT 100 ms.
      Sender plain = new Sender(linux()).sendUpTo(6);
      Sender widened = new Sender(linux()).sendUpTo(6);
      plain.ack(20 * MS, 3);
      widened.ack(20 * MS, 3, block(1, 1));
      plain.ack(25 * MS, 3, block(5, 5));
      widened.ack(25 * MS, 3, block(5, 5));
      // segment 4: sent at 4 ms, RACK.rtt 20 ms; window 18/4 ms, or twice that.
      assertEquals(25 * MS + 3_500_000L, plain.recovery.reorderDeadlineNs());
      assertEquals(25 * MS + 8_000_000L, widened.recovery.reorderDeadlineNs());
      assertEquals(Math.min(plain.recovery.reorderDeadlineNs(),
          plain.recovery.probeDeadlineNs()), plain.recovery.nextDeadlineNs());
    }

    @Test
    void theTimerIsOffWhenNothingWaitsForTheReorderingWindow() {
      Sender s = new Sender(linux()).sendUpTo(6);
      s.ack(30 * MS, 1, block(2, 6));
      assertEquals(Long.MAX_VALUE, s.recovery.reorderDeadlineNs());
      assertEquals(SackRecovery.State.FAST_RECOVERY, s.state());
    }
  }

  @Nested
  class TailLossProbeOutcomes {

    private Sender probed() {
      Sender s = new Sender(linux()).sendUpTo(3);
      s.armProbe(3 * MS);
      assertTrue(s.recovery.probeDeadlineNs() < Long.MAX_VALUE);
      long due = s.recovery.probeDeadlineNs();
      assertTrue(s.recovery.probeDue(due));
      s.probeRetransmitting(3, due);
      assertEquals(1, s.counters.lossProbes);
      return s;
    }

    @Test
    void aProbeThatRepairedALossIsOneCongestionEventInOneStep() {
      // RFC 8985 §7.4.2: the ACK echoes the probe's timestamp, so the probe repaired a loss.
      Sender s = probed();
      s.ack(300 * MS, 4, 250, false);
      assertEquals(1, s.counters.lossProbeRecoveries);
      assertEquals(1, s.congestion.lossesDetected);
      assertEquals(1, s.congestion.recoveryEnds);
    }

    @Test
    void theResponseToALossTheProbeRepairedIsSizedByTheFlightBeforeItsAck() {
      // RFC 8985 §7.4.2: a response equivalent to fast recovery, whose ssthresh comes from the
      // FlightSize when the loss was found (RFC 5681 §3.2), not from what is left once the
      // probe's ACK has acknowledged everything (nothing: NewReno would fall to 2 SMSS; Linux's
      // tcp_process_tlp_ack reduces from the window it had).
      Sender s = probed();
      s.ack(300 * MS, 4, 250, false);
      assertEquals(3 * SMSS, s.congestion.lastFlightSize);
    }

    @Test
    void aDsackOfTheProbeShowsItWasNeedlessAndAnotherProbeMayFollow() {
      Sender s = probed();
      s.ack(300 * MS, 4, block(3, 3));
      assertEquals(0, s.counters.lossProbeRecoveries);
      s.sendNew(301 * MS);
      s.armProbe(301 * MS);
      assertTrue(s.recovery.probeDeadlineNs() < Long.MAX_VALUE, "the probe is settled");
    }

    @Test
    void aDsackOfTheSegmentBelowAFullSizedProbeIsNotTheProbes() {
      // The probe is [seg(3), seg(4)); a D-SACK of segment 2 ends one SMSS below TLP.end_seq and
      // covers none of it (RFC 8985 §7.4.1 needs a D-SACK "for the TLP").
      Sender s = probed();
      s.ack(300 * MS, 4, block(2, 2));
      s.sendNew(301 * MS);
      s.armProbe(301 * MS);
      assertEquals(Long.MAX_VALUE, s.recovery.probeDeadlineNs(), "the probe's fate is open");
    }

    @Test
    void aDuplicateAckWithoutSackBlocksAtTheProbesEndShowsBothCopiesArrived() {
      Sender s = probed();
      s.ack(300 * MS, 4, -1, false);
      s.ack(301 * MS, 4, -1, true);
      s.sendNew(302 * MS);
      s.armProbe(302 * MS);
      assertTrue(s.recovery.probeDeadlineNs() < Long.MAX_VALUE, "the probe is settled");
      assertEquals(0, s.counters.lossProbeRecoveries);
    }

    @Test
    void aFastRecoveryForgetsAnOutstandingProbe() {
      Sender s = new Sender(linux()).sendUpTo(6);
      s.armProbe(6 * MS);
      assertTrue(s.recovery.probeDue(s.recovery.probeDeadlineNs()));
      s.probeRetransmitting(6, 250 * MS);
      s.ack(300 * MS, 1, block(2, 5));
      assertEquals(SackRecovery.State.FAST_RECOVERY, s.state());
      assertEquals(Long.MAX_VALUE, s.recovery.probeDeadlineNs());
      s.ack(320 * MS, 7, -1, false);
      assertEquals(SackRecovery.State.OPEN, s.state());
      s.sendNew(321 * MS);
      s.armProbe(321 * MS);
      assertTrue(s.recovery.probeDeadlineNs() < Long.MAX_VALUE);
    }

    @Test
    void aTimeoutForgetsAnOutstandingProbe() {
      Sender s = probed();
      s.timeout(1_300 * MS);
      s.ack(1_400 * MS, 4, -1, false);
      assertEquals(SackRecovery.State.OPEN, s.state());
      s.sendNew(1_401 * MS);
      s.armProbe(1_401 * MS);
      assertTrue(s.recovery.probeDeadlineNs() < Long.MAX_VALUE);
    }

    @Test
    void noProbeIsDueWhileOneIsOutstanding() {
      Sender s = new Sender(linux()).sendUpTo(3);
      s.armProbe(3 * MS);
      long due = s.recovery.probeDeadlineNs();
      s.probeRetransmitting(3, 3 * MS);
      assertFalse(s.recovery.probeDue(due));
    }
  }

  @Nested
  class ProbeTimer {

    @Test
    void oneFullSegmentInFlightWaitsForADelayedAck() {
      // RFC 8985 §7.2: FlightSize of one segment adds WCDelAckT to 2·SRTT.
      Sender s = new Sender(linux()).sendUpTo(1);
      s.armProbe(10 * MS);
      assertEquals(10 * MS + 200 * MS + 200 * MS, s.recovery.probeDeadlineNs());
    }

    @Test
    void twoSegmentsInFlightWaitTwoSmoothedRtts() {
      Sender s = new Sender(linux()).sendUpTo(2);
      s.armProbe(10 * MS);
      assertEquals(10 * MS + 200 * MS, s.recovery.probeDeadlineNs());
    }

    @Test
    void noProbeWithNothingInFlight() {
      Sender s = new Sender(linux());
      s.armProbe(10 * MS);
      assertEquals(Long.MAX_VALUE, s.recovery.probeDeadlineNs());
    }

    @Test
    void noProbeOnceSomethingIsSacked() {
      Sender s = new Sender(linux()).sendUpTo(4);
      s.ack(24 * MS, 1, block(4, 4)); // inside the reordering window: no recovery
      assertEquals(SackRecovery.State.OPEN, s.state());
      s.armProbe(24 * MS);
      assertEquals(Long.MAX_VALUE, s.recovery.probeDeadlineNs());
    }
  }

  @Nested
  class EndOfRecovery {

    private Sender inFastRecovery() {
      Sender s = new Sender(linux()).sendUpTo(6);
      s.ack(30 * MS, 1, block(2, 6));
      assertEquals(SackRecovery.State.FAST_RECOVERY, s.state());
      s.retransmit(1, 1, 31 * MS);
      return s;
    }

    @Test
    void fastRecoveryEndsWhenSndUnaReachesTheRecoveryPointExactly() {
      Sender s = inFastRecovery();
      s.ack(60 * MS, 6, -1, false);
      assertEquals(SackRecovery.State.FAST_RECOVERY, s.state());
      assertEquals(0, s.congestion.recoveryEnds);
      s.ack(61 * MS, 7, -1, false);
      assertEquals(SackRecovery.State.OPEN, s.state());
      assertEquals(1, s.congestion.recoveryEnds);
    }

    @Test
    void rtoRecoveryEndsWhenSndUnaReachesItsRecoveryPointWithoutAFastRecoveryEnd() {
      Sender s = new Sender(linux()).sendUpTo(4);
      s.timeout(1_000 * MS);
      assertEquals(SackRecovery.State.RTO_RECOVERY, s.state());
      assertTrue(s.recovery.retransmissionForced());
      s.retransmit(1, 1, 1_000 * MS);
      assertFalse(s.recovery.retransmissionForced());
      s.ack(1_100 * MS, 4, -1, false);
      assertEquals(SackRecovery.State.RTO_RECOVERY, s.state());
      s.ack(1_101 * MS, 5, -1, false);
      assertEquals(SackRecovery.State.OPEN, s.state());
      assertEquals(0, s.congestion.recoveryEnds, "RFC 6675 §5.1: no fast recovery ended");
      assertEquals(1, s.counters.slowStartRetransmits);
    }

    @Test
    void anAckThatEndsARecoveryAndShowsNoNewLossIsSafeForTheNextOne() {
      // Segments 7 and 8 (above RecoveryPoint) were deemed lost on an earlier ACK; the ACK that
      // ends the first recovery begins the second, and is safe (RFC 9937): FlightSize 6 segments,
      // ssthresh 3; pipe 0; sndcnt = min(3 − 0, max(1, 1) + 1) = 2 segments.
      Sender s = inFastRecovery();
      s.sendMore(12, 32 * MS);
      s.ack(45 * MS, 1, block(2, 6), block(9, 12));
      assertEquals(3 * SMSS, s.board.lostBytes(), "7, 8 and the retransmission of 1");
      s.retransmit(1, 1, 46 * MS);
      s.ack(70 * MS, 7, -1, false, block(9, 12));
      assertEquals(2, s.counters.sackRecoveries);
      assertEquals(2 * SMSS, s.congestion.lastWindow());
    }

    @Test
    void recoverFsLeavesOutWhatWasSackedBeforeTheAck() {
      // RFC 6937: RecoverFS = FlightSize − SACKed bytes before the ACK = 20 − 1 segments; the
      // ACK delivers 2, pipe 20 − 3 − 3 = 14 > ssthresh 10: ceil(2000 · 10000 / 19000) = 1053.
      Sender s = new Sender(linux()).sendUpTo(20);
      s.ack(24 * MS, 1, block(4, 4));
      assertEquals(SackRecovery.State.OPEN, s.state());
      s.ack(40 * MS, 1, block(4, 6));
      assertEquals(SackRecovery.State.FAST_RECOVERY, s.state());
      assertEquals(14 * SMSS + 1053, s.congestion.lastWindow());
    }

    @Test
    void aLossAboveTheRecoveryPointBeginsTheNextRecoveryOnTheAckThatEndsThisOne() {
      Sender s = inFastRecovery();
      s.sendMore(12, 32 * MS); // segments 7..12 at 32..37 ms
      s.ack(62 * MS, 7, block(9, 12));
      assertEquals(SackRecovery.State.FAST_RECOVERY, s.state());
      assertEquals(2, s.counters.sackRecoveries);
      assertEquals(1, s.congestion.recoveryEnds);
      assertEquals(seg(13), s.recovery.recoveryPointAbs());
    }
  }

  @Nested
  class ReorderTimer {

    /** Segments 1..20; at 24 ms segment 4 is SACKed (min_RTT 20 ms, window 5 ms). */
    private Sender waiting() {
      Sender s = new Sender(linux()).sendUpTo(20);
      s.ack(24 * MS, 1, block(4, 4));
      assertEquals(28 * MS, s.recovery.reorderDeadlineNs());
      return s;
    }

    @Test
    void aLossFoundWhenTheTimerFiresBeginsAFastRecoveryWithoutAnAck() {
      Sender s = waiting();
      s.recovery.onReorderTimeout(26 * MS, s.sndUna, s.sndMax, s.congestion);
      assertEquals(SackRecovery.State.FAST_RECOVERY, s.state());
      assertEquals(SMSS, s.board.lostBytes());
      assertEquals(20 * SMSS, s.congestion.lastFlightSize);
      // PRR's first ACK-less step lets one segment go: pipe 18 segments + 1.
      assertEquals(19 * SMSS, s.congestion.lastWindow());
      assertTrue(s.recovery.retransmissionForced());
    }

    @Test
    void inRecoveryTheReorderingWindowIsZero() {
      Sender s = waiting();
      s.recovery.onReorderTimeout(26 * MS, s.sndUna, s.sndMax, s.congestion);
      s.duplicateAck(26 * MS + 500_000L, block(4, 4));
      assertEquals(3 * SMSS, s.board.lostBytes(), "segments 2 and 3 at once (RFC 8985 §6.2)");
    }

    @Test
    void prrSendsInProportionToRecoverFs() {
      // RFC 6937: sndcnt = ceil(prr_delivered · ssthresh / RecoverFS) − prr_out while pipe >
      // ssthresh; RecoverFS = 20 − 1 SACKed = 19 segments, ssthresh 10 segments.
      Sender s = waiting();
      s.recovery.onReorderTimeout(26 * MS, s.sndUna, s.sndMax, s.congestion);
      s.retransmit(1, 1, 26 * MS);
      s.duplicateAck(27 * MS, block(4, 8));
      // delivered 4 segments: ceil(4000 · 10000 / 19000) − 1000 = 1106; pipe 20 − 5 − 3 + 1.
      assertEquals(13 * SMSS + 1106, s.congestion.lastWindow());
    }

    @Test
    void prrCountsWhatWasSentInRecovery() {
      Sender s = waiting();
      s.recovery.onReorderTimeout(26 * MS, s.sndUna, s.sndMax, s.congestion);
      s.retransmit(1, 1, 26 * MS);
      s.duplicateAck(26 * MS + 100_000L, block(4, 4));
      // nothing delivered, one segment out, pipe 20 − 1 SACKed − 3 lost + 1 = 17 > ssthresh:
      // ceil(0) − 1 < 0, so nothing more may go (without prr_out it would be one SMSS).
      assertEquals(17 * SMSS, s.board.pipe());
      assertEquals(17 * SMSS, s.congestion.lastWindow());
    }

    @Test
    void aTimeoutSparesSegmentsThatMayStillArrive() {
      // RFC 8985 §6.3: on an RTO, a segment sent less than RACK.rtt ago is not deemed lost.
      Sender s = new Sender(linux()).sendUpTo(3);
      s.ack(21 * MS, 2);
      s.sendNew(500 * MS);
      s.timeout(510 * MS);
      assertEquals(2 * SMSS, s.board.lostBytes());
      assertFalse(s.board.get(2).lost());
    }
  }

  @Nested
  class SafeAcksInPrr {

    // Segments 1..10; at 40 ms 5..10 are SACKed and 1..4 deemed lost (RACK, window 0); ssthresh
    // is 8 segments. PRR's first step: pipe 0, 6 delivered, not safe: sndcnt min(8, 6) = 6.
    // Segments 1..4 are retransmitted at 41 ms (prr_out 4).
    private Sender retransmittedFour() {
      Sender s = new Sender(linux()).sendUpTo(10);
      s.congestion.ssthreshOnLoss = 8 * SMSS;
      s.ack(40 * MS, 1, block(5, 10));
      assertEquals(SackRecovery.State.FAST_RECOVERY, s.state());
      assertEquals(6 * SMSS, s.congestion.lastWindow());
      for (int k = 1; k <= 4; k++) {
        s.retransmit(k, k, 41 * MS);
      }
      return s;
    }

    @Test
    void aSafeAckLetsOneSegmentMoreGoThanWasDelivered() {
      // RFC 9937 §3: pipe 3 ≤ ssthresh; banked 7 − 4 = 3, + 1 on a safe ACK; room 8 − 3 = 5.
      Sender s = retransmittedFour();
      s.ack(80 * MS, 2, -1, false, block(5, 10));
      assertEquals(3 * SMSS, s.board.pipe());
      assertEquals(3 * SMSS + 4 * SMSS, s.congestion.lastWindow());
    }

    @Test
    void aPartialAckThatShowsANewLossIsNotSafe() {
      // Segments 11 and 12 went out at 42 and 43 ms; the ACK SACKs 12, so 11 and the
      // retransmissions of 2..4 (41 ms) are lost: pipe 0, banked 8 − 6 = 2, no extra segment.
      Sender s = retransmittedFour();
      s.sendMore(12, 42 * MS);
      s.ack(80 * MS, 2, -1, false, block(5, 10), block(12, 12));
      assertEquals(0, s.board.pipe());
      assertEquals(2 * SMSS, s.congestion.lastWindow());
    }
  }

  @Nested
  class ReorderingWindowPersistence {

    /**
     * RFC 8985 §6.2 step 4: a D-SACK doubles the window; sixteen recoveries without one bring it
     * back. Each round: six segments from {@code t}, 2..6 SACKed 20 ms after the sixth (min_RTT
     * 20 ms), the first retransmitted and then acknowledged, echoing {@code echoMs}.
     */
    private void lossRounds(Sender s, int rounds, boolean undoneByTimestamps) {
      for (int r = 0; r < rounds; r++) {
        long t = (1_100 + 100 * r) * MS;
        int first = (int) ((s.sndMax - BASE) / SMSS) + 1;
        s.sendMore(first + 5, t + MS);
        s.ack(t + 26 * MS, first, new ByteRange(seg(first + 1), seg(first + 6)));
        assertEquals(SackRecovery.State.FAST_RECOVERY, s.state(), "round " + r);
        s.retransmit(first, first, t + 27 * MS);
        long echoMs = undoneByTimestamps ? (t + MS) / MS : -1;
        s.ack(t + 50 * MS, first + 6, echoMs, false);
        assertEquals(SackRecovery.State.OPEN, s.state(), "round " + r);
      }
    }

    /** The deadline of the reordering timer with four segments and the last SACKed. */
    private long reorderWaitNs(Sender s) {
      long t = 10_000 * MS;
      int first = (int) ((s.sndMax - BASE) / SMSS) + 1;
      s.sendMore(first + 3, t + MS);
      s.ack(t + 24 * MS, first, new ByteRange(seg(first + 3), seg(first + 4)));
      return s.recovery.reorderDeadlineNs() - (t + 24 * MS);
    }

    private Sender widened() {
      Sender s = new Sender(linux()).sendUpTo(2);
      s.ack(22 * MS, 3, block(1, 1)); // a D-SACK: reo_wnd_mult 2
      return s;
    }

    @Test
    void sixteenEndedRecoveriesBringTheWindowBack() {
      Sender s = widened();
      lossRounds(s, 16, false);
      assertEquals(4 * MS, reorderWaitNs(s), "window 20/4 ms: segment 3 waits 3 + 20 + 5 − 24");
    }

    @Test
    void fifteenAreNotEnough() {
      Sender s = widened();
      lossRounds(s, 15, false);
      assertEquals(9 * MS, reorderWaitNs(s), "window 2 · 20/4 ms");
    }

    @Test
    void undoneRecoveriesCountToo() {
      Sender s = widened();
      lossRounds(s, 16, true);
      assertEquals(16, s.counters.timestampUndos);
      assertEquals(4 * MS, reorderWaitNs(s));
    }
  }

  @Nested
  class WithoutPrr {

    @Test
    void cwndIsSsthreshAtOnceAndStaysSoUntilTheRecoveryEnds() {
      // RFC 6675 §5 step 4.2: cwnd = ssthresh when the recovery begins.
      Sender s = new Sender(linux().withPrr(LossRecoveryConfig.Prr.OFF)).sendUpTo(8);
      s.ack(30 * MS, 1, block(2, 3), block(5, 8));
      assertEquals(SackRecovery.State.FAST_RECOVERY, s.state());
      assertEquals(List.of(4 * SMSS), s.congestion.windowsInRecovery);
      s.retransmit(1, 1, 31 * MS);
      s.ack(60 * MS, 4, -1, false, block(5, 8));
      assertEquals(List.of(4 * SMSS), s.congestion.windowsInRecovery);
    }
  }

  @Nested
  class Undo {

    /** Segments 1..6, 1 lost by RACK at 30 ms, retransmitted at 31 ms; cwnd 10, ssthresh 2. */
    private Sender recovering(LossRecoveryConfig config) {
      Sender s = new Sender(config).sendUpTo(6);
      s.congestion.cwnd = 10 * SMSS;
      s.congestion.ssthresh = 2 * SMSS;
      s.ack(30 * MS, 1, block(2, 6));
      assertEquals(SackRecovery.State.FAST_RECOVERY, s.state());
      s.retransmit(1, 1, 31 * MS);
      assertEquals(1, s.counters.fastRetransmits);
      return s;
    }

    @Test
    void aDsackForTheOnlyRetransmissionUndoesTheRecoveryOnce() {
      // RFC 3708 §3, RFC 4015: cwnd back, ssthresh at least ¾ of cwnd (Linux).
      Sender s = recovering(linux());
      s.ack(60 * MS, 7, block(1, 1));
      assertEquals(SackRecovery.State.OPEN, s.state());
      assertEquals(1, s.counters.dsackUndos);
      assertEquals(1, s.congestion.undos.size());
      assertEquals(10 * SMSS, s.congestion.undos.get(0).cwndBytes());
      assertEquals(7_500, s.congestion.undos.get(0).ssthreshBytes());
      assertEquals(-1, s.recovery.recoveryPointAbs());
      s.sendMore(8, 61 * MS);
      s.ack(70 * MS, 8, -1, false);
      assertEquals(1, s.congestion.undos.size(), "one undo per episode");
    }

    @Test
    void anUndoClearsTheLostMarksOfSegmentsNotRetransmittedYet() {
      Sender s = new Sender(linux()).sendUpTo(6);
      s.ack(30 * MS, 1, block(3, 6));
      assertEquals(2 * SMSS, s.board.lostBytes());
      s.retransmit(1, 1, 31 * MS);
      s.ack(60 * MS, 2, block(1, 1), block(3, 6));
      assertEquals(SackRecovery.State.OPEN, s.state());
      assertEquals(0, s.board.lostBytes());
    }

    @Test
    void aDsackCoveringOnlyOneOfTwoRetransmittedSegmentsUndoesNothing() {
      Sender s = twoRetransmittedInOnePiece();
      s.ack(60 * MS, 7, block(1, 1));
      assertEquals(0, s.counters.dsackUndos);
      assertEquals(0, s.congestion.undos.size());
    }

    @Test
    void aDsackCoveringBothRetransmittedSegmentsUndoes() {
      Sender s = twoRetransmittedInOnePiece();
      s.ack(60 * MS, 7, block(1, 2));
      assertEquals(1, s.counters.dsackUndos);
    }

    /** Segments 1 and 2 lost, retransmitted as one 2-segment piece. */
    private Sender twoRetransmittedInOnePiece() {
      Sender s = new Sender(linux()).sendUpTo(6);
      s.ack(30 * MS, 1, block(3, 6));
      s.retransmit(1, 2, 31 * MS);
      return s;
    }

    @Test
    void aFastRecoveryUndoneByTimestampsCountsAsSuch() {
      // RFC 3522: the first ACK after the retransmission echoes a time before it.
      Sender s = recovering(linux());
      s.ack(60 * MS, 7, 5, false);
      assertEquals(1, s.counters.timestampUndos);
      assertEquals(0, s.counters.lossUndos);
    }

    @Test
    void aTimeoutUndoneByTimestampsCountsAsALossUndo() {
      Sender s = new Sender(linux()).sendUpTo(4);
      s.congestion.cwnd = 10 * SMSS;
      s.congestion.ssthresh = 2 * SMSS;
      s.timeout(1_000 * MS);
      s.retransmit(1, 1, 1_000 * MS);
      s.ack(1_001 * MS, 5, 4, false);
      assertEquals(1, s.counters.lossUndos);
      assertEquals(0, s.counters.timestampUndos);
      assertEquals(7_500, s.congestion.undos.get(0).ssthreshBytes());
    }

    @Test
    void aSecondRecoveryIsJudgedOnItsOwnRetransmissions() {
      Sender s = recovering(linux());
      s.sendMore(12, 32 * MS);
      s.ack(60 * MS, 7, -1, false); // the first recovery ends, its retransmission not D-SACKed
      assertEquals(SackRecovery.State.OPEN, s.state());
      s.ack(80 * MS, 7, block(8, 12));
      assertEquals(SackRecovery.State.FAST_RECOVERY, s.state());
      s.retransmit(7, 7, 81 * MS);
      s.ack(120 * MS, 13, block(7, 7));
      assertEquals(1, s.counters.dsackUndos);
    }
  }
}
