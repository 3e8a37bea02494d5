package org.minitransport.tcp.component;

import org.minitransport.tcp.RtoSettings;

/** A deliberately plain {@link RttEstimator}: RFC 6298 §2 and §5.5, nothing else. */
public final class MinimalRttEstimator implements RttEstimator {

  private final RtoSettings settings;
  private long srttNs;
  private long rttVarNs;
  private long rtoNs;

  public MinimalRttEstimator(RtoSettings settings) {
    this.settings = settings;
    this.rtoNs = settings.initialRtoNs();
  }

  @Override
  public void addSample(long rttNs) {
    if (rttNs < 0) {
      throw new IllegalArgumentException("RTT sample " + rttNs + " is negative");
    }
    if (srttNs == 0) {
      srttNs = rttNs;
      rttVarNs = rttNs / 2;
    } else {
      rttVarNs = (3 * rttVarNs + Math.abs(srttNs - rttNs)) / 4;
      srttNs = (7 * srttNs + rttNs) / 8;
    }
    long rto = srttNs + Math.max(settings.clockGranularityNs(), 4 * rttVarNs);
    rtoNs = Math.max(settings.minRtoNs(), Math.min(settings.maxRtoNs(), rto));
  }

  @Override
  public void backoff() {
    rtoNs = Math.min(settings.maxRtoNs(), 2 * rtoNs);
  }

  @Override
  public long rtoNs() {
    return rtoNs;
  }

  @Override
  public long smoothedRttNs() {
    return srttNs;
  }

  @Override
  public long rttVariationNs() {
    return rttVarNs;
  }
}
