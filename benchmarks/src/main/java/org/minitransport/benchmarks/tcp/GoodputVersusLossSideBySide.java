package org.minitransport.benchmarks.tcp;

import java.util.Locale;
import org.minitransport.tcp.TcpConfig;

/**
 * tcp-lite goodput (NewReno and CUBIC) over the simulated network against loss, next to the
 * Mathis et al. (1997) and
 * Padhye et al. (PFTK, 1998) predictions for the same MSS and RTT, plus the wall time of a large
 * loss-free transfer on one thread.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * org.minitransport.benchmarks.tcp.GoodputVersusLossSideBySide [MiB-per-run] [GiB-for-wall-time]}
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

  private GoodputVersusLossSideBySide() {}

  public static void main(String[] args) throws Exception {
    long mibPerRun = args.length > 0 ? Long.parseLong(args[0]) : 32;
    double gibForWallTime = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    long oneWayDelayNs = 10_000_000;
    double rttSeconds = 2 * oneWayDelayNs / 1e9;
    TcpConfig config = TcpConfig.defaults();
    double t0 = config.rto().minRtoNs() / 1e9;
    double windowLimit = config.receiveBufferBytes() / rttSeconds;

    System.out.printf(Locale.ROOT, "tcp-lite bulk transfer, RTT %.0f ms, %d MiB per run, "
        + "receive window %d KiB, min RTO %.0f ms%n", rttSeconds * 1e3, mibPerRun,
        config.receiveBufferBytes() / 1024, t0 * 1e3);
    System.out.println("| loss | NewReno Mbit/s | CUBIC Mbit/s | Mathis Mbit/s | PFTK Mbit/s |"
        + " NewReno/Mathis | NewReno/PFTK | CUBIC/PFTK | retransmitted (NewReno) | wall s |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    TcpConfig cubicConfig = config.toBuilder()
        .congestionControl(TcpConfig.CongestionAlgorithm.CUBIC).build();
    double[] losses = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05};
    for (double p : losses) {
      SimulatedBulkTransfer.Result r = SimulatedBulkTransfer.run(
          7, mibPerRun << 20, oneWayDelayNs, p, config);
      SimulatedBulkTransfer.Result cubic = SimulatedBulkTransfer.run(
          7, mibPerRun << 20, oneWayDelayNs, p, cubicConfig);
      double mss = r.mss();
      double mathis = Math.min(mss / rttSeconds * 1.22 / Math.sqrt(p), windowLimit) * 8;
      double b = 2;
      double pftk = Math.min(mss / (rttSeconds * Math.sqrt(2 * b * p / 3)
          + t0 * Math.min(1, 3 * Math.sqrt(3 * b * p / 8)) * p * (1 + 32 * p * p)),
          windowLimit) * 8;
      double measured = r.goodputBitsPerSecond();
      double cubicRate = cubic.goodputBitsPerSecond();
      System.out.printf(Locale.ROOT,
          "| %.1f %% | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %.1f |%n",
          p * 100, measured / 1e6, cubicRate / 1e6, mathis / 1e6, pftk / 1e6, measured / mathis,
          measured / pftk, cubicRate / pftk, r.retransmissions(),
          r.wallSeconds() + cubic.wallSeconds());
    }

    long big = (long) (gibForWallTime * (1L << 30));
    SimulatedBulkTransfer.Result r = SimulatedBulkTransfer.run(7, big, oneWayDelayNs, 0, config);
    System.out.printf(Locale.ROOT, "%nloss-free %.2f GiB on one thread: wall %.1f s (%.0f MB/s of "
            + "simulated traffic), %d segments sent, simulated %.1f s%n",
        big / (double) (1L << 30), r.wallSeconds(), big / r.wallSeconds() / 1e6,
        r.segmentsSent(), r.simulatedSeconds());
  }
}
