package org.minitransport.demo.simulate;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.LongSupplier;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.pcap.PcapWriter;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.net.sim.TraceEvent;
import org.minitransport.core.port.PortTableConfig;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.demo.apps.CaptureEstimate;
import org.minitransport.demo.cli.CounterText;
import org.minitransport.demo.cli.ComponentOptions;
import org.minitransport.demo.cli.NetworkOptions;
import org.minitransport.demo.cli.ProgressMeter;
import org.minitransport.demo.cli.Sizes;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport simulate}: many concurrent sessions between simulated client hosts
 * (10.0.0.1, then 10.0.0.3 and up: one per {@value #SESSIONS_PER_CLIENT_HOST} sessions, as a host
 * has that many ephemeral ports) and a server host (10.0.0.2) on one seeded, impaired network, in
 * virtual time.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    header = "Runs many TCP or UDP sessions over an impaired simulated network, in virtual time.",
    description = "Runs N concurrent sessions between simulated client hosts and a server "
        + "(10.0.0.1 -> 10.0.0.2; beyond 16,384 sessions, one more client host 10.0.0.3, "
        + "10.0.0.4, ... per 16,384, the ephemeral ports a host has) over an impaired network "
        + "in virtual time and prints a summary. TCP: each "
        + "client sends --bytes and checks the echo by SHA-256. UDP: each client sends --bytes in "
        + "requests of --request-bytes, one at a time with timeout and retries; the server "
        + "answers with the request's SHA-256. Exit code 0 only if every session was verified; "
        + "the same --seed replays the same run, packet for packet.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  minitransport simulate --loss 1%%",
        "  minitransport simulate --sessions 50 --bytes 1M --mtu 9000 --json",
        "  # one connection: slow start, loss and recovery",
        "  minitransport simulate --sessions 1 --bytes 2M --delay 20ms --bandwidth 20M \\",
        "      --loss 0.5%% --seed 5 --plot run.svg",
        "  minitransport simulate --sessions 3 --seed 1 --pcap - | tshark -r - | head",
        "  minitransport simulate --protocol udp --loss 5%% --timeout 100ms --retries 5"})
public final class SimulateCommand implements Callable<Integer> {

  static final int MAX_SESSIONS = 1_000_000;

  /**
   * Sessions one client host carries: the size of the dynamic port range (RFC 6335 §6), from
   * which each session takes an ephemeral port. Like a Linux client, a host cannot open more
   * connections than that to one server port, so more sessions need more client hosts.
   */
  static final int SESSIONS_PER_CLIENT_HOST = 16_384;

  @Spec
  CommandSpec spec;

  @Mixin
  NetworkOptions network = new NetworkOptions();

  @Mixin
  ComponentOptions components = new ComponentOptions();

  @Option(names = "--sessions", defaultValue = "300", paramLabel = "<n>",
      description = "Concurrent sessions, 1-100000 (default: ${DEFAULT-VALUE}).")
  int sessions;

  @Option(names = "--bytes", converter = ValueConverters.ByteCount.class, defaultValue = "64k",
      paramLabel = "<size>",
      description = "Bytes each client sends (TCP: and gets echoed back), e.g. 64k, 1M "
          + "(default: ${DEFAULT-VALUE}).")
  long bytes;

  @Option(names = "--protocol", defaultValue = "tcp", paramLabel = "<protocol>",
      description = "tcp (echo sessions) or udp (request/response sessions with timeout and "
          + "retries) (default: ${DEFAULT-VALUE}).")
  String protocol;

  @Option(names = "--congestion", defaultValue = "cubic", paramLabel = "<algorithm>",
      description = "TCP congestion control: cubic (RFC 9438, as in Linux) or newreno "
          + "(RFC 5681/6582) (default: ${DEFAULT-VALUE}).")
  String congestion;

  @Option(names = "--request-bytes", defaultValue = "1024", paramLabel = "<bytes>",
      description = "UDP: payload of one request (default: ${DEFAULT-VALUE}).")
  int requestBytes;

  @Option(names = "--timeout", converter = ValueConverters.Timeout.class, defaultValue = "200ms",
      paramLabel = "<duration>",
      description = "UDP: how long a client waits for a reply before retrying "
          + "(default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Option(names = "--retries", defaultValue = "8", paramLabel = "<n>",
      description = "UDP: retries of one request before the session fails "
          + "(default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(names = "--json",
      description = "Print only the summary, with the run's settings, as one JSON object on one "
          + "line.")
  boolean json;

  @Option(names = "--plot", paramLabel = "<file.svg>",
      description = "TCP: draw the first session's sequence numbers over time (retransmissions "
          + "marked) and its congestion window, as SVG.")
  Path plot;

  @Option(names = "--netstat", converter = ValueConverters.Duration.class, paramLabel = "<time>",
      description = "Print both hosts' port tables at this simulated time, e.g. 50ms.")
  Long netstatAtNs;

  @Option(names = "--pcap", paramLabel = "<file>",
      description = "Write every packet the hosts send to a pcap file (Wireshark, tshark); '-' "
          + "writes it to standard output and the summary to standard error.")
  Path pcap;

  @Option(names = "--progress", paramLabel = "<style>",
      description = "none, bar or lines, on standard error (default: a bar on a terminal, else a "
          + "line a second; none with --json).")
  ProgressMeter.Style progress;

  @Override
  public Integer call() throws Exception {
    validate();
    long seed = network.seed != null ? network.seed : new SecureRandom().nextLong();
    PrintWriter out = spec.commandLine().getOut();
    if (!json) {
      out.printf(Locale.ROOT, "simulate: %d %s %s x %,d bytes %s, %s, seed %d%n",
          sessions, protocol.toUpperCase(Locale.ROOT), sessions == 1 ? "session" : "sessions",
          bytes, protocol.equals("tcp") ? "echoed" : "of requests", network.describe(), seed);
      out.flush();
    }
    warnIfTheCaptureWillBeLarge();
    PcapWriter capture = pcap == null ? null : DemoNetwork.openCapture(pcap);
    SimulationSummary summary;
    try {
      summary = run(seed, out, capture);
    } catch (CancellationException stopped) {
      spec.commandLine().getErr().println("simulate: stopped");
      summary = null;
    } finally {
      if (capture != null) {
        capture.close();
      }
    }
    try {
      return report(summary, seed, out);
    } finally {
      if (capture != null) {
        spec.commandLine().getErr().println(DemoNetwork.captureSummary(capture, pcap));
        spec.commandLine().getErr().flush();
      }
    }
  }

  /** Prints the summary; the exit code. */
  private int report(SimulationSummary summary, long seed, PrintWriter out) {
    if (summary == null) {
      return org.minitransport.demo.Minitransport.STOPPED;
    }
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
    if (sessions < 1 || sessions > MAX_SESSIONS) {
      throw new ParameterException(spec.commandLine(),
          "--sessions " + sessions + " must be between 1 and " + MAX_SESSIONS);
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
    if (retries < 0) {
      throw new ParameterException(spec.commandLine(),
          "--retries " + retries + " must be at least 0");
    }
    if ((double) sessions * bytes > 64.0 * (1L << 30)) {
      throw new ParameterException(spec.commandLine(),
          "--sessions x --bytes is above 64 GiB; choose a smaller run");
    }
  }

  /** A hook the session loops call after each step: prints netstat once at --netstat TIME. */
  private Runnable netstatHook(SimulationDriver sim, List<Host> clients, Host server,
      PrintWriter out) {
    if (netstatAtNs == null) {
      return () -> { };
    }
    boolean[] printed = {false};
    return () -> {
      if (!printed[0] && sim.nowNs() >= netstatAtNs) {
        printed[0] = true;
        out.printf(Locale.ROOT, "netstat at %.3f s (simulated):%n", sim.nowNs() / 1e9);
        out.printf("  %-5s %-22s %-22s %s%n", "proto", "local", "remote", "state");
        for (Host host : hosts(clients, server)) {
          for (org.minitransport.core.port.BindingSnapshot row : host.portSnapshot()) {
            out.printf("  %-5s %-22s %-22s %s%n", row.protocol(), row.local(),
                row.remote() == null ? "*:*" : row.remote(), row.state());
          }
        }
        if (server.handler(IpProtocol.TCP.number()) instanceof TcpEndpoint tcp) {
          out.print(CounterText.table("TCP counters of the server " + server.address() + ":",
              tcp.counters().snapshot()).indent(2));
        }
        out.flush();
      }
    };
  }

  /** A capture holds every packet: say before a big run how big it will be. */
  private void warnIfTheCaptureWillBeLarge() {
    if (pcap == null) {
      return;
    }
    long oneWay = protocol.equals("tcp") ? bytes : bytes + bytes / Math.max(1, requestBytes) * 32;
    long estimate = sessions * CaptureEstimate.bytes(oneWay, network.mtu)
        * (protocol.equals("tcp") ? 2 : 1);
    if (estimate >= CaptureEstimate.WARN_BYTES) {
      spec.commandLine().getErr().printf("note: the capture %s will take about %s (fewer "
          + "--sessions or a smaller --bytes make it smaller)%n",
          DemoNetwork.isStandardOutput(pcap) ? "on standard output" : pcap,
          Sizes.bytes(estimate));
      spec.commandLine().getErr().flush();
    }
  }

  private SimulationSummary run(long seed, PrintWriter out, PcapWriter capture)
      throws IOException {
    long wallStartNs = System.nanoTime();
    VirtualClock clock = new VirtualClock();
    SimulatedNetwork net = new SimulatedNetwork(seed, clock, network.linkConfig());
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
    Host server = sim.addHost(HostConfig.builder(Ipv4Address.parse("10.0.0.2")).ports(ports)
        .portTables(components.portTables()).build());
    List<Host> clients = new ArrayList<>();
    for (Ipv4Address address : clientAddresses(sessions)) {
      clients.add(sim.addHost(HostConfig.builder(address).ports(ports)
          .portTables(components.portTables()).build()));
    }
    HeapPeak heap = new HeapPeak();
    heap.sample();
    long totalBytes = protocol.equals("tcp") ? 2 * sessions * bytes : sessions * bytes;
    ProgressMeter meter = new ProgressMeter(spec.commandLine().getErr(),
        progress != null ? progress : json ? ProgressMeter.Style.none : null, "simulate",
        totalBytes, System::nanoTime);
    int verified;
    long delivered;
    long retransmissions;
    long lastFinishNs;
    Map<String, Integer> failures;
    long checksumDrops;
    if (protocol.equals("tcp")) {
      TcpConfig tcpConfig = components.applyTo(TcpConfig.builder().congestionControl(
          congestion.equals("cubic") ? TcpConfig.CongestionAlgorithm.CUBIC
              : TcpConfig.CongestionAlgorithm.NEW_RENO).build());
      TcpEchoSessions run = new TcpEchoSessions(sim, clients, server, tcpConfig, seed,
          sessions);
      run.start(sessions, bytes, seed);
      if (sequencePlot != null) {
        org.minitransport.tcp.TcpConnection first = run.firstClient();
        sequencePlot.follow(first.socketPair().local(), first::congestionWindowBytes);
      }
      run.run(finished -> { }, everyStep(sim, meter, heap, run::bytesDelivered,
          netstatHook(sim, clients, server, out)));
      verified = run.verified();
      delivered = run.bytesDelivered();
      retransmissions = run.retransmissions();
      lastFinishNs = run.lastFinishNs();
      failures = run.failures();
      checksumDrops = run.checksumDrops();
    } else {
      UdpQuerySessions run = new UdpQuerySessions(sim, clients, server,
          components.udpEndpoints());
      run.start(sessions, bytes, requestBytes, timeoutNs, retries, seed);
      run.run(finished -> { }, 24L * 3600 * 1_000_000_000L, everyStep(sim, meter, heap,
          run::bytesDelivered, netstatHook(sim, clients, server, out)));
      verified = run.verified();
      delivered = run.bytesDelivered();
      retransmissions = run.retransmissions();
      lastFinishNs = run.lastFinishNs();
      failures = run.failures();
      checksumDrops = 0;
      for (Host host : hosts(clients, server)) {
        checksumDrops += ((org.minitransport.udp.UdpEndpoint) host.handler(17)).counters()
            .inChecksumErrors();
      }
    }
    heap.sample();
    meter.done(delivered, simulatedNote(sim));
    if (sequencePlot != null) {
      sequencePlot.write(plot, String.format(Locale.ROOT,
          "first TCP session: %,d data segments, %d retransmitted",
          sequencePlot.segmentCount(), sequencePlot.retransmissionCount()),
          String.format(Locale.ROOT, "%s, %s, seed %d", network.describe(),
              congestion.equals("cubic") ? "CUBIC" : "NewReno", seed));
    }
    Map<String, Long> drops = CounterText.drops(net.counters());
    if (net.counters().corrupted() > 0) {
      long badIpv4 = 0;
      for (Host host : hosts(clients, server)) {
        badIpv4 += host.counters().dropped(org.minitransport.core.stack.HostDropReason.BAD_IPV4);
      }
      drops.put("corrupted_caught_by_checksum", checksumDrops + badIpv4);
    }
    return new SimulationSummary(protocol, seed, sessions, verified,
        sessions - verified, delivered, retransmissions, drops,
        failures, lastFinishNs / 1e9, (System.nanoTime() - wallStartNs) / 1e9,
        heap.peakBytes(), heap.startBytes(), settings(seed));
  }

  /** The client hosts' addresses: 10.0.0.1, then 10.0.0.3, 10.0.0.4, ... as sessions need. */
  static List<Ipv4Address> clientAddresses(int sessions) {
    int count = (sessions + SESSIONS_PER_CLIENT_HOST - 1) / SESSIONS_PER_CLIENT_HOST;
    List<Ipv4Address> addresses = new ArrayList<>();
    addresses.add(Ipv4Address.parse("10.0.0.1"));
    for (int i = 1; i < count; i++) {
      addresses.add(Ipv4Address.parse("10.0.0." + (i + 2)));
    }
    return addresses;
  }

  private static List<Host> hosts(List<Host> clients, Host server) {
    List<Host> hosts = new ArrayList<>(clients);
    hosts.add(server);
    return hosts;
  }

  /**
   * What runs after every simulation step: --netstat, the progress meter, the heap sampler, and
   * the check for Ctrl-C (the interrupt of this thread), which ends the run.
   */
  private static Runnable everyStep(SimulationDriver sim, ProgressMeter meter, HeapPeak heap,
      LongSupplier delivered, Runnable netstat) {
    return () -> {
      netstat.run();
      heap.maybeSample();
      if (meter.due()) {
        meter.update(delivered.getAsLong(), simulatedNote(sim));
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("stopped at simulated time " + sim.nowNs() / 1e9 + " s");
      }
    };
  }

  private static String simulatedNote(SimulationDriver sim) {
    return String.format(Locale.ROOT, "simulated %.3f s", sim.nowNs() / 1e9);
  }

  /** The options of this run, for the JSON summary. */
  private Map<String, Object> settings(long seed) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("protocol", protocol);
    settings.put("sessions", sessions);
    settings.put("clientHosts", clientAddresses(sessions).size());
    settings.put("bytesPerSession", bytes);
    if (protocol.equals("tcp")) {
      settings.put("congestion", congestion);
    } else {
      settings.put("requestBytes", requestBytes);
      settings.put("timeoutMs", timeoutNs / 1e6);
      settings.put("retries", retries);
    }
    settings.put("loss", network.loss);
    settings.put("burstLoss", network.burstLoss);
    settings.put("duplicate", network.duplicate);
    settings.put("reorder", network.reorder);
    settings.put("corrupt", network.corrupt);
    settings.put("delayMs", network.delayNs / 1e6);
    settings.put("jitterMs", network.jitterNs / 1e6);
    settings.put("bandwidthBitsPerSecond", network.bandwidthBitsPerSecond);
    settings.put("mtu", network.mtu);
    settings.put("seed", seed);
    return settings;
  }
}
