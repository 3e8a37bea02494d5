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

  @Override
  public String toString() {
    return "activeOpens=" + activeOpens() + " passiveOpens=" + passiveOpens() + " attemptFails="
        + attemptFails() + " estabResets=" + establishedResets() + " inSegs=" + inSegments()
        + " outSegs=" + outSegments() + " retransSegs=" + retransmittedSegments() + " inErrs="
        + inErrors() + " outRsts=" + outResets() + " listenDrops=" + listenDrops();
  }
}
