package org.minitransport.demo.net;

import java.time.Duration;
import org.minitransport.tcp.TcpConfig;

/**
 * How long a command waits for a peer that vanished (killed, unplugged) before it gives up and
 * says so: {@code --timeout} mapped onto tcp-lite's settings.
 *
 * <p>Today this is done with what {@link TcpConfig} has: the data retransmission limit R2 (RFC
 * 9293 §3.8.3) chosen so that the backed-off retransmission timeouts add up to about the timeout
 * (assuming the RTO sits at its floor, as on a short path), and the SYN limit likewise from the
 * initial RTO. That bounds every wait for data in flight; where a command waits for an answer
 * with nothing in flight, its read timeout bounds the wait. <b>Once TcpConfig has a user timeout
 * (RFC 5482, Linux's {@code TCP_USER_TIMEOUT}), use it here instead</b>: it bounds the time
 * exactly, whatever the RTO.
 *
 * <p>Keep-alive (§3.8.4) is left off on purpose: tcp-lite does not yet answer a keep-alive probe
 * that carries no data (it takes SEG.SEQ = RCV.NXT − 1 with no text as an old duplicate and
 * stays silent), so with keep-alive on, an idle connection to a live tcp-lite peer would be
 * dropped after the probes. Turn it on here once probes are answered.
 */
public final class DeadPeerTimeout {

  /** The timeout a person would accept when nothing says otherwise. */
  public static final Duration DEFAULT = Duration.ofSeconds(30);

  private DeadPeerTimeout() {}

  /** {@code base} with its failure limits set so that a dead peer is noticed after ~{@code timeout}. */
  public static TcpConfig tcpConfig(TcpConfig base, Duration timeout) {
    long timeoutNs = timeout.toNanos();
    int retries = retriesLasting(timeoutNs, base.rto().minRtoNs(), base.rto().maxRtoNs());
    int synRetries = retriesLasting(timeoutNs, base.rto().initialRtoNs(), base.rto().maxRtoNs());
    return base.toBuilder()
        .retries(Math.min(base.retriesBeforeWarning(), retries), retries)
        .synRetries(synRetries)
        .build();
  }

  /**
   * The retransmission limit whose backed-off timeouts (doubling from {@code firstRtoNs}, capped at
   * {@code maxRtoNs}) add up closest to {@code timeoutNs}; at least 1. A connection gives up when
   * the timer expires after the last allowed retransmission, so limit n waits n + 1 timeouts.
   */
  static int retriesLasting(long timeoutNs, long firstRtoNs, long maxRtoNs) {
    int best = 1;
    long bestGap = Long.MAX_VALUE;
    for (int limit = 1; limit <= 200; limit++) {
      long gap = Math.abs(totalWaitNs(limit, firstRtoNs, maxRtoNs) - timeoutNs);
      if (gap < bestGap) {
        best = limit;
        bestGap = gap;
      }
    }
    return best;
  }

  /** The time from the first transmission until a connection with {@code limit} gives up. */
  static long totalWaitNs(int limit, long firstRtoNs, long maxRtoNs) {
    long total = 0;
    long rto = firstRtoNs;
    for (int i = 0; i <= limit; i++) {
      total += rto;
      rto = Math.min(maxRtoNs, rto * 2);
    }
    return total;
  }
}
