package org.minitransport.tcp.component;

import org.minitransport.tcp.TcpConfig;

/** Plugs every {@code Minimal…} component into a configuration, through its factories only. */
public final class MinimalComponents {

  private MinimalComponents() {}

  /** {@code builder} with all six minimal components in place of the reference. */
  public static TcpConfig.Builder everywhere(TcpConfig.Builder builder) {
    return builder.byteStream(MinimalByteStream::new)
        .reassembler(MinimalReassembler::new)
        .receiver((reassembler, settings) -> new MinimalTcpReceiver(reassembler))
        .sender(MinimalTcpSender::new)
        .rttEstimator(MinimalRttEstimator::new)
        .congestionControl((smss, rtt) -> new MinimalCongestionControl(smss));
  }
}
