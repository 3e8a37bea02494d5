package org.minitransport.tcp;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/** Finds a run of UDP ports on 127.0.0.1 that are free now, for a port-offset route. */
final class LoopbackUdpPorts {

  private LoopbackUdpPorts() {}

  /** A base port B such that B+1 .. B+hosts are free now (the OS picks where to look). */
  static int freeBaseFor(int hosts) throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    for (int attempt = 0; attempt < 50; attempt++) {
      int first;
      try (DatagramChannel probe = DatagramChannel.open()) {
        probe.bind(new InetSocketAddress(loopback, 0));
        first = ((InetSocketAddress) probe.getLocalAddress()).getPort();
      }
      if (first + hosts - 1 <= 65_535 && allFree(loopback, first, hosts)) {
        return first - 1;
      }
    }
    throw new IOException("found no run of " + hosts + " free loopback UDP ports in 50 tries");
  }

  private static boolean allFree(InetAddress loopback, int first, int count) throws IOException {
    List<DatagramChannel> held = new ArrayList<>();
    try {
      for (int port = first; port < first + count; port++) {
        DatagramChannel channel = DatagramChannel.open();
        held.add(channel);
        channel.bind(new InetSocketAddress(loopback, port));
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
