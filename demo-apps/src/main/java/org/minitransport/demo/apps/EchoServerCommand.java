package org.minitransport.demo.apps;

import java.util.concurrent.Callable;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpAcceptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minitransport echo-server}: a TCP echo service (RFC 862) for many concurrent clients. */
@Command(name = "echo-server", mixinStandardHelpOptions = true,
    description = "Echoes back every byte each TCP client sends (one event-loop thread serves "
        + "all clients).")
public final class EchoServerCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Option(names = "--port", defaultValue = "7", description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--duration", converter = ValueConverters.Duration.class, defaultValue = "0",
      description = "Stop after this long, e.g. 30s (default: run until stopped).")
  long durationNs;

  @Override
  public Integer call() throws Exception {
    Endpoint.checkPort(port);
    try (DemoNetwork network = DemoNetwork.open(host)) {
      DemoNetwork.DemoHost server = network.startHost(host.addressOr("10.0.0.2"));
      try (TcpAcceptor acceptor = start(server, port);
          NetstatService netstat = NetstatService.startIfShared(network, server)) {
        spec.commandLine().getOut().printf("echo-server listening on %s (network %s)%n",
            acceptor.localEndpoint(), host.network);
        if (netstat != null) {
          spec.commandLine().getOut().printf("netstat queries answered on UDP port %d%n",
              netstat.localEndpoint().port());
        }
        spec.commandLine().getOut().flush();
        ServerLifetime.await(durationNs, spec.commandLine().getOut());
      }
    }
    return 0;
  }

  /** Starts an echo service on {@code server}:{@code port}. */
  static TcpAcceptor start(DemoNetwork.DemoHost server, int port) throws java.io.IOException {
    return server.tcp().listen(new Endpoint(Ipv4Address.ANY, port), 1024, EchoHandler::new);
  }
}
