package org.minitransport.tcp.internal;

import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.component.TcpSender;

/**
 * When a connection stops waiting for a silent peer:
 *
 * <ul>
 *   <li><b>R2</b> (RFC 9293 §3.8.3): after {@link TcpConfig#synRetriesBeforeAbort} retransmissions
 *       of a SYN; once synchronized, after {@link TcpConfig#retriesBeforeAbort} retransmissions of
 *       one segment (unless a user timeout replaces this count, as in Linux) or more zero-window
 *       probes than that left unanswered (the {@link Rfc9293Sender} counts both).
 *   <li><b>Keep-alive</b> (RFC 9293 §3.8.4, RFC 1122 §4.2.3.6), when enabled: once nothing was
 *       heard from the peer for {@code idle} and nothing is outstanding, a probe every {@code
 *       interval}; after {@code probes} unanswered probes the peer is taken for dead. With a user
 *       timeout the count gives way to time: dead once a probe was sent and nothing was heard for
 *       the user timeout (as Linux does under {@code TCP_USER_TIMEOUT}).
 *   <li><b>User timeout</b> (RFC 5482 §1, Linux {@code TCP_USER_TIMEOUT}), when non-zero: the
 *       peer is taken for dead once sent data has waited that long for an acknowledgment, or the
 *       peer's window has stayed closed that long on data waiting to go. The wait restarts with
 *       every acknowledgment of new data and every reopening of the window.
 *   <li><b>FIN-WAIT-2 timeout</b> (Linux {@code tcp_fin_timeout}): once the application closed
 *       the connection for good, FIN-WAIT-2 waits that long for the peer's FIN.
 * </ul>
 *
 * <p>"Heard from the peer" means an acceptable segment arrived: one that passed the sequence,
 * timestamp and acknowledgment checks. Forged segments outside the window must not keep a dead
 * connection alive. Sans-IO and not thread-safe; all times are from the connection's clock.
 */
public final class LivenessTimers {

  /** What is due at a given time. */
  public enum Expiry {
    NOTHING,
    /** Send a keep-alive probe now. */
    KEEP_ALIVE_PROBE,
    /** Keep-alive probes went unanswered: the peer is dead. */
    KEEP_ALIVE_EXHAUSTED,
    /** The user timeout passed while data or a closed window waited on the peer. */
    USER_TIMEOUT,
    /** FIN-WAIT-2 after the application's close outlasted the FIN-WAIT-2 timeout. */
    FIN_WAIT_2_TIMEOUT,
    /** R2: too many retransmissions, or too many unanswered zero-window probes. */
    RETRIES_EXHAUSTED
  }

  private static final long NONE = Long.MAX_VALUE;

  private final boolean keepAlive;
  private final long keepAliveIdleNs;
  private final long keepAliveIntervalNs;
  private final int keepAliveProbes;
  private final long userTimeoutNs;
  private final long finWait2TimeoutNs;
  private final int synRetriesBeforeAbort;
  private final int synAckRetriesBeforeAbort;
  private final int retriesBeforeAbort;

  private boolean watching;
  private long lastHeardNs;
  private long keepAliveDeadlineNs = NONE;
  private int keepAliveProbesSent;
  private long waitingSinceNs = NONE;
  private long waitingSndUnaAbs = -1;
  private boolean waitingOnClosedWindow;
  private long finWait2DeadlineNs = NONE;

  /** The limits and intervals come from {@code config}. */
  public LivenessTimers(TcpConfig config) {
    this.keepAlive = config.keepAlive();
    this.keepAliveIdleNs = config.keepAliveIdleNs();
    this.keepAliveIntervalNs = config.keepAliveIntervalNs();
    this.keepAliveProbes = config.keepAliveProbes();
    this.userTimeoutNs = config.userTimeoutNs();
    this.finWait2TimeoutNs = config.finWait2TimeoutNs();
    this.synRetriesBeforeAbort = config.synRetriesBeforeAbort();
    this.synAckRetriesBeforeAbort = config.synAckRetriesBeforeAbort();
    this.retriesBeforeAbort = config.retriesBeforeAbort();
  }

  /**
   * R2, checked when the retransmission or persist timer fires, before the sender retransmits
   * again: {@link Expiry#RETRIES_EXHAUSTED} or {@link Expiry#NOTHING}.
   */
  public Expiry retriesExpired(boolean synchronizedState, boolean passive, TcpSender sender) {
    boolean exhausted = synchronizedState
        ? sender.unansweredProbes() > retriesBeforeAbort
            || (userTimeoutNs == 0 && sender.consecutiveRetransmissions() >= retriesBeforeAbort)
        : sender.consecutiveRetransmissions()
            >= (passive ? synAckRetriesBeforeAbort : synRetriesBeforeAbort);
    return exhausted ? Expiry.RETRIES_EXHAUSTED : Expiry.NOTHING;
  }

  /** The handshake completed: from now on the peer is watched. */
  public void start(long nowNs) {
    watching = true;
    heard(nowNs);
  }

  /** An acceptable segment arrived from the peer. */
  public void heard(long nowNs) {
    lastHeardNs = nowNs;
    keepAliveProbesSent = 0;
    if (watching && keepAlive) {
      keepAliveDeadlineNs = nowNs + keepAliveIdleNs;
    }
  }

  /**
   * Records after every input whether the connection waits on the peer, for the user timeout.
   *
   * @param dataOutstanding whether sent data (or a FIN) is unacknowledged
   * @param closedWindowOnWaitingData whether data waits to go and the peer's window is zero
   * @param sndUnaAbs SND.UNA, whose advance restarts the wait
   */
  public void observe(long nowNs, boolean dataOutstanding, boolean closedWindowOnWaitingData,
      long sndUnaAbs) {
    boolean waiting = watching && (dataOutstanding || closedWindowOnWaitingData);
    if (!waiting) {
      waitingSinceNs = NONE;
    } else if (waitingSinceNs == NONE || sndUnaAbs > waitingSndUnaAbs
        || (waitingOnClosedWindow && !closedWindowOnWaitingData)) {
      waitingSinceNs = nowNs; // progress: new data acknowledged or the window reopened
    }
    waitingSndUnaAbs = sndUnaAbs;
    waitingOnClosedWindow = closedWindowOnWaitingData;
  }

  /** The application closed the connection for good and it is in FIN-WAIT-2. */
  public void startFinWait2(long nowNs) {
    if (finWait2DeadlineNs == NONE) {
      finWait2DeadlineNs = nowNs + finWait2TimeoutNs;
    }
  }

  /** The connection left the states these timers watch (TIME-WAIT or CLOSED). */
  public void stop() {
    watching = false;
    keepAliveDeadlineNs = NONE;
    waitingSinceNs = NONE;
    finWait2DeadlineNs = NONE;
  }

  /** The earliest deadline, or {@code Long.MAX_VALUE}. */
  public long nextDeadlineNs() {
    long userDeadline = userTimeoutNs > 0 && waitingSinceNs != NONE
        ? waitingSinceNs + userTimeoutNs : NONE;
    return Math.min(Math.min(keepAliveDeadlineNs, finWait2DeadlineNs), userDeadline);
  }

  /**
   * What is due at {@code nowNs}. A keep-alive probe that this returns counts as sent.
   *
   * @param dataOutstanding whether sent data is unacknowledged: keep-alive waits meanwhile, the
   *     retransmission timer watches the peer (RFC 9293 §3.8.4)
   */
  public Expiry expired(long nowNs, boolean dataOutstanding) {
    if (finWait2DeadlineNs <= nowNs) {
      return Expiry.FIN_WAIT_2_TIMEOUT;
    }
    if (userTimeoutNs > 0 && waitingSinceNs != NONE && waitingSinceNs + userTimeoutNs <= nowNs) {
      return Expiry.USER_TIMEOUT;
    }
    if (keepAliveDeadlineNs > nowNs) {
      return Expiry.NOTHING;
    }
    if (dataOutstanding) {
      keepAliveProbesSent = 0;
      keepAliveDeadlineNs = nowNs + keepAliveIdleNs;
      return Expiry.NOTHING;
    }
    boolean exhausted = userTimeoutNs > 0
        ? keepAliveProbesSent > 0 && nowNs - lastHeardNs >= userTimeoutNs
        : keepAliveProbesSent >= keepAliveProbes;
    if (exhausted) {
      return Expiry.KEEP_ALIVE_EXHAUSTED;
    }
    keepAliveProbesSent++;
    keepAliveDeadlineNs = nowNs + keepAliveIntervalNs;
    return Expiry.KEEP_ALIVE_PROBE;
  }
}
