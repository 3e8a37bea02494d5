package org.minitransport.tcp.internal;

/**
 * Pacing: spreading a window's segments over the round trip instead of sending them back to back
 * on each ACK, as Linux's TCP does when it paces by itself (its "internal pacing", {@code
 * tcp_update_pacing_rate}, {@code tcp_pacing_check}, {@code tcp_update_skb_after_send}) or through
 * the fq queueing discipline. No RFC makes pacing a TCP rule; RFC 8985 §7.2 and RFC 9002 §7.7 (the
 * same loss recovery in QUIC) recommend it, since a burst that meets a full queue loses several
 * segments at once, and a burst that arrives together draws a single (stretch) ACK whose loss
 * leaves the sender nothing to go on but the RTO.
 *
 * <p><b>Rate</b> ({@link #rateBytesPerSecond}), Linux's: {@code max(cwnd, FlightSize) / SRTT},
 * times 2 in slow start (cwnd below ssthresh / 2: the window doubles each RTT, so the sender must
 * be able to send twice what the last RTT carried) and 1.2 otherwise; no pacing before the first
 * RTT sample.
 *
 * <p><b>Departures</b>: data leaves in bursts of {@link #burstBytes} — at least two segments, or
 * one millisecond's worth at the rate if that is more (Linux's minimum of two segments per
 * GSO packet, {@code tcp_min_tso_segs}, and its 1 ms of data per packet, {@code sk_pacing_shift}) —
 * all at one instant; the next burst may leave once the last one's bytes would have left at the
 * rate. A burst that leaves late (the timer of a real event loop fires late) gets up to half of its
 * interval back, as Linux's {@code tcp_update_skb_after_send} credits lateness, so that jitter does
 * not lower the rate. The sender asks {@link #mayTransmit} before each data segment and, when it
 * may not, arms a timer for {@link #releaseNs}.
 *
 * <p>Sans-IO: times are passed in, in nanoseconds. Not thread-safe.
 */
public final class Pacing {

  /** Rate in slow start, in percent of cwnd per SRTT (Linux's {@code tcp_pacing_ss_ratio}). */
  public static final int SLOW_START_PERCENT = 200;

  /** Rate otherwise (Linux's {@code tcp_pacing_ca_ratio}). */
  public static final int AVOIDANCE_PERCENT = 120;

  /** Segments a burst may hold at least (Linux's {@code tcp_min_tso_segs}). */
  public static final int MIN_BURST_SEGMENTS = 2;

  /** The time's worth of data a burst may hold at most, if more than the minimum. */
  public static final long BURST_NS = 1_000_000L;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private long releaseNs = Long.MIN_VALUE;
  private long burstStartNs = Long.MIN_VALUE;
  private long burstBytesLeft;

  /**
   * Linux's pacing rate.
   *
   * @return bytes per second, or 0 (do not pace) before the first RTT sample
   */
  public static long rateBytesPerSecond(long cwndBytes, long ssthreshBytes, long flightBytes,
      long smoothedRttNs) {
    if (smoothedRttNs <= 0) {
      return 0;
    }
    int percent = cwndBytes < ssthreshBytes / 2 ? SLOW_START_PERCENT : AVOIDANCE_PERCENT;
    double bytes = (double) Math.max(cwndBytes, flightBytes) * percent / 100;
    return Math.max(1, (long) (bytes * NANOS_PER_SECOND / smoothedRttNs));
  }

  /** How many bytes one burst may hold at {@code rate}. */
  public static long burstBytes(long rateBytesPerSecond, int smssBytes) {
    long oneMillisecond = rateBytesPerSecond / (NANOS_PER_SECOND / BURST_NS);
    return Math.max((long) MIN_BURST_SEGMENTS * smssBytes, oneMillisecond);
  }

  /**
   * Whether a data segment may leave at {@code nowNs}: the next burst is due, or the current one,
   * begun at this same instant, has room left.
   */
  public boolean mayTransmit(long nowNs) {
    return nowNs >= releaseNs || (nowNs == burstStartNs && burstBytesLeft > 0);
  }

  /** When the next burst may leave ({@link Long#MIN_VALUE} before anything was paced). */
  public long releaseNs() {
    return releaseNs;
  }

  /**
   * A data segment of {@code bytes} left at {@code nowNs}: one {@link #mayTransmit} allowed, or
   * one the sender sends regardless, whose bytes count against the rate all the same (as Linux
   * advances its departure time for every packet sent).
   *
   * @param rateBytesPerSecond from {@link #rateBytesPerSecond}; 0 leaves the segment unpaced
   */
  public void onTransmit(long nowNs, int bytes, long rateBytesPerSecond, int smssBytes) {
    if (rateBytesPerSecond <= 0) {
      return;
    }
    long intervalNs = Math.max(1, bytes * NANOS_PER_SECOND / rateBytesPerSecond);
    boolean inBurst = nowNs == burstStartNs && burstBytesLeft > 0;
    if (!inBurst && nowNs >= releaseNs) {
      // A new burst. A segment sent ahead of its time (one the sender does not pace: the RTO's
      // retransmission, a probe) opens none; its bytes only push the next release back.
      long burst = burstBytes(rateBytesPerSecond, smssBytes);
      long burstIntervalNs = burst * NANOS_PER_SECOND / rateBytesPerSecond;
      long lateNs = releaseNs == Long.MIN_VALUE ? 0 : Math.max(0, nowNs - releaseNs);
      releaseNs = nowNs - Math.min(lateNs, burstIntervalNs / 2);
      burstStartNs = nowNs;
      burstBytesLeft = burst;
    }
    burstBytesLeft -= bytes;
    releaseNs += intervalNs;
  }
}
