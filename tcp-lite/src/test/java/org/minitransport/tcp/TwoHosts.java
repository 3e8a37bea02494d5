package org.minitransport.tcp;

import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.core.wire.IpProtocol;

/**
 * A client host and a server host, each with a {@link TcpEndpoint}, on one seeded {@link
 * SimulatedNetwork} in virtual time, driven by a {@link SimulationDriver} with a step budget.
 */
final class TwoHosts {

  static final Ipv4Address CLIENT = Ipv4Address.parse("10.0.0.1");
  static final Ipv4Address SERVER = Ipv4Address.parse("10.0.0.2");

  final VirtualClock clock = new VirtualClock();
  final SimulatedNetwork network;
  final SimulationDriver sim;
  final Host clientHost;
  final Host serverHost;
  final TcpEndpoint client;
  final TcpEndpoint server;

  TwoHosts(long seed, LinkConfig link, TcpConfig clientConfig, TcpConfig serverConfig) {
    network = new SimulatedNetwork(seed, clock, link);
    sim = new SimulationDriver(network, clock);
    sim.setMaxSteps(200_000);
    clientHost = sim.addHost(HostConfig.of(CLIENT));
    serverHost = sim.addHost(HostConfig.of(SERVER));
    client = TcpEndpoint.install(clientHost, clientConfig, seed, 11);
    server = TcpEndpoint.install(serverHost, serverConfig, seed, 22);
  }

  TwoHosts(LinkConfig link, TcpConfig config) {
    this(7, link, config, config);
  }

  long now() {
    return clock.nanoTime();
  }

  static int tcpPorts(Host host) {
    return host.portTable(IpProtocol.TCP).size();
  }
}
