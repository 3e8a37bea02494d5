package org.minitransport.tcp.internal;

import java.util.function.LongSupplier;

/**
 * CUBIC window growth (RFC 9438): after a congestion event the window follows a cubic function
 * of the time since that event, W_cubic(t) = C·(t − K)³ + W_max, flat near the window where the
 * loss happened and probing faster away from it, and never slower than an estimate of what
 * Reno would have reached (the Reno-friendly region, §4.3).
 *
 * <ul>
 *   <li>C = 0.4, β = 0.7, α = 3(1 − β)/(1 + β) (§4.1, §4.3, §5);
 *   <li>K = ∛(W_max·(1 − β)/C) in seconds, windows in segments (§4.2);
 *   <li>per ACK in congestion avoidance: target = W_cubic(t + RTT) clamped to [cwnd, 1.5·cwnd],
 *       cwnd += (target − cwnd)/cwnd per acknowledged segment, or cwnd = W_est if that is larger,
 *       with W_est += α·(segments acknowledged)/cwnd (§4.3, §4.4, §4.5), where α becomes 1 once
 *       W_est has reached cwnd_prior, the window just before the last congestion event (§4.3);
 *   <li>on a congestion event: W_max = cwnd, or cwnd·(1 + β)/2 if the window is lower than the
 *       previous W_max (fast convergence, §4.7); ssthresh = max(cwnd·β, 2·SMSS) (§4.6); a new
 *       epoch starts with the next ACK in congestion avoidance, with W_est = cwnd;
 *   <li>after a retransmission timeout the same ssthresh, but the first congestion-avoidance epoch
 *       starts with K = 0 and W_max = cwnd at its start (§4.8): the curve grows from where slow
 *       start ended instead of aiming at the window the timeout was taken at;
 *   <li>a congestion event that proves spurious is undone (§4.9): {@link #save} before it and
 *       {@link #restore} give back W_max, K, the epoch's start, W_est and cwnd_prior, so the
 *       window goes on along the curve it was on.
 * </ul>
 *
 * <p>cwnd grows only while the sender uses it: {@link NewRenoCongestionControl} calls {@link
 * #grow} only when the window limited the sender (§4.6, as Linux's {@code tcp_is_cwnd_limited}).
 *
 * <p>t comes from the caller's {@code nowNs} and RTT from an injected supplier (the connection's
 * smoothed RTT), so the policy stays sans-IO.
 */
public final class CubicWindowGrowth implements WindowGrowth {

  /** C in §5.1: segments per second cubed. */
  public static final double C = 0.4;
  /** β_cubic in §4.6. */
  public static final double BETA = 0.7;
  /** α_cubic in §4.3. */
  public static final double ALPHA = 3 * (1 - BETA) / (1 + BETA);

  private final LongSupplier smoothedRttNs;
  private double windowMaxSegments;
  private long epochStartNs = -1;
  private double kSeconds;
  private double renoEstimateSegments;
  /** cwnd_prior (§4.3): the window just before the last congestion event; 0 before any. */
  private double windowPriorSegments;
  /** The next epoch is the first congestion-avoidance stage after a timeout (§4.8). */
  private boolean afterTimeout;

  /** @param smoothedRttNs the connection's current smoothed RTT (0 if none yet) */
  public CubicWindowGrowth(LongSupplier smoothedRttNs) {
    this.smoothedRttNs = smoothedRttNs;
  }

  @Override
  public long grow(long nowNs, long cwndBytes, long ackedBytes, long smssBytes) {
    double cwnd = (double) cwndBytes / smssBytes;
    if (epochStartNs < 0) {
      epochStartNs = nowNs;
      if (afterTimeout) {
        afterTimeout = false;
        windowMaxSegments = cwnd;
        kSeconds = 0;
      } else if (cwnd < windowMaxSegments) {
        kSeconds = Math.cbrt((windowMaxSegments - cwnd) / C);
      } else {
        kSeconds = 0;
        windowMaxSegments = cwnd;
      }
      renoEstimateSegments = cwnd;
    }
    double acked = (double) ackedBytes / smssBytes;
    double t = (nowNs - epochStartNs + Math.max(0, smoothedRttNs.getAsLong())) / 1e9;
    double cubic = C * Math.pow(t - kSeconds, 3) + windowMaxSegments;
    double alpha = renoEstimateSegments >= windowPriorSegments ? 1 : ALPHA;
    renoEstimateSegments += alpha * acked / cwnd;
    double next;
    if (cubic < renoEstimateSegments) {
      next = renoEstimateSegments; // Reno-friendly region (§4.3)
    } else {
      double target = Math.min(Math.max(cubic, cwnd), 1.5 * cwnd);
      next = cwnd + (target - cwnd) / cwnd * acked;
    }
    return Math.max(cwndBytes, (long) (next * smssBytes));
  }

  @Override
  public long reduce(long nowNs, long cwndBytes, long flightSizeBytes, long smssBytes) {
    double cwnd = (double) cwndBytes / smssBytes;
    windowMaxSegments = cwnd < windowMaxSegments ? cwnd * (1 + BETA) / 2 : cwnd;
    windowPriorSegments = cwnd;
    epochStartNs = -1;
    afterTimeout = false;
    return Math.max((long) (cwndBytes * BETA), 2 * smssBytes);
  }

  @Override
  public long reduceOnTimeout(long nowNs, long cwndBytes, long flightSizeBytes, long smssBytes) {
    long ssthresh = reduce(nowNs, cwndBytes, flightSizeBytes, smssBytes);
    afterTimeout = true;
    return ssthresh;
  }

  /** CUBIC's state between congestion events (RFC 9438 §4.9's prior_W_max, prior_K, …). */
  private record State(double windowMaxSegments, long epochStartNs, double kSeconds,
      double renoEstimateSegments, double windowPriorSegments, boolean afterTimeout)
      implements Saved {}

  @Override
  public Saved save() {
    return new State(windowMaxSegments, epochStartNs, kSeconds, renoEstimateSegments,
        windowPriorSegments, afterTimeout);
  }

  @Override
  public void restore(Saved saved) {
    if (saved instanceof State s) {
      windowMaxSegments = s.windowMaxSegments();
      epochStartNs = s.epochStartNs();
      kSeconds = s.kSeconds();
      renoEstimateSegments = s.renoEstimateSegments();
      windowPriorSegments = s.windowPriorSegments();
      afterTimeout = s.afterTimeout();
    }
  }

  /** W_est in segments, the Reno-friendly estimate of the current epoch (§4.3). */
  public double renoEstimateSegments() {
    return renoEstimateSegments;
  }

  /** W_max in segments, for tests and plots. */
  public double windowMaxSegments() {
    return windowMaxSegments;
  }

  /** K in seconds of the current epoch. */
  public double kSeconds() {
    return kSeconds;
  }

  @Override
  public String toString() {
    return "CUBIC[Wmax=" + String.format("%.1f", windowMaxSegments) + " segments]";
  }
}
