package org.minitransport.demo.apps;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DeadPeerTimeout;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.socket.TcpAcceptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minitransport echo-server}: a TCP echo service (RFC 862) for many concurrent clients. */
@Command(name = "echo-server", mixinStandardHelpOptions = true,
    header = "Echoes back every byte each TCP client sends.",
    description = "Echoes back every byte each TCP client sends (one event-loop thread serves "
        + "all clients).",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # terminal 1: 10.0.0.2 port 7",
        "  minitransport echo-server --network udp",
        "  # terminal 2",
        "  minitransport echo-client --network udp --count 3",
        "  echo hello | minitransport connect --network udp 10.0.0.2 7",
        "  # Linux in a namespace of its own as the client (root)",
        "  sudo ip netns add mt",
        "  sudo minitransport echo-server --network tun --tun-netns mt &",
        "  echo hello | sudo ip netns exec mt socat - TCP:10.0.0.2:7"})
public final class EchoServerCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Option(names = "--port", defaultValue = "7", converter = AddressConverters.Port.class,
      paramLabel = "<port>", description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--duration", converter = ValueConverters.Duration.class, defaultValue = "0",
      paramLabel = "<duration>",
      description = "Stop after this long, e.g. 30s (default: run until stopped).")
  long durationNs;

  @Option(names = "--timeout", converter = ValueConverters.Timeout.class, defaultValue = "30s",
      paramLabel = "<duration>",
      description = "Drop a client that stopped answering after about this long "
          + "(default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (DemoNetwork network = DemoNetwork.open(host)) {
      DemoNetwork.DemoHost server = network.startServerHost(
          DeadPeerTimeout.tcpConfig(TcpConfig.defaults(), Duration.ofNanos(timeoutNs)));
      try (TcpAcceptor acceptor = start(server, port);
          NetstatService netstat = NetstatService.startIfShared(network, server)) {
        out.printf("echo-server listening on %s:%d (network %s)%n", server.address(),
            acceptor.localEndpoint().port(), host.network);
        if (netstat != null) {
          out.printf("netstat queries answered on UDP port %d%n", netstat.localEndpoint().port());
        }
        out.flush();
        ServerLifetime.await(durationNs, out);
      }
    }
    return 0;
  }

  /** Starts an echo service on {@code server}:{@code port}. */
  static TcpAcceptor start(DemoNetwork.DemoHost server, int port) throws java.io.IOException {
    return server.tcp().listen(new Endpoint(Ipv4Address.ANY, port), 1024, EchoHandler::new);
  }
}
