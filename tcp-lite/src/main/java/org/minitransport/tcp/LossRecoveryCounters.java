package org.minitransport.tcp;

/**
 * What loss recovery did on one connection ({@link TcpConnection#lossRecoveryCounters()}) or, summed,
 * on an endpoint ({@link TcpCounters}). Each is named after the Linux {@code nstat} counter it
 * corresponds to, so that a side-by-side run can set tcp-lite's figures beside Linux's.
 *
 * @param timeouts retransmission timeouts (RFC 6298 §5.4; {@code TcpExtTCPTimeouts})
 * @param fastRetransmits segments retransmitted during fast recovery ({@code
 *     TcpExtTCPFastRetrans})
 * @param slowStartRetransmits segments retransmitted while recovering from a timeout ({@code
 *     TcpExtTCPSlowStartRetrans})
 * @param sackRecoveries fast recoveries with SACK, RFC 6675 ({@code TcpExtTCPSackRecovery})
 * @param renoRecoveries fast recoveries without SACK, RFC 6582 ({@code TcpExtTCPRenoRecovery})
 * @param lossProbes tail loss probes sent, RFC 8985 §7 ({@code TcpExtTCPLossProbes})
 * @param lossProbeRecoveries probes that repaired a loss ({@code TcpExtTCPLossProbeRecovery})
 * @param dsacksReceived ACKs that carried a D-SACK block, RFC 2883 ({@code TcpExtTCPDSACKRecv})
 * @param dsacksSent D-SACK blocks sent ({@code TcpExtTCPDSACKOldSent} + {@code
 *     TcpExtTCPDSACKOfoSent})
 * @param timestampUndos recoveries undone because timestamps showed them spurious, RFC 3522
 *     ({@code TcpExtTCPFullUndo}, {@code TcpExtTCPPartialUndo})
 * @param dsackUndos recoveries undone because D-SACKs showed them spurious, RFC 3708 ({@code
 *     TcpExtTCPDSACKUndo})
 * @param lossUndos timeout recoveries undone ({@code TcpExtTCPLossUndo})
 */
public record LossRecoveryCounters(long timeouts, long fastRetransmits, long slowStartRetransmits,
    long sackRecoveries, long renoRecoveries, long lossProbes, long lossProbeRecoveries,
    long dsacksReceived, long dsacksSent, long timestampUndos, long dsackUndos, long lossUndos) {

  /** Spurious recoveries undone, by any detector. */
  public long undos() {
    return timestampUndos + dsackUndos + lossUndos;
  }
}
