package org.minitransport.udp;

import java.util.ArrayList;
import java.util.List;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Header;

/**
 * Test fixture: hosts with udp-lite on one simulated network, all on the test's thread in virtual
 * time. Host N has address 10.0.0.N. A run is a pure function of the seed, the link and the calls.
 */
final class UdpSimulation implements AutoCloseable {

  final VirtualClock clock = new VirtualClock();
  final SimulatedNetwork network;
  final SimulationDriver driver;
  private final List<UdpService> services = new ArrayList<>();

  UdpSimulation(long seed, LinkConfig link) {
    network = new SimulatedNetwork(seed, clock, link);
    driver = new SimulationDriver(network, clock);
    driver.setMaxSteps(1_000_000);
  }

  /** A clean network: 1 ms delay, MTU 1500, no impairments. */
  static UdpSimulation clean() {
    return new UdpSimulation(1, LinkConfig.DEFAULT);
  }

  static Ipv4Address address(int n) {
    return Ipv4Address.of(10, 0, 0, n);
  }

  /** Adds host 10.0.0.(hosts + 1) with {@code config}'s address replaced, and udp-lite on it. */
  UdpService addHost(HostConfig.Builder config) {
    Host host = driver.addHost(config.build());
    UdpService udp = UdpService.install(host, driver.executor());
    services.add(udp);
    return udp;
  }

  /** Adds a host with default configuration at 10.0.0.(hosts + 1). */
  UdpService addHost() {
    return addHost(HostConfig.builder(address(services.size() + 1)));
  }

  HostConfig.Builder nextHostConfig() {
    return HostConfig.builder(address(services.size() + 1));
  }

  Host host(int n) {
    return driver.hosts().get(n - 1);
  }

  /** Delivers everything in flight and whatever it causes. */
  void runUntilIdle() {
    driver.runUntilIdle();
  }

  /**
   * Hands host {@code to} an IPv4 packet carrying {@code udp} (raw UDP bytes) from {@code from},
   * as if the network had delivered it now.
   */
  void injectUdp(Ipv4Address from, int to, byte[] udp) {
    byte[] packet = new Ipv4Header(0, 1, true, 64, IpProtocol.UDP.number(), from, address(to))
        .toPacket(udp, 0, udp.length);
    host(to).handlePacket(driver.nowNs(), packet);
    // Whatever the host answers goes out on the next step.
  }

  static Endpoint endpoint(int host, int port) {
    return new Endpoint(address(host), port);
  }

  @Override
  public void close() {
    driver.close();
    network.close();
  }
}
