package org.minitransport.demo.apps;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport netstat}: prints the port table (protocol, local, remote, state), the TCP
 * counters and the IP drops of a host running in another process on the UDP network, by asking its
 * {@link NetstatService} on UDP port 11 from a temporary host of its own.
 */
@Command(name = "netstat", mixinStandardHelpOptions = true,
    description = "Prints the port table, TCP counters (SYN cookies, listen drops, invalid-flag "
        + "and bad-source drops, ...) and IP drops of a running host (a server command started "
        + "with --network udp) by querying UDP port 11 from a temporary host (--address, default "
        + "10.0.0.250). On the simulated network use 'minitransport simulate --netstat TIME'.")
public final class NetstatCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Option(names = "--target", paramLabel = "IPV4", converter = AddressConverters.Address.class,
      description = "The host to ask, e.g. 10.0.0.2 (required).")
  Ipv4Address target;

  @Option(names = "--timeout", converter = ValueConverters.Duration.class, defaultValue = "1s",
      description = "How long each attempt waits for the answer (default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Option(names = "--retries", defaultValue = "2",
      description = "Further attempts after the first, 0-20 (default: ${DEFAULT-VALUE}).")
  int retries;

  @Override
  public Integer call() throws Exception {
    if (host.network == HostOptions.Kind.sim) {
      spec.commandLine().getErr().println("minitransport: netstat asks a host running on the UDP"
          + " network (--network udp --target ADDRESS); on the simulated network every host lives"
          + " inside one command, so use 'minitransport simulate --netstat TIME' instead");
      return 2;
    }
    if (target == null) {
      throw new ParameterException(spec.commandLine(),
          "--target is required: the address of the host to ask, e.g. --target 10.0.0.2");
    }
    if (retries < 0 || retries > 20) {
      throw new ParameterException(spec.commandLine(), "--retries " + retries + " must be 0-20");
    }
    if (timeoutNs < 1_000_000) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1ms");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (DemoNetwork network = DemoNetwork.open(host)) {
      DemoNetwork.DemoHost self = network.startHost(host.addressOr("10.0.0.250"));
      String table = NetstatQuery.query(self.udp(), target, timeoutNs, retries + 1);
      out.printf("netstat of %s:%n", target);
      out.print(table);
      out.flush();
    }
    return 0;
  }
}
