package org.minitransport.demo.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.minitransport.core.address.Endpoint;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DeadPeerTimeout;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.socket.TcpAcceptor;
import org.minitransport.tcp.socket.TcpSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport echo-client}: sends messages to an echo server and checks each reply. On
 * the simulated network the server runs in this process too.
 */
@Command(name = "echo-client", mixinStandardHelpOptions = true,
    header = "Sends messages to an echo server and checks the replies.",
    description = "Sends messages to an echo server over tcp-lite and checks the replies. With "
        + "--network sim (the default) an echo server is started in this process at --to.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # both ends in this process",
        "  minitransport echo-client --count 3 --loss 10%%",
        "  minitransport echo-client --network udp --to 10.0.0.2:7 --message ping"})
public final class EchoClientCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Option(names = "--to", defaultValue = "10.0.0.2:7", paramLabel = "<address:port>",
      converter = AddressConverters.Remote.class,
      description = "The echo server (default: ${DEFAULT-VALUE}).")
  Endpoint to;

  @Option(names = "--message", defaultValue = "hello, minitransport", paramLabel = "<text>",
      description = "Text to send (default: ${DEFAULT-VALUE}).")
  String message;

  @Option(names = "--count", defaultValue = "1", paramLabel = "<n>",
      description = "How many times to send it (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--timeout", converter = ValueConverters.Timeout.class, defaultValue = "30s",
      paramLabel = "<duration>",
      description = "How long to wait for the server: to connect, and for each reply "
          + "(default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Override
  public Integer call() throws Exception {
    if (count < 1) {
      throw new ParameterException(spec.commandLine(),
          "--count " + count + " must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    TcpConfig tcp = DeadPeerTimeout.tcpConfig(TcpConfig.defaults(), Duration.ofNanos(timeoutNs));
    try (DemoNetwork network = DemoNetwork.open(host)) {
      TcpAcceptor inProcessServer = null;
      if (!network.isShared()) {
        inProcessServer = EchoServerCommand.start(network.startHost(to.address(), tcp),
            to.port());
      }
      DemoNetwork.DemoHost client = network.startClientHost(tcp);
      byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
      int verified = 0;
      try (TcpSocket socket = Dialer.dial(network, client, to, timeoutNs, "echo-server",
          spec.commandLine().getErr())) {
        socket.setSoTimeout((int) Math.max(1, timeoutNs / 1_000_000));
        OutputStream output = socket.getOutputStream();
        InputStream input = socket.getInputStream();
        try {
          for (int i = 0; i < count; i++) {
            output.write(bytes);
            output.flush();
            byte[] reply = input.readNBytes(bytes.length);
            if (reply.length < bytes.length) {
              throw new SocketException("connection to " + to + " closed after " + reply.length
                  + " of " + bytes.length + " echoed bytes");
            }
            boolean same = Arrays.equals(bytes, reply);
            out.printf("%s -> %s: %s%n", socket.localEndpoint(), to,
                same ? new String(reply, StandardCharsets.UTF_8) : "MISMATCH");
            out.flush();
            verified += same ? 1 : 0;
          }
          socket.shutdownOutput();
        } catch (IOException e) {
          throw PeerFailures.lost(to, e, timeoutNs);
        }
      } finally {
        if (inProcessServer != null) {
          inProcessServer.close();
        }
      }
      out.printf("%d of %d replies verified%n", verified, count);
      return verified == count ? 0 : 1;
    }
  }
}
