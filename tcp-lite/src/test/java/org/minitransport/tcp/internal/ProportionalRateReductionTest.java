package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.LossRecoveryConfig.Prr;

/**
 * PRR (RFC 6937 §3), formula by formula, and the two worked examples of RFC 6937 §3.1 played
 * through a real {@link SackScoreboard}. In the examples a segment is one "byte" (SMSS = 1), so
 * the numbers read as segments, as in the RFC: 20 segments in flight, ssthresh 10, Limited
 * Transmit sends a new segment on each of the first two duplicate ACKs.
 */
class ProportionalRateReductionTest {

  private static final long SMSS = 1000;

  @Nested
  class Formulas {

    @Test
    void abovessthreshItSendsInProportionToWhatWasDelivered() {
      ProportionalRateReduction prr = new ProportionalRateReduction(Prr.CONSERVATIVE, SMSS);
      prr.start(10 * SMSS, 20 * SMSS);
      assertEquals(SMSS, prr.onAck(SMSS, 18 * SMSS, false),
          "⌈1000 · 10 / 20⌉ = 500, but the first retransmission always goes");
      prr.onSent(SMSS);
      assertEquals(0, prr.onAck(SMSS, 17 * SMSS, false), "⌈2000 · 10/20⌉ − 1000 = 0");
      assertEquals(500, prr.onAck(SMSS, 16 * SMSS, false), "⌈3000 · 10/20⌉ − 1000 = 500");
    }

    @Test
    void theConservativeBoundSendsNoMoreThanWasDelivered() {
      ProportionalRateReduction prr = new ProportionalRateReduction(Prr.CONSERVATIVE, SMSS);
      prr.start(10 * SMSS, 20 * SMSS);
      prr.onSent(SMSS);
      assertEquals(SMSS, prr.onAck(2 * SMSS, 4 * SMSS, false),
          "pipe ≤ ssthresh: limit = prr_delivered − prr_out = 2000 − 1000");
    }

    @Test
    void theSlowStartBoundSendsOneSegmentMoreThanWasDelivered() {
      ProportionalRateReduction prr = new ProportionalRateReduction(Prr.SLOW_START, SMSS);
      prr.start(10 * SMSS, 20 * SMSS);
      prr.onSent(2 * SMSS);
      assertEquals(2 * SMSS, prr.onAck(SMSS, 4 * SMSS, false),
          "limit = max(1000 − 2000, 1000) + SMSS");
      assertEquals(SMSS, prr.onAck(SMSS, 9 * SMSS, false), "never beyond ssthresh − pipe");
    }

    @Test
    void rfc9937AddsTheSegmentOnlyOnASafeAck() {
      ProportionalRateReduction prr =
          new ProportionalRateReduction(Prr.SAFE_ACK_SLOW_START, SMSS);
      prr.start(10 * SMSS, 20 * SMSS);
      prr.onSent(2 * SMSS);
      assertEquals(SMSS, prr.onAck(SMSS, 4 * SMSS, false), "max(−1000, 1000), no extra");
      assertEquals(2 * SMSS, prr.onAck(SMSS, 4 * SMSS, true), "+ SMSS on a safe ACK");
    }

    @Test
    void needsABound() {
      assertThrows(IllegalArgumentException.class,
          () -> new ProportionalRateReduction(Prr.OFF, SMSS));
    }
  }

  /**
   * RFC 6937 §3.1 on a real scoreboard: segments 0..19 in flight, {@code lost} of them lost;
   * each later segment's arrival brings one ACK with a SACK block. The sender sends what PRR
   * allows, lost segments first (R), else new ones (N). Returns, per ACK from the first one,
   * "pipe:sent", pipe being the value PRR saw (after the ACK, before sending).
   */
  private static List<String> playExample(Prr bound, int lost) {
    SackScoreboard board = new SackScoreboard(0);
    for (int k = 0; k < 20; k++) {
      board.onTransmit(k, k + 1, 0);
    }
    ProportionalRateReduction prr = new ProportionalRateReduction(bound, 1);
    boolean inRecovery = false;
    int next = 20;
    List<String> trace = new ArrayList<>();
    for (int arriving = lost; arriving < 20; arriving++) {
      long flightBefore = next;
      long sackedBefore = board.sackedBytes();
      SackScoreboard.AckUpdate update = board.update(0,
          List.of(new ByteRange(lost, arriving + 1)), s -> { });
      board.markLostByDupThresh(1);
      StringBuilder sent = new StringBuilder();
      long pipe = board.pipe();
      long sndcnt;
      if (!inRecovery && board.lostBytes() > 0) {
        inRecovery = true;
        prr.start(10, flightBefore - sackedBefore);
      }
      if (!inRecovery) {
        sndcnt = 1; // Limited Transmit (RFC 3042)
      } else {
        sndcnt = prr.onAck(update.deliveredBytes(), pipe, false);
      }
      for (long i = 0; i < sndcnt; i++) {
        SackScoreboard.Segment s = board.firstLostNotRetransmitted();
        if (s != null) {
          board.onTransmit(s.startAbs(), s.endAbs(), 1);
          sent.append('R');
        } else {
          board.onTransmit(next, next + 1, 1);
          next++;
          sent.append('N');
        }
        if (inRecovery) {
          prr.onSent(1);
        }
      }
      trace.add(pipe + ":" + sent);
    }
    return trace;
  }

  @Nested
  class Rfc6937Examples {

    /**
     * The burst: segments 0–14 lost, five ACKs come back. The RFC's table: both bounds send N, N
     * on the first two ACKs; then PRR-CRB sends one retransmission per ACK with pipe at 4, and
     * PRR-SSRB two per ACK with pipe at 4, 5, 6.
     */
    @Test
    void fifteenLostInARowConservativeBound() {
      assertEquals(List.of("19:N", "19:N", "4:R", "4:R", "4:R"),
          playExample(Prr.CONSERVATIVE, 15));
    }

    @Test
    void fifteenLostInARowSlowStartBound() {
      assertEquals(List.of("19:N", "19:N", "4:RR", "5:RR", "6:RR"),
          playExample(Prr.SLOW_START, 15));
    }

    /**
     * A single loss (segment 0). The RFC's rows: R on the third duplicate ACK, then a new segment
     * on every other ACK, so that the reduction is spread over the round trip and the flight ends
     * at ssthresh = 10. Here the proportional part sends on ACKs 5, 7, …, 17 and the pipe reaches
     * ssthresh at ACK 19, where the reduction bound allows nothing more. The RFC's table shows the
     * last sends on ACKs 18 and 19 instead of 17, and one more segment in all: its pipe row is one
     * segment high from ACK 5 on (it keeps 18 although ACK 5 took a segment out of 18 and ACK 4
     * sent nothing), which keeps its PRR in the proportional part one ACK longer.
     */
    @Test
    void oneLossSpreadsTheReductionOverTheRoundTrip() {
      List<String> trace = playExample(Prr.SLOW_START, 1);
      assertEquals(List.of("19:N", "19:N", "18:R", "18:", "17:N", "17:", "16:N", "16:",
          "15:N", "15:", "14:N", "14:", "13:N", "13:", "12:N", "12:", "11:N", "11:", "10:"),
          trace);
      assertEquals(List.of("19:N", "19:N", "18:R", "18:", "17:N", "17:", "16:N", "16:",
          "15:N", "15:", "14:N", "14:", "13:N", "13:", "12:N", "12:", "11:N", "11:", "10:"),
          playExample(Prr.CONSERVATIVE, 1), "with one loss both bounds behave the same (§3.1)");
    }
  }
}
