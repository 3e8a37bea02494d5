package org.minitransport.tcp.socket;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.EventLoop;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.NanoClock;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.tcp.TcpConfig;

/**
 * Test fixture: hosts 10.0.0.1, 10.0.0.2, … each on its own {@link EventLoop} with tcp-lite
 * installed, over one network in real time. Closing it closes the loops (joining their threads)
 * and then the network.
 */
public final class RealTimeHosts implements AutoCloseable {

  private final PacketNetwork network;
  private final List<EventLoop> loops = new ArrayList<>();
  private final List<Host> hosts = new ArrayList<>();
  private final List<TcpService> services = new ArrayList<>();

  private RealTimeHosts(PacketNetwork network) {
    this.network = network;
  }

  /** {@code count} hosts over a seeded simulated network in real time. */
  public static RealTimeHosts simulated(long seed, LinkConfig link, int count, TcpConfig config)
      throws IOException {
    SimulatedNetwork network = new SimulatedNetwork(seed, NanoClock.system(), link);
    network.startRealTime();
    return on(network, count, config);
  }

  /** {@code count} hosts over {@code network}, addresses 10.0.0.1 upwards. */
  public static RealTimeHosts on(PacketNetwork network, int count, TcpConfig config)
      throws IOException {
    RealTimeHosts fixture = new RealTimeHosts(network);
    try {
      for (int i = 1; i <= count; i++) {
        Ipv4Address address = Ipv4Address.parse("10.0.0." + i);
        EventLoop loop = EventLoop.start("host-" + address);
        fixture.loops.add(loop);
        Host host = loop.addHost(network, HostConfig.of(address));
        fixture.hosts.add(host);
        fixture.services.add(TcpService.install(host, loop, config, 17 * i, 31 * i));
      }
    } catch (IOException | RuntimeException e) {
      fixture.close();
      throw e;
    }
    return fixture;
  }

  /** tcp-lite of host {@code i} (1-based, as in its address 10.0.0.i). */
  public TcpService tcp(int i) {
    return services.get(i - 1);
  }

  public EventLoop loop(int i) {
    return loops.get(i - 1);
  }

  /** Entries in host {@code i}'s TCP port table, read on its thread. */
  public int tcpPorts(int i) throws Exception {
    Host host = hosts.get(i - 1);
    return loop(i).call(() -> host.portTable(IpProtocol.TCP).size());
  }

  /** Unexpected exceptions on any loop (a bug if non-zero). */
  public long loopFailures() {
    return loops.stream().mapToLong(EventLoop::failures).sum();
  }

  @Override
  public void close() {
    for (EventLoop loop : loops) {
      loop.close();
    }
    network.close();
  }
}
