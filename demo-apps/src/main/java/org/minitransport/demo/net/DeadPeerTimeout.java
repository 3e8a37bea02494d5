package org.minitransport.demo.net;

import java.time.Duration;
import org.minitransport.tcp.TcpConfig;

/**
 * How long a command waits for a peer that vanished (killed, unplugged) before it gives up and
 * says so: {@code --timeout} mapped onto tcp-lite's settings, the way a Linux program would set
 * {@code TCP_USER_TIMEOUT} and {@code SO_KEEPALIVE} on its sockets.
 *
 * <ul>
 *   <li><b>Data waiting on the peer</b>: the user timeout (RFC 5482, {@link
 *       TcpConfig#userTimeoutNs}) is the timeout itself, so data (or a FIN) left unacknowledged,
 *       or a zero window that never reopens, ends the connection after exactly that long, whatever
 *       the RTO. It replaces R2 for data segments.
 *   <li><b>An idle connection</b> (nothing to send: a chat client at its prompt, a receiver
 *       waiting for the next bytes, a half-closed {@code connect}): keep-alive (RFC 9293 §3.8.4),
 *       with the first probe at half the timeout and {@value #PROBES} more a sixth of it apart, so
 *       the last one falls due at the timeout; under the user timeout the connection is dropped
 *       once a probe went out and nothing was heard for the timeout. A live peer answers every
 *       probe (an unacceptable segment is ACKed, RFC 9293 §3.10.7.4), so an idle connection to it
 *       stays up for good.
 *   <li><b>Connecting</b>: the user timeout applies to synchronized connections only, so the SYN
 *       limit R2 (§3.8.3) is chosen such that the backed-off SYN timeouts from the initial RTO add
 *       up to about the timeout. A command's connect timeout bounds the wait as well.
 * </ul>
 */
public final class DeadPeerTimeout {

  /** The timeout a person would accept when nothing says otherwise. */
  public static final Duration DEFAULT = Duration.ofSeconds(30);

  /** Keep-alive probes after the first one, before the timeout. */
  static final int PROBES = 3;

  private DeadPeerTimeout() {}

  /** {@code base} with its limits set so that a dead peer is noticed after ~{@code timeout}. */
  public static TcpConfig tcpConfig(TcpConfig base, Duration timeout) {
    long timeoutNs = timeout.toNanos();
    if (timeoutNs <= 0) {
      throw new IllegalArgumentException("timeout " + timeout + " must be positive");
    }
    long intervalNs = Math.max(1, timeoutNs / (2 * PROBES));
    long idleNs = Math.max(1, timeoutNs - PROBES * intervalNs); // the last probe due at timeout
    int synRetries = retriesLasting(timeoutNs, base.rto().initialRtoNs(), base.rto().maxRtoNs());
    return base.toBuilder()
        .userTimeout(timeout)
        .keepAlive(true)
        .keepAlive(Duration.ofNanos(idleNs), Duration.ofNanos(intervalNs), PROBES)
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
