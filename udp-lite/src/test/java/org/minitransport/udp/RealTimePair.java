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

  /** The network host 1 is attached to (for the simulated pair, host 2's too). */
  final PacketNetwork network;
  private final PacketNetwork networkB;
  final EventLoop loopA = EventLoop.start("udp-test-host-1");
  final EventLoop loopB = EventLoop.start("udp-test-host-2");
  final Host hostA;
  final Host hostB;
  final UdpService a;
  final UdpService b;

  private RealTimePair(PacketNetwork networkA, PacketNetwork networkB) throws IOException {
    this.network = networkA;
    this.networkB = networkB;
    try {
      hostA = loopA.addHost(networkA, HostConfig.of(UdpSimulation.address(1)));
      hostB = loopB.addHost(networkB, HostConfig.of(UdpSimulation.address(2)));
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
    return new RealTimePair(network, network);
  }

  /**
   * Host 1 on {@code networkA}, host 2 on {@code networkB}, as two processes sharing one virtual
   * network would be (both are closed with the pair).
   */
  static RealTimePair over(PacketNetwork networkA, PacketNetwork networkB) throws IOException {
    return new RealTimePair(networkA, networkB);
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
    if (networkB != network) {
      networkB.close();
    }
  }
}
