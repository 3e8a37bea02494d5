package org.minitransport.tck.verify.rtt;

import org.minitransport.tcp.component.RttEstimatorFactory;
import org.minitransport.tcp.internal.Rfc6298RttEstimator;

/** The RTT-estimator suite against the reference, {@code Rfc6298RttEstimator}: the TCK dogfooded. */
class Rfc6298RttEstimatorVerificationTest extends RttEstimatorVerification {

  @Override
  protected RttEstimatorFactory factory() {
    return Rfc6298RttEstimator::new;
  }
}
