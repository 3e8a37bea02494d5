package org.minitransport.tcp;

import java.time.Duration;
import org.minitransport.tcp.component.ByteStreamFactory;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.CongestionControlFactory;
import org.minitransport.tcp.component.ReassemblerFactory;
import org.minitransport.tcp.component.ReferenceCongestionControl;
import org.minitransport.tcp.component.RttEstimatorFactory;
import org.minitransport.tcp.component.TcpReceiverFactory;
import org.minitransport.tcp.component.TcpSenderFactory;

/**
 * Immutable configuration of tcp-lite connections, a record with a builder and defaults chosen for
 * a user-space stack on a simulated or loopback network. Every duration is in nanoseconds.
 *
 * @param mss the MSS to announce (RFC 9293 §3.7.1); 0 derives it from the link MTU − 40
 * @param sendBufferBytes capacity of the outbound byte stream (unacknowledged data included)
 * @param receiveBufferBytes capacity of the inbound byte stream; bounds the advertised window
 * @param windowScaling offer window scaling (RFC 7323 §2)
 * @param sack offer SACK (RFC 2018)
 * @param timestamps offer timestamps (RFC 7323 §3): RTT samples on every ACK and PAWS
 * @param noDelay disable Nagle's algorithm (RFC 9293 §3.7.4, TCP_NODELAY)
 * @param delayedAckNs how long an ACK may wait for more data (RFC 9293 §3.8.6.3: under 0.5 s);
 *     an ACK goes at once for every second full-sized segment and for out-of-order data
 * @param rto the RTT estimator's constants (RFC 6298); default minimum 200 ms, as Linux
 * @param retriesBeforeWarning R1 (RFC 9293 §3.8.3): after this many retransmissions of one
 *     segment the application is told the connection is struggling
 * @param retriesBeforeAbort R2 for data: after this many the connection aborts
 * @param synRetriesBeforeAbort R2 for the SYN of an active open: default 7, about 4 minutes with
 *     backoff (RFC 9293 requires at least 3 minutes)
 * @param mslNs maximum segment lifetime; TIME-WAIT lasts 2·MSL (RFC 9293 §3.4.2)
 * @param keepAlive send keep-alive probes when idle (RFC 9293 §3.8.4; off by default)
 * @param keepAliveIdleNs idle time before the first probe (at least 2 h by default)
 * @param keepAliveIntervalNs time between unanswered probes
 * @param keepAliveProbes unanswered probes before the connection is dropped
 * @param challengeAcksPerSecond per-connection limit on RFC 5961 challenge ACKs (§7)
 * @param congestionControl how the congestion window grows: CUBIC (the default, as in Linux) or
 *     NewReno
 * @param finWait2TimeoutNs how long FIN-WAIT-2 waits for the peer's FIN once the application
 *     has {@linkplain TcpConnection#close closed} the connection for good (Linux {@code
 *     tcp_fin_timeout}, default 60 s); a half-closed connection ({@link
 *     TcpConnection#shutdownOutput}) still reading waits without a limit, as in Linux
 * @param userTimeoutNs the user timeout (RFC 5482, Linux {@code TCP_USER_TIMEOUT}); 0 = off (the
 *     default). When set, a synchronized connection gives up once sent data has waited that long
 *     for an acknowledgment, or the peer's window has stayed closed that long on data waiting to
 *     go, or keep-alive probes went unanswered that long; it then replaces R2 for data segments
 * @param synAckRetriesBeforeAbort R2 for the SYN-ACK of a passive open: after this many
 *     retransmissions a half-open connection gives up its SYN-queue slot (Linux {@code
 *     tcp_synack_retries}, default 5: about 63 s with backoff from a 1 s RTO)
 * @param synCookies answer SYNs with SYN cookies (RFC 4987 §3.6) when a listener's SYN queue is
 *     full, instead of dropping them (Linux {@code tcp_syncookies = 1}, the default)
 * @param lossRecovery which loss-recovery algorithms run (SACK recovery, RACK-TLP, PRR, D-SACK,
 *     undo, HyStart++); Linux's set by default
 * @param components the factories every connection builds its byte streams, reassembler,
 *     receiver, sender, RTT estimator and congestion controller with (the teaching seams of issue
 *     12, {@link org.minitransport.tcp.component}); the reference implementations by default
 */
public record TcpConfig(
    int mss,
    int sendBufferBytes,
    int receiveBufferBytes,
    boolean windowScaling,
    boolean sack,
    boolean timestamps,
    boolean noDelay,
    long delayedAckNs,
    RtoSettings rto,
    int retriesBeforeWarning,
    int retriesBeforeAbort,
    int synRetriesBeforeAbort,
    long mslNs,
    boolean keepAlive,
    long keepAliveIdleNs,
    long keepAliveIntervalNs,
    int keepAliveProbes,
    int challengeAcksPerSecond,
    CongestionAlgorithm congestionControl,
    long finWait2TimeoutNs,
    long userTimeoutNs,
    int synAckRetriesBeforeAbort,
    boolean synCookies,
    LossRecoveryConfig lossRecovery,
    ComponentFactories components) {

  /**
   * Congestion-avoidance algorithms. Both recover from loss as {@link #lossRecovery} says (with
   * SACK: RFC 6675 and RACK-TLP by default; without it NewReno, RFC 6582).
   */
  public enum CongestionAlgorithm {
    /** Reno window growth (RFC 5681) with NewReno fast recovery (RFC 6582). */
    NEW_RENO,
    /** CUBIC window growth and β = 0.7 (RFC 9438) with the same loss recovery; the default. */
    CUBIC
  }

  /** The largest receive buffer: the window-scaled maximum 2^30 bytes (RFC 7323 §2.3). */
  public static final int MAX_BUFFER_BYTES = 1 << 30;

  public TcpConfig {
    if (mss != 0 && (mss < 64 || mss > 65_495)) {
      throw new IllegalArgumentException("mss " + mss + " must be 0 (derive) or 64-65495");
    }
    checkBuffer(sendBufferBytes, "sendBufferBytes");
    checkBuffer(receiveBufferBytes, "receiveBufferBytes");
    if (delayedAckNs < 0 || delayedAckNs >= 500_000_000L) {
      throw new IllegalArgumentException(
          "delayedAckNs " + delayedAckNs + " must be in [0, 500 ms) (RFC 9293 §3.8.6.3)");
    }
    if (rto == null) {
      throw new IllegalArgumentException("rto settings must not be null");
    }
    if (retriesBeforeWarning < 1 || retriesBeforeAbort < retriesBeforeWarning) {
      throw new IllegalArgumentException(
          "retries: need 1 <= R1 (" + retriesBeforeWarning + ") <= R2 (" + retriesBeforeAbort + ")");
    }
    if (synRetriesBeforeAbort < 1) {
      throw new IllegalArgumentException(
          "synRetriesBeforeAbort " + synRetriesBeforeAbort + " must be at least 1");
    }
    if (mslNs < 0) {
      throw new IllegalArgumentException("mslNs " + mslNs + " must not be negative");
    }
    if (keepAliveIdleNs <= 0 || keepAliveIntervalNs <= 0 || keepAliveProbes < 1) {
      throw new IllegalArgumentException(
          "keep-alive idle " + keepAliveIdleNs + " ns, interval " + keepAliveIntervalNs
              + " ns and probes " + keepAliveProbes + " must all be positive");
    }
    if (congestionControl == null) {
      throw new IllegalArgumentException("congestionControl must not be null");
    }
    if (synAckRetriesBeforeAbort < 1) {
      throw new IllegalArgumentException(
          "synAckRetriesBeforeAbort " + synAckRetriesBeforeAbort + " must be at least 1");
    }
    if (challengeAcksPerSecond < 1) {
      throw new IllegalArgumentException(
          "challengeAcksPerSecond " + challengeAcksPerSecond + " must be at least 1");
    }
    if (finWait2TimeoutNs <= 0) {
      throw new IllegalArgumentException(
          "finWait2TimeoutNs " + finWait2TimeoutNs + " must be positive");
    }
    if (userTimeoutNs < 0) {
      throw new IllegalArgumentException(
          "userTimeoutNs " + userTimeoutNs + " must not be negative (0 = off)");
    }
    if (lossRecovery == null) {
      throw new IllegalArgumentException("lossRecovery must not be null");
    }
    if (components == null) {
      throw new IllegalArgumentException("components must not be null");
    }
  }

  private static void checkBuffer(int bytes, String name) {
    if (bytes < 1024 || bytes > MAX_BUFFER_BYTES) {
      throw new IllegalArgumentException(name + " " + bytes + " must be in 1024-" + MAX_BUFFER_BYTES);
    }
  }

  /** The defaults (see {@link Builder}). */
  public static TcpConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.mss = mss;
    b.sendBufferBytes = sendBufferBytes;
    b.receiveBufferBytes = receiveBufferBytes;
    b.windowScaling = windowScaling;
    b.sack = sack;
    b.timestamps = timestamps;
    b.noDelay = noDelay;
    b.delayedAckNs = delayedAckNs;
    b.rto = rto;
    b.retriesBeforeWarning = retriesBeforeWarning;
    b.retriesBeforeAbort = retriesBeforeAbort;
    b.synRetriesBeforeAbort = synRetriesBeforeAbort;
    b.mslNs = mslNs;
    b.keepAlive = keepAlive;
    b.keepAliveIdleNs = keepAliveIdleNs;
    b.keepAliveIntervalNs = keepAliveIntervalNs;
    b.keepAliveProbes = keepAliveProbes;
    b.challengeAcksPerSecond = challengeAcksPerSecond;
    b.congestionControl = congestionControl;
    b.finWait2TimeoutNs = finWait2TimeoutNs;
    b.userTimeoutNs = userTimeoutNs;
    b.synAckRetriesBeforeAbort = synAckRetriesBeforeAbort;
    b.synCookies = synCookies;
    b.lossRecovery = lossRecovery;
    b.components = components;
    // The reference controller this config's algorithm gives follows a later change of the
    // algorithm; any other (a reference one with other settings included) stays as set.
    b.congestionControlFactory = components.congestionControl().equals(
        new ReferenceCongestionControl(congestionControl, lossRecovery.hyStart()))
            ? null : components.congestionControl();
    return b;
  }

  /** The MSS to announce on a link with the given MTU (IPv4 and TCP headers take 40 bytes). */
  public int effectiveMss(int linkMtu) {
    int fromMtu = linkMtu - 40;
    return mss == 0 ? fromMtu : Math.min(mss, fromMtu);
  }

  /**
   * Builder. Defaults: MSS from the MTU, 256 KiB buffers, window scaling, SACK and timestamps on,
   * Nagle on, 40 ms delayed ACK, RTO 1 s initial / 200 ms min / 60 s max, R1 = 3, R2 = 15, SYN R2
   * = 7, MSL 30 s, keep-alive off (2 h idle, 75 s interval, 9 probes), 10 challenge ACKs/s,
   * CUBIC, FIN-WAIT-2 timeout 60 s, no user timeout, SYN-ACK R2 = 5, SYN cookies on, Linux's loss
   * recovery ({@link LossRecoveryConfig#linuxDefaults()}). CUBIC is the default because it is
   * Linux's (since 2.6.19) and a standards-track RFC (9438), and because it keeps more of the path
   * busy after a loss (β = 0.7, and window growth that does not depend on the RTT).
   */
  public static final class Builder {
    private int mss;
    private int sendBufferBytes = 256 * 1024;
    private int receiveBufferBytes = 256 * 1024;
    private boolean windowScaling = true;
    private boolean sack = true;
    private boolean timestamps = true;
    private boolean noDelay;
    private long delayedAckNs = 40_000_000L;
    private RtoSettings rto =
        RtoSettings.rfc6298().withMinRto(Duration.ofMillis(200));
    private int retriesBeforeWarning = 3;
    private int retriesBeforeAbort = 15;
    private int synRetriesBeforeAbort = 7;
    private long mslNs = Duration.ofSeconds(30).toNanos();
    private boolean keepAlive;
    private long keepAliveIdleNs = Duration.ofHours(2).toNanos();
    private long keepAliveIntervalNs = Duration.ofSeconds(75).toNanos();
    private int keepAliveProbes = 9;
    private int challengeAcksPerSecond = 10;
    private CongestionAlgorithm congestionControl = CongestionAlgorithm.CUBIC;
    private long finWait2TimeoutNs = Duration.ofSeconds(60).toNanos();
    private long userTimeoutNs;
    private int synAckRetriesBeforeAbort = 5;
    private boolean synCookies = true;
    private LossRecoveryConfig lossRecovery = LossRecoveryConfig.linuxDefaults();
    private ComponentFactories components = ComponentFactories.reference();
    /** A congestion-control factory set explicitly, or null for the reference's algorithm. */
    private CongestionControlFactory congestionControlFactory;

    private Builder() {}

    public Builder mss(int value) {
      mss = value;
      return this;
    }

    public Builder sendBufferBytes(int value) {
      sendBufferBytes = value;
      return this;
    }

    public Builder receiveBufferBytes(int value) {
      receiveBufferBytes = value;
      return this;
    }

    public Builder windowScaling(boolean value) {
      windowScaling = value;
      return this;
    }

    public Builder sack(boolean value) {
      sack = value;
      return this;
    }

    public Builder timestamps(boolean value) {
      timestamps = value;
      return this;
    }

    public Builder noDelay(boolean value) {
      noDelay = value;
      return this;
    }

    public Builder delayedAck(Duration value) {
      delayedAckNs = value.toNanos();
      return this;
    }

    public Builder rto(RtoSettings value) {
      rto = value;
      return this;
    }

    public Builder retries(int beforeWarning, int beforeAbort) {
      retriesBeforeWarning = beforeWarning;
      retriesBeforeAbort = beforeAbort;
      return this;
    }

    public Builder synRetries(int beforeAbort) {
      synRetriesBeforeAbort = beforeAbort;
      return this;
    }

    public Builder msl(Duration value) {
      mslNs = value.toNanos();
      return this;
    }

    public Builder keepAlive(boolean enabled) {
      keepAlive = enabled;
      return this;
    }

    public Builder keepAlive(Duration idle, Duration interval, int probes) {
      keepAliveIdleNs = idle.toNanos();
      keepAliveIntervalNs = interval.toNanos();
      keepAliveProbes = probes;
      return this;
    }

    public Builder challengeAcksPerSecond(int value) {
      challengeAcksPerSecond = value;
      return this;
    }

    public Builder congestionControl(CongestionAlgorithm value) {
      congestionControl = value;
      return this;
    }

    /** How long FIN-WAIT-2 waits for the peer's FIN after {@link TcpConnection#close}. */
    public Builder finWait2Timeout(Duration value) {
      finWait2TimeoutNs = value.toNanos();
      return this;
    }

    /** The user timeout (RFC 5482, Linux {@code TCP_USER_TIMEOUT}); {@link Duration#ZERO} = off. */
    public Builder userTimeout(Duration value) {
      userTimeoutNs = value.toNanos();
      return this;
    }

    /** SYN-ACK retransmissions before a half-open connection gives up (Linux default 5). */
    public Builder synAckRetries(int beforeAbort) {
      synAckRetriesBeforeAbort = beforeAbort;
      return this;
    }

    /** Whether a listener whose SYN queue is full answers with SYN cookies (default on). */
    public Builder synCookies(boolean enabled) {
      synCookies = enabled;
      return this;
    }

    /** Which loss-recovery algorithms run (see {@link LossRecoveryConfig}). */
    public Builder lossRecovery(LossRecoveryConfig value) {
      lossRecovery = value;
      return this;
    }

    /**
     * The factories the connection builds its components with (issue 12's seams; see {@link
     * ComponentFactories}). Default: {@link ComponentFactories#reference()}. A reference
     * congestion-control factory in {@code value} follows {@link #congestionControl(
     * CongestionAlgorithm)} and {@link #lossRecovery}; any other is kept as set.
     */
    public Builder components(ComponentFactories value) {
      components = value;
      congestionControlFactory = value.congestionControl() instanceof ReferenceCongestionControl
          ? null : value.congestionControl();
      return this;
    }

    /** Makes the send and receive streams (default: the reference {@code ChunkedByteStream}). */
    public Builder byteStream(ByteStreamFactory value) {
      components = components.withByteStream(value);
      return this;
    }

    /** Makes the reassembler (default: the reference {@code SortedRunReassembler}). */
    public Builder reassembler(ReassemblerFactory value) {
      components = components.withReassembler(value);
      return this;
    }

    /** Makes the receiver (default: the reference {@code Rfc9293Receiver}). */
    public Builder receiver(TcpReceiverFactory value) {
      components = components.withReceiver(value);
      return this;
    }

    /** Makes the sender (default: the reference {@code Rfc9293Sender}). */
    public Builder sender(TcpSenderFactory value) {
      components = components.withSender(value);
      return this;
    }

    /** Makes the RTT estimator (default: the reference {@code Rfc6298RttEstimator}). */
    public Builder rttEstimator(RttEstimatorFactory value) {
      components = components.withRttEstimator(value);
      return this;
    }

    /**
     * Makes the congestion controllers; replaces the algorithm chosen with {@link
     * #congestionControl(CongestionAlgorithm)} (default: the reference NewReno with that
     * algorithm's window growth).
     */
    public Builder congestionControl(CongestionControlFactory value) {
      if (value == null) {
        throw new IllegalArgumentException("congestion-control factory must not be null");
      }
      congestionControlFactory = value;
      return this;
    }

    public TcpConfig build() {
      ComponentFactories resolved = components.withCongestionControl(
          congestionControlFactory != null ? congestionControlFactory
              : new ReferenceCongestionControl(congestionControl, lossRecovery.hyStart()));
      return new TcpConfig(mss, sendBufferBytes, receiveBufferBytes, windowScaling, sack,
          timestamps, noDelay, delayedAckNs, rto, retriesBeforeWarning, retriesBeforeAbort,
          synRetriesBeforeAbort, mslNs, keepAlive, keepAliveIdleNs, keepAliveIntervalNs,
          keepAliveProbes, challengeAcksPerSecond, congestionControl, finWait2TimeoutNs,
          userTimeoutNs, synAckRetriesBeforeAbort, synCookies, lossRecovery, resolved);
    }
  }
}
