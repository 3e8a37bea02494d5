package org.minitransport.tcp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongBinaryOperator;

/**
 * What loss recovery did on one connection ({@link TcpConnection#lossRecoveryCounters()}) or, summed,
 * on an endpoint ({@link TcpCounters#lossRecovery()}). Each follows the Linux {@code nstat} counter
 * named beside it, and {@link #byNstatName()} lists them under those names (as {@code netstat}
 * prints them), so that a side-by-side run can set tcp-lite's figures beside Linux's.
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
 * @param oldDsacksSent D-SACK blocks sent for data below RCV.NXT, RFC 2883 §4.1.1–4.1.2 ({@code
 *     TcpExtTCPDSACKOldSent})
 * @param ofoDsacksSent D-SACK blocks sent for out-of-order data already held, RFC 2883 §4.1.3
 *     ({@code TcpExtTCPDSACKOfoSent})
 * @param timestampUndos recoveries undone because timestamps showed them spurious, RFC 3522
 *     ({@code TcpExtTCPFullUndo})
 * @param dsackUndos recoveries undone because D-SACKs showed them spurious, RFC 3708 ({@code
 *     TcpExtTCPDSACKUndo})
 * @param lossUndos timeout recoveries undone ({@code TcpExtTCPLossUndo})
 */
public record LossRecoveryCounters(long timeouts, long fastRetransmits, long slowStartRetransmits,
    long sackRecoveries, long renoRecoveries, long lossProbes, long lossProbeRecoveries,
    long dsacksReceived, long oldDsacksSent, long ofoDsacksSent, long timestampUndos,
    long dsackUndos, long lossUndos) {

  /** Nothing counted yet. */
  public static final LossRecoveryCounters NONE =
      new LossRecoveryCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** D-SACK blocks sent, of either kind. */
  public long dsacksSent() {
    return oldDsacksSent + ofoDsacksSent;
  }

  /** Spurious recoveries undone, by any detector. */
  public long undos() {
    return timestampUndos + dsackUndos + lossUndos;
  }

  /**
   * Every counter under the name of the Linux {@code nstat} counter it follows, without the {@code
   * TcpExt} prefix ({@code TCPTimeouts}, {@code TCPFastRetrans}, …), in this record's order.
   */
  public Map<String, Long> byNstatName() {
    Map<String, Long> named = new LinkedHashMap<>();
    named.put("TCPTimeouts", timeouts);
    named.put("TCPFastRetrans", fastRetransmits);
    named.put("TCPSlowStartRetrans", slowStartRetransmits);
    named.put("TCPSackRecovery", sackRecoveries);
    named.put("TCPRenoRecovery", renoRecoveries);
    named.put("TCPLossProbes", lossProbes);
    named.put("TCPLossProbeRecovery", lossProbeRecoveries);
    named.put("TCPDSACKRecv", dsacksReceived);
    named.put("TCPDSACKOldSent", oldDsacksSent);
    named.put("TCPDSACKOfoSent", ofoDsacksSent);
    named.put("TCPFullUndo", timestampUndos);
    named.put("TCPDSACKUndo", dsackUndos);
    named.put("TCPLossUndo", lossUndos);
    return named;
  }

  /** Counter by counter, these plus {@code other}. */
  public LossRecoveryCounters plus(LossRecoveryCounters other) {
    return combine(other, Long::sum);
  }

  /** Counter by counter, these less {@code earlier} (what was counted since). */
  public LossRecoveryCounters minus(LossRecoveryCounters earlier) {
    return combine(earlier, (a, b) -> a - b);
  }

  private LossRecoveryCounters combine(LossRecoveryCounters o, LongBinaryOperator op) {
    return new LossRecoveryCounters(op.applyAsLong(timeouts, o.timeouts),
        op.applyAsLong(fastRetransmits, o.fastRetransmits),
        op.applyAsLong(slowStartRetransmits, o.slowStartRetransmits),
        op.applyAsLong(sackRecoveries, o.sackRecoveries),
        op.applyAsLong(renoRecoveries, o.renoRecoveries),
        op.applyAsLong(lossProbes, o.lossProbes),
        op.applyAsLong(lossProbeRecoveries, o.lossProbeRecoveries),
        op.applyAsLong(dsacksReceived, o.dsacksReceived),
        op.applyAsLong(oldDsacksSent, o.oldDsacksSent),
        op.applyAsLong(ofoDsacksSent, o.ofoDsacksSent),
        op.applyAsLong(timestampUndos, o.timestampUndos),
        op.applyAsLong(dsackUndos, o.dsackUndos),
        op.applyAsLong(lossUndos, o.lossUndos));
  }
}
