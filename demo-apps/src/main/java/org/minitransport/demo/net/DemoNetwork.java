package org.minitransport.demo.net;

import java.io.IOException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.EventLoop;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.net.TrafficCounters;
import org.minitransport.core.net.impair.ImpairingNetwork;
import org.minitransport.core.net.pcap.CapturingNetwork;
import org.minitransport.core.net.pcap.PcapWriter;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.net.tun.TunNetwork;
import org.minitransport.core.net.udp.UdpAttachment;
import org.minitransport.core.net.udp.UdpNetwork;
import org.minitransport.core.net.udp.UdpNetworkConfig;
import org.minitransport.core.port.PortTableConfig;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.NanoClock;
import org.minitransport.demo.cli.NetworkOptions;
import org.minitransport.tcp.TcpService;
import org.minitransport.udp.UdpService;

/**
 * The network a demo app runs on, and its hosts: the simulated network in real time (every host
 * in this process), the UDP network (this process's hosts; others reach them through the routes)
 * or a TUN interface (the Linux kernel is the peer). The impairment options apply on every one:
 * the simulated network's own links, or an {@link ImpairingNetwork} around the UDP and TUN
 * networks. Each host gets its own {@link EventLoop} thread. Closing shuts everything down.
 */
public final class DemoNetwork implements AutoCloseable {

  private final HostOptions options;
  private final PacketNetwork network;
  private final PcapWriter capture;
  private final UdpNetwork udp;
  private final ImpairingNetwork impairments;
  private final List<EventLoop> loops = new ArrayList<>();
  private final SecureRandom secrets = new SecureRandom();

  /** A running host with its transports. */
  public record DemoHost(Host host, EventLoop loop, TcpService tcp, UdpService udp) {
    public Ipv4Address address() {
      return host.address();
    }
  }

  private DemoNetwork(HostOptions options, PacketNetwork network, PcapWriter capture,
      UdpNetwork udp, ImpairingNetwork impairments) {
    this.options = options;
    this.network = network;
    this.capture = capture;
    this.udp = udp;
    this.impairments = impairments;
  }

  /**
   * Opens the network the options describe, and prints on the command's error stream what it is
   * and, when it draws random numbers (the simulated network, impairments on a real one), the
   * seed that replays it.
   *
   * @throws IllegalArgumentException for bad route text or TUN settings (the message names the
   *     bad part)
   * @throws org.minitransport.core.net.tun.TunException if the TUN interface cannot be set up
   */
  public static DemoNetwork open(HostOptions options) throws IOException {
    NanoClock clock = NanoClock.system();
    PrintWriter notices = options.notices();
    long seed = options.impairments.seed != null
        ? options.impairments.seed : new SecureRandom().nextLong();
    if (options.network == HostOptions.Kind.sim) {
      SimulatedNetwork simulated = new SimulatedNetwork(seed, clock,
          options.impairments.linkConfig());
      simulated.startRealTime();
      notices.printf("network sim: %s, seed %d (replay with --seed %d)%n",
          options.impairments.describe(), seed, seed);
      notices.flush();
      PcapWriter capture = options.pcap == null ? null : PcapWriter.create(options.pcap);
      PacketNetwork network = capture == null ? simulated
          : new CapturingNetwork(simulated, clock, capture,
              CapturingNetwork.wallClockOffsetNs(clock));
      return new DemoNetwork(options, network, capture, null, null);
    }
    UdpNetwork udp = null;
    PacketNetwork network;
    if (options.network == HostOptions.Kind.udp) {
      udp = new UdpNetwork(options.routeTable());
      network = udp;
    } else {
      TunNetwork tun = TunNetwork.open(options.tunConfig());
      network = tun;
      notices.printf("network tun: interface %s%s%s, Linux at %s%n", tun.config().interfaceName(),
          tun.config().namespace().map(ns -> " in namespace " + ns).orElse(""),
          tun.createdInterface() ? " (created, removed on exit)" : "", tun.config().kernelCidr());
    }
    // The capture sits on the real network, beneath the impairments: it shows both directions as
    // the peer saw them.
    PcapWriter capture = null;
    if (options.pcap != null) {
      try {
        capture = PcapWriter.create(options.pcap);
      } catch (IOException e) {
        network.close();
        throw e;
      }
      network = new CapturingNetwork(network, clock, capture,
          CapturingNetwork.wallClockOffsetNs(clock), CapturingNetwork.Scope.SENT_AND_RECEIVED);
    }
    ImpairingNetwork impairing = null;
    if (NetworkOptions.IMPAIRMENTS.stream().anyMatch(options::given)) {
      LinkConfig link = options.impairments.realNetworkLinkConfig(options::given);
      impairing = ImpairingNetwork.bothWays(network, seed, link);
      network = impairing;
      notices.printf("impairments on network %s, each way: %s, seed %d (replay with --seed %d)%n",
          options.network, NetworkOptions.describe(link), seed, seed);
    }
    notices.flush();
    return new DemoNetwork(options, network, capture, udp, impairing);
  }

  /** Whether hosts of other processes, or the kernel, can be reached (UDP and TUN networks). */
  public boolean isShared() {
    return options.network != HostOptions.Kind.sim;
  }

  /**
   * Starts a host at {@code address} with TCP and UDP installed. Demo hosts are privileged (they
   * may bind well-known ports such as 7 and 80). On the UDP network, warns when the OS granted
   * smaller socket buffers than asked for.
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
    if (udp != null) {
      udp.attachment(address).ifPresent(this::warnAboutSmallBuffers);
    }
    return new DemoHost(host, loop, TcpService.install(host, loop), UdpService.install(host, loop));
  }

  private void warnAboutSmallBuffers(UdpAttachment attachment) {
    int asked = udp.config().socketReceiveBufferBytes();
    // Linux reports double what was asked (its bookkeeping included): less means it was capped.
    if (asked > 0 && attachment.receiveBufferBytes() < asked) {
      PrintWriter notices = options.notices();
      notices.printf("warning: the OS granted a %,d-byte UDP receive buffer of the %,d asked for;"
          + " bursts may be dropped (on Linux: sysctl -w net.core.rmem_max=%d)%n",
          attachment.receiveBufferBytes(), asked, UdpNetworkConfig.DEFAULT_SOCKET_BUFFER_BYTES);
      notices.flush();
    }
  }

  /**
   * Lines about the network beneath {@code address}, for netstat: the UDP socket's buffers and the
   * datagrams the OS dropped, and what the impairments did.
   */
  public List<String> networkStatus(Ipv4Address address) {
    List<String> lines = new ArrayList<>();
    if (udp != null) {
      udp.attachment(address).ifPresent(socket -> lines.add(String.format(
          "udp socket %s: receive buffer %,d bytes, send buffer %,d bytes, dropped by the OS %s",
          socket.localSocketAddress().getAddress().getHostAddress() + ":"
              + socket.localSocketAddress().getPort(),
          socket.receiveBufferBytes(), socket.sendBufferBytes(),
          socket.osReceiveDrops().isPresent()
              ? String.format("%,d", socket.osReceiveDrops().getAsLong()) : "(not reported)")));
    }
    if (impairments != null) {
      lines.add("impairments out: " + summary(impairments.outboundCounters()));
      lines.add("impairments in:  " + summary(impairments.inboundCounters()));
    }
    return lines;
  }

  private static String summary(TrafficCounters counters) {
    StringBuilder text = new StringBuilder();
    text.append(String.format("%,d packets, %,d passed", counters.sent(), counters.delivered()));
    for (Map.Entry<DropReason, Long> drop : counters.droppedByReason().entrySet()) {
      text.append(String.format(", %s %,d", drop.getKey().name().toLowerCase(java.util.Locale.ROOT)
          .replace('_', ' '), drop.getValue()));
    }
    if (counters.duplicated() > 0) {
      text.append(String.format(", duplicated %,d", counters.duplicated()));
    }
    if (counters.corrupted() > 0) {
      text.append(String.format(", corrupted %,d", counters.corrupted()));
    }
    if (counters.reordered() > 0) {
      text.append(String.format(", reordered %,d", counters.reordered()));
    }
    return text.toString();
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
