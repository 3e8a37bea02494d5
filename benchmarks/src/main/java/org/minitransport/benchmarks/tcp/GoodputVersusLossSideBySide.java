package org.minitransport.benchmarks.tcp;

import java.util.List;
import java.util.Locale;
import org.minitransport.tcp.LossRecoveryConfig;
import org.minitransport.tcp.LossRecoveryConfig.Prr;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpConfig.CongestionAlgorithm;

/**
 * tcp-lite goodput over the simulated network against loss, one column per loss-recovery switch
 * ({@link LossRecoveryConfig}) added to the one before, next to the Mathis et al. (1997) and
 * Padhye et al. (PFTK, 1998) predictions for the same MSS and RTT, plus the wall time of a large
 * loss-free transfer on one thread.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * org.minitransport.benchmarks.tcp.GoodputVersusLossSideBySide [MiB-per-run] [GiB-for-wall-time]}
 *
 * <p>The columns, each with everything to its left: NewReno recovery (RFC 6582, the old
 * tcp-lite); SACK-based recovery (RFC 6675 with DupThresh, cwnd = ssthresh); PRR (RFC 6937/9937);
 * RACK-TLP (RFC 8985); D-SACK and undo (RFC 2883, 3522, 3708); HyStart++ (RFC 9406) — all with
 * Reno growth; then the default, which is all of them with CUBIC (RFC 9438); then the default with
 * pacing ({@link LossRecoveryConfig#pacing()}, off by default as in Linux's CUBIC). Per column also
 * the retransmission timeouts per 1,000 segments lost.
 *
 * <p>Models, for segment size MSS, round-trip time RTT, loss probability p, b = 2 segments per
 * ACK (delayed ACK) and retransmission timeout T0:
 *
 * <ul>
 *   <li>Mathis: rate = (MSS / RTT) · 1.22 / √p
 *   <li>PFTK: rate = MSS / (RTT·√(2bp/3) + T0·min(1, 3·√(3bp/8))·p·(1 + 32p²)), capped at the
 *       receive window per RTT
 * </ul>
 */
public final class GoodputVersusLossSideBySide {

  private record Column(String name, TcpConfig config) {}

  private GoodputVersusLossSideBySide() {}

  public static void main(String[] args) throws Exception {
    long mibPerRun = args.length > 0 ? Long.parseLong(args[0]) : 32;
    double gibForWallTime = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    long oneWayDelayNs = 10_000_000;
    double rttSeconds = 2 * oneWayDelayNs / 1e9;
    TcpConfig defaults = TcpConfig.defaults();
    double t0 = defaults.rto().minRtoNs() / 1e9;
    double windowLimit = defaults.receiveBufferBytes() / rttSeconds;
    List<Column> columns = columns(defaults);

    System.out.printf(Locale.ROOT, "tcp-lite bulk transfer, RTT %.0f ms, %d MiB per run, "
        + "receive window %d KiB, min RTO %.0f ms, loss on the data direction, seed 7%n",
        rttSeconds * 1e3, mibPerRun, defaults.receiveBufferBytes() / 1024, t0 * 1e3);
    StringBuilder header = new StringBuilder("| loss |");
    StringBuilder rule = new StringBuilder("|---|");
    for (Column c : columns) {
      header.append(' ').append(c.name()).append(" |");
      rule.append("---|");
    }
    header.append(" Mathis | PFTK | default/Mathis | paced/Mathis | NewReno/Mathis"
        + " | RTOs per 1000 losses |");
    rule.append("---|---|---|---|---|---|");
    System.out.println("Mbit/s per column (each adds its switch to those on its left)");
    System.out.println(header);
    System.out.println(rule);
    double[] losses = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05};
    double wallSeconds = 0;
    for (double p : losses) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %.1f %% |", p * 100));
      StringBuilder rtos = new StringBuilder();
      double first = 0;
      double byDefault = 0;
      double last = 0;
      int mss = 0;
      for (Column c : columns) {
        SimulatedBulkTransfer.Result r = SimulatedBulkTransfer.run(
            7, mibPerRun << 20, oneWayDelayNs, p, c.config());
        double mbit = r.goodputBitsPerSecond() / 1e6;
        row.append(String.format(Locale.ROOT, " %.2f |", mbit));
        rtos.append(rtos.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.0f",
            r.segmentsLost() == 0 ? 0 : 1000.0 * r.timeouts() / r.segmentsLost()));
        first = first == 0 ? mbit : first;
        byDefault = c.config() == defaults ? mbit : byDefault;
        last = mbit;
        mss = r.mss();
        wallSeconds += r.wallSeconds();
      }
      double mathis = Math.min(mss / rttSeconds * 1.22 / Math.sqrt(p), windowLimit) * 8 / 1e6;
      double b = 2;
      double pftk = Math.min(mss / (rttSeconds * Math.sqrt(2 * b * p / 3)
          + t0 * Math.min(1, 3 * Math.sqrt(3 * b * p / 8)) * p * (1 + 32 * p * p)),
          windowLimit) * 8 / 1e6;
      row.append(String.format(Locale.ROOT, " %.2f | %.2f | %.2f | %.2f | %.2f | %s |", mathis,
          pftk, byDefault / mathis, last / mathis, first / mathis, rtos));
      System.out.println(row);
    }
    System.out.printf(Locale.ROOT, "(wall time for the table: %.1f s)%n", wallSeconds);

    long big = (long) (gibForWallTime * (1L << 30));
    SimulatedBulkTransfer.Result r = SimulatedBulkTransfer.run(7, big, oneWayDelayNs, 0, defaults);
    System.out.printf(Locale.ROOT, "%nloss-free %.2f GiB on one thread (default config): wall %.1f"
            + " s (%.0f MB/s of simulated traffic), %d segments sent, simulated %.1f s%n",
        big / (double) (1L << 30), r.wallSeconds(), big / r.wallSeconds() / 1e6,
        r.segmentsSent(), r.simulatedSeconds());
  }

  private static List<Column> columns(TcpConfig defaults) {
    TcpConfig.Builder reno = defaults.toBuilder().congestionControl(CongestionAlgorithm.NEW_RENO);
    LossRecoveryConfig none = LossRecoveryConfig.newRenoOnly();
    LossRecoveryConfig sack = none.withSackRecovery(true);
    LossRecoveryConfig prr = sack.withPrr(Prr.SAFE_ACK_SLOW_START);
    LossRecoveryConfig rack = prr.withRackTlp(true);
    LossRecoveryConfig undo = rack.withDsack(true).withUndo(true);
    LossRecoveryConfig hyStart = undo.withHyStart(true);
    return List.of(
        new Column("NewReno", reno.lossRecovery(none).build()),
        new Column("+SACK (RFC 6675)", reno.lossRecovery(sack).build()),
        new Column("+PRR", reno.lossRecovery(prr).build()),
        new Column("+RACK-TLP", reno.lossRecovery(rack).build()),
        new Column("+DSACK, undo", reno.lossRecovery(undo).build()),
        new Column("+HyStart++", reno.lossRecovery(hyStart).build()),
        new Column("default (all, CUBIC)", defaults),
        new Column("default + pacing", defaults.toBuilder()
            .lossRecovery(defaults.lossRecovery().withPacing(true)).build()));
  }
}
