package org.minitransport.tcp;

import java.util.concurrent.atomic.LongAdder;

/**
 * TCP counters of one endpoint in the style of the TCP-MIB (RFC 4022) and Linux {@code
 * /proc/net/snmp}. Thread-safe to read.
 */
public final class TcpCounters {

  final LongAdder activeOpens = new LongAdder();
  final LongAdder passiveOpens = new LongAdder();
  final LongAdder attemptFails = new LongAdder();
  final LongAdder establishedResets = new LongAdder();
  final LongAdder inSegments = new LongAdder();
  final LongAdder outSegments = new LongAdder();
  final LongAdder retransmittedSegments = new LongAdder();
  final LongAdder inErrors = new LongAdder();
  final LongAdder inChecksumErrors = new LongAdder();
  final LongAdder outResets = new LongAdder();
  final LongAdder listenDrops = new LongAdder();
  final LongAdder challengeAcks = new LongAdder();
  final LongAdder acksRateLimited = new LongAdder();
  final LongAdder pawsRejects = new LongAdder();
  final LongAdder outOfWindowDrops = new LongAdder();
  final LongAdder timeoutAborts = new LongAdder();
  final LongAdder userTimeouts = new LongAdder();
  final LongAdder finWait2Timeouts = new LongAdder();
  private final LongAdder[] recovery = new LongAdder[12];

  public TcpCounters() {
    for (int i = 0; i < recovery.length; i++) {
      recovery[i] = new LongAdder();
    }
  }

  /** Adds what a connection's loss recovery did between two of its snapshots. */
  void addRecovery(LossRecoveryCounters now, LossRecoveryCounters before) {
    long[] a = values(now);
    long[] b = values(before);
    for (int i = 0; i < recovery.length; i++) {
      if (a[i] != b[i]) {
        recovery[i].add(a[i] - b[i]);
      }
    }
  }

  private static long[] values(LossRecoveryCounters c) {
    return new long[] {c.timeouts(), c.fastRetransmits(), c.slowStartRetransmits(),
        c.sackRecoveries(), c.renoRecoveries(), c.lossProbes(), c.lossProbeRecoveries(),
        c.dsacksReceived(), c.dsacksSent(), c.timestampUndos(), c.dsackUndos(), c.lossUndos()};
  }

  /**
   * What loss recovery did on every connection of this endpoint: retransmission timeouts ({@code
   * TCPTimeouts}), fast retransmits, tail loss probes, D-SACKs, undos (see {@link
   * LossRecoveryCounters} for the Linux names).
   */
  public LossRecoveryCounters lossRecovery() {
    long[] v = new long[recovery.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = recovery[i].sum();
    }
    return new LossRecoveryCounters(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9],
        v[10], v[11]);
  }

  /** Retransmission timeouts on all connections (Linux {@code TcpExtTCPTimeouts}). */
  public long timeouts() {
    return recovery[0].sum();
  }

  /** Connections that went SYN-SENT ({@code tcpActiveOpens}). */
  public long activeOpens() {
    return activeOpens.sum();
  }

  /** Connections that went SYN-RECEIVED from LISTEN ({@code tcpPassiveOpens}). */
  public long passiveOpens() {
    return passiveOpens.sum();
  }

  /** Opens that failed: refused, reset or timed out before ESTABLISHED ({@code tcpAttemptFails}). */
  public long attemptFails() {
    return attemptFails.sum();
  }

  /** Established connections that were reset or timed out ({@code tcpEstabResets}). */
  public long establishedResets() {
    return establishedResets.sum();
  }

  /** Segments received, including bad ones ({@code tcpInSegs}). */
  public long inSegments() {
    return inSegments.sum();
  }

  /** Segments sent ({@code tcpOutSegs}). */
  public long outSegments() {
    return outSegments.sum();
  }

  /** Retransmitted segments ({@code tcpRetransSegs}). */
  public long retransmittedSegments() {
    return retransmittedSegments.sum();
  }

  /** Segments dropped as malformed or with a bad checksum ({@code tcpInErrs}). */
  public long inErrors() {
    return inErrors.sum();
  }

  /** Of {@link #inErrors()}, the checksum failures. */
  public long inChecksumErrors() {
    return inChecksumErrors.sum();
  }

  /** Resets sent ({@code tcpOutRsts}). */
  public long outResets() {
    return outResets.sum();
  }

  /** SYNs dropped because a listener's queues were full (Linux {@code ListenDrops}). */
  public long listenDrops() {
    return listenDrops.sum();
  }

  /**
   * ACKs sent in answer to unacceptable segments — out-of-window segments, RSTs and SYNs that do
   * not match exactly, ACKs of unsent data, PAWS rejects — through the per-connection RFC 5961 §7
   * limit (Linux {@code TCPChallengeACK}, which counts only the RST/SYN/ACK challenges).
   */
  public long challengeAcks() {
    return challengeAcks.sum();
  }

  /**
   * ACKs the RFC 5961 §7 limit held back (Linux {@code TCPACKSkippedSeq}, {@code
   * TCPACKSkippedPAWS}, {@code TCPACKSkippedChallenge}, … together).
   */
  public long acksRateLimited() {
    return acksRateLimited.sum();
  }

  /** Segments dropped by PAWS, RFC 7323 §5 (Linux {@code PAWSEstab}). */
  public long pawsRejects() {
    return pawsRejects.sum();
  }

  /**
   * Segments dropped by the sequence-number check of RFC 9293 §3.10.7.4 (outside the receive
   * window, or entirely old), RSTs included (Linux drop reason {@code TCP_INVALID_SEQUENCE}).
   */
  public long outOfWindowDrops() {
    return outOfWindowDrops.sum();
  }

  /**
   * Connections given up on a silent peer: R2 retransmissions, unanswered zero-window or
   * keep-alive probes, the user timeout, the FIN-WAIT-2 timeout (Linux {@code TCPAbortOnTimeout}).
   */
  public long timeoutAborts() {
    return timeoutAborts.sum();
  }

  /** Of {@link #timeoutAborts()}, those ended by the user timeout (RFC 5482). */
  public long userTimeouts() {
    return userTimeouts.sum();
  }

  /** Of {@link #timeoutAborts()}, closed connections whose peer never sent its FIN in time. */
  public long finWait2Timeouts() {
    return finWait2Timeouts.sum();
  }

  @Override
  public String toString() {
    return "activeOpens=" + activeOpens() + " passiveOpens=" + passiveOpens() + " attemptFails="
        + attemptFails() + " estabResets=" + establishedResets() + " inSegs=" + inSegments()
        + " outSegs=" + outSegments() + " retransSegs=" + retransmittedSegments() + " inErrs="
        + inErrors() + " outRsts=" + outResets() + " listenDrops=" + listenDrops()
        + " challengeAcks=" + challengeAcks() + " acksRateLimited=" + acksRateLimited()
        + " pawsRejects=" + pawsRejects() + " outOfWindowDrops=" + outOfWindowDrops()
        + " timeoutAborts=" + timeoutAborts() + " userTimeouts=" + userTimeouts()
        + " finWait2Timeouts=" + finWait2Timeouts() + " " + lossRecovery();
  }
}
