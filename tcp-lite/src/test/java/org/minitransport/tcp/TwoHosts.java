package org.minitransport.tcp;

import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.stack.Host;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.testkit.Simulation;
import org.minitransport.testkit.SimulationHarness;

/**
 * The engine tests' fixture: a client host and a server host of a {@link SimulationHarness}
 * simulation (seeded, virtual time, a step budget of 200,000), each with a {@link TcpEndpoint}.
 */
final class TwoHosts {

  static final Ipv4Address CLIENT = Ipv4Address.parse("10.0.0.1");
  static final Ipv4Address SERVER = Ipv4Address.parse("10.0.0.2");

  final Simulation simulation;
  final VirtualClock clock;
  final SimulatedNetwork network;
  final SimulationDriver sim;
  final Host clientHost;
  final Host serverHost;
  final TcpEndpoint client;
  final TcpEndpoint server;

  TwoHosts(long seed, LinkConfig link, TcpConfig clientConfig, TcpConfig serverConfig) {
    simulation = SimulationHarness.builder().seed(seed).defaultLink(link).host(CLIENT)
        .host(SERVER).maxSteps(200_000).build();
    clock = simulation.clock();
    network = simulation.network();
    sim = simulation.driver();
    clientHost = simulation.host(CLIENT);
    serverHost = simulation.host(SERVER);
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
