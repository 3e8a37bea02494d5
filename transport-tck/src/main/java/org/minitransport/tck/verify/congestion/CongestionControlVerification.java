package org.minitransport.tck.verify.congestion;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.minitransport.tck.verify.congestion.CongestionBench.RTO_NS;
import static org.minitransport.tck.verify.congestion.CongestionBench.SMSS;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tcp.component.CongestionControl;
import org.minitransport.tcp.component.CongestionControl.Signal;
import org.minitransport.tcp.component.CongestionControlFactory;
import org.minitransport.tck.verify.Operation;
import org.minitransport.tck.verify.Rule;
import org.minitransport.tck.verify.RuleExtension;
import org.minitransport.tck.verify.Script;
import org.minitransport.tck.verify.ScriptProperty;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The verification suite of a {@link CongestionControl} (rules CC-nn): the initial window, slow
 * start and congestion avoidance counted in bytes acknowledged (RFC 5681 §3.1, RFC 3465), fast
 * retransmit and NewReno fast recovery (RFC 5681 §3.2, RFC 6582 §3.2), the response to a
 * retransmission timeout, restart after idle (RFC 5681 §4.1) and, for a CUBIC controller, the
 * cubic window function of RFC 9438 §4. The controller is driven as a sender drives it (see
 * {@link CongestionControl}'s call contract), with consistent sequence numbers.
 *
 * <p>Subclass it with one method, {@link #congestionControl()}. A CUBIC controller also overrides
 * {@link #growth()}: the rules that differ between Reno and CUBIC (the reduction factor, the
 * avoidance growth) check the one it names and skip the other's, saying so.
 */
@ExtendWith(RuleExtension.class)
public abstract class CongestionControlVerification {

  /** The window growth a controller claims: Reno's (RFC 5681) or CUBIC's (RFC 9438). */
  public enum Growth {
    /** RFC 5681: ssthresh = max(FlightSize/2, 2·SMSS); one SMSS per window acknowledged. */
    RENO,
    /** RFC 9438: β = 0.7, W_cubic(t) = C·(t − K)³ + W_max. */
    CUBIC
  }

  /** The implementation under test. */
  protected abstract CongestionControlFactory congestionControl();

  /** The growth the implementation claims; Reno unless overridden. */
  protected Growth growth() {
    return Growth.RENO;
  }

  private Script<CongestionBench> bench(String name) {
    return bench(name, SMSS);
  }

  private Script<CongestionBench> bench(String name, long smss) {
    return Script.of(name + " (" + growth() + ", SMSS " + smss + ")",
        new CongestionBench(congestionControl(), smss));
  }

  /** The ssthresh a loss at this flight and cwnd must leave (RFC 5681 eq. 4; RFC 9438 §4.6). */
  private long reducedSsthresh(long flight, long cwnd, long smss) {
    return growth() == Growth.CUBIC
        ? Math.max((long) (cwnd * 0.7), 2 * smss)
        : Math.max(flight / 2, 2 * smss);
  }

  private static String segments(long bytes) {
    return bytes + " bytes (" + String.format("%.2f", bytes / (double) SMSS) + " SMSS)";
  }

  /**
   * Brings the controller into congestion avoidance at cwnd ≈ ssthresh: slow start to {@code
   * lossAtBytes}, a loss found by three duplicate ACKs, new data sent during recovery (so that
   * the full ACK leaves cwnd at ssthresh), and the full ACK. Returns ssthresh.
   */
  private long enterAvoidance(Script<CongestionBench> s, long lossAtBytes) {
    s.act("slow start until cwnd reaches " + segments(lossAtBytes),
        b -> b.slowStartTo(lossAtBytes));
    s.act("three duplicate ACKs (a loss)", CongestionBench::threeDuplicateAcks);
    long ssthresh = s.get("ssthresh", b -> b.cc.ssthreshBytes());
    s.act("send " + segments(ssthresh) + " of new data during recovery, then the full ACK",
        b -> b.completeRecovery(ssthresh));
    s.expect("in recovery", b -> b.cc.inRecovery(), false);
    s.expectThat("cwnd ≥ ssthresh: congestion avoidance", b -> b.cwnd() >= b.cc.ssthreshBytes());
    return ssthresh;
  }

  // ------------------------------------------------------------------ start and slow start

  @Test
  @Rule(id = "CC-01", cites = "RFC 5681 §3.1 (equation 1)",
      hint = "If this fails, check the initial cwnd: 4·SMSS if SMSS ≤ 1095, 3·SMSS if ≤ 2190,"
          + " else 2·SMSS (CongestionControl.initialWindowBytes), and ssthresh = Long.MAX_VALUE"
          + " until the first loss")
  void startsWithTheInitialWindowAndUnboundedSsthresh() {
    for (long smss : new long[] {536, 1000, 1460, 2200, 8960}) {
      long iw = smss <= 1095 ? 4 * smss : smss <= 2190 ? 3 * smss : 2 * smss;
      bench("a new controller", smss)
          .expect("cwnd", CongestionBench::cwnd, iw)
          .expect("ssthresh", b -> b.cc.ssthreshBytes(), Long.MAX_VALUE)
          .expect("in recovery", b -> b.cc.inRecovery(), false);
    }
  }

  @Test
  @Rule(id = "CC-02", cites = "RFC 5681 §3.1 (equation 2), RFC 3465 §2.1",
      hint = "If this fails, check slow start: each ACK of N new bytes adds min(N, SMSS) —"
          + " never more than N (ACK division) and not less than SMSS for a full segment —"
          + " while cwnd limits the sender")
  void slowStartAddsTheBytesAcknowledgedUpToOneSmssPerAck() {
    Script<CongestionBench> s = bench("slow start");
    s.act("send a full window", CongestionBench::fillWindow);
    long iw = s.get("cwnd", CongestionBench::cwnd);
    s.act("ACK of 1 SMSS", b -> b.ack(SMSS));
    s.expect("cwnd (+1 SMSS)", CongestionBench::cwnd, iw + SMSS);
    s.act("refill, then ten ACKs of 10 bytes each", b -> {
      b.fillWindow();
      for (int i = 0; i < 10; i++) {
        b.ack(10);
        b.fillWindow();
      }
    });
    s.expect("cwnd (+100 bytes: one per byte acknowledged)", CongestionBench::cwnd,
        iw + SMSS + 100);
    long before = iw + SMSS + 100;
    s.act("refill, then one ACK of 2 SMSS (a delayed ACK)", b -> {
      b.fillWindow();
      b.ack(2 * SMSS);
    });
    s.expectThat("cwnd grew by at least 1 SMSS and at most the 2 SMSS acknowledged",
        b -> b.cwnd() - before >= SMSS && b.cwnd() - before <= 2 * SMSS);
  }

  // ------------------------------------------------------------------ congestion avoidance

  @Test
  @Rule(id = "CC-03", cites = "RFC 5681 §3.1",
      hint = "If this fails, check congestion avoidance (cwnd ≥ ssthresh): cwnd grows by"
          + " about one SMSS per window of data acknowledged — count the bytes acknowledged"
          + " (RFC 3465) or add SMSS·SMSS/cwnd per ACK")
  void congestionAvoidanceAddsAboutOneSmssPerWindow() {
    assumeTrue(growth() == Growth.RENO, "Reno's avoidance; CUBIC's is CC-14, CC-15, CC-17, CC-18");
    Script<CongestionBench> s = bench("congestion avoidance");
    enterAvoidance(s, 20 * SMSS);
    long start = s.get("cwnd at the start of avoidance", CongestionBench::cwnd);
    s.act("one round trip: the whole window acknowledged in 1-SMSS ACKs",
        b -> b.roundTrip(SMSS));
    s.expectThat("cwnd grew by between SMSS/2 and 1.25·SMSS (" + segments(start) + " before;"
        + " equation 3 overshoots one SMSS slightly)",
        b -> b.cwnd() - start >= SMSS / 2 && b.cwnd() - start <= SMSS * 5 / 4);
    long second = s.get("cwnd", CongestionBench::cwnd);
    s.act("four more round trips", b -> {
      for (int i = 0; i < 4; i++) {
        b.roundTrip(SMSS);
      }
    });
    s.expectThat("cwnd grew by between 2 and 5 SMSS in four round trips",
        b -> b.cwnd() - second >= 2 * SMSS && b.cwnd() - second <= 5 * SMSS);
  }

  @Test
  @Rule(id = "CC-04", cites = "RFC 5681 §3.1 (\"MUST NOT increment cwnd by more than SMSS"
      + " bytes\" per RTT), RFC 3465 §2.1",
      hint = "If this fails, check that congestion avoidance counts bytes, not ACKs: a peer"
          + " that splits its ACKs (ACK division) must not make cwnd grow faster")
  void congestionAvoidanceGrowsNoFasterWhenAcksAreDivided() {
    assumeTrue(growth() == Growth.RENO, "Reno's avoidance; CUBIC's is CC-14, CC-15, CC-17, CC-18");
    Script<CongestionBench> s = bench("ACK division in congestion avoidance");
    enterAvoidance(s, 20 * SMSS);
    long start = s.get("cwnd", CongestionBench::cwnd);
    s.act("one round trip acknowledged in ACKs of 100 bytes (ten per segment)",
        b -> b.roundTrip(100));
    s.expectThat("cwnd grew by at most SMSS", b -> b.cwnd() - start <= SMSS);
  }

  @Test
  @Rule(id = "CC-05", cites = "RFC 5681 §3.1, RFC 3465 §2; RFC 9438 §4.4",
      hint = "If this fails, check that avoidance growth is scaled by the bytes an ACK"
          + " acknowledges: one ACK of 2 SMSS must grow cwnd as two ACKs of 1 SMSS do")
  void avoidanceGrowthIsScaledByBytesAcknowledged() {
    Script<CongestionBench> one = bench("one ACK of 2 SMSS");
    enterAvoidance(one, 20 * SMSS);
    one.act("a round trip", CongestionBench::roundTrip);
    long before = one.get("cwnd", CongestionBench::cwnd);
    one.act("10 ms later, one ACK of 2 SMSS", b -> {
      b.advanceNs(10_000_000L);
      b.ack(2 * SMSS);
    });
    long grewByOne = one.get("growth", b -> b.cwnd() - before);

    Script<CongestionBench> two = bench("the same history, then two ACKs of 1 SMSS");
    enterAvoidance(two, 20 * SMSS);
    two.act("a round trip", CongestionBench::roundTrip);
    two.expect("cwnd (as the other controller's)", CongestionBench::cwnd, before);
    two.act("10 ms later, two ACKs of 1 SMSS (refilling in between)", b -> {
      b.advanceNs(10_000_000L);
      b.ack(SMSS);
      b.fillWindow();
      b.ack(SMSS);
    });
    long tolerance = Math.max(2, grewByOne / 20);
    two.expectThat("growth within " + tolerance + " bytes of the single ACK's " + grewByOne,
        b -> Math.abs((b.cwnd() - before) - grewByOne) <= tolerance);
  }

  // ------------------------------------------------------------------ fast retransmit, recovery

  @Test
  @Rule(id = "CC-06", cites = "RFC 5681 §3.2 steps 1-3, RFC 6582 §3.2 step 2; RFC 9438 §4.6",
      hint = "If this fails, check the third duplicate ACK (not the first or second): it returns"
          + " FAST_RETRANSMIT, sets ssthresh = max(FlightSize/2, 2·SMSS) (CUBIC: cwnd·0.7),"
          + " cwnd = ssthresh + 3·SMSS and enters recovery")
  void thirdDuplicateAckStartsFastRetransmitAndRecovery() {
    Script<CongestionBench> s = bench("three duplicate ACKs");
    s.act("slow start to 20 SMSS", b -> b.slowStartTo(20 * SMSS));
    long flight = s.get("flight size", CongestionBench::flight);
    long cwnd = s.get("cwnd", CongestionBench::cwnd);
    s.expect("first duplicate ACK", CongestionBench::duplicateAck, Signal.NONE);
    s.expect("second duplicate ACK", CongestionBench::duplicateAck, Signal.NONE);
    s.expect("in recovery", b -> b.cc.inRecovery(), false);
    s.expect("third duplicate ACK", CongestionBench::duplicateAck, Signal.FAST_RETRANSMIT);
    long ssthresh = reducedSsthresh(flight, cwnd, SMSS);
    long tolerance = growth() == Growth.CUBIC ? 2 : 0;
    s.expectThat("ssthresh = " + ssthresh + (tolerance > 0 ? " (±2)" : ""),
        b -> Math.abs(b.cc.ssthreshBytes() - ssthresh) <= tolerance);
    s.expectThat("cwnd = ssthresh + 3·SMSS",
        b -> b.cwnd() == b.cc.ssthreshBytes() + 3 * SMSS);
    s.expect("in recovery", b -> b.cc.inRecovery(), true);
  }

  @Test
  @Rule(id = "CC-07", cites = "RFC 5681 §3.2 step 4, RFC 6582 §3.2 step 2",
      hint = "If this fails, check duplicate ACKs during recovery: each adds SMSS to cwnd"
          + " (inflation) and none starts another fast retransmit")
  void duplicateAcksInRecoveryInflateTheWindow() {
    Script<CongestionBench> s = bench("duplicate ACKs in recovery");
    s.act("slow start to 20 SMSS, then three duplicate ACKs", b -> {
      b.slowStartTo(20 * SMSS);
      b.threeDuplicateAcks();
    });
    long cwnd = s.get("cwnd", CongestionBench::cwnd);
    for (int i = 1; i <= 4; i++) {
      s.expect("duplicate ACK " + (3 + i), CongestionBench::duplicateAck, Signal.NONE);
      s.expect("cwnd", CongestionBench::cwnd, cwnd + i * SMSS);
    }
    s.expect("in recovery", b -> b.cc.inRecovery(), true);
  }

  @Test
  @Rule(id = "CC-08", cites = "RFC 6582 §3.2 step 3 (partial acknowledgment)",
      hint = "If this fails, check a partial ACK (below recover): return"
          + " PARTIAL_ACK_RETRANSMIT, stay in recovery, deflate cwnd by the bytes acknowledged"
          + " and add back SMSS if at least SMSS was acknowledged")
  void partialAckRetransmitsAndDeflatesTheWindow() {
    Script<CongestionBench> s = bench("a partial ACK");
    s.act("slow start to 20 SMSS, then three duplicate ACKs", b -> {
      b.slowStartTo(20 * SMSS);
      b.threeDuplicateAcks();
    });
    long cwnd = s.get("cwnd", CongestionBench::cwnd);
    s.expect("an ACK of 3 SMSS of the 20 outstanding", b -> b.ack(3 * SMSS),
        Signal.PARTIAL_ACK_RETRANSMIT);
    s.expect("in recovery", b -> b.cc.inRecovery(), true);
    s.expect("cwnd (deflated by 3 SMSS, plus 1 SMSS)", CongestionBench::cwnd,
        cwnd - 3 * SMSS + SMSS);
    long after = cwnd - 2 * SMSS;
    s.expect("an ACK of 500 bytes more", b -> b.ack(500), Signal.PARTIAL_ACK_RETRANSMIT);
    s.expect("cwnd (deflated by 500, nothing added back)", CongestionBench::cwnd, after - 500);
  }

  @Test
  @Rule(id = "CC-09", cites = "RFC 6582 §3.2 step 3 (full acknowledgment)",
      hint = "If this fails, check the ACK that covers recover (the highest sequence number sent"
          + " when recovery began): it ends recovery with cwnd = min(ssthresh, max(FlightSize,"
          + " SMSS) + SMSS) or cwnd = ssthresh, and signals nothing")
  void fullAckEndsRecovery() {
    Script<CongestionBench> s = bench("a full ACK");
    s.act("slow start to 20 SMSS, then three duplicate ACKs", b -> {
      b.slowStartTo(20 * SMSS);
      b.threeDuplicateAcks();
    });
    long ssthresh = s.get("ssthresh", b -> b.cc.ssthreshBytes());
    long recoverEnd = s.get("SND.NXT (recover + 1)", b -> b.sndNxtAbs);
    s.act("send 4 SMSS of new data during recovery", b -> b.sendBeyond(4 * SMSS));
    s.expect("the ACK of everything up to recover", b -> b.ack(recoverEnd - b.sndUnaAbs),
        Signal.NONE);
    s.expect("in recovery", b -> b.cc.inRecovery(), false);
    long option1 = Math.min(ssthresh, Math.max(4 * SMSS, SMSS) + SMSS);
    s.expectThat("cwnd is " + option1 + " or ssthresh " + ssthresh,
        b -> b.cwnd() == option1 || b.cwnd() == ssthresh);
  }

  @Test
  @Rule(id = "CC-10", cites = "RFC 6582 §3.2 steps 1 and 4",
      hint = "If this fails, check that duplicate ACKs whose SEG.ACK does not exceed recover"
          + " (set to the highest sequence number sent when a timeout or recovery began) start"
          + " no fast retransmit, and that those above it do")
  void noFastRetransmitForDuplicatesBelowRecover() {
    Script<CongestionBench> s = bench("duplicates after a timeout");
    s.act("slow start to 10 SMSS, then the retransmission timer expires", b -> {
      b.slowStartTo(10 * SMSS);
      b.timeout();
    });
    for (int i = 1; i <= 4; i++) {
      s.expect("duplicate ACK " + i + " of the old SND.UNA", CongestionBench::duplicateAck,
          Signal.NONE);
    }
    s.expect("in recovery", b -> b.cc.inRecovery(), false);
    long recoverEnd = s.get("SND.NXT when the timer expired (recover + 1)", b -> b.sndNxtAbs);
    s.act("everything up to it is acknowledged; 4 SMSS of new data go out", b -> {
      b.ack(recoverEnd - b.sndUnaAbs);
      b.sendBeyond(4 * SMSS);
    });
    s.expect("duplicate ACK 1 of " + "the new SND.UNA (just above recover)",
        CongestionBench::duplicateAck, Signal.NONE);
    s.expect("duplicate ACK 2", CongestionBench::duplicateAck, Signal.NONE);
    s.expect("duplicate ACK 3 (a new loss: fast retransmit again)",
        CongestionBench::duplicateAck, Signal.FAST_RETRANSMIT);
  }

  @Test
  @Rule(id = "CC-19", cites = "RFC 6582 §3.2 step 3 (a full ACK acknowledges \"all of the data"
      + " up to and including recover\"; a partial ACK of \"at least one SMSS\" adds SMSS"
      + " back)",
      hint = "If this fails, check the edges of a partial ACK: one that acknowledges exactly"
          + " SMSS adds SMSS back after deflating; one that leaves only the last byte sent"
          + " before recovery unacknowledged (SEG.ACK = recover) is still partial; the ACK of"
          + " that byte is the full ACK")
  void partialAckEdges() {
    Script<CongestionBench> s = bench("partial ACKs at their edges");
    s.act("slow start to 20 SMSS, then three duplicate ACKs", b -> {
      b.slowStartTo(20 * SMSS);
      b.threeDuplicateAcks();
    });
    long cwnd = s.get("cwnd", CongestionBench::cwnd);
    long recoverEnd = s.get("SND.NXT (recover + 1)", b -> b.sndNxtAbs);
    s.expect("an ACK of exactly 1 SMSS", b -> b.ack(SMSS), Signal.PARTIAL_ACK_RETRANSMIT);
    s.expect("cwnd (deflated by 1 SMSS, plus 1 SMSS)", CongestionBench::cwnd, cwnd);
    s.expect("an ACK of everything but the last byte (SEG.ACK = recover)",
        b -> b.ack(recoverEnd - 1 - b.sndUnaAbs), Signal.PARTIAL_ACK_RETRANSMIT);
    s.expect("in recovery", b -> b.cc.inRecovery(), true);
    s.expect("the ACK of the last byte (SEG.ACK = recover + 1: the full ACK)", b -> b.ack(1),
        Signal.NONE);
    s.expect("in recovery", b -> b.cc.inRecovery(), false);
  }

  @Test
  @Rule(id = "CC-20", cites = "RFC 6582 §3.2 step 1 (\"the Cumulative Acknowledgment field"
      + " covers more than recover\"), step 4",
      hint = "If this fails, check the comparison with recover after a timeout: duplicate ACKs"
          + " whose SEG.ACK equals recover (all but the last byte sent before the timeout"
          + " acknowledged) start no fast retransmit; one byte further they do")
  void noFastRetransmitForDuplicatesAtRecover() {
    Script<CongestionBench> s = bench("duplicates at recover after a timeout");
    s.act("slow start to 10 SMSS, then the retransmission timer expires", b -> {
      b.slowStartTo(10 * SMSS);
      b.timeout();
    });
    long recoverEnd = s.get("SND.NXT when the timer expired (recover + 1)", b -> b.sndNxtAbs);
    s.act("all but its last byte is acknowledged; 4 SMSS of new data go out", b -> {
      b.ack(recoverEnd - 1 - b.sndUnaAbs);
      b.sendBeyond(4 * SMSS);
    });
    for (int i = 1; i <= 3; i++) {
      s.expect("duplicate ACK " + i + " (SEG.ACK = recover)", CongestionBench::duplicateAck,
          Signal.NONE);
    }
    s.act("the last byte is acknowledged", b -> b.ack(1));
    s.expect("duplicate ACK 1 (SEG.ACK = recover + 1)", CongestionBench::duplicateAck,
        Signal.NONE);
    s.expect("duplicate ACK 2", CongestionBench::duplicateAck, Signal.NONE);
    s.expect("duplicate ACK 3 (above recover: fast retransmit)", CongestionBench::duplicateAck,
        Signal.FAST_RETRANSMIT);
  }

  @Test
  @Rule(id = "CC-21", cites = "RFC 6675 §5 step 4.2, RFC 6937 §3 (optional: a recovery the"
      + " sender runs); RFC 6582 §3.2 (recover); contract: CongestionControl.onLossDetected,"
      + " setWindowInRecovery, onRecoveryEnd",
      hint = "If this fails, check the recovery hooks: onLossDetected sets ssthresh as a third"
          + " duplicate ACK would (Reno: max(FlightSize/2, 2·SMSS); CUBIC: cwnd·0.7), returns it"
          + " and enters recovery; until onRecoveryEnd, ACKs signal nothing and leave cwnd as"
          + " setWindowInRecovery set it; onRecoveryEnd sets cwnd = ssthresh and leaves"
          + " recovery; recover is SND.NXT − 1 at the loss, so duplicate ACKs above it may start a"
          + " fast retransmit again. Skipped if supportsSenderRecovery() is false")
  void recoveryRunByTheSender() {
    Script<CongestionBench> s = bench("a recovery the sender runs");
    assumeTrue(s.subject().cc.supportsSenderRecovery(),
        "supportsSenderRecovery() is false (optional: the sender then recovers with duplicate"
            + " ACKs)");
    s.act("slow start to 20 SMSS", b -> b.slowStartTo(20 * SMSS));
    long flight = s.get("flight size", CongestionBench::flight);
    long cwnd = s.get("cwnd", CongestionBench::cwnd);
    long recoverEnd = s.get("SND.NXT (recover + 1)", b -> b.sndNxtAbs);
    long ssthresh = reducedSsthresh(flight, cwnd, SMSS);
    long tolerance = growth() == Growth.CUBIC ? 2 : 0;
    long returned = s.get("onLossDetected(now, flight, SND.NXT)",
        b -> b.cc.onLossDetected(b.nowNs, b.flight(), b.sndNxtAbs));
    s.expectThat("it returned ssthresh = " + ssthresh + (tolerance > 0 ? " (±2)" : ""),
        b -> Math.abs(returned - ssthresh) <= tolerance);
    s.expect("ssthresh (as returned)", b -> b.cc.ssthreshBytes(), returned);
    s.expect("in recovery", b -> b.cc.inRecovery(), true);
    s.act("setWindowInRecovery(5 SMSS)", b -> b.cc.setWindowInRecovery(5 * SMSS));
    s.expect("cwnd", CongestionBench::cwnd, 5 * SMSS);
    s.expect("an ACK of 2 SMSS", b -> b.ack(2 * SMSS), Signal.NONE);
    s.expect("cwnd (left to the sender)", CongestionBench::cwnd, 5 * SMSS);
    s.act("setWindowInRecovery(6 SMSS); 4 SMSS of new data go out", b -> {
      b.cc.setWindowInRecovery(6 * SMSS);
      b.sendBeyond(4 * SMSS);
    });
    s.expect("the ACK of everything up to recover", b -> b.ack(recoverEnd - b.sndUnaAbs),
        Signal.NONE);
    s.act("onRecoveryEnd()", b -> b.cc.onRecoveryEnd());
    s.expect("in recovery", b -> b.cc.inRecovery(), false);
    s.expect("cwnd (= ssthresh)", CongestionBench::cwnd, returned);
    s.expect("duplicate ACK 1 (SEG.ACK = recover + 1)", CongestionBench::duplicateAck,
        Signal.NONE);
    s.expect("duplicate ACK 2", CongestionBench::duplicateAck, Signal.NONE);
    s.expect("duplicate ACK 3 (above recover: fast retransmit)", CongestionBench::duplicateAck,
        Signal.FAST_RETRANSMIT);
  }

  // ------------------------------------------------------------------ timeouts and idle

  @Test
  @Rule(id = "CC-11", cites = "RFC 5681 §3.1 (equation 4), RFC 6582 §3.2 step 4; RFC 9438 §4.8",
      hint = "If this fails, check onRetransmissionTimeout: ssthresh = max(FlightSize/2,"
          + " 2·SMSS) (CUBIC: cwnd·0.7), cwnd = 1 SMSS (the loss window), recovery ends")
  void timeoutSetsSsthreshAndTheLossWindow() {
    Script<CongestionBench> s = bench("a retransmission timeout");
    s.act("slow start to 16 SMSS", b -> b.slowStartTo(16 * SMSS));
    long flight = s.get("flight size", CongestionBench::flight);
    long cwnd = s.get("cwnd", CongestionBench::cwnd);
    s.act("the retransmission timer expires", CongestionBench::timeout);
    long ssthresh = reducedSsthresh(flight, cwnd, SMSS);
    long tolerance = growth() == Growth.CUBIC ? 2 : 0;
    s.expectThat("ssthresh = " + ssthresh + (tolerance > 0 ? " (±2)" : ""),
        b -> Math.abs(b.cc.ssthreshBytes() - ssthresh) <= tolerance);
    s.expect("cwnd (1 SMSS)", CongestionBench::cwnd, SMSS);
    s.expect("in recovery", b -> b.cc.inRecovery(), false);

    Script<CongestionBench> r = bench("a timeout during fast recovery");
    r.act("slow start to 16 SMSS, three duplicate ACKs, then the timer expires", b -> {
      b.slowStartTo(16 * SMSS);
      b.threeDuplicateAcks();
      b.timeout();
    });
    r.expect("in recovery", b -> b.cc.inRecovery(), false);
    r.expect("cwnd (1 SMSS)", CongestionBench::cwnd, SMSS);
    r.expectThat("ssthresh ≥ 2·SMSS", b -> b.cc.ssthreshBytes() >= 2 * SMSS);
  }

  @Test
  @Rule(id = "CC-12", cites = "RFC 5681 §3.1 (ssthresh held on repeated timeouts), RFC 6298"
      + " §5.5",
      hint = "If this fails, check that a second timeout of the same segment (no new ACK in"
          + " between) leaves ssthresh as the first set it, and that slow start after a timeout"
          + " grows back to ssthresh")
  void repeatedTimeoutsHoldSsthreshAndSlowStartResumes() {
    Script<CongestionBench> s = bench("repeated timeouts");
    s.act("slow start to 16 SMSS, then the timer expires", b -> {
      b.slowStartTo(16 * SMSS);
      b.timeout();
    });
    long ssthresh = s.get("ssthresh", b -> b.cc.ssthreshBytes());
    s.act("the timer expires again (the retransmission was lost too)", CongestionBench::timeout);
    s.expect("ssthresh (held)", b -> b.cc.ssthreshBytes(), ssthresh);
    s.expect("cwnd", CongestionBench::cwnd, SMSS);
    s.act("the peer acknowledges one segment", b -> b.ack(SMSS));
    s.expect("cwnd (slow start: +1 SMSS)", CongestionBench::cwnd, 2 * SMSS);
    s.act("slow start on up to ssthresh", b -> b.slowStartTo(ssthresh));
    s.expectThat("cwnd reached ssthresh without overshooting by more than 1 SMSS",
        b -> b.cwnd() >= ssthresh && b.cwnd() <= ssthresh + SMSS);
  }

  @Test
  @Rule(id = "CC-13", cites = "RFC 5681 §4.1",
      hint = "If this fails, check beforeSendingData: after more than one RTO without sending,"
          + " cwnd becomes min(IW, cwnd); after a shorter pause it stays")
  void restartsFromTheInitialWindowAfterIdle() {
    Script<CongestionBench> s = bench("restart after idle");
    s.act("slow start to 20 SMSS; everything is acknowledged", b -> {
      b.slowStartTo(20 * SMSS);
      b.ack(b.flight());
    });
    long cwnd = s.get("cwnd", CongestionBench::cwnd);
    s.act("exactly one RTO later, new data is sent", b -> {
      b.advanceNs(RTO_NS);
      b.cc.beforeSendingData(b.nowNs, RTO_NS);
    });
    s.expect("cwnd (unchanged: idle did not exceed the RTO)", CongestionBench::cwnd, cwnd);
    s.act("two RTOs later, new data is sent", b -> {
      b.advanceNs(2 * RTO_NS);
      b.cc.beforeSendingData(b.nowNs, RTO_NS);
    });
    s.expect("cwnd (the initial window)", CongestionBench::cwnd, 4 * SMSS);
  }

  // ------------------------------------------------------------------ CUBIC

  @Test
  @Rule(id = "CC-14", cites = "RFC 9438 §4.2 (t is the time since the epoch began), §4.4",
      hint = "If this fails, check that CUBIC's t counts from the start of the congestion"
          + " avoidance epoch (the first ACK after the congestion event), not from the"
          + " controller's creation or the last ACK; just after a loss the window grows slowly")
  void cubicTimeCountsFromTheEpochStart() {
    assumeTrue(growth() == Growth.CUBIC, "CUBIC's window function; this controller is Reno");
    Script<CongestionBench> s = bench("CUBIC on a connection a minute old");
    s.act("a minute passes before the first data", b -> b.advanceNs(60_000_000_000L));
    enterAvoidance(s, 40 * SMSS);
    long start = s.get("cwnd at the start of the epoch", CongestionBench::cwnd);
    s.act("one round trip", CongestionBench::roundTrip);
    s.expectThat("cwnd grew by at most 20% in the first round trip of the epoch (W_cubic is"
        + " flat near t = 0 after a loss)", b -> b.cwnd() - start <= start / 5);
  }

  @Test
  @Rule(id = "CC-15", cites = "RFC 9438 §4.2 (K), §4.4 (concave region), §4.6 (β = 0.7)",
      hint = "If this fails, check W_cubic(t) = C·(t − K)³ + W_max with C = 0.4, K = ∛(W_max·"
          + "(1 − β)/C) in seconds and windows in segments, and the target W_cubic(t + RTT)"
          + " clamped to [cwnd, 1.5·cwnd]")
  void cubicWindowClimbsBackToWmaxAtK() {
    assumeTrue(growth() == Growth.CUBIC, "CUBIC's window function; this controller is Reno");
    Script<CongestionBench> s = bench("CUBIC after a loss at 200 SMSS");
    enterAvoidance(s, 200 * SMSS);
    long wMax = s.get("W_max: cwnd when the loss was found", b -> 200 * SMSS);
    double kSeconds = Math.cbrt(200 * (1 - 0.7) / 0.4);
    long epochStartNs = s.get("epoch start", b -> b.nowNs);
    s.act("round trips until t = K/2 (" + String.format("%.2f", kSeconds / 2) + " s)",
        b -> b.roundTripsUntil(epochStartNs, (long) (kSeconds / 2 * 1e9)));
    s.expectThat("cwnd ≥ 0.9·W_max (the concave region: most of the way back already)",
        b -> b.cwnd() >= wMax * 9 / 10);
    s.act("round trips until t = K",
        b -> b.roundTripsUntil(epochStartNs, (long) (kSeconds * 1e9)));
    s.expectThat("cwnd within [0.9, 1.05]·W_max (the plateau around W_max)",
        b -> b.cwnd() >= wMax * 9 / 10 && b.cwnd() <= wMax * 105 / 100);
  }

  @Test
  @Rule(id = "CC-17", cites = "RFC 9438 §4.7 (fast convergence)",
      hint = "If this fails, check fast convergence: a congestion event at a window below the"
          + " last W_max sets W_max = cwnd·(1 + β)/2 (releasing bandwidth to newer flows), so"
          + " the window plateaus there rather than at the window of the loss")
  void cubicFastConvergenceLowersWmax() {
    assumeTrue(growth() == Growth.CUBIC, "CUBIC's window function; this controller is Reno");
    Script<CongestionBench> s = bench("CUBIC: a second loss below W_max");
    enterAvoidance(s, 200 * SMSS);
    s.act("round trips until cwnd reaches 160 SMSS (below W_max = 200)", b -> {
      while (b.cwnd() < 160 * SMSS) {
        b.roundTrip();
      }
    });
    long cwndAtLoss = s.get("cwnd at the second loss", CongestionBench::cwnd);
    s.act("three duplicate ACKs, new data during recovery, the full ACK", b -> {
      b.threeDuplicateAcks();
      b.completeRecovery(b.cc.ssthreshBytes());
    });
    long wMax = s.get("W_max with fast convergence: cwnd·(1 + 0.7)/2",
        b -> (long) (cwndAtLoss * 0.85));
    double kSeconds = Math.cbrt((wMax - cwndAtLoss * 0.7) / SMSS / 0.4);
    long epochStartNs = s.get("epoch start", b -> b.nowNs);
    s.act("round trips until t = K (" + String.format("%.2f", kSeconds) + " s)",
        b -> b.roundTripsUntil(epochStartNs, (long) (kSeconds * 1e9)));
    s.expectThat("cwnd within [0.93, 1.05]·W_max (the plateau is the lowered W_max, not the"
        + " window of the loss)",
        b -> b.cwnd() >= wMax * 93 / 100 && b.cwnd() <= wMax * 105 / 100);
  }

  @Test
  @Rule(id = "CC-18", cites = "RFC 9438 §4.8 (after a retransmission timeout)",
      hint = "If this fails, check CUBIC after a timeout: the first congestion-avoidance epoch"
          + " starts with K = 0 and W_max = cwnd at its start, so the window grows (convexly)"
          + " from where slow start ended instead of rushing back to the window of the timeout")
  void cubicAfterATimeoutStartsItsCurveWhereSlowStartEnded() {
    assumeTrue(growth() == Growth.CUBIC, "CUBIC's window function; this controller is Reno");
    Script<CongestionBench> s = bench("CUBIC after a timeout at 100 SMSS");
    s.act("slow start to 100 SMSS, then the retransmission timer expires", b -> {
      b.slowStartTo(100 * SMSS);
      b.timeout();
    });
    long ssthresh = s.get("ssthresh", b -> b.cc.ssthreshBytes());
    s.act("everything is acknowledged; slow start up to ssthresh", b -> {
      b.ack(b.flight());
      b.slowStartTo(ssthresh);
    });
    long epochStartNs = s.get("epoch start", b -> b.nowNs);
    s.act("round trips for 2 s of congestion avoidance",
        b -> b.roundTripsUntil(epochStartNs, 2_000_000_000L));
    s.expectThat("cwnd ≤ 90 SMSS (not back near the 100 SMSS of the timeout)",
        b -> b.cwnd() <= 90 * SMSS);
    s.expectThat("cwnd > ssthresh (it does grow)", b -> b.cwnd() > ssthresh);
  }

  // ------------------------------------------------------------------ property

  @Test
  @Rule(id = "CC-16", cites = "RFC 5681 §3.1-3.2, RFC 6582 §3.2",
      hint = "If this fails, the shortest script below breaks one of: cwnd ≥ 1 SMSS;"
          + " ssthresh ≥ 2·SMSS once set; in slow start an ACK of N bytes grows cwnd by at most"
          + " N; after a timeout cwnd is 1 SMSS")
  void invariantsHoldOverAnySequenceOfEvents() {
    ScriptProperty.of("congestion-control invariants",
            () -> new CongestionBench(congestionControl(), SMSS), operations())
        .length(1, 40)
        .examples(150)
        .check();
  }

  private static Gen<Operation<CongestionBench>> operations() {
    Gen<Operation<CongestionBench>> ack = Generate.range(1, 3000).map(n -> new Op("ACK of "
        + n + " bytes (window refilled first)", s -> {
          s.act("fill the window and ACK " + n + " bytes", b -> {
            b.fillWindow();
            long bytes = Math.min(n, b.flight());
            boolean slowStart = !b.cc.inRecovery() && b.cwnd() < b.cc.ssthreshBytes();
            long before = b.cwnd();
            b.ack(bytes);
            b.lastGrowthLimit = slowStart ? bytes : Long.MAX_VALUE;
            b.lastGrowth = b.cwnd() - before;
          });
          s.get("now", CongestionBench::toString);
          s.expect("cwnd growth beyond the bytes acknowledged (in slow start)",
              b -> b.lastGrowth > b.lastGrowthLimit ? b.lastGrowth - b.lastGrowthLimit : 0L, 0L);
          invariants(s);
        }));
    Gen<Operation<CongestionBench>> dup = Generate.constant(new Op("duplicate ACK", s -> {
      s.act("a duplicate ACK (data outstanding)", b -> {
        if (b.flight() == 0) {
          b.fillWindow();
        }
        b.duplicateAck();
      });
      invariants(s);
    }));
    Gen<Operation<CongestionBench>> rto = Generate.constant(new Op("timeout", s -> {
      s.act("the retransmission timer expires", b -> {
        if (b.flight() == 0) {
          b.fillWindow();
        }
        b.timeout();
      });
      s.expect("cwnd after a timeout", CongestionBench::cwnd, SMSS);
      invariants(s);
    }));
    Gen<Operation<CongestionBench>> idle = Generate.range(1, 1000).map(ms -> new Op(
        ms + " ms pass", s -> s.act(ms + " ms pass", b -> b.advanceNs(ms * 1_000_000L))));
    return Generate.frequency(
        org.quicktheories.api.Pair.of(6, ack), org.quicktheories.api.Pair.of(3, dup),
        org.quicktheories.api.Pair.of(1, rto), org.quicktheories.api.Pair.of(2, idle));
  }

  private static void invariants(Script<CongestionBench> s) {
    s.expect("broken invariants (cwnd ≥ 1 SMSS, ssthresh ≥ 2·SMSS)", b -> {
      String broken = "";
      if (b.cwnd() < SMSS) {
        broken += "cwnd " + b.cwnd() + " < SMSS ";
      }
      if (b.cc.ssthreshBytes() < 2 * SMSS) {
        broken += "ssthresh " + b.cc.ssthreshBytes() + " < 2·SMSS";
      }
      return broken.isEmpty() ? "none" : broken.trim();
    }, "none");
  }

  /** A named operation, so QuickTheories prints the shrunk script readably. */
  private record Op(String name, java.util.function.Consumer<Script<CongestionBench>> body)
      implements Operation<CongestionBench> {
    @Override
    public void run(Script<CongestionBench> script) {
      body.accept(script);
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
