package org.minitransport.tcp;

import java.util.Objects;

/**
 * Which loss-recovery algorithms a tcp-lite connection uses, each switchable on its own so that a
 * benchmark can show what each one buys ({@link TcpConfig#lossRecovery()}). The defaults are
 * Linux's ({@link #linuxDefaults()}); {@link #newRenoOnly()} turns everything off and leaves the
 * RFC 5681/6582 NewReno recovery that tcp-lite had before.
 *
 * <p>SACK-based recovery and everything built on it need SACK on both sides ({@link
 * TcpConfig#sack()}, negotiated in the handshake); without it a connection recovers with NewReno
 * whatever these switches say, as Linux does. HyStart++ and pacing work with or without SACK.
 *
 * @param sackRecovery RFC 6675 loss recovery: a scoreboard of SACKed, lost and retransmitted
 *     segments, the "pipe" estimate instead of FlightSize, NextSeg choosing what to send, no
 *     resending of SACKed data, and no go-back-N after a retransmission timeout (the SACK
 *     information survives the timeout, as in Linux). Off: NewReno (RFC 6582), which still counts
 *     an ACK that SACKs new data as a duplicate whatever its window (RFC 6675 §2)
 * @param rackTlp RACK-TLP (RFC 8985): a segment is lost when a segment sent after it was delivered
 *     more than an RTT plus a reordering window ago (instead of RFC 6675's three-duplicate rule),
 *     so a lost retransmission is found without a timeout; and a tail loss probe two RTTs after
 *     the last send instead of waiting for the RTO. Needs {@code sackRecovery}
 * @param prr how the window shrinks during fast recovery (RFC 6937); {@link Prr#OFF} sets cwnd to
 *     ssthresh at once (RFC 6675 §5). Needs {@code sackRecovery}
 * @param dsack report duplicate segments to the peer in D-SACK blocks (RFC 2883), and use the
 *     peer's D-SACKs: to widen RACK's reordering window (RFC 8985 §6.2) and to find spurious
 *     retransmissions (RFC 3708)
 * @param undo undo the window reduction of a recovery or a timeout that turns out spurious, told
 *     by timestamps (Eifel detection, RFC 3522) or D-SACKs (RFC 3708), restoring cwnd and ssthresh
 *     (the response of RFC 4015). Needs {@code sackRecovery}
 * @param hyStart HyStart++ (RFC 9406): leave the first slow start when the RTT starts to grow,
 *     through a conservative phase, instead of by overflowing the bottleneck queue
 * @param pacing spread each window over the round trip at Linux's pacing rate (cwnd / SRTT, ×2 in
 *     slow start, ×1.2 otherwise), in bursts of two segments or 1 ms of data, instead of sending
 *     segments back to back on each ACK. Off by default, as Linux's CUBIC with its default queueing
 *     discipline; Linux paces with the fq discipline, under BBR, and — measured here, kernel 6.18 —
 *     a socket switched to CUBIC on a machine whose default is BBR. Spread-out segments draw
 *     more ACKs from the receiver, so one lost ACK less often leaves the sender only its RTO
 */
public record LossRecoveryConfig(boolean sackRecovery, boolean rackTlp, Prr prr, boolean dsack,
    boolean undo, boolean hyStart, boolean pacing) {

  /** How Proportional Rate Reduction (RFC 6937) sizes sending during fast recovery. */
  public enum Prr {
    /** No PRR: cwnd = ssthresh when recovery starts (RFC 6675 §5 step 4.2). */
    OFF,
    /**
     * PRR-CRB, the conservative reduction bound of RFC 6937 §3: once the pipe is below ssthresh,
     * send no more than was delivered (strict packet conservation).
     */
    CONSERVATIVE,
    /**
     * PRR-SSRB, the slow-start reduction bound of RFC 6937 §3: once the pipe is below ssthresh,
     * send up to one segment more than was delivered on each ACK.
     */
    SLOW_START,
    /**
     * The conservative bound, but the slow-start bound on a "safe" ACK — one that advances SND.UNA
     * and shows no further loss — as RFC 9937 (which obsoletes RFC 6937) specifies and Linux does
     * ({@code tcp_cwnd_reduction}). The default.
     */
    SAFE_ACK_SLOW_START
  }

  /** @throws IllegalArgumentException if {@code prr} is null */
  public LossRecoveryConfig {
    if (prr == null) {
      throw new IllegalArgumentException("prr must not be null (use Prr.OFF)");
    }
  }

  /**
   * What Linux does by default: SACK-based recovery with RACK-TLP, PRR (RFC 9937's bound), D-SACK
   * and undo on ({@code net.ipv4.tcp_sack = 1}, {@code tcp_recovery = 1}, {@code tcp_dsack = 1}),
   * HyStart on (CUBIC's {@code hystart = 1}; Linux uses its own HyStart, tcp-lite the RFC 9406
   * one); no pacing (CUBIC's, under the default queueing discipline, {@code pfifo_fast} or {@code
   * fq_codel}).
   */
  public static LossRecoveryConfig linuxDefaults() {
    return new LossRecoveryConfig(true, true, Prr.SAFE_ACK_SLOW_START, true, true, true, false);
  }

  /** Everything off: NewReno recovery (RFC 5681, RFC 6582), standard slow start, no D-SACK. */
  public static LossRecoveryConfig newRenoOnly() {
    return new LossRecoveryConfig(false, false, Prr.OFF, false, false, false, false);
  }

  public LossRecoveryConfig withSackRecovery(boolean value) {
    return new LossRecoveryConfig(value, rackTlp, prr, dsack, undo, hyStart, pacing);
  }

  public LossRecoveryConfig withRackTlp(boolean value) {
    return new LossRecoveryConfig(sackRecovery, value, prr, dsack, undo, hyStart, pacing);
  }

  public LossRecoveryConfig withPrr(Prr value) {
    return new LossRecoveryConfig(sackRecovery, rackTlp, Objects.requireNonNull(value, "prr"),
        dsack, undo, hyStart, pacing);
  }

  public LossRecoveryConfig withDsack(boolean value) {
    return new LossRecoveryConfig(sackRecovery, rackTlp, prr, value, undo, hyStart, pacing);
  }

  public LossRecoveryConfig withUndo(boolean value) {
    return new LossRecoveryConfig(sackRecovery, rackTlp, prr, dsack, value, hyStart, pacing);
  }

  public LossRecoveryConfig withHyStart(boolean value) {
    return new LossRecoveryConfig(sackRecovery, rackTlp, prr, dsack, undo, value, pacing);
  }

  public LossRecoveryConfig withPacing(boolean value) {
    return new LossRecoveryConfig(sackRecovery, rackTlp, prr, dsack, undo, hyStart, value);
  }

  @Override
  public String toString() {
    return "LossRecovery[" + (sackRecovery ? "SACK" : "NewReno") + (rackTlp ? "+RACK-TLP" : "")
        + (prr != Prr.OFF ? "+PRR-" + prr : "") + (dsack ? "+DSACK" : "") + (undo ? "+undo" : "")
        + (hyStart ? "+HyStart++" : "") + (pacing ? "+pacing" : "") + "]";
  }
}
