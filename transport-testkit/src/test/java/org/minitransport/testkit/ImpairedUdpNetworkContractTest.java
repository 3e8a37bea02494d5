package org.minitransport.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.net.impair.ImpairingNetwork;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.udp.UdpNetwork;
import org.minitransport.core.net.udp.LoopbackPorts;
import org.minitransport.core.net.udp.UdpRouteTable;

/**
 * The impairing decorator around the UDP network on loopback still passes the network contract
 * when it impairs nothing but time: every packet is held back 1 ms each way on the decorator's
 * delivery thread, and the MTU is left to the UDP network.
 */
class ImpairedUdpNetworkContractTest extends PacketNetworkContract {

  private static final LinkConfig DELAY_ONLY =
      LinkConfig.builder().delayNs(1_000_000).mtu(LinkConfig.MAX_MTU).build();

  @Override
  protected PacketNetwork newNetwork(List<Ipv4Address> hosts) throws IOException {
    List<InetSocketAddress> sockets = LoopbackPorts.freeSockets(hosts.size());
    UdpRouteTable routes = LoopbackPorts.hostRoutes(hosts, sockets);
    return ImpairingNetwork.bothWays(new UdpNetwork(routes), 1, DELAY_ONLY);
  }
}
