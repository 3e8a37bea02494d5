package org.minitransport.tck.verify.congestion;

import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.CongestionControlFactory;

/**
 * The congestion-control suite against tcp-lite's default controller (NewReno recovery, CUBIC
 * growth, HyStart++): dogfooded.
 */
class CubicVerificationTest extends CongestionControlVerification {

  @Override
  protected CongestionControlFactory congestionControl() {
    return ComponentFactories.reference().congestionControl();
  }

  @Override
  protected Growth growth() {
    return Growth.CUBIC;
  }
}
