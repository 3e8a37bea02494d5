package org.minitransport.demo.simulate;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.pcap.PcapWriter;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.net.sim.TraceEvent;
import org.minitransport.core.port.PortTableConfig;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.demo.cli.NetworkOptions;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.tcp.TcpConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport simulate}: many concurrent sessions between a simulated client host
 * (10.0.0.1) and server host (10.0.0.2) on one seeded, impaired network, in virtual time.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {
        "Runs N concurrent sessions between two simulated hosts (10.0.0.1 -> 10.0.0.2) over an",
        "impaired network in virtual time and prints a summary. TCP: each client sends --bytes",
        "and checks the echo by SHA-256. UDP: each client sends --bytes in requests of",
        "--request-bytes, one at a time with timeout and retries; the server answers with the",
        "request's SHA-256.",
        "Exit code 0 only if every session was verified."})
public final class SimulateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  NetworkOptions network = new NetworkOptions();

  @Option(names = "--sessions", defaultValue = "300",
      description = "Concurrent sessions (default: ${DEFAULT-VALUE}).")
  int sessions;

  @Option(names = "--bytes", converter = ValueConverters.ByteCount.class, defaultValue = "64k",
      description = "Bytes each client sends and gets echoed back, e.g. 64k, 1M (default: ${DEFAULT-VALUE}).")
  long bytes;

  @Option(names = "--protocol", defaultValue = "tcp",
      description = "tcp (echo sessions, default) or udp (request/response sessions with "
          + "timeout and retries).")
  String protocol;

  @Option(names = "--congestion", defaultValue = "cubic",
      description = "TCP congestion control: cubic (RFC 9438, the default, as in Linux) or "
          + "newreno (RFC 5681/6582).")
  String congestion;

  @Option(names = "--request-bytes", defaultValue = "1024",
      description = "UDP: payload of one request (default: ${DEFAULT-VALUE}).")
  int requestBytes;

  @Option(names = "--timeout", converter = ValueConverters.Duration.class, defaultValue = "200ms",
      description = "UDP: how long a client waits for a reply before retrying (default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Option(names = "--retries", defaultValue = "8",
      description = "UDP: retries of one request before the session fails (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(names = "--json", description = "Print only the summary, as one JSON object on one line.")
  boolean json;

  @Option(names = "--plot", paramLabel = "FILE.svg",
      description = "TCP: draw the first session's sequence numbers over time (retransmissions "
          + "marked) and its congestion window, as SVG.")
  Path plot;

  @Option(names = "--netstat", converter = ValueConverters.Duration.class, paramLabel = "TIME",
      description = "Print both hosts' port tables at this simulated time, e.g. 50ms.")
  Long netstatAtNs;

  @Option(names = "--pcap", paramLabel = "FILE",
      description = "Write every packet the hosts send to a pcap file (Wireshark, tshark).")
  Path pcap;

  @Override
  public Integer call() throws Exception {
    validate();
    long seed = network.seed != null ? network.seed : new SecureRandom().nextLong();
    PrintWriter out = spec.commandLine().getOut();
    if (!json) {
      out.printf(Locale.ROOT, "simulate: %d %s sessions x %,d bytes %s, %s, seed %d%n",
          sessions, protocol.toUpperCase(Locale.ROOT), bytes,
          protocol.equals("tcp") ? "echoed" : "of requests", network.describe(), seed);
      out.flush();
    }
    SimulationSummary summary = run(seed, out);
    if (json) {
      out.println(summary.toJson());
    } else {
      out.print(summary.toTable(network.describe()));
      if (!summary.allVerified()) {
        out.printf("  %d session(s) not verified; replay with --seed %d%n",
            summary.sessions() - summary.verified(), seed);
      }
    }
    out.flush();
    return summary.allVerified() ? 0 : 1;
  }

  private void validate() {
    if (sessions < 1 || sessions > 100_000) {
      throw new ParameterException(spec.commandLine(),
          "--sessions " + sessions + " must be between 1 and 100000");
    }
    if (network.mtu < 576 || network.mtu > 65_535) {
      throw new ParameterException(spec.commandLine(),
          "--mtu " + network.mtu + " must be between 576 and 65535");
    }
    if (!congestion.equals("newreno") && !congestion.equals("cubic")) {
      throw new ParameterException(spec.commandLine(),
          "--congestion " + congestion + " is not one of newreno, cubic");
    }
    if (!protocol.equals("tcp") && !protocol.equals("udp")) {
      throw new ParameterException(spec.commandLine(),
          "--protocol " + protocol + " is not one of tcp, udp");
    }
    if (requestBytes < 12 || requestBytes > network.mtu - 28) {
      throw new ParameterException(spec.commandLine(), "--request-bytes " + requestBytes
          + " must be between 12 and the MTU minus 28 (" + (network.mtu - 28) + ")");
    }
    if (plot != null && !protocol.equals("tcp")) {
      throw new ParameterException(spec.commandLine(), "--plot draws TCP sessions; "
          + "it needs --protocol tcp");
    }
    if (timeoutNs < 1_000_000 || retries < 0) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1ms and "
          + "--retries at least 0 (got " + timeoutNs / 1e6 + " ms, " + retries + ")");
    }
    if ((double) sessions * bytes > 64.0 * (1L << 30)) {
      throw new ParameterException(spec.commandLine(),
          "--sessions x --bytes is above 64 GiB; choose a smaller run");
    }
  }

  /** A hook the session loops call after each step: prints netstat once at --netstat TIME. */
  private Runnable netstatHook(SimulationDriver sim, Host client, Host server, PrintWriter out) {
    if (netstatAtNs == null) {
      return () -> { };
    }
    boolean[] printed = {false};
    return () -> {
      if (!printed[0] && sim.nowNs() >= netstatAtNs) {
        printed[0] = true;
        out.printf(Locale.ROOT, "netstat at %.3f s (simulated):%n", sim.nowNs() / 1e9);
        out.printf("  %-5s %-22s %-22s %s%n", "proto", "local", "remote", "state");
        for (Host host : new Host[] {client, server}) {
          for (org.minitransport.core.port.BindingSnapshot row : host.portSnapshot()) {
            out.printf("  %-5s %-22s %-22s %s%n", row.protocol(), row.local(),
                row.remote() == null ? "*:*" : row.remote(), row.state());
          }
        }
        out.flush();
      }
    };
  }

  private SimulationSummary run(long seed, PrintWriter out) throws IOException {
    long wallStartNs = System.nanoTime();
    VirtualClock clock = new VirtualClock();
    SimulatedNetwork net = new SimulatedNetwork(seed, clock, network.linkConfig());
    PcapWriter capture = pcap == null ? null : PcapWriter.create(pcap);
    SequencePlot sequencePlot = plot == null ? null : new SequencePlot();
    if (capture != null || sequencePlot != null) {
      net.setTraceListener(event -> {
        if (sequencePlot != null) {
          sequencePlot.onTrace(event);
        }
        if (capture != null && event.kind() == TraceEvent.Kind.SENT) {
          try {
            capture.writePacket(event.timeNs(), event.packet(), 0, event.packet().length);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      });
    }
    SimulationDriver sim = new SimulationDriver(net, clock);
    PortTableConfig ports = PortTableConfig.builder().privileged(true).secret(seed, ~seed).build();
    Host client = sim.addHost(HostConfig.builder(Ipv4Address.parse("10.0.0.1")).ports(ports).build());
    Host server = sim.addHost(HostConfig.builder(Ipv4Address.parse("10.0.0.2")).ports(ports).build());
    ProgressBar bar = new ProgressBar(out, sessions, !json && System.console() != null);
    int verified;
    long delivered;
    long retransmissions;
    long lastFinishNs;
    Map<String, Integer> failures;
    long checksumDrops;
    if (protocol.equals("tcp")) {
      TcpConfig tcpConfig = TcpConfig.builder().congestionControl(congestion.equals("cubic")
          ? TcpConfig.CongestionAlgorithm.CUBIC : TcpConfig.CongestionAlgorithm.NEW_RENO).build();
      TcpEchoSessions run = new TcpEchoSessions(sim, client, server, tcpConfig, seed, sessions);
      run.start(sessions, bytes, seed);
      if (sequencePlot != null) {
        org.minitransport.tcp.TcpConnection first = run.firstClient();
        sequencePlot.follow(first.socketPair().local(), first::congestionWindowBytes);
      }
      run.run(bar::update, netstatHook(sim, client, server, out));
      verified = run.verified();
      delivered = run.bytesDelivered();
      retransmissions = run.retransmissions();
      lastFinishNs = run.lastFinishNs();
      failures = run.failures();
      checksumDrops = run.checksumDrops();
    } else {
      UdpQuerySessions run = new UdpQuerySessions(sim, client, server);
      run.start(sessions, bytes, requestBytes, timeoutNs, retries, seed);
      run.run(bar::update, 24L * 3600 * 1_000_000_000L, netstatHook(sim, client, server, out));
      verified = run.verified();
      delivered = run.bytesDelivered();
      retransmissions = run.retransmissions();
      lastFinishNs = run.lastFinishNs();
      failures = run.failures();
      checksumDrops = ((org.minitransport.udp.UdpEndpoint) client.handler(17)).counters()
          .inChecksumErrors()
          + ((org.minitransport.udp.UdpEndpoint) server.handler(17)).counters().inChecksumErrors();
    }
    bar.done();
    if (capture != null) {
      capture.close();
    }
    if (sequencePlot != null) {
      sequencePlot.write(plot, String.format(Locale.ROOT,
          "first TCP session: %d segments, %d retransmitted (%s, seed %d)",
          sequencePlot.segmentCount(), sequencePlot.retransmissionCount(), network.describe(),
          seed));
    }
    Map<String, Long> drops = new LinkedHashMap<>();
    for (Map.Entry<DropReason, Long> drop : net.counters().droppedByReason().entrySet()) {
      drops.put(drop.getKey().name().toLowerCase(Locale.ROOT), drop.getValue());
    }
    if (net.counters().corrupted() > 0) {
      drops.put("corrupted_caught_by_checksum", checksumDrops
          + client.counters().dropped(org.minitransport.core.stack.HostDropReason.BAD_IPV4)
          + server.counters().dropped(org.minitransport.core.stack.HostDropReason.BAD_IPV4));
    }
    return new SimulationSummary(protocol, seed, sessions, verified,
        sessions - verified, delivered, retransmissions, drops,
        failures, lastFinishNs / 1e9, (System.nanoTime() - wallStartNs) / 1e9);
  }
}
