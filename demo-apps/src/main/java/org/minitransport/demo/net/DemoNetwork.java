package org.minitransport.demo.net;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.EventLoop;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.net.pcap.CapturingNetwork;
import org.minitransport.core.net.pcap.PcapWriter;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.net.udp.UdpNetwork;
import org.minitransport.core.port.PortTableConfig;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.NanoClock;
import org.minitransport.tcp.TcpService;
import org.minitransport.udp.UdpService;

/**
 * The network a demo app runs on, and its hosts: the simulated network in real time (every host
 * in this process) or the UDP network (this process's hosts; others reach them through the
 * routes). Each host gets its own {@link EventLoop} thread. Closing shuts everything down.
 */
public final class DemoNetwork implements AutoCloseable {

  private final HostOptions options;
  private final PacketNetwork network;
  private final PcapWriter capture;
  private final List<EventLoop> loops = new ArrayList<>();
  private final SecureRandom secrets = new SecureRandom();

  /** A running host with its transports. */
  public record DemoHost(Host host, EventLoop loop, TcpService tcp, UdpService udp) {
    public Ipv4Address address() {
      return host.address();
    }
  }

  private DemoNetwork(HostOptions options, PacketNetwork network, PcapWriter capture) {
    this.options = options;
    this.network = network;
    this.capture = capture;
  }

  /**
   * Opens the network the options describe.
   *
   * @throws IllegalArgumentException for bad route text (the message names the bad part)
   */
  public static DemoNetwork open(HostOptions options) throws IOException {
    PacketNetwork network;
    NanoClock clock = NanoClock.system();
    if (options.network == HostOptions.Kind.sim) {
      SimulatedNetwork simulated = new SimulatedNetwork(
          options.impairments.seed != null ? options.impairments.seed : new SecureRandom().nextLong(),
          clock, options.impairments.linkConfig());
      simulated.startRealTime();
      network = simulated;
    } else {
      network = new UdpNetwork(options.routeTable());
    }
    PcapWriter capture = null;
    if (options.pcap != null) {
      capture = PcapWriter.create(options.pcap);
      network = new CapturingNetwork(network, clock, capture,
          CapturingNetwork.wallClockOffsetNs(clock));
    }
    return new DemoNetwork(options, network, capture);
  }

  /** Whether hosts of other processes can be reached (UDP network). */
  public boolean isShared() {
    return options.network == HostOptions.Kind.udp;
  }

  /**
   * Starts a host at {@code address} with TCP and UDP installed. Demo hosts are privileged (they
   * may bind well-known ports such as 7 and 80).
   *
   * @throws IOException if the address cannot be attached (its UDP port is in use, no route)
   */
  public DemoHost startHost(Ipv4Address address) throws IOException {
    EventLoop loop = EventLoop.start("host-" + address);
    loops.add(loop);
    HostConfig config = HostConfig.builder(address)
        .mtu(options.impairments.mtu)
        .ports(PortTableConfig.builder().privileged(true)
            .secret(secrets.nextLong(), secrets.nextLong()).build())
        .build();
    Host host;
    try {
      host = loop.addHost(network, config);
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot start host " + address + ": " + e.getMessage(), e);
    }
    return new DemoHost(host, loop, TcpService.install(host, loop), UdpService.install(host, loop));
  }

  @Override
  public void close() {
    for (EventLoop loop : loops) {
      loop.close();
    }
    network.close();
    if (capture != null) {
      try {
        capture.close();
      } catch (IOException e) {
        System.getLogger(DemoNetwork.class.getName())
            .log(System.Logger.Level.WARNING, "closing the pcap failed", e);
      }
    }
  }
}
