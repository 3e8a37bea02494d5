package org.minitransport.core.net.udp;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.minitransport.core.address.Ipv4Address;

/**
 * Finds UDP ports on 127.0.0.1 that are free right now, by letting the OS choose (port 0), so
 * parallel test runs do not collide. Tests never touch a non-loopback address.
 */
public final class LoopbackPorts {

  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private LoopbackPorts() {}

  /** {@code count} distinct free ports (held open together while choosing, then released). */
  static int[] free(int count) throws IOException {
    List<DatagramChannel> held = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        DatagramChannel channel = DatagramChannel.open();
        held.add(channel);
        channel.bind(new InetSocketAddress(LOOPBACK, 0));
        ports[i] = ((InetSocketAddress) channel.getLocalAddress()).getPort();
      }
      return ports;
    } finally {
      for (DatagramChannel channel : held) {
        channel.close();
      }
    }
  }

  /**
   * A base port B such that B+1 .. B+hosts are all free now, for a port-offset route of a /24
   * (10.0.0.0/24 → 127.0.0.1:(B + N)) whose hosts 1..hosts are attached; B + 255 stays a port.
   * The one copy for every module's tests (tcp-lite's and udp-lite's reach it through core's
   * test-jar).
   */
  public static int freeBaseFor(int hosts) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int first = free(1)[0];
      if (first - 1 + 255 > 65_535) {
        continue;
      }
      if (allFree(first, hosts)) {
        return first - 1;
      }
    }
    throw new IOException("found no run of " + hosts + " free loopback UDP ports in 50 tries");
  }

  /** {@code count} distinct loopback socket addresses whose ports are free right now. */
  public static List<InetSocketAddress> freeSockets(int count) throws IOException {
    List<InetSocketAddress> sockets = new ArrayList<>();
    for (int port : free(count)) {
      sockets.add(loopback(port));
    }
    return sockets;
  }

  /** A route table sending each of {@code hosts} to the loopback socket of the same index. */
  public static UdpRouteTable hostRoutes(List<Ipv4Address> hosts,
      List<InetSocketAddress> sockets) {
    UdpRouteTable.Builder routes = UdpRouteTable.builder();
    for (int i = 0; i < hosts.size(); i++) {
      routes.host(hosts.get(i), sockets.get(i));
    }
    return routes.build();
  }

  static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(LOOPBACK, port);
  }

  private static boolean allFree(int first, int count) throws IOException {
    List<DatagramChannel> held = new ArrayList<>();
    try {
      for (int port = first; port < first + count; port++) {
        DatagramChannel channel = DatagramChannel.open();
        held.add(channel);
        channel.bind(loopback(port));
      }
      return true;
    } catch (BindException e) {
      return false;
    } finally {
      for (DatagramChannel channel : held) {
        channel.close();
      }
    }
  }
}
