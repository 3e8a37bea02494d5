package org.minitransport.tck.verify.congestion;

import org.minitransport.tcp.component.CongestionControl;
import org.minitransport.tcp.component.CongestionControlFactory;
import org.minitransport.tcp.internal.CubicWindowGrowth;
import org.minitransport.tcp.internal.NewRenoCongestionControl;
import org.minitransport.tcp.internal.WindowGrowth;

/**
 * Deliberately broken congestion controllers — the reference NewReno with a broken {@link
 * WindowGrowth} — and the suite subclass that runs against each (nested, so Surefire does not run
 * them; {@link CongestionControlVerificationCatchesBrokenControllersTest} does, through the
 * launcher).
 */
final class BrokenCongestionControls {

  private BrokenCongestionControls() {}

  /** Never leaves slow start: congestion avoidance grows by min(N, SMSS) per ACK as well. */
  static final CongestionControlFactory NEVER_LEAVES_SLOW_START =
      (smss, rtt) -> new NewRenoCongestionControl(smss, new WindowGrowth() {
        @Override
        public long grow(long nowNs, long cwndBytes, long ackedBytes, long smssBytes) {
          return cwndBytes + Math.min(ackedBytes, smssBytes);
        }

        @Override
        public long reduce(long nowNs, long cwndBytes, long flightSizeBytes, long smssBytes) {
          return Math.max(flightSizeBytes / 2, 2 * smssBytes);
        }
      });

  /** No multiplicative decrease: a loss leaves ssthresh at the whole flight size. */
  static final CongestionControlFactory NO_MULTIPLICATIVE_DECREASE =
      (smss, rtt) -> new NewRenoCongestionControl(smss, new WindowGrowth() {
        private final WindowGrowth reno = WindowGrowth.reno();

        @Override
        public long grow(long nowNs, long cwndBytes, long ackedBytes, long smssBytes) {
          return reno.grow(nowNs, cwndBytes, ackedBytes, smssBytes);
        }

        @Override
        public long reduce(long nowNs, long cwndBytes, long flightSizeBytes, long smssBytes) {
          reno.reduce(nowNs, cwndBytes, flightSizeBytes, smssBytes);
          return Math.max(flightSizeBytes, 2 * smssBytes);
        }
      });

  /**
   * CUBIC whose t counts from the controller's creation (time 0), not from the epoch: after every
   * congestion event it starts an epoch at 0.
   */
  static final CongestionControlFactory CUBIC_TIME_FROM_CREATION = (smss, rtt) -> {
    CubicWindowGrowth cubic = new CubicWindowGrowth(rtt::smoothedRttNs);
    return new NewRenoCongestionControl(smss, new WindowGrowth() {
      @Override
      public long grow(long nowNs, long cwndBytes, long ackedBytes, long smssBytes) {
        return cubic.grow(nowNs, cwndBytes, ackedBytes, smssBytes);
      }

      @Override
      public long reduce(long nowNs, long cwndBytes, long flightSizeBytes, long smssBytes) {
        long ssthresh = cubic.reduce(nowNs, cwndBytes, flightSizeBytes, smssBytes);
        cubic.grow(0, ssthresh, 1, smssBytes); // the epoch "starts" at time 0
        return ssthresh;
      }
    });
  };

  /**
   * The reference NewReno whose {@code onRecoveryEnd} forgets to set cwnd = ssthresh (RFC 6937
   * §3), so a sender-run recovery ends with whatever window PRR last set.
   */
  static final CongestionControlFactory RECOVERY_END_KEEPS_THE_RECOVERY_WINDOW = (smss, rtt) -> {
    NewRenoCongestionControl inner = new NewRenoCongestionControl(smss);
    return new CongestionControl() {
      private long cwndAfterEnd = -1;

      @Override
      public Signal onAck(long nowNs, long ackedBytes, long flightSizeBeforeAckBytes,
          long ackAbs, long sndNxtAbs) {
        cwndAfterEnd = -1;
        return inner.onAck(nowNs, ackedBytes, flightSizeBeforeAckBytes, ackAbs, sndNxtAbs);
      }

      @Override
      public Signal onDuplicateAck(long nowNs, long ackAbs, long flightSizeBytes,
          long sndNxtAbs) {
        return inner.onDuplicateAck(nowNs, ackAbs, flightSizeBytes, sndNxtAbs);
      }

      @Override
      public void onRetransmissionTimeout(long nowNs, long flightSizeBytes, long sndNxtAbs) {
        cwndAfterEnd = -1;
        inner.onRetransmissionTimeout(nowNs, flightSizeBytes, sndNxtAbs);
      }

      @Override
      public void beforeSendingData(long nowNs, long rtoNs) {
        inner.beforeSendingData(nowNs, rtoNs);
      }

      @Override
      public long cwndBytes() {
        return cwndAfterEnd >= 0 ? cwndAfterEnd : inner.cwndBytes();
      }

      @Override
      public long ssthreshBytes() {
        return inner.ssthreshBytes();
      }

      @Override
      public boolean inRecovery() {
        return inner.inRecovery();
      }

      @Override
      public boolean supportsSenderRecovery() {
        return true;
      }

      @Override
      public long onLossDetected(long nowNs, long flightSizeBytes, long sndNxtAbs) {
        return inner.onLossDetected(nowNs, flightSizeBytes, sndNxtAbs);
      }

      @Override
      public void setWindowInRecovery(long cwndBytes) {
        inner.setWindowInRecovery(cwndBytes);
      }

      @Override
      public void onRecoveryEnd() {
        long recoveryWindow = inner.cwndBytes();
        inner.onRecoveryEnd();
        cwndAfterEnd = recoveryWindow;
      }
    };
  };

  static class RecoveryEndKeepsTheRecoveryWindow extends CongestionControlVerification {
    @Override
    protected CongestionControlFactory congestionControl() {
      return RECOVERY_END_KEEPS_THE_RECOVERY_WINDOW;
    }
  }

  static class NeverLeavesSlowStart extends CongestionControlVerification {
    @Override
    protected CongestionControlFactory congestionControl() {
      return NEVER_LEAVES_SLOW_START;
    }
  }

  static class NoMultiplicativeDecrease extends CongestionControlVerification {
    @Override
    protected CongestionControlFactory congestionControl() {
      return NO_MULTIPLICATIVE_DECREASE;
    }
  }

  static class CubicTimeFromCreation extends CongestionControlVerification {
    @Override
    protected CongestionControlFactory congestionControl() {
      return CUBIC_TIME_FROM_CREATION;
    }

    @Override
    protected Growth growth() {
      return Growth.CUBIC;
    }
  }
}
