package org.minitransport.demo.apps;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.minitransport.core.address.Endpoint;
import org.minitransport.demo.apps.perf.PerfProtocol;
import org.minitransport.demo.apps.perf.PerfResult;
import org.minitransport.demo.apps.perf.PerfRun;
import org.minitransport.demo.apps.perf.PerfServer;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DeadPeerTimeout;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.socket.TcpSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport perf}: a TCP throughput test in the manner of iperf3, between two hosts on
 * any network: {@code --server} on one, the client on the other (on the simulated network the
 * client starts the server itself). Interval reports, then the sender's and receiver's totals
 * with goodput, retransmissions, RTT and congestion window; {@code --json} for scripts.
 */
@Command(name = "perf", mixinStandardHelpOptions = true,
    header = "Measures TCP throughput between two hosts, as iperf3 does.",
    description = "Measures TCP throughput between two hosts, like iperf3: the client sends "
        + "(or with --reverse receives) for --time or --bytes over --parallel streams, reports "
        + "every --interval, and ends with the sender's and the receiver's totals: goodput, "
        + "retransmissions, RTT and congestion window. Start 'perf --server' on the other host; "
        + "with --network sim (the default) the client starts it in this process at --to.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # both ends in this process",
        "  minitransport perf --time 5s --delay 20ms --loss 1%%",
        "  minitransport perf --bytes 10M --bandwidth 50M --parallel 4 --json",
        "  # terminal 1: 10.0.0.2",
        "  minitransport perf --server --network udp",
        "  # terminal 2",
        "  minitransport perf --network udp --to 10.0.0.2 --reverse",
        "  # the same path with 1%% loss and 20 ms each way, from this end",
        "  minitransport perf --network udp --to 10.0.0.2 --loss 1%% --delay 20ms"})
public final class PerfCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Option(names = {"-s", "--server"},
      description = "Answer perf tests (until stopped, or one with --once).")
  boolean server;

  @Option(names = "--once", description = "With --server: exit after one test.")
  boolean once;

  @Option(names = "--port", defaultValue = "" + PerfProtocol.DEFAULT_PORT,
      converter = AddressConverters.Port.class, paramLabel = "<port>",
      description = "With --server: the port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = {"-c", "--to"}, defaultValue = "10.0.0.2", paramLabel = "<address[:port]>",
      description = "The perf server; the port defaults to " + PerfProtocol.DEFAULT_PORT
          + " (default: ${DEFAULT-VALUE}).")
  String to;

  @Option(names = {"-t", "--time"}, converter = ValueConverters.Timeout.class,
      defaultValue = "10s", paramLabel = "<duration>",
      description = "How long to send (default: ${DEFAULT-VALUE}).")
  long timeNs;

  @Option(names = {"-n", "--bytes"}, converter = ValueConverters.ByteCount.class,
      paramLabel = "<size>",
      description = "Send this many bytes (over all streams) instead of for --time.")
  Long bytes;

  @Option(names = {"-P", "--parallel"}, defaultValue = "1", paramLabel = "<n>",
      description = "Streams at once, 1-" + PerfProtocol.MAX_STREAMS
          + " (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(names = {"-R", "--reverse"},
      description = "The server sends and this client receives.")
  boolean reverse;

  @Option(names = {"-i", "--interval"}, converter = ValueConverters.Duration.class,
      defaultValue = "1s", paramLabel = "<duration>",
      description = "Report every this long; 0 for only the summary (default: ${DEFAULT-VALUE}).")
  long intervalNs;

  @Option(names = {"-J", "--json"},
      description = "Print only the result, with its settings, as one JSON object on one line.")
  boolean json;

  @Option(names = "--timeout", converter = ValueConverters.Timeout.class, defaultValue = "30s",
      paramLabel = "<duration>",
      description = "How long to wait for a peer that stopped answering "
          + "(default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    TcpConfig tcp = DeadPeerTimeout.tcpConfig(TcpConfig.defaults(), Duration.ofNanos(timeoutNs));
    if (server) {
      return serve(tcp, out);
    }
    Endpoint target = target();
    if (parallel < 1 || parallel > PerfProtocol.MAX_STREAMS) {
      throw new ParameterException(spec.commandLine(),
          "--parallel " + parallel + " must be 1-" + PerfProtocol.MAX_STREAMS);
    }
    if (bytes != null && bytes < 1) {
      throw new ParameterException(spec.commandLine(), "--bytes must be at least 1");
    }
    PrintWriter err = spec.commandLine().getErr();
    try (DemoNetwork network = DemoNetwork.open(host)) {
      PerfServer inProcess = null;
      if (!network.isShared()) {
        inProcess = PerfServer.start(network.startHost(target.address(), tcp).tcp(),
            target.port(), timeoutNs, new PrintWriter(java.io.OutputStream.nullOutputStream()));
      }
      try {
        DemoNetwork.DemoHost client = network.startClientHost(tcp);
        PerfProtocol.Request request = PerfRun.request(parallel, reverse,
            bytes == null ? timeNs / 1_000_000 : 0, bytes == null ? 0 : bytes);
        PerfResult result;
        try (TcpSocket control = Dialer.dial(network, client, target, timeoutNs, "perf --server",
            err)) {
          if (!json) {
            out.printf("perf %s %s, %d %s, %s%n", reverse ? "from" : "to", target, parallel,
                parallel == 1 ? "stream" : "streams", bytes == null
                    ? "for " + org.minitransport.demo.cli.Sizes.duration(timeNs)
                    : org.minitransport.demo.cli.Sizes.bytes(bytes));
            if (intervalNs > 0) {
              out.println(PerfResult.header(!reverse));
            }
            out.flush();
          }
          result = new PerfRun(request, control, index -> Dialer.dial(network, client, target,
              timeoutNs, "perf --server", new PrintWriter(java.io.OutputStream.nullOutputStream())),
              intervalNs, timeoutNs, (each, sum) -> printInterval(out, each, sum)).run();
        } catch (java.io.IOException e) {
          throw PeerFailures.lost(target, e, timeoutNs);
        }
        if (json) {
          out.println(result.toJson(settingsJson()));
        } else {
          out.print(result.summary());
        }
        out.flush();
        return 0;
      } finally {
        if (inProcess != null) {
          inProcess.close();
        }
      }
    }
  }

  private Endpoint target() {
    try {
      return new AddressConverters.Remote().convert(to.contains(":") ? to
          : to + ":" + PerfProtocol.DEFAULT_PORT);
    } catch (picocli.CommandLine.TypeConversionException e) {
      throw new ParameterException(spec.commandLine(), "--to: " + e.getMessage());
    }
  }

  private int serve(TcpConfig tcp, PrintWriter out) throws Exception {
    try (DemoNetwork network = DemoNetwork.open(host)) {
      DemoNetwork.DemoHost self = network.startServerHost(tcp);
      try (PerfServer perf = PerfServer.start(self.tcp(), port, timeoutNs, out);
          NetstatService netstat = NetstatService.startIfShared(network, self)) {
        out.printf("perf server listening on %s:%d (network %s)%n", self.address(),
            perf.localEndpoint().port(), host.network);
        out.flush();
        if (once) {
          perf.awaitTest();
        } else {
          ServerLifetime.await(0, out);
        }
      }
    }
    return 0;
  }

  private void printInterval(PrintWriter out, List<PerfResult.Interval> each,
      PerfResult.Interval sum) {
    if (json) {
      return;
    }
    if (each.size() > 1) {
      each.forEach(interval -> out.println(PerfResult.row(interval)));
    }
    out.println(PerfResult.row(each.size() > 1 ? sum : each.get(0)));
    out.flush();
  }

  private String settingsJson() {
    return String.format(Locale.ROOT, "{\"network\":\"%s\",\"target\":\"%s\",\"streams\":%d,"
            + "\"reverse\":%b,\"timeMs\":%d,\"bytes\":%d,\"intervalMs\":%d,\"timeoutMs\":%d,"
            + "\"loss\":%s,\"delayMs\":%s,\"bandwidthBitsPerSecond\":%d,\"mtu\":%d%s}",
        host.network, target(), parallel, reverse, bytes == null ? timeNs / 1_000_000 : 0,
        bytes == null ? 0 : bytes, intervalNs / 1_000_000, timeoutNs / 1_000_000,
        host.impairments.loss, host.impairments.delayNs / 1e6,
        host.impairments.bandwidthBitsPerSecond, host.impairments.mtu,
        host.impairments.seed == null ? "" : ",\"seed\":" + host.impairments.seed);
  }
}
