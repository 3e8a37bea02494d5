package org.minitransport.demo.net;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.EventLoop;
import org.minitransport.core.net.PacketNetwork;
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
import org.minitransport.demo.cli.CounterText;
import org.minitransport.demo.cli.NetworkOptions;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.socket.TcpService;
import org.minitransport.udp.UdpService;

/**
 * The network a demo app runs on, and its hosts: the simulated network in real time (every host
 * in this process), the UDP network (this process's hosts; others reach them through the routes)
 * or a TUN interface (the Linux kernel is the peer). The impairment options apply on every one:
 * the simulated network's own links, or an {@link ImpairingNetwork} around the UDP and TUN
 * networks. Each host gets its own {@link EventLoop} thread.
 *
 * <p>Closing ends the process's network life the way a kernel does when a process exits: every
 * host's TCP closes its connections (FIN, or RST where received bytes were never read) and
 * lingers up to {@link #LINGER} for the closing handshakes ({@link TcpService#shutdown}), so
 * peers learn at once; then the loops, the network and the capture close ("wrote N packets").
 */
public final class DemoNetwork implements AutoCloseable {

  /** How long closing waits for the closing handshakes of a host's connections. */
  public static final Duration LINGER = Duration.ofSeconds(2);

  /** How many addresses after the default a host may move to when another process has it. */
  private static final int ADDRESS_SEARCH = 50;

  private final HostOptions options;
  private final PacketNetwork network;
  private final PcapWriter capture;
  private final UdpNetwork udp;
  private final ImpairingNetwork impairments;
  private final List<EventLoop> loops = new ArrayList<>();
  private final List<TcpService> services = new ArrayList<>();
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
   * Opens the network the options describe. Every note about the network goes to the command's
   * error stream ({@link HostOptions#notices}), so standard output stays the command's own (data,
   * JSON, a capture on {@code -}): what network it is and, when it draws random numbers (the
   * simulated network, impairments on a real one), the seed that replays it; later a host that
   * moved to a free address, and "wrote N packets to FILE".
   *
   * @throws IllegalArgumentException for bad route text or TUN settings (the message names the
   *     bad part)
   * @throws org.minitransport.core.net.tun.TunException if the TUN interface cannot be set up
   * @throws picocli.CommandLine.ParameterException for options that do not go together ({@link
   *     HostOptions#checkCombinations})
   */
  public static DemoNetwork open(HostOptions options) throws IOException {
    options.checkCombinations();
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
      PcapWriter capture;
      try {
        capture = options.pcap == null ? null : openCapture(options.pcap);
      } catch (IOException e) {
        simulated.close();
        throw e;
      }
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
        capture = openCapture(options.pcap);
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

  /**
   * A pcap writer on {@code file}, or on standard output for {@code -}. A plain {@link
   * FileOutputStream}, not an interruptible channel: Ctrl-C interrupts the command's thread, and
   * an interrupted channel would close in the middle of a record instead of finishing the file.
   */
  public static PcapWriter openCapture(Path file) throws IOException {
    if (isStandardOutput(file)) {
      return new PcapWriter(new FileOutputStream(FileDescriptor.out));
    }
    try {
      return new PcapWriter(new FileOutputStream(file.toFile()));
    } catch (IOException e) {
      throw new IOException("cannot write the capture to " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code --pcap} names standard output ({@code -}). */
  public static boolean isStandardOutput(Path pcap) {
    return pcap != null && pcap.toString().equals("-");
  }

  /** "wrote N packets to FILE", the line every capturing run ends with. */
  public static String captureSummary(PcapWriter capture, Path file) {
    long packets = capture.packetCount();
    return "wrote " + packets + (packets == 1 ? " packet" : " packets") + " to "
        + (isStandardOutput(file) ? "standard output" : file);
  }

  /** Whether hosts of other processes, or the kernel, can be reached (UDP and TUN networks). */
  public boolean isShared() {
    return options.network != HostOptions.Kind.sim;
  }

  /**
   * Whether packets to {@code destination} have somewhere to go (a route, or a host on the
   * simulated network); lets a client fail at once with "no route".
   */
  public boolean hasRouteTo(Ipv4Address destination) {
    return network.hasRouteTo(destination);
  }

  /** Why {@link #hasRouteTo} said no, in the words of the options that would change it. */
  public String noRouteHint() {
    return switch (options.network) {
      case sim -> "no host has that address";
      case udp -> "no --routes entry covers it";
      case tun -> "outside " + options.kernelAddress + ", the subnet of " + options.tunName
          + " (--kernel-address sets it)";
    };
  }

  /**
   * Starts this process's server host: at {@code --address}, or at 10.0.0.2; on the UDP network a
   * default address another process holds makes the host move to the next free one (and say so).
   *
   * @throws IOException if the address given cannot be attached (the message suggests another)
   */
  public DemoHost startServerHost(TcpConfig tcpDefaults) throws IOException {
    return startNear(Ipv4Address.parse("10.0.0.2"), tcpDefaults, "server");
  }

  /** Starts this process's client host: at {@code --address}, or at 10.0.0.1 (or the next free). */
  public DemoHost startClientHost(TcpConfig tcpDefaults) throws IOException {
    return startNear(Ipv4Address.parse("10.0.0.1"), tcpDefaults, "client");
  }

  private DemoHost startNear(Ipv4Address fallback, TcpConfig tcpDefaults, String role)
      throws IOException {
    if (options.address != null) {
      Ipv4Address chosen = Ipv4Address.parse(options.address);
      try {
        return startHost(chosen, tcpDefaults);
      } catch (AddressTaken e) {
        throw new BindException(e.getMessage() + "; choose another address"
            + freeAddressAfter(chosen).map(free -> ", e.g. --address " + free).orElse(""));
      }
    }
    Ipv4Address candidate = fallback;
    for (int tries = 0; ; tries++) {
      try {
        DemoHost host = startHost(candidate, tcpDefaults);
        if (!candidate.equals(fallback)) {
          PrintWriter notices = options.notices();
          notices.printf("%s is taken by another process; this %s is %s (choose one with "
              + "--address)%n", fallback, role, candidate);
          notices.flush();
        }
        return host;
      } catch (AddressTaken e) {
        Optional<Ipv4Address> next = next(candidate);
        if (!isShared() || tries >= ADDRESS_SEARCH || next.isEmpty()) {
          throw new BindException(e.getMessage() + "; choose another address with --address");
        }
        candidate = next.get();
      }
    }
  }

  /** The next address in the same /24 (never .0 or .255), if any. */
  private static Optional<Ipv4Address> next(Ipv4Address address) {
    int last = address.bits() & 0xFF;
    return last >= 254 ? Optional.empty() : Optional.of(new Ipv4Address(address.bits() + 1));
  }

  /** On the UDP network, an address after {@code taken} whose socket could be bound now. */
  private Optional<Ipv4Address> freeAddressAfter(Ipv4Address taken) {
    if (udp == null) { // only the UDP network has sockets another process can hold
      return Optional.empty();
    }
    Optional<Ipv4Address> candidate = next(taken);
    for (int tries = 0; tries < ADDRESS_SEARCH && candidate.isPresent(); tries++) {
      Optional<InetSocketAddress> socket = options.routeTable().resolve(candidate.get());
      if (socket.isPresent() && canBind(socket.get())) {
        return candidate;
      }
      candidate = next(candidate.get());
    }
    return Optional.empty();
  }

  private static boolean canBind(InetSocketAddress socket) {
    try (DatagramChannel probe = DatagramChannel.open()) {
      probe.bind(socket);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The address is attached already, in this process or (its UDP socket) in another. */
  private static final class AddressTaken extends IOException {
    AddressTaken(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Starts a host at {@code address} with TCP and UDP installed. Demo hosts are privileged (they
   * may bind well-known ports such as 7 and 80). On the UDP network, warns when the OS granted
   * smaller socket buffers than asked for.
   *
   * @throws IOException if the address cannot be attached (its UDP port is in use, no route)
   */
  public DemoHost startHost(Ipv4Address address) throws IOException {
    return startHost(address, TcpConfig.defaults());
  }

  /**
   * {@link #startHost(Ipv4Address)} with {@code tcpDefaults} for its TCP (accepted connections
   * and new sockets).
   */
  public DemoHost startHost(Ipv4Address address, TcpConfig tcpDefaults) throws IOException {
    EventLoop loop = EventLoop.start("host-" + address);
    HostConfig config = HostConfig.builder(address)
        .mtu(options.impairments.mtu)
        .ports(PortTableConfig.builder().privileged(true)
            .secret(secrets.nextLong(), secrets.nextLong()).build())
        .portTables(options.components.portTables())
        .build();
    Host host;
    try {
      host = loop.addHost(network, config);
    } catch (BindException e) {
      loop.close();
      String socket = options.routeTable().resolve(address)
          .map(where -> where.getHostString() + ":" + where.getPort()).orElse("its UDP socket");
      throw new AddressTaken("cannot start host " + address + ": its UDP socket " + socket
          + " is in use by another process", e);
    } catch (IllegalArgumentException e) {
      loop.close();
      if (e.getMessage() != null && e.getMessage().contains("already attached")) {
        throw new AddressTaken("cannot start host " + address + ": this process has it already",
            e);
      }
      throw new IOException("cannot start host " + address + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      loop.close();
      throw e;
    }
    if (udp != null) {
      udp.attachment(address).ifPresent(this::warnAboutSmallBuffers);
    }
    loops.add(loop);
    TcpService tcp = TcpService.install(host, loop, options.components.applyTo(tcpDefaults));
    services.add(tcp);
    return new DemoHost(host, loop, tcp,
        UdpService.install(host, loop, options.components.udpEndpoints()));
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
      lines.add("impairments out: " + CounterText.traffic(impairments.outboundCounters()));
      lines.add("impairments in:  " + CounterText.traffic(impairments.inboundCounters()));
    }
    return lines;
  }

  /**
   * Closes every host's connections as a kernel would at process exit and waits (at most {@link
   * #LINGER}, all hosts at once) for their closing handshakes; then stops the loops, closes the
   * network and finishes the capture. An interrupt (Ctrl-C) does not cut this short.
   */
  @Override
  public void close() {
    // Ctrl-C interrupts the command's thread: clear the flag while closing (the waits below are
    // bounded) and set it again at the end.
    boolean interrupted = Thread.interrupted();
    List<CompletableFuture<Boolean>> closing = new ArrayList<>();
    for (TcpService tcp : services) {
      closing.add(CompletableFuture.supplyAsync(() -> tcp.shutdown(LINGER), runnable -> {
        Thread thread = new Thread(runnable, "close-" + tcp.address());
        thread.setDaemon(true);
        thread.start();
      }));
    }
    for (CompletableFuture<Boolean> done : closing) {
      while (true) {
        try {
          done.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (java.util.concurrent.ExecutionException e) {
          break; // the host went away meanwhile; closing its loop below is all that is left
        }
      }
    }
    for (EventLoop loop : loops) {
      loop.close();
    }
    network.close();
    if (capture != null) {
      try {
        capture.close();
        options.notices().println(captureSummary(capture, options.pcap));
        options.notices().flush();
      } catch (IOException e) {
        options.notices().println("minitransport: finishing the capture " + options.pcap
            + " failed: " + e.getMessage());
        options.notices().flush();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
