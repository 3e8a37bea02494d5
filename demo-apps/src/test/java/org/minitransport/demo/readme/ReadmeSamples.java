package org.minitransport.demo.readme;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.EventLoop;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.net.udp.UdpNetwork;
import org.minitransport.core.net.udp.UdpRouteTable;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.NanoClock;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.TcpEndpoint;
import org.minitransport.tcp.TcpListener;
import org.minitransport.tcp.socket.TcpServerSocket;
import org.minitransport.tcp.socket.TcpService;
import org.minitransport.tcp.socket.TcpSocket;
import org.minitransport.udp.ReceivedDatagram;
import org.minitransport.udp.UdpService;
import org.minitransport.udp.UdpSocket;

/**
 * The Java samples of the README, complete: {@code ReadmeSamplesTest} runs each one and checks
 * that the README shows exactly these lines (between the {@code sample} markers) and imports.
 */
final class ReadmeSamples {

  private ReadmeSamples() {}

  // sample: engine
  /** Two hosts on a lossy simulated network, one thread, virtual time: send 100 KB, read it. */
  static byte[] engineTransfer(long seed) throws Exception {
    VirtualClock clock = new VirtualClock();
    SimulatedNetwork network = new SimulatedNetwork(seed, clock,
        LinkConfig.builder().delayNs(5_000_000).lossProbability(0.02).build());
    SimulationDriver sim = new SimulationDriver(network, clock);
    Host a = sim.addHost(HostConfig.of(Ipv4Address.parse("10.0.0.1")));
    Host b = sim.addHost(HostConfig.of(Ipv4Address.parse("10.0.0.2")));
    // ISN secrets (RFC 6528): fixed here so that the seed replays the run packet for packet.
    TcpEndpoint tcpA = TcpEndpoint.install(a, TcpConfig.defaults(), 1, 2);
    TcpEndpoint tcpB = TcpEndpoint.install(b, TcpConfig.defaults(), 3, 4);
    TcpListener listener = tcpB.listen(Endpoint.parse("0.0.0.0:8080"), 16, false);
    TcpConnection client = tcpA.connect(sim.nowNs(), null, Endpoint.parse("10.0.0.2:8080"), null);
    sim.runUntil(() -> listener.pendingAccepts() > 0); // the handshake completed at b
    TcpConnection server = tcpB.accept(listener);

    byte[] data = new byte[100_000];
    new SecureRandom().nextBytes(data);
    byte[] received = new byte[data.length];
    int[] sent = {0};
    int[] read = {0};
    sim.runUntil(() -> {
      if (sent[0] < data.length) { // write what the send buffer takes, then send it
        sent[0] += client.write(sim.nowNs(), data, sent[0], data.length - sent[0]);
        tcpA.flush(sim.nowNs(), client);
      }
      read[0] += server.read(sim.nowNs(), received, read[0], received.length - read[0]);
      tcpB.flush(sim.nowNs(), server); // the window update the read allows
      return read[0] == data.length;
    });
    if (!Arrays.equals(data, received)) {
      throw new AssertionError("the bytes arrived changed");
    }
    return received;
  }
  // end sample

  // sample: sockets
  /** A blocking echo server and a client on real threads, over the simulated network. */
  static String socketEcho(String message) throws Exception {
    SimulatedNetwork network = new SimulatedNetwork(7, NanoClock.system(), LinkConfig.DEFAULT);
    network.startRealTime();
    try (EventLoop loopA = EventLoop.start("host-10.0.0.1");
        EventLoop loopB = EventLoop.start("host-10.0.0.2")) {
      Host a = loopA.addHost(network, HostConfig.of(Ipv4Address.parse("10.0.0.1")));
      Host b = loopB.addHost(network, HostConfig.of(Ipv4Address.parse("10.0.0.2")));
      TcpService tcpA = TcpService.install(a, loopA);
      TcpService tcpB = TcpService.install(b, loopB);
      try (TcpServerSocket server = tcpB.listen(Endpoint.parse("0.0.0.0:7007"), 16)) {
        Thread echo = new Thread(() -> {
          try (TcpSocket peer = server.accept()) {
            peer.getInputStream().transferTo(peer.getOutputStream()); // until the client's FIN
          } catch (Exception e) {
            e.printStackTrace();
          }
        });
        echo.start();
        try (TcpSocket client = tcpA.connect(Endpoint.parse("10.0.0.2:7007"))) {
          OutputStream out = client.getOutputStream();
          out.write(message.getBytes(UTF_8));
          client.shutdownOutput(); // FIN: the server's transferTo ends and it closes
          InputStream in = client.getInputStream();
          String reply = new String(in.readAllBytes(), UTF_8);
          echo.join();
          return reply;
        }
      }
    } finally {
      network.close();
    }
  }
  // end sample

  // sample: udp
  /**
   * A UDP echo server and a client over real UDP sockets: two hosts whose packets travel as UDP
   * datagrams between the sockets the routes give, e.g. {@code 10.0.0.0/24=127.0.0.1:40000+}
   * (10.0.0.N at 127.0.0.1:40000+N). Two processes or machines with the same routes talk alike.
   */
  static String udpEcho(String routes, String message) throws Exception {
    try (UdpNetwork network = new UdpNetwork(UdpRouteTable.parse(routes));
        EventLoop loopA = EventLoop.start("host-10.0.0.1");
        EventLoop loopB = EventLoop.start("host-10.0.0.2")) {
      Host a = loopA.addHost(network, HostConfig.of(Ipv4Address.parse("10.0.0.1")));
      Host b = loopB.addHost(network, HostConfig.of(Ipv4Address.parse("10.0.0.2")));
      UdpService udpA = UdpService.install(a, loopA);
      UdpService udpB = UdpService.install(b, loopB);
      try (UdpSocket server = udpB.open(Endpoint.parse("0.0.0.0:5000"));
          UdpSocket client = udpA.open(Endpoint.parse("0.0.0.0:5000"))) {
        client.send(Endpoint.parse("10.0.0.2:5000"), message.getBytes(UTF_8));
        ReceivedDatagram request = server.receive(Duration.ofSeconds(5));
        server.send(request.source(), request.data()); // echo it back to its sender
        ReceivedDatagram reply = client.receive(Duration.ofSeconds(5));
        return new String(reply.data(), UTF_8);
      }
    }
  }
  // end sample
}
