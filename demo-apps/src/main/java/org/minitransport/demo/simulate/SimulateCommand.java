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
        "Runs N concurrent TCP echo sessions between two simulated hosts over an impaired",
        "network in virtual time, verifies every echo by SHA-256 and prints a summary.",
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
      description = "Transport: tcp (default). udp is not implemented yet.")
  String protocol;

  @Option(names = "--json", description = "Print only the summary, as one JSON object on one line.")
  boolean json;

  @Option(names = "--pcap", paramLabel = "FILE",
      description = "Write every packet the hosts send to a pcap file (Wireshark, tshark).")
  Path pcap;

  @Override
  public Integer call() throws Exception {
    validate();
    long seed = network.seed != null ? network.seed : new SecureRandom().nextLong();
    PrintWriter out = spec.commandLine().getOut();
    if (!json) {
      out.printf(Locale.ROOT, "simulate: %d TCP sessions x %,d bytes echoed, %s, seed %d%n",
          sessions, bytes, network.describe(), seed);
      out.flush();
    }
    SimulationSummary summary = runTcp(seed, out);
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
    if (!protocol.equals("tcp")) {
      throw new ParameterException(spec.commandLine(),
          "--protocol " + protocol + " is not available: only tcp is implemented so far");
    }
    if ((double) sessions * bytes > 64.0 * (1L << 30)) {
      throw new ParameterException(spec.commandLine(),
          "--sessions x --bytes is above 64 GiB; choose a smaller run");
    }
  }

  private SimulationSummary runTcp(long seed, PrintWriter out) throws IOException {
    long wallStartNs = System.nanoTime();
    VirtualClock clock = new VirtualClock();
    SimulatedNetwork net = new SimulatedNetwork(seed, clock, network.linkConfig());
    PcapWriter capture = pcap == null ? null : PcapWriter.create(pcap);
    if (capture != null) {
      net.setTraceListener(event -> {
        if (event.kind() == TraceEvent.Kind.SENT) {
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
    TcpEchoSessions run = new TcpEchoSessions(sim, client, server, TcpConfig.defaults(), seed,
        sessions);
    run.start(sessions, bytes, seed);
    ProgressBar bar = new ProgressBar(out, sessions, !json && System.console() != null);
    run.run(bar::update);
    bar.done();
    if (capture != null) {
      capture.close();
    }
    Map<String, Long> drops = new LinkedHashMap<>();
    for (Map.Entry<DropReason, Long> drop : net.counters().droppedByReason().entrySet()) {
      drops.put(drop.getKey().name().toLowerCase(Locale.ROOT), drop.getValue());
    }
    long corrupted = net.counters().corrupted();
    if (corrupted > 0) {
      drops.put("corrupted_caught_by_checksum", run.checksumDrops()
          + client.counters().dropped(org.minitransport.core.stack.HostDropReason.BAD_IPV4)
          + server.counters().dropped(org.minitransport.core.stack.HostDropReason.BAD_IPV4));
    }
    return new SimulationSummary("tcp", seed, sessions, run.verified(),
        run.finished() - run.verified() + (sessions - run.finished()),
        run.bytesDelivered(), run.retransmissions(), drops, run.failures(),
        run.lastFinishNs() / 1e9,
        (System.nanoTime() - wallStartNs) / 1e9);
  }
}
