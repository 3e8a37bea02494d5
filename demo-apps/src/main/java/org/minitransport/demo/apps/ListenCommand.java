package org.minitransport.demo.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.UsesStandardStreams;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DeadPeerTimeout;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.socket.TcpServerSocket;
import org.minitransport.tcp.socket.TcpSocket;
import org.minitransport.udp.ReceivedDatagram;
import org.minitransport.udp.UdpSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport listen PORT}: nc's listening mode over tcp-lite (or udp-lite with {@code
 * --udp}): waits for a peer, then pipes standard input to it and what it sends to standard output.
 */
@Command(name = "listen", mixinStandardHelpOptions = true,
    header = "Waits for a TCP or UDP peer and pipes to it, as nc -l does.",
    description = "Listens on PORT of this host (on the UDP network) and, like nc -l, pipes "
        + "standard input to the peer that connects and what it sends to standard output, "
        + "unchanged. TCP: one connection (--keep-open: one after another); the end of standard "
        + "input half-closes it; it is over when the peer closes. UDP (--udp): prints every "
        + "datagram; each read of standard input goes to the peer that sent last.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # terminal 1: 10.0.0.2",
        "  minitransport listen --network udp 9999 > received.bin",
        "  # terminal 2",
        "  minitransport connect --network udp 10.0.0.2 9999 < file.bin",
        "  # datagrams, until Ctrl-C",
        "  minitransport listen --network udp --udp 9999"})
public final class ListenCommand implements Callable<Integer>, UsesStandardStreams {

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Parameters(index = "0", paramLabel = "<port>", converter = AddressConverters.Port.class,
      description = "The port to listen on.")
  int port;

  @Option(names = {"-u", "--udp"}, description = "Use udp-lite datagrams instead of tcp-lite.")
  boolean udp;

  @Option(names = {"-k", "--keep-open"},
      description = "TCP: after a connection ends, wait for the next (until Ctrl-C).")
  boolean keepOpen;

  @Option(names = "--timeout", converter = ValueConverters.Timeout.class, defaultValue = "30s",
      paramLabel = "<duration>",
      description = "TCP: how long to wait for a peer that stopped answering "
          + "(default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  private InputStream stdin = System.in;
  private OutputStream stdout = System.out;

  @Override
  public void useStandardStreams(InputStream in, OutputStream out) {
    this.stdin = in;
    this.stdout = out;
  }

  @Override
  public Integer call() throws Exception {
    if (host.network == HostOptions.Kind.sim) {
      throw new ParameterException(spec.commandLine(), "listen needs a network other processes "
          + "can reach, e.g. --network udp (on the simulated network nothing outside this "
          + "process could connect)");
    }
    PrintWriter err = spec.commandLine().getErr();
    TcpConfig tcp = DeadPeerTimeout.tcpConfig(TcpConfig.defaults(), Duration.ofNanos(timeoutNs));
    try (DemoNetwork network = DemoNetwork.open(host)) {
      DemoNetwork.DemoHost self = network.startServerHost(tcp);
      Endpoint local = new Endpoint(Ipv4Address.ANY, port);
      if (udp) {
        try (UdpSocket socket = self.udp().open(local)) {
          err.printf("listening on %s:%d/udp%n", self.address(), port);
          err.flush();
          serveDatagrams(socket, self.udp().maxPayload());
        }
        return 0;
      }
      try (TcpServerSocket server = self.tcp().listen(local, 1)) {
        err.printf("listening on %s:%d%n", self.address(), port);
        err.flush();
        do {
          try (TcpSocket socket = server.accept()) {
            err.printf("connection from %s%n", socket.remoteEndpoint());
            err.flush();
            PipeEnds.pipe(socket, stdin, stdout, socket.remoteEndpoint(), timeoutNs);
          }
        } while (keepOpen);
      }
    }
    return 0;
  }

  /** Prints datagrams until stopped; standard input goes to whoever sent last. */
  private void serveDatagrams(UdpSocket socket, int maxPayload) throws IOException {
    AtomicReference<Endpoint> lastPeer = new AtomicReference<>();
    Thread sender = new Thread(() -> {
      byte[] buffer = new byte[maxPayload];
      try {
        for (int n = stdin.read(buffer); n >= 0; n = stdin.read(buffer)) {
          Endpoint peer = lastPeer.get();
          if (peer != null && n > 0) {
            socket.send(peer, Arrays.copyOf(buffer, n));
          }
        }
      } catch (IOException e) {
        // the socket closed, or stdin failed: nothing more to send
      }
    }, "stdin-to-udp");
    sender.setDaemon(true);
    sender.start();
    while (true) {
      ReceivedDatagram datagram = socket.receive();
      lastPeer.set(datagram.source());
      stdout.write(datagram.data());
      stdout.flush();
    }
  }
}
