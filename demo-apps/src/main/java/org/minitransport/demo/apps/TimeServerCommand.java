package org.minitransport.demo.apps;

import java.io.PrintWriter;
import java.net.SocketException;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.apps.time.TimeResponder;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport time-server}: answers udp-lite time requests ({@code TIME <id>}) with the
 * time ({@code TIME <id> <millis> <instant>}); see {@link
 * org.minitransport.demo.apps.time.TimeReply}.
 */
@Command(name = "time-server", mixinStandardHelpOptions = true,
    header = "Answers time requests over UDP.",
    description = "Answers each UDP datagram 'TIME <id>' with 'TIME <id> <ms since 1970> "
        + "<ISO-8601 UTC>'; anything else is ignored. Prints one line per datagram.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # terminal 1",
        "  minitransport time-server --network udp --address 10.0.0.3",
        "  # terminal 2",
        "  minitransport time-query --network udp --to 10.0.0.3:37"})
public final class TimeServerCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Option(names = "--port", defaultValue = "37", converter = AddressConverters.Port.class,
      paramLabel = "<port>", description = "UDP port, 1-65535 (default: ${DEFAULT-VALUE}, the RFC 868 time port).")
  int port;

  @Option(names = "--duration", converter = ValueConverters.Duration.class, defaultValue = "0",
      paramLabel = "<duration>", description = "Stop after this long, e.g. 30s (default: run until stopped).")
  long durationNs;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (DemoNetwork network = DemoNetwork.open(host)) {
      DemoNetwork.DemoHost server = network.startServerHost(TcpConfig.defaults());
      try (TimeResponder responder = start(server, port, line -> {
            out.println(line);
            out.flush();
          });
          NetstatService netstat = NetstatService.startIfShared(network, server)) {
        out.printf("time-server listening on %s:%d/udp (network %s)%n", server.address(), port,
            host.network);
        if (netstat != null) {
          out.printf("netstat queries answered on UDP port %d%n", netstat.localEndpoint().port());
        }
        out.flush();
        ServerLifetime.await(durationNs, out);
        out.printf("answered %d requests, ignored %d datagrams%n", responder.answered(),
            responder.ignored());
        out.flush();
      }
    }
    return 0;
  }

  /** Starts a time responder on {@code server}:{@code port}, reading the system clock. */
  static TimeResponder start(DemoNetwork.DemoHost server, int port, Consumer<String> log)
      throws SocketException {
    return TimeResponder.start(server.udp().open(new Endpoint(Ipv4Address.ANY, port)),
        Clock.systemUTC(), log);
  }
}
