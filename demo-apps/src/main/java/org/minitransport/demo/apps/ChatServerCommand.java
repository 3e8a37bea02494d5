package org.minitransport.demo.apps;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DeadPeerTimeout;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport chat-server}: a line-based chat room over tcp-lite ({@link ChatRoom}),
 * served by non-blocking handlers on the host's one thread.
 */
@Command(name = "chat-server", mixinStandardHelpOptions = true,
    header = "A line-based chat room for many clients.",
    description = "A chat room: every line a client sends goes to every connected client as "
        + "'<name>: <line>' (send 'NAME <name>' first to choose a name). One event-loop thread "
        + "serves all clients; a client that reads too slowly is dropped.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # terminal 1: 10.0.0.2",
        "  minitransport chat-server --network udp",
        "  # terminal 2",
        "  minitransport chat-client --network udp --name alice",
        "  # terminal 3",
        "  minitransport chat-client --network udp --name bob"})
public final class ChatServerCommand implements Callable<Integer> {

  /** The default chat port. */
  public static final int DEFAULT_PORT = 7777;

  static final long MIN_QUEUE_BYTES = 1024;
  static final long MAX_QUEUE_BYTES = 64L << 20;

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Option(names = "--port", defaultValue = "" + DEFAULT_PORT,
      converter = AddressConverters.Port.class, paramLabel = "<port>",
      description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--queue", defaultValue = "64k", converter = ValueConverters.ByteCount.class,
      paramLabel = "<size>",
      description = "Bytes that may wait for one slow client before it is dropped, 1k-64M "
          + "(default: ${DEFAULT-VALUE}).")
  long queueBytes;

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
    checkQueue(spec, queueBytes);
    PrintWriter out = spec.commandLine().getOut();
    try (DemoNetwork network = DemoNetwork.open(host)) {
      DemoNetwork.DemoHost server = network.startServerHost(
          DeadPeerTimeout.tcpConfig(TcpConfig.defaults(), Duration.ofNanos(timeoutNs)));
      try (ChatServer chat = ChatServer.start(server, port, (int) queueBytes, out);
          NetstatService netstat = NetstatService.startIfShared(network, server)) {
        out.printf("chat-server listening on %s:%d (network %s)%n", server.address(),
            chat.localEndpoint().port(), host.network);
        if (netstat != null) {
          out.printf("netstat queries answered on UDP port %d%n", netstat.localEndpoint().port());
        }
        out.flush();
        ServerLifetime.await(durationNs, out);
      }
    }
    return 0;
  }

  static void checkQueue(CommandSpec spec, long queueBytes) {
    if (queueBytes < MIN_QUEUE_BYTES || queueBytes > MAX_QUEUE_BYTES) {
      throw new ParameterException(spec.commandLine(),
          "--queue " + queueBytes + " bytes is outside 1k-64M");
    }
  }
}
