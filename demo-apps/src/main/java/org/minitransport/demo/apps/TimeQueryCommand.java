package org.minitransport.demo.apps;

import java.io.PrintWriter;
import java.net.PortUnreachableException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.minitransport.core.address.Endpoint;
import org.minitransport.demo.apps.time.TimeQuery;
import org.minitransport.demo.apps.time.TimeRequest;
import org.minitransport.demo.apps.time.TimeResponder;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.udp.UdpSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport time-query}: asks a time-server for the time over udp-lite, retransmitting
 * after each timeout. On the simulated network the server runs in this process at --to.
 */
@Command(name = "time-query", mixinStandardHelpOptions = true,
    header = "Asks a time-server for the time over UDP, with a timeout and retries.",
    description = "Asks a time-server for its time over UDP, with a timeout and retries, and "
        + "prints the time, the round trip and the attempts. With --network sim (the default) a "
        + "time-server is started in this process at --to; try --loss 30%% to see retries.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # watch the retries",
        "  minitransport time-query --loss 40%% --seed 5 --timeout 200ms",
        "  # time-server running",
        "  minitransport time-query --network udp --to 10.0.0.3:37"})
public final class TimeQueryCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Option(names = "--to", defaultValue = "10.0.0.2:37", paramLabel = "<address:port>",
      converter = AddressConverters.Remote.class,
      description = "The time server (default: ${DEFAULT-VALUE}).")
  Endpoint to;

  @Option(names = "--timeout", converter = ValueConverters.Timeout.class, defaultValue = "1s",
      paramLabel = "<duration>",
      description = "How long to wait for each reply, at least 1ms (default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Option(names = "--retries", defaultValue = "3", paramLabel = "<n>",
      description = "Retransmissions after the first attempt, 0-100 (default: ${DEFAULT-VALUE}).")
  int retries;

  @Override
  public Integer call() throws Exception {
    Endpoint server = to;
    if (retries < 0 || retries > 100) {
      throw new ParameterException(spec.commandLine(),
          "--retries " + retries + " is outside 0-100");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (DemoNetwork network = DemoNetwork.open(host)) {
      TimeResponder inProcessServer = null;
      if (!network.isShared()) {
        inProcessServer = TimeServerCommand.start(network.startHost(server.address()),
            server.port(), null);
      }
      Dialer.checkRoute(network, server, "reach");
      try (UdpSocket socket = network.startClientHost(TcpConfig.defaults()).udp()
          .openEphemeral()) {
        socket.connect(server);
        TimeQuery.Result result;
        try {
          result = TimeQuery.ask(socket, server, timeoutNs, retries,
              ThreadLocalRandom.current().nextLong(TimeRequest.MAX_ID + 1),
              (attempt, timeout) -> {
                out.printf("attempt %d: no reply within %d ms%n", attempt, timeout / 1_000_000);
                out.flush();
              });
        } catch (PortUnreachableException e) {
          throw new PortUnreachableException(PeerFailures.cannot("reach", server,
              PeerFailures.REFUSED, "ICMP port unreachable: is time-server running there, on "
                  + "that port?"));
        }
        out.printf("time %s from %s (%d ms since 1970)%n", result.reply().instant(), server,
            result.reply().epochMillis());
        out.printf(Locale.ROOT, "round trip %.1f ms, %d %s%s%n", result.roundTripNs() / 1e6,
            result.attempts(), result.attempts() == 1 ? "attempt" : "attempts",
            result.answeredAttempt() == result.attempts() ? ""
                : " (the reply answered attempt " + result.answeredAttempt() + ")");
        out.flush();
        return 0;
      } finally {
        if (inProcessServer != null) {
          inProcessServer.close();
        }
      }
    }
  }
}
