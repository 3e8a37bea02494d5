package org.minitransport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.net.udp.UdpNetwork;
import org.minitransport.core.net.udp.LoopbackPorts;
import org.minitransport.core.net.udp.UdpRouteTable;

/**
 * The UDP network on loopback passes the network contract: one host route per virtual address, to
 * a loopback port the OS reported free just before. Nothing leaves 127.0.0.1.
 */
class UdpNetworkContractTest extends PacketNetworkContract {

  private final List<InetSocketAddress> boundSockets = new ArrayList<>();

  @Override
  protected PacketNetwork newNetwork(List<Ipv4Address> hosts) throws IOException {
    List<InetSocketAddress> sockets = LoopbackPorts.freeSockets(hosts.size());
    UdpRouteTable routes = LoopbackPorts.hostRoutes(hosts, sockets);
    boundSockets.addAll(sockets);
    return new UdpNetwork(routes);
  }

  @Test
  void closeReleasesTheUdpSockets() throws Exception {
    Ipv4Address host = HOSTS.get(0);
    PacketNetwork network = open(List.of(host));
    network.attach(host, packet -> {});
    InetSocketAddress socket = boundSockets.get(boundSockets.size() - 1);

    network.close();

    try (DatagramChannel again = DatagramChannel.open()) {
      again.bind(socket);
      assertEquals(socket, again.getLocalAddress());
    }
  }
}
