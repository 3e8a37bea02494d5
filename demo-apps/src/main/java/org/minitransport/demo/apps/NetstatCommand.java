package org.minitransport.demo.apps;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport netstat}: prints the port table (protocol, queues, local, remote, state,
 * RTT and congestion window), the TCP counters and the IP drops of a host running in another
 * process on the UDP network, by asking its {@link NetstatService} on UDP port 11 from a temporary
 * host of its own; with {@code --watch} again and again.
 */
@Command(name = "netstat", mixinStandardHelpOptions = true,
    header = "Shows a running host's connections, TCP counters and IP drops.",
    defaultValueProvider = NetstatCommand.UdpByDefault.class,
    description = "Prints the port table of a running host (a server command started with "
        + "--network udp): queues (recv-q: received, not yet read; send-q: not yet "
        + "acknowledged), state, and the RTT and congestion window of TCP connections; then "
        + "every TCP counter (SYN cookies, listen drops, invalid-flag and bad-source drops, ...) "
        + "and the IP drops by reason. It asks UDP port 11 from a temporary host (--address, "
        + "default 10.0.0.250). On the simulated network use 'minitransport simulate --netstat "
        + "TIME'.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  minitransport netstat --target 10.0.0.2",
        "  # every second until Ctrl-C",
        "  minitransport netstat --target 10.0.0.2 --watch",
        "  minitransport netstat --target 10.0.0.2 --watch 200ms"})
public final class NetstatCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Option(names = "--target", required = true, paramLabel = "<address>",
      converter = AddressConverters.Address.class,
      description = "The host to ask, e.g. 10.0.0.2.")
  Ipv4Address target;

  @Option(names = "--timeout", converter = ValueConverters.Timeout.class, defaultValue = "1s",
      paramLabel = "<duration>",
      description = "How long each attempt waits for the answer (default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Option(names = "--retries", defaultValue = "2", paramLabel = "<n>",
      description = "Further attempts after the first, 0-20 (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(names = "--watch", arity = "0..1", fallbackValue = "1s", paramLabel = "<duration>",
      converter = ValueConverters.Timeout.class,
      description = "Ask again after every interval until stopped (default interval: 1s).")
  Long watchNs;

  /** netstat only makes sense on the UDP network: make it the default here. */
  public static final class UdpByDefault implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec argument) {
      return argument instanceof OptionSpec option && option.longestName().equals("--network")
          ? HostOptions.Kind.udp.name() : null;
    }
  }

  @Override
  public Integer call() throws Exception {
    if (host.network == HostOptions.Kind.sim) {
      throw new ParameterException(spec.commandLine(), "netstat asks a host running on the UDP "
          + "network; on the simulated network every host lives inside one command, so use "
          + "'minitransport simulate --netstat TIME' instead");
    }
    if (retries < 0 || retries > 20) {
      throw new ParameterException(spec.commandLine(), "--retries " + retries + " must be 0-20");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (DemoNetwork network = DemoNetwork.open(host)) {
      Dialer.checkRoute(network, new Endpoint(target, NetstatProtocol.PORT), "reach");
      DemoNetwork.DemoHost self = network.startHost(host.addressOr("10.0.0.250"),
          TcpConfig.defaults());
      DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss");
      CountDownLatch stopped = new CountDownLatch(1);
      do {
        String table = NetstatQuery.query(self.udp(), target, timeoutNs, retries + 1);
        out.printf(watchNs == null ? "netstat of %s:%n" : "netstat of %s at %s:%n", target,
            LocalTime.now().format(clock));
        out.print(table);
        out.flush();
        if (watchNs != null) {
          try {
            stopped.await(watchNs, TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            return 0; // Ctrl-C ends watching; that is how --watch is meant to end
          }
          out.println();
        }
      } while (watchNs != null);
    }
    return 0;
  }
}
