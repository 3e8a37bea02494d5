package org.minitransport.tcp.component;

import org.minitransport.tcp.LossRecoveryConfig;
import org.minitransport.tcp.SeqNum;

/** Makes a connection's sender. */
@FunctionalInterface
public interface TcpSenderFactory {

  /**
   * What a sender is given.
   *
   * @param isn the initial sequence number: the SYN's (RFC 9293 §3.4.1, chosen by the endpoint)
   * @param mssBytes the largest payload before the handshake settles it ({@link
   *     TcpSender#onNegotiated})
   * @param noDelay whether Nagle's algorithm is off (RFC 9293 §3.7.4)
   * @param rtt the connection's RTT estimator (its RTO drives the retransmission timer)
   * @param congestion makes a congestion controller for a given SMSS; a sender that ignores
   *     congestion control may ignore it
   * @param lossRecovery which loss-recovery extras to run once SACK is negotiated
   */
  record Settings(SeqNum isn, int mssBytes, boolean noDelay, RttEstimator rtt,
      CongestionControlFactory congestion, LossRecoveryConfig lossRecovery) {}

  /**
   * A sender that has sent nothing, reading {@code outbound} (the outbound stream, empty and
   * open), as Minnow's {@code TCPSender} takes its {@code ByteStream}: the application writes to
   * and closes {@code outbound.writer()}; the sender reads {@code outbound.reader()} and learns
   * from {@code outbound.writer().isClosed()} that a FIN is due after the last byte.
   */
  TcpSender create(ByteStream outbound, Settings settings);
}
