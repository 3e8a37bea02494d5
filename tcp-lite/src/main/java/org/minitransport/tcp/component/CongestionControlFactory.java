package org.minitransport.tcp.component;

/**
 * Makes a sender's congestion controller; a sender calls it again when the handshake settles the
 * MSS, since the initial window depends on it (RFC 5681 §3.1).
 */
@FunctionalInterface
public interface CongestionControlFactory {

  /**
   * A controller in slow start with cwnd = the initial window for {@code smssBytes} and ssthresh
   * unbounded (RFC 5681 §3.1).
   *
   * @param smssBytes the sender maximum segment size
   * @param rtt the connection's RTT estimator, for controllers that use the RTT (CUBIC, RFC 9438
   *     §4.2); read it, never feed it
   */
  CongestionControl create(long smssBytes, RttEstimator rtt);
}
