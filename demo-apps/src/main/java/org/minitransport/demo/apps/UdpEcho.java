package org.minitransport.demo.apps;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketException;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.udp.ReceivedDatagram;
import org.minitransport.udp.UdpService;
import org.minitransport.udp.UdpSocket;

/** A UDP echo service (RFC 862): every datagram goes back to its sender, on a daemon thread. */
final class UdpEcho implements Closeable {

  private final UdpSocket socket;

  private UdpEcho(UdpSocket socket) {
    this.socket = socket;
  }

  /**
   * Echoes on {@code port} of {@code udp}'s host.
   *
   * @throws java.net.BindException if the port is taken
   */
  static UdpEcho start(UdpService udp, int port) throws SocketException {
    UdpEcho echo = new UdpEcho(udp.open(new Endpoint(Ipv4Address.ANY, port)));
    Thread thread = new Thread(echo::serve, "udp-echo-" + port);
    thread.setDaemon(true);
    thread.start();
    return echo;
  }

  private void serve() {
    while (!socket.isClosed()) {
      try {
        ReceivedDatagram datagram = socket.receive();
        socket.send(datagram.source(), datagram.data());
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        // an ICMP error for an earlier echo: keep serving
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
