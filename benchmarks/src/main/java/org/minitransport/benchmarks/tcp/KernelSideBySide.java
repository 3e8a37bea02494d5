package org.minitransport.benchmarks.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.EventLoop;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.net.TrafficCounters;
import org.minitransport.core.net.impair.ImpairingNetwork;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.tcp.LossRecoveryConfig;
import org.minitransport.tcp.LossRecoveryCounters;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpCounters;
import org.minitransport.tcp.socket.TcpServerSocket;
import org.minitransport.tcp.socket.TcpService;
import org.minitransport.tcp.socket.TcpSocket;
import org.minitransport.testkit.KernelNetwork;
import org.minitransport.testkit.KernelPeer;
import org.minitransport.testkit.Sha256Streams;

/**
 * tcp-lite beside Linux's TCP over the same real path: a TUN interface into a private network
 * namespace, with the impairing decorator adding loss (both directions) and 10 ms each way (RTT
 * 20 ms), since this kernel has no netem. For each loss rate it moves a bulk transfer three ways
 * and prints goodput and ratios:
 *
 * <ul>
 *   <li><b>Linux → tcp-lite</b>: Python's socket in the namespace sends to a tcp-lite host;
 *   <li><b>tcp-lite → Linux</b>: a tcp-lite host sends to Python in the namespace;
 *   <li><b>Linux → Linux</b>, the ceiling: two namespaces, each with its own TUN interface, bridged
 *       in user space through the same decorator, so the kernel meets the kernel over the same
 *       kind of path.
 * </ul>
 *
 * Also each sender's retransmission timeouts per 1,000 packets the decorator dropped on the way
 * of the data: Linux's {@code TcpExtTCPTimeouts} from {@code nstat} in its namespace, tcp-lite's
 * {@code TCPTimeouts} ({@link TcpCounters#lossRecovery()}: the same counter, the same name), and
 * beside them what each sender's loss recovery did: Linux's {@code TcpExtTCPLossProbes}, {@code
 * TcpExtTCPSackRecovery} and tcp-lite's counterparts. Needs root, /dev/net/tun, iproute2 and Python 3.9+; cleans up its
 * namespaces.
 *
 * <p>Linux's sockets use CUBIC, Linux's own default and tcp-lite's, set on each socket ({@code
 * TCP_CONGESTION}): a machine may default to another algorithm (this one's is BBR, which does not
 * back off on random loss at all, so beside it any loss-based sender looks slow), and a child
 * namespace may not change its default to an algorithm the machine does not allow. The second
 * argument picks another one, e.g. {@code bbr}, to show the difference.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * org.minitransport.benchmarks.tcp.KernelSideBySide [scale] [linux-congestion-control]
 * [loss-percents] [seeds] [paced|unpaced]} (scale multiplies the bytes per row, default 1: 32 MiB
 * loss-free down to 2 MiB at 5 %; the algorithm defaults to cubic; loss-percents picks rows, e.g.
 * {@code 1,5}, default all of 0, 0.5, 1, 2, 5; seeds runs each row with the decorator seeds 1 to n,
 * default 1, and adds them up; the last picks tcp-lite's pacing, {@link
 * LossRecoveryConfig#pacing()}, default unpaced as tcp-lite's default).
 *
 * <p><b>Whether Linux paces.</b> Measured on this machine (kernel 6.18): when the machine's
 * default congestion control is BBR, a socket switched to CUBIC still paces its segments (the
 * capture shows pairs of segments ~1 ms apart in slow start); when the default is CUBIC, it does
 * not (segments leave back to back on each ACK). The runner prints the machine's default, so the
 * table says which Linux sender it measured; {@code sysctl -w net.ipv4.tcp_congestion_control=cubic}
 * (restore it afterwards) gives the unpaced one. A child namespace cannot choose its own default
 * among algorithms the machine does not allow, so the runner does not change it by itself.
 *
 * <p>Timeouts are rare events, so one transfer says little: with {@code seeds} above 1 the runner
 * sums transfers, and prints each sender's RTOs per 1,000 losses with a 95 % interval for the RTO
 * count as a Poisson variable ({@link #poissonInterval95}).
 */
public final class KernelSideBySide {

  private static final double[] LOSSES = {0, 0.005, 0.01, 0.02, 0.05};
  private static final long[] MIB_PER_ROW = {32, 8, 8, 4, 2};
  private static final long ONE_WAY_DELAY_NS = 10_000_000;
  private static final int PORT = 5001;
  private static final Duration WAIT = Duration.ofMinutes(10);
  private static final Ipv4Address SECOND_KERNEL = Ipv4Address.parse("10.0.0.2");

  private KernelSideBySide() {}

  /** One transfer: its goodput, what the path did, and what the sender's recovery did. */
  private record Run(double mbitPerSecond, long lossesSendersWay, long rtos, long probes,
      long recoveries) {
    String rtosPer1000() {
      return lossesSendersWay == 0 ? "0 (no loss)"
          : String.format(Locale.ROOT, "%.1f", 1000.0 * rtos / lossesSendersWay);
    }

    /** The rate with its 95 % interval: "9.2 [4.1–18.0]". */
    String rtosPer1000WithInterval() {
      if (lossesSendersWay == 0) {
        return rtosPer1000();
      }
      double[] interval = poissonInterval95(rtos);
      return String.format(Locale.ROOT, "%.1f [%.1f–%.1f]", 1000.0 * rtos / lossesSendersWay,
          1000.0 * interval[0] / lossesSendersWay, 1000.0 * interval[1] / lossesSendersWay);
    }

    /** Several transfers as one: bytes over total time, counts summed. */
    Run plus(Run other, long bytes, int runsSoFar) {
      double seconds = runsSoFar * bytes * 8 / mbitPerSecond / 1e6
          + bytes * 8 / other.mbitPerSecond / 1e6;
      return new Run((runsSoFar + 1) * bytes * 8 / seconds / 1e6,
          lossesSendersWay + other.lossesSendersWay, rtos + other.rtos, probes + other.probes,
          recoveries + other.recoveries);
    }

    String recovery() {
      return String.format(Locale.ROOT, "%d/%d/%d/%d", lossesSendersWay, rtos, probes,
          recoveries);
    }
  }

  /** Linux's counters of a sender, read before and after a transfer. */
  private static long[] linuxRecoveryCounters(KernelNetwork kernel)
      throws IOException, InterruptedException {
    return new long[] {kernel.kernelCounter("TcpExtTCPTimeouts"),
        kernel.kernelCounter("TcpExtTCPLossProbes"),
        kernel.kernelCounter("TcpExtTCPSackRecovery")};
  }

  private static String linuxCongestionControl = "cubic";

  public static void main(String[] args) throws Exception {
    double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1;
    if (args.length > 1) {
      linuxCongestionControl = args[1];
    }
    double[] losses = args.length > 2 ? lossRates(args[2]) : LOSSES;
    int seeds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    if (seeds < 1) {
      throw new IllegalArgumentException("seeds must be at least 1, was " + seeds);
    }
    if (args.length > 4) {
      tcpLiteChosen = tcpLiteConfig(switch (args[4]) {
        case "paced" -> true;
        case "unpaced" -> false;
        default -> throw new IllegalArgumentException(
            "tcp-lite pacing must be paced or unpaced, was " + args[4]);
      });
    }
    String why = KernelNetwork.whyUnavailable().orElse(null);
    if (why != null) {
      System.err.println("KernelSideBySide cannot run here: " + why);
      System.exit(2);
    }
    System.out.printf(Locale.ROOT, "tcp-lite beside Linux over a TUN, RTT %.0f ms (10 ms each way),"
        + " loss on both directions, decorator seed%s; Linux's sockets use %s, tcp-lite %s%n",
        2 * ONE_WAY_DELAY_NS / 1e6, seeds == 1 ? " 1" : "s 1–" + seeds + " per row, summed",
        linuxCongestionControl, tcpLiteChosen.lossRecovery() + " with 4 MiB buffers");
    System.out.printf(Locale.ROOT, "machine's default congestion control: %s (a Linux socket switched"
        + " to CUBIC paces when the default is bbr, and does not when it is cubic: kernel 6.18,"
        + " measured)%n", machineCongestionControl());
    System.out.println("| loss | MiB | Linux→Linux Mbit/s | Linux→tcp-lite Mbit/s | "
        + "tcp-lite→Linux Mbit/s | t→L / L→t | t→L / L→L | L→t / L→L | sender RTOs per 1000 "
        + "losses (L→L, L→t, t→L)" + (seeds == 1 ? "" : " [95 % interval]")
        + " | losses/RTOs/probes/recoveries (L→L; L→t; t→L) |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (double loss : losses) {
      long bytes = Math.max(1, Math.round(mibPerRow(loss) * scale * (1 << 20)));
      LinkConfig link = LinkConfig.builder().lossProbability(loss).delayNs(ONE_WAY_DELAY_NS)
          .build();
      Run ceiling = null;
      Run linuxToTcpLite = null;
      Run tcpLiteToLinux = null;
      for (int seed = 1; seed <= seeds; seed++) {
        Run c = linuxToLinux(link, bytes, seed);
        Run l = linuxToTcpLite(link, bytes, seed);
        Run t = tcpLiteToLinux(link, bytes, seed);
        ceiling = ceiling == null ? c : ceiling.plus(c, bytes, seed - 1);
        linuxToTcpLite = linuxToTcpLite == null ? l : linuxToTcpLite.plus(l, bytes, seed - 1);
        tcpLiteToLinux = tcpLiteToLinux == null ? t : tcpLiteToLinux.plus(t, bytes, seed - 1);
      }
      System.out.printf(Locale.ROOT,
          "| %.1f %% | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %s, %s, %s | %s; %s; %s |%n",
          loss * 100, seeds * bytes / (double) (1 << 20), ceiling.mbitPerSecond(),
          linuxToTcpLite.mbitPerSecond(), tcpLiteToLinux.mbitPerSecond(),
          tcpLiteToLinux.mbitPerSecond() / linuxToTcpLite.mbitPerSecond(),
          tcpLiteToLinux.mbitPerSecond() / ceiling.mbitPerSecond(),
          linuxToTcpLite.mbitPerSecond() / ceiling.mbitPerSecond(),
          seeds == 1 ? ceiling.rtosPer1000() : ceiling.rtosPer1000WithInterval(),
          seeds == 1 ? linuxToTcpLite.rtosPer1000() : linuxToTcpLite.rtosPer1000WithInterval(),
          seeds == 1 ? tcpLiteToLinux.rtosPer1000() : tcpLiteToLinux.rtosPer1000WithInterval(),
          ceiling.recovery(), linuxToTcpLite.recovery(), tcpLiteToLinux.recovery());
    }
  }

  /** Loss rates in percent, comma-separated ("1,5"), as probabilities. */
  static double[] lossRates(String percents) {
    String[] parts = percents.split(",");
    double[] rates = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      double percent = Double.parseDouble(parts[i].trim());
      if (!(percent >= 0 && percent < 100)) {
        throw new IllegalArgumentException("loss percent must be in [0, 100), was " + parts[i]);
      }
      rates[i] = percent / 100;
    }
    return rates;
  }

  /** The MiB per transfer at {@code loss} before scaling: the row's, or the nearest lower row's. */
  static long mibPerRow(double loss) {
    long mib = MIB_PER_ROW[0];
    for (int i = 0; i < LOSSES.length; i++) {
      if (LOSSES[i] <= loss) {
        mib = MIB_PER_ROW[i];
      }
    }
    return mib;
  }

  /**
   * A 95 % confidence interval for the mean of a Poisson variable observed as {@code k}, by
   * Byar's approximation (within a few percent of the exact interval from k = 1 up; [0, 3.69]
   * at k = 0, the exact one).
   */
  static double[] poissonInterval95(long k) {
    double z = 1.959964;
    if (k == 0) {
      return new double[] {0, 3.689};
    }
    double lower = k * Math.pow(1 - 1.0 / (9 * k) - z / (3 * Math.sqrt(k)), 3);
    double k1 = k + 1;
    double upper = k1 * Math.pow(1 - 1.0 / (9 * k1) + z / (3 * Math.sqrt(k1)), 3);
    return new double[] {lower, upper};
  }

  private static Run linuxToLinux(LinkConfig link, long bytes, long seed) throws Exception {
    try (KernelNetwork a = linux().impairedBothWays(link, seed).open();
        KernelNetwork b = linux().kernelAddress(SECOND_KERNEL).open()) {
      // The bridge: on A's TUN the host "10.0.0.2" hands everything to B's TUN, where the host
      // "10.0.0.1" hands everything back. Only A is impaired: each direction crosses it once.
      AtomicReference<NetworkAttachment> intoA = new AtomicReference<>();
      AtomicReference<NetworkAttachment> intoB = new AtomicReference<>();
      NetworkAttachment towardsB = a.network().attach(SECOND_KERNEL, packet -> {
        NetworkAttachment out = intoB.get();
        if (out != null) {
          out.send(packet, 0, packet.length);
        }
      });
      NetworkAttachment towardsA = b.network().attach(KernelNetwork.KERNEL, packet -> {
        NetworkAttachment out = intoA.get();
        if (out != null) {
          out.send(packet, 0, packet.length);
        }
      });
      intoA.set(towardsB);
      intoB.set(towardsA);
      KernelPeer server = b.python("serve-sink", PORT).awaitListening(WAIT);
      long[] before = linuxRecoveryCounters(a);
      KernelPeer.Result result = a.python("client-send", SECOND_KERNEL, PORT, bytes, 1)
          .awaitResult(WAIT);
      check(result.get("sha256").equals(result.get("reply")), "Linux → Linux: " + result);
      server.awaitResult(WAIT);
      long[] after = linuxRecoveryCounters(a);
      // A's inbound link carries the data (kernel A → bridge).
      return new Run(mbit(bytes, Double.parseDouble(result.get("seconds"))),
          losses(a.impairments().orElseThrow().inboundCounters()), after[0] - before[0],
          after[1] - before[1], after[2] - before[2]);
    }
  }

  private static Run linuxToTcpLite(LinkConfig link, long bytes, long seed) throws Exception {
    try (KernelNetwork kernel = linux().impairedBothWays(link, seed).open();
        EventLoop loop = EventLoop.start("host-10.0.0.2")) {
      TcpService tcp = tcpLite(kernel, loop);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try (TcpServerSocket listener = tcp.listen(new Endpoint(Ipv4Address.ANY, PORT), 16)) {
        Future<String> received = pool.submit(() -> {
          try (TcpSocket connection = listener.accept()) {
            String sha = drain(connection.getInputStream());
            connection.getOutputStream().write(sha.getBytes(StandardCharsets.US_ASCII));
            return sha;
          }
        });
        long[] before = linuxRecoveryCounters(kernel);
        KernelPeer.Result result = kernel.python("client-send", KernelNetwork.HOST, PORT, bytes,
            1).awaitResult(WAIT);
        check(result.get("sha256").equals(received.get(WAIT.toSeconds(), TimeUnit.SECONDS)),
            "Linux → tcp-lite: " + result);
        long[] after = linuxRecoveryCounters(kernel);
        return new Run(mbit(bytes, Double.parseDouble(result.get("seconds"))),
            losses(kernel.impairments().orElseThrow().inboundCounters()), after[0] - before[0],
            after[1] - before[1], after[2] - before[2]);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static Run tcpLiteToLinux(LinkConfig link, long bytes, long seed) throws Exception {
    try (KernelNetwork kernel = linux().impairedBothWays(link, seed).open();
        EventLoop loop = EventLoop.start("host-10.0.0.2")) {
      TcpService tcp = tcpLite(kernel, loop);
      KernelPeer server = kernel.python("serve-sink", PORT).awaitListening(WAIT);
      long startNs = System.nanoTime();
      try (TcpSocket socket = tcp.connect(new Endpoint(KernelNetwork.KERNEL, PORT))) {
        String sent = fill(socket.getOutputStream(), bytes);
        socket.shutdownOutput();
        String answer = new String(socket.getInputStream().readAllBytes(),
            StandardCharsets.US_ASCII);
        double seconds = (System.nanoTime() - startNs) / 1e9;
        check(sent.equals(answer), "tcp-lite → Linux: hashes differ");
        server.awaitResult(WAIT);
        LossRecoveryCounters recovery = tcp.counters().lossRecovery();
        return new Run(mbit(bytes, seconds),
            losses(kernel.impairments().orElseThrow().outboundCounters()), recovery.timeouts(),
            recovery.lossProbes(), recovery.sackRecoveries() + recovery.renoRecoveries());
      }
    }
  }

  private static String machineCongestionControl() {
    try {
      return Files.readString(Path.of("/proc/sys/net/ipv4/tcp_congestion_control")).trim();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static KernelNetwork.Builder linux() {
    return KernelNetwork.builder().linuxCongestionControl(linuxCongestionControl);
  }

  /**
   * tcp-lite's configuration: the defaults, with 4 MiB buffers each way, which is as far as
   * Linux lets its own sockets grow by default ({@code net.ipv4.tcp_wmem} maximum), so that
   * loss-free both stacks are limited by the path, not by tcp-lite's 256 KiB default.
   */
  static final TcpConfig TCP_LITE = TcpConfig.defaults().toBuilder()
      .sendBufferBytes(4 << 20).receiveBufferBytes(4 << 20).build();

  /** {@link #TCP_LITE}, paced or not ({@link LossRecoveryConfig#pacing()}). */
  static TcpConfig tcpLiteConfig(boolean paced) {
    return TCP_LITE.toBuilder()
        .lossRecovery(TCP_LITE.lossRecovery().withPacing(paced)).build();
  }

  /** The configuration this run gives tcp-lite: {@link #TCP_LITE}, or paced (last argument). */
  private static TcpConfig tcpLiteChosen = TCP_LITE;

  private static TcpService tcpLite(KernelNetwork kernel, EventLoop loop) throws IOException {
    Host host = loop.addHost(kernel.network(), HostConfig.of(KernelNetwork.HOST));
    return TcpService.install(host, loop, tcpLiteChosen, 0x5eed_0001L, 0x5eed_0002L);
  }

  private static long losses(TrafficCounters counters) {
    return counters.dropped(DropReason.LOSS);
  }

  private static double mbit(long bytes, double seconds) {
    return bytes * 8 / seconds / 1e6;
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("transfer not verified: " + what);
    }
  }

  private static String drain(InputStream in) throws IOException {
    return Sha256Streams.drain(in, new long[1]);
  }

  private static String fill(OutputStream out, long bytes) throws IOException {
    return Sha256Streams.fill(out, bytes, 1);
  }
}
