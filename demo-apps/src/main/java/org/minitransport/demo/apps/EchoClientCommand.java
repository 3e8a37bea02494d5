package org.minitransport.demo.apps;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.minitransport.core.address.Endpoint;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpAcceptor;
import org.minitransport.tcp.TcpSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport echo-client}: sends messages to an echo server and checks each reply. On
 * the simulated network the server runs in this process too.
 */
@Command(name = "echo-client", mixinStandardHelpOptions = true,
    description = "Sends messages to an echo server over tcp-lite and checks the replies. With "
        + "--network sim (the default) an echo server is started in this process at --to.")
public final class EchoClientCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Option(names = "--to", defaultValue = "10.0.0.2:7", paramLabel = "ADDRESS:PORT",
      description = "The echo server (default: ${DEFAULT-VALUE}).")
  String to;

  @Option(names = "--message", defaultValue = "hello, minitransport",
      description = "Text to send (default: ${DEFAULT-VALUE}).")
  String message;

  @Option(names = "--count", defaultValue = "1", description = "How many times to send it.")
  int count;

  @Option(names = "--timeout", converter = ValueConverters.Duration.class, defaultValue = "10s",
      description = "Connect and reply timeout (default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Override
  public Integer call() throws Exception {
    Endpoint server = Endpoint.parse(to);
    if (count < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--count " + count + " must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (DemoNetwork network = DemoNetwork.open(host)) {
      TcpAcceptor inProcessServer = null;
      if (!network.isShared()) {
        inProcessServer = EchoServerCommand.start(network.startHost(server.address()),
            server.port());
      }
      DemoNetwork.DemoHost client = network.startHost(host.addressOr("10.0.0.1"));
      int millis = (int) Math.max(1, timeoutNs / 1_000_000);
      byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
      int verified = 0;
      try (TcpSocket socket = client.tcp().socket()) {
        socket.connect(server, millis);
        socket.setSoTimeout(millis);
        OutputStream output = socket.getOutputStream();
        InputStream input = socket.getInputStream();
        for (int i = 0; i < count; i++) {
          output.write(bytes);
          output.flush();
          byte[] reply = input.readNBytes(bytes.length);
          if (reply.length < bytes.length) {
            throw new SocketException("connection closed after " + reply.length + " of "
                + bytes.length + " echoed bytes");
          }
          boolean same = Arrays.equals(bytes, reply);
          out.printf("%s -> %s: %s%n", socket.localEndpoint(), server,
              same ? new String(reply, StandardCharsets.UTF_8) : "MISMATCH");
          out.flush();
          verified += same ? 1 : 0;
        }
        socket.shutdownOutput();
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
