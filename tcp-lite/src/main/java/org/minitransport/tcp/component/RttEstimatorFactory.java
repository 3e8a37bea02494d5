package org.minitransport.tcp.component;

import org.minitransport.tcp.RtoSettings;

/** Makes a connection's RTT estimator. */
@FunctionalInterface
public interface RttEstimatorFactory {

  /** An estimator with no sample, whose RTO is {@code settings.initialRtoNs()}. */
  RttEstimator create(RtoSettings settings);
}
