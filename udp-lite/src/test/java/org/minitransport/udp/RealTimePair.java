package org.minitransport.udp;

import java.io.IOException;
import org.minitransport.core.driver.EventLoop;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.NanoClock;

/**
 * Test fixture: hosts 10.0.0.1 and 10.0.0.2, each on its own {@link EventLoop} thread, over a
 * network in real time, with udp-lite installed. {@link #close()} stops every thread it started.
 */
final class RealTimePair implements AutoCloseable {

  final PacketNetwork network;
  final EventLoop loopA = EventLoop.start("udp-test-host-1");
  final EventLoop loopB = EventLoop.start("udp-test-host-2");
  final Host hostA;
  final Host hostB;
  final UdpService a;
  final UdpService b;

  private RealTimePair(PacketNetwork network) throws IOException {
    this.network = network;
    try {
      hostA = loopA.addHost(network, HostConfig.of(UdpSimulation.address(1)));
      hostB = loopB.addHost(network, HostConfig.of(UdpSimulation.address(2)));
      a = UdpService.install(hostA, loopA);
      b = UdpService.install(hostB, loopB);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Over a {@link SimulatedNetwork} delivering in real time on its own thread. */
  static RealTimePair overSimulatedNetwork(LinkConfig link) throws IOException {
    SimulatedNetwork network = new SimulatedNetwork(7, NanoClock.system(), link);
    network.startRealTime();
    return new RealTimePair(network);
  }

  /** Over any network the caller built (it is closed with the pair). */
  static RealTimePair over(PacketNetwork network) throws IOException {
    return new RealTimePair(network);
  }

  /** Whether every thread this pair started has ended (call after {@link #close()}). */
  boolean threadsEnded() {
    return !loopA.thread().isAlive() && !loopB.thread().isAlive();
  }

  @Override
  public void close() {
    loopA.close();
    loopB.close();
    network.close();
  }
}
