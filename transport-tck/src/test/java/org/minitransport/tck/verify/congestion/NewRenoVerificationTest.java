package org.minitransport.tck.verify.congestion;

import org.minitransport.tcp.LossRecoveryConfig;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.component.CongestionControlFactory;

/** The congestion-control suite against the reference NewReno with Reno growth: dogfooded. */
class NewRenoVerificationTest extends CongestionControlVerification {

  @Override
  protected CongestionControlFactory congestionControl() {
    return TcpConfig.builder().congestionControl(TcpConfig.CongestionAlgorithm.NEW_RENO)
        .lossRecovery(LossRecoveryConfig.newRenoOnly()).build().components().congestionControl();
  }
}
