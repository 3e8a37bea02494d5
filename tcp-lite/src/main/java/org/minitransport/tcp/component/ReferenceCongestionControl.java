package org.minitransport.tcp.component;

import java.util.Objects;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.internal.CubicWindowGrowth;
import org.minitransport.tcp.internal.NewRenoCongestionControl;
import org.minitransport.tcp.internal.WindowGrowth;

/**
 * The reference congestion controllers: {@link NewRenoCongestionControl} (RFC 5681, RFC 6582)
 * with Reno or CUBIC (RFC 9438) window growth, and HyStart++ (RFC 9406) if enabled. The default
 * {@link CongestionControlFactory} of a {@link TcpConfig}, chosen by its {@link
 * TcpConfig#congestionControl()} and {@link org.minitransport.tcp.LossRecoveryConfig#hyStart()}.
 *
 * <p>A value: two of them with the same settings are equal, and a scenario file records one by its
 * two fields and reads it back.
 *
 * @param algorithm the window-growth function
 * @param hyStart whether slow start exits early by HyStart++
 */
public record ReferenceCongestionControl(TcpConfig.CongestionAlgorithm algorithm, boolean hyStart)
    implements CongestionControlFactory {

  /** @throws NullPointerException if {@code algorithm} is null */
  public ReferenceCongestionControl {
    Objects.requireNonNull(algorithm, "algorithm");
  }

  @Override
  public CongestionControl create(long smssBytes, RttEstimator rtt) {
    return new NewRenoCongestionControl(smssBytes,
        algorithm == TcpConfig.CongestionAlgorithm.CUBIC
            ? new CubicWindowGrowth(rtt::smoothedRttNs) : WindowGrowth.reno(),
        hyStart);
  }
}
