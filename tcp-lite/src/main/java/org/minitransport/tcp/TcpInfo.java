package org.minitransport.tcp;

import org.minitransport.core.address.SocketPair;

/**
 * A snapshot of one connection for diagnostics, like Linux's {@code TCP_INFO} and the columns of
 * {@code ss -ti}: what is queued each way, the RTT estimate (RFC 6298) and the congestion window
 * (RFC 5681). Taken on the host thread; the values do not change afterwards.
 *
 * @param socketPair local and remote endpoints
 * @param state the RFC 9293 state
 * @param bytesReadable received bytes the application has not read (netstat's Recv-Q)
 * @param bytesUnacknowledged bytes written but not yet acknowledged, sent or not (Send-Q)
 * @param smoothedRttNs SRTT; 0 before the first sample
 * @param retransmissionTimeoutNs the current RTO
 * @param congestionWindowBytes cwnd
 * @param sendMss the MSS this side sends with
 * @param retransmittedSegments segments sent again over the connection's life
 * @param retransmissionTimeouts retransmission timeouts over the connection's life (Linux's {@code
 *     tcpi_total_rto}; the other loss-recovery counters are {@link
 *     TcpConnection#lossRecoveryCounters()})
 * @param bytesAcknowledged data bytes the peer has acknowledged over the connection's life
 *     (Linux's {@code tcpi_bytes_acked})
 */
public record TcpInfo(
    SocketPair socketPair,
    TcpState state,
    int bytesReadable,
    int bytesUnacknowledged,
    long smoothedRttNs,
    long retransmissionTimeoutNs,
    long congestionWindowBytes,
    int sendMss,
    long retransmittedSegments,
    long retransmissionTimeouts,
    long bytesAcknowledged) {

  /**
   * The snapshot of {@code connection} now. Like every engine call, on the thread that drives the
   * connection (the host thread under a {@code TcpService}).
   */
  public static TcpInfo of(TcpConnection connection) {
    return new TcpInfo(connection.socketPair(), connection.state(), connection.bytesReadable(),
        connection.bytesUnacknowledged(), connection.smoothedRttNs(),
        connection.retransmissionTimeoutNs(), connection.congestionWindowBytes(),
        connection.sendMss(), connection.retransmittedSegments(),
        connection.lossRecoveryCounters().timeouts(),
        Math.max(0, connection.sndUnaAbs() - 1 - (finAcknowledged(connection) ? 1 : 0)));
  }

  /** SND.UNA counts the SYN, and our FIN once it is acknowledged: neither is data. */
  private static boolean finAcknowledged(TcpConnection connection) {
    TcpState state = connection.state();
    return state == TcpState.FIN_WAIT_2 || state == TcpState.TIME_WAIT
        || state == TcpState.CLOSED && connection.isOutputShutdown()
            && connection.failure().isEmpty();
  }
}
