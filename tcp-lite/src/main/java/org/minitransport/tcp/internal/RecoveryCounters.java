package org.minitransport.tcp.internal;

import org.minitransport.tcp.LossRecoveryCounters;

/**
 * What one connection's loss recovery did, counted from its start (the engine's side of {@link
 * LossRecoveryCounters}; names after Linux's {@code nstat} counters). Plain fields: not
 * thread-safe, owned by one connection.
 */
public final class RecoveryCounters {

  /** Retransmission timeouts ({@code TcpExtTCPTimeouts}). */
  public long timeouts;
  /** Retransmissions during fast recovery ({@code TcpExtTCPFastRetrans}). */
  public long fastRetransmits;
  /** Retransmissions during recovery from a timeout ({@code TcpExtTCPSlowStartRetrans}). */
  public long slowStartRetransmits;
  /** Fast recoveries begun with SACK ({@code TcpExtTCPSackRecovery}). */
  public long sackRecoveries;
  /** Fast recoveries begun without SACK, NewReno ({@code TcpExtTCPRenoRecovery}). */
  public long renoRecoveries;
  /** Tail loss probes sent ({@code TcpExtTCPLossProbes}). */
  public long lossProbes;
  /** Tail loss probes that repaired a loss ({@code TcpExtTCPLossProbeRecovery}). */
  public long lossProbeRecoveries;
  /** ACKs received with a D-SACK block ({@code TcpExtTCPDSACKRecv}). */
  public long dsacksReceived;
  /** D-SACK blocks sent for data below RCV.NXT ({@code TcpExtTCPDSACKOldSent}). */
  public long oldDsacksSent;
  /** D-SACK blocks sent for out-of-order data already held ({@code TcpExtTCPDSACKOfoSent}). */
  public long ofoDsacksSent;
  /** Fast recoveries undone by timestamps ({@code TcpExtTCPFullUndo}). */
  public long timestampUndos;
  /** Recoveries undone by D-SACKs ({@code TcpExtTCPDSACKUndo}). */
  public long dsackUndos;
  /** Timeout recoveries undone ({@code TcpExtTCPLossUndo}). */
  public long lossUndos;

  /** A snapshot. */
  public LossRecoveryCounters snapshot() {
    return new LossRecoveryCounters(timeouts, fastRetransmits, slowStartRetransmits,
        sackRecoveries, renoRecoveries, lossProbes, lossProbeRecoveries, dsacksReceived,
        oldDsacksSent, ofoDsacksSent, timestampUndos, dsackUndos, lossUndos);
  }
}
