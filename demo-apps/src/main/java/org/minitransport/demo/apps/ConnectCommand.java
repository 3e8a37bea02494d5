package org.minitransport.demo.apps;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.PortUnreachableException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.UsesStandardStreams;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DeadPeerTimeout;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.socket.TcpAcceptor;
import org.minitransport.tcp.socket.TcpSocket;
import org.minitransport.udp.UdpSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport connect ADDRESS PORT}: nc's client mode over tcp-lite (or udp-lite with
 * {@code --udp}): standard input to the peer, the peer to standard output, byte for byte.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
    header = "Pipes standard input and output to a TCP or UDP peer, as nc does.",
    description = "Connects to ADDRESS PORT over tcp-lite (or sends datagrams with --udp) and "
        + "pipes standard input there and what comes back to standard output, unchanged, as nc "
        + "does. TCP: the end of standard input half-closes the connection; the command ends "
        + "when the peer closes. UDP: each read of standard input is one datagram; the command "
        + "ends --wait after standard input ended. With --network sim (the default) an echo "
        + "server (TCP and UDP) is started in this process at ADDRESS PORT.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # echoed back: hello",
        "  echo hello | minitransport connect 10.0.0.2 7",
        "  # type to a chat-server",
        "  minitransport connect --network udp 10.0.0.2 7777",
        "  printf 'GET / HTTP/1.0\\r\\n\\r\\n' | minitransport connect --network udp \\",
        "      10.0.0.2 80",
        "  echo ping | minitransport connect --udp --network udp 10.0.0.2 9999"})
public final class ConnectCommand implements Callable<Integer>, UsesStandardStreams {

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Parameters(index = "0", paramLabel = "<address>", converter = AddressConverters.Address.class,
      description = "The peer's virtual address, e.g. 10.0.0.2.")
  Ipv4Address address;

  @Parameters(index = "1", paramLabel = "<port>", converter = AddressConverters.Port.class,
      description = "The peer's port.")
  int port;

  @Option(names = {"-u", "--udp"}, description = "Use udp-lite datagrams instead of tcp-lite.")
  boolean udp;

  @Option(names = "--timeout", converter = ValueConverters.Timeout.class, defaultValue = "30s",
      paramLabel = "<duration>",
      description = "TCP: how long to wait to connect, and for a peer that stopped answering "
          + "(default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Option(names = {"-w", "--wait"}, converter = ValueConverters.Duration.class,
      defaultValue = "1s", paramLabel = "<duration>",
      description = "UDP: how long to keep printing datagrams after standard input ended "
          + "(default: ${DEFAULT-VALUE}).")
  long waitNs;

  private InputStream stdin = System.in;
  private OutputStream stdout = System.out;

  @Override
  public void useStandardStreams(InputStream in, OutputStream out) {
    this.stdin = in;
    this.stdout = out;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Endpoint peer = new Endpoint(address, port);
    TcpConfig tcp = DeadPeerTimeout.tcpConfig(TcpConfig.defaults(), Duration.ofNanos(timeoutNs));
    try (DemoNetwork network = DemoNetwork.open(host)) {
      TcpAcceptor inProcessTcp = null;
      UdpEcho inProcessUdp = null;
      if (!network.isShared()) {
        DemoNetwork.DemoHost server = network.startHost(address, tcp);
        if (udp) {
          inProcessUdp = UdpEcho.start(server.udp(), port);
        } else {
          inProcessTcp = EchoServerCommand.start(server, port);
        }
        err.printf("an echo server (%s) runs in this process at %s%n", udp ? "UDP" : "TCP", peer);
        err.flush();
      }
      try {
        DemoNetwork.DemoHost self = network.startClientHost(tcp);
        if (udp) {
          Dialer.checkRoute(network, peer, "reach");
          try (UdpSocket socket = self.udp().openEphemeral()) {
            socket.connect(peer);
            UdpPipe.pipe(socket, self.udp().maxPayload(), stdin, stdout, waitNs);
          } catch (PortUnreachableException e) {
            throw new PortUnreachableException(PeerFailures.cannot("reach", peer,
                PeerFailures.REFUSED, "ICMP port unreachable: nothing listens on that UDP port"));
          }
        } else {
          try (TcpSocket socket = Dialer.dial(network, self, peer, timeoutNs, "a server", err)) {
            PipeEnds.pipe(socket, stdin, stdout, peer, timeoutNs);
          }
        }
        return 0;
      } finally {
        if (inProcessTcp != null) {
          inProcessTcp.close();
        }
        if (inProcessUdp != null) {
          inProcessUdp.close();
        }
      }
    }
  }
}
