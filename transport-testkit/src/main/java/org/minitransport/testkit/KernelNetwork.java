package org.minitransport.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.net.impair.ImpairingNetwork;
import org.minitransport.core.net.pcap.CapturingNetwork;
import org.minitransport.core.net.pcap.PcapWriter;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.tun.TunConfig;
import org.minitransport.core.net.tun.TunNetwork;
import org.minitransport.core.time.NanoClock;

/**
 * The Linux kernel as a test peer: a private network namespace made for one test, whose only
 * interface besides loopback is a TUN interface carrying the subnet {@code 10.0.0.0/24} — the
 * kernel at {@link #KERNEL} ({@code 10.0.0.1}), the project's hosts at the other addresses
 * ({@link #HOST} is {@code 10.0.0.2}). Linux programs run inside the namespace ({@link #python},
 * {@link #start}), so nothing they send can leave it, and every namespace has its own addresses:
 * parallel test JVMs never collide. Optionally the project side is captured (both directions, on
 * the TUN, as the kernel saw them) and impaired (an {@link ImpairingNetwork}).
 *
 * <pre>{@code
 * try (KernelNetwork kernel = KernelNetwork.builder().open()) {
 *   Host host = loop.addHost(kernel.network(), HostConfig.of(KernelNetwork.HOST));
 *   try (KernelPeer curl = kernel.start("curl", "-s", "http://10.0.0.2/")) { ... }
 * }
 * }</pre>
 *
 * <p>Needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN), {@code /dev/net/tun} and iproute2's {@code ip};
 * {@link #whyUnavailable()} says what is missing, for a one-line skip. {@link #close()} kills the
 * programs, deletes the namespace (and with it every socket the kernel had there) and removes the
 * interface, also after a failed test.
 */
public final class KernelNetwork implements AutoCloseable {

  /** The kernel's address in the namespace. */
  public static final Ipv4Address KERNEL = Ipv4Address.parse("10.0.0.1");
  /** The first address for a host of the project. */
  public static final Ipv4Address HOST = Ipv4Address.parse("10.0.0.2");

  private static final AtomicInteger NEXT = new AtomicInteger();
  private static final String PEER_SCRIPT = "kernel_peer.py";

  private final NetworkNamespace namespace;
  private final PacketNetwork network;
  private final TunNetwork tun;
  private final ImpairingNetwork impairments;
  private final PcapWriter capture;
  private final Path script;
  private final String congestionControl;
  private boolean closed;

  private KernelNetwork(NetworkNamespace namespace, PacketNetwork network, TunNetwork tun,
      ImpairingNetwork impairments, PcapWriter capture, Path script, String congestionControl) {
    this.congestionControl = congestionControl;
    this.namespace = namespace;
    this.network = network;
    this.tun = tun;
    this.impairments = impairments;
    this.capture = capture;
    this.script = script;
  }

  /**
   * Why kernel tests cannot run here, or empty: no TUN support or privilege, no {@code ip}, no
   * Python 3.
   */
  public static Optional<String> whyUnavailable() {
    Optional<String> tunProblem = TunNetwork.whyCannotCreateInterfaces();
    if (tunProblem.isPresent()) {
      return tunProblem;
    }
    if (!succeeds("ip", "-V")) {
      return Optional.of("iproute2's ip is not installed (apt-get install -y iproute2)");
    }
    if (!succeeds(python(), "-c", "import random; random.Random(1).randbytes(1)")) {
      return Optional.of("python3 (3.9 or later) is not installed (apt-get install -y python3)");
    }
    return Optional.empty();
  }

  /** Why {@code tool} is missing, or empty if it runs ({@code tool --version}). */
  public static Optional<String> whyToolMissing(String tool, String debianPackage) {
    return succeeds(tool, "--version") ? Optional.empty()
        : Optional.of(tool + " is not installed (apt-get install -y " + debianPackage + ")");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** What the project's hosts attach to (impaired and captured as configured). */
  public PacketNetwork network() {
    return network;
  }

  /** The TUN network beneath. */
  public TunNetwork tun() {
    return tun;
  }

  /** The impairments, if any were configured. */
  public Optional<ImpairingNetwork> impairments() {
    return Optional.ofNullable(impairments);
  }

  /** The namespace's name (for {@code ip netns exec}). */
  public String namespace() {
    return namespace.name();
  }

  /** Starts the interop peer script in the namespace: {@code kernel_peer.py MODE ARGS…}. */
  public KernelPeer python(String mode, Object... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    if (congestionControl != null) {
      command.addAll(List.of("env", "MT_TCP_CONGESTION=" + congestionControl));
    }
    command.addAll(List.of(python(), "-u", script.toString(), mode));
    for (Object argument : arguments) {
      command.add(String.valueOf(argument));
    }
    return namespace.start(command);
  }

  /** Starts any command in the namespace. */
  public KernelPeer start(String... command) throws IOException {
    return namespace.start(command);
  }

  /**
   * Runs a command in the namespace to its end and returns its output.
   *
   * @throws IOException if it fails or takes longer than 30 s
   */
  public String run(String... command) throws IOException, InterruptedException {
    return namespace.run(command);
  }

  /**
   * The kernel's TCP counters in the namespace ({@code /proc/net/netstat} and {@code snmp}, as
   * nstat shows them): e.g. "TcpExtTCPTimeouts", "TcpRetransSegs".
   */
  public long kernelCounter(String name) throws IOException, InterruptedException {
    for (String file : List.of("/proc/net/netstat", "/proc/net/snmp")) {
      List<String> lines = run("cat", file).lines().toList();
      for (int i = 0; i + 1 < lines.size(); i += 2) {
        String[] names = lines.get(i).split("\\s+");
        String[] values = lines.get(i + 1).split("\\s+");
        String prefix = names[0].substring(0, names[0].length() - 1);
        for (int j = 1; j < names.length && j < values.length; j++) {
          if ((prefix + names[j]).equals(name)) {
            return Long.parseLong(values[j]);
          }
        }
      }
    }
    throw new IOException("the kernel has no counter " + name);
  }

  /**
   * Kills the programs, deletes the namespace, closes the network (the interface vanishes) and
   * finishes the capture. Idempotent; safe after a failure.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      namespace.close();
      network.close();
    } finally {
      if (capture != null) {
        try {
          capture.close();
        } catch (IOException e) {
          System.getLogger(KernelNetwork.class.getName())
              .log(System.Logger.Level.WARNING, "closing the capture failed", e);
        }
      }
      try {
        Files.deleteIfExists(script);
      } catch (IOException e) {
        // a temporary file; the OS cleans up eventually
      }
    }
  }

  private static String python() {
    return System.getenv().getOrDefault("MINITRANSPORT_PYTHON", "python3");
  }

  private static boolean succeeds(String... command) {
    try {
      NetworkNamespace.run(List.of(command));
      return true;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Chooses impairments and capture; {@link #open()} makes the namespace and the interface. */
  public static final class Builder {
    private LinkConfig impairment;
    private long seed = 1;
    private Path capture;
    private int mtu = TunConfig.DEFAULT_MTU;
    private Ipv4Address kernel = KERNEL;
    private String congestionControl;

    private Builder() {}

    /**
     * The congestion control of the Python peer's sockets ({@code TCP_CONGESTION}, e.g. "cubic"),
     * instead of the namespace's default, which a child namespace inherits from the machine and
     * may not change to an algorithm the machine does not allow ({@code
     * net.ipv4.tcp_allowed_congestion_control}); a root socket may pick any loaded one.
     */
    public Builder linuxCongestionControl(String name) {
      this.congestionControl = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The kernel's address in 10.0.0.0/24, if not {@link #KERNEL}. */
    public Builder kernelAddress(Ipv4Address address) {
      this.kernel = Objects.requireNonNull(address, "address");
      return this;
    }

    /** Impairs both directions with {@code link} (seeded with {@code seed}). */
    public Builder impairedBothWays(LinkConfig link, long seed) {
      this.impairment = Objects.requireNonNull(link, "link");
      this.seed = seed;
      return this;
    }

    /** Captures both directions on the TUN into {@code pcap}. */
    public Builder capture(Path pcap) {
      this.capture = pcap;
      return this;
    }

    public Builder mtu(int bytes) {
      this.mtu = bytes;
      return this;
    }

    /**
     * @throws IOException if the namespace or the interface cannot be made (the message says why)
     */
    public KernelNetwork open() throws IOException, InterruptedException {
      long pid = ProcessHandle.current().pid();
      int n = NEXT.incrementAndGet();
      String name = "mtk" + (pid % 1_000_000) + "n" + n;
      if (name.length() > 15) {
        name = "mtk" + Long.toString(pid, 36) + "n" + n;
      }
      NetworkNamespace namespace = NetworkNamespace.create();
      TunNetwork tun = null;
      PcapWriter writer = null;
      try {
        tun = TunNetwork.open(TunConfig.builder().interfaceName(name).kernelAddress(kernel)
            .prefixLength(24).mtu(mtu).namespace(namespace.name()).build());
        PacketNetwork network = tun;
        NanoClock clock = NanoClock.system();
        if (capture != null) {
          Files.createDirectories(capture.toAbsolutePath().getParent());
          writer = PcapWriter.create(capture);
          network = new CapturingNetwork(network, clock, writer,
              CapturingNetwork.wallClockOffsetNs(clock), CapturingNetwork.Scope.SENT_AND_RECEIVED);
        }
        ImpairingNetwork impairing = null;
        if (impairment != null) {
          impairing = ImpairingNetwork.bothWays(network, seed, impairment);
          network = impairing;
        }
        Path script = Files.createTempFile("kernel_peer-", ".py");
        try (InputStream in = KernelNetwork.class.getResourceAsStream(PEER_SCRIPT)) {
          Files.write(script, Objects.requireNonNull(in, PEER_SCRIPT).readAllBytes());
        }
        return new KernelNetwork(namespace, network, tun, impairing, writer, script,
            congestionControl);
      } catch (IOException | RuntimeException e) {
        if (tun != null) {
          tun.close();
        }
        if (writer != null) {
          writer.close();
        }
        namespace.close();
        throw e;
      }
    }
  }
}
