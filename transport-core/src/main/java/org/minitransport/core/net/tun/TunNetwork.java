package org.minitransport.core.net.tun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.net.PacketReceiver;
import org.minitransport.core.net.TrafficCounters;
import org.minitransport.core.net.tun.internal.TunDevice;

/**
 * A {@link PacketNetwork} on a Linux TUN device, so the kernel's own TCP/IP stack — curl, Python,
 * any Linux program — talks to the project's hosts. Linux only, through JNA (no native code of the
 * project's own); needs {@code CAP_NET_ADMIN} (root) to create and configure the interface, or an
 * interface an administrator made for the user (see {@link TunException.Reason#NO_PERMISSION}).
 *
 * <pre>{@code
 * try (TunNetwork tun = TunNetwork.open(TunConfig.builder().interfaceName("mt0")
 *         .kernelCidr("10.0.0.254/24").build())) {
 *   EventLoop loop = EventLoop.start("host-10.0.0.2");
 *   Host host = loop.addHost(tun, HostConfig.of(Ipv4Address.parse("10.0.0.2")));
 *   // now: curl http://10.0.0.2/ from the shell reaches this host
 * }
 * }</pre>
 *
 * <h2>The two sides</h2>
 *
 * {@link #open} creates the interface (or attaches to an existing TUN interface of that name),
 * gives the kernel its address {@link TunConfig#kernelAddress()} with the subnet's prefix — which
 * makes the kernel route the whole virtual subnet to the interface — sets the MTU and brings it
 * up. An interface created here is not persistent: it vanishes when the network closes or the
 * process dies. The project's hosts attach at other addresses of the subnet. Each packet a host
 * sends to the kernel's address (or any address of the subnet no host of this network owns) is
 * written to the device; each packet the kernel writes is read by one daemon thread, named {@code
 * tun-<interface>}, and handed to the receiver of the host it is addressed to. Packets between two
 * hosts of this network never reach the kernel: they are handed over directly, as on a switch.
 *
 * <h2>What is dropped, and counted</h2>
 *
 * Sending: {@link DropReason#MALFORMED} if not an IPv4 packet; {@link DropReason#NO_ROUTE} if the
 * destination is outside the subnet (the kernel only routes the subnet back here, so the project's
 * hosts reach Linux at its address in the subnet; routing beyond it is not offered); {@link
 * DropReason#OVERSIZE} above the MTU; {@link DropReason#IO_ERROR} if the kernel refuses the write;
 * {@link DropReason#DETACHED} after close. Receiving from the kernel: {@code MALFORMED} for
 * anything but IPv4 (the network turns IPv6 off on an interface it configures, so the kernel's
 * router solicitations do not appear); {@code NO_ROUTE} for an address of the subnet no host owns;
 * {@code OVERSIZE} above the MTU. {@link #counters()} totals everything; each attachment counts its
 * own.
 *
 * <p>Thread-safe.
 */
public final class TunNetwork implements PacketNetwork {

  private static final System.Logger LOG = System.getLogger(TunNetwork.class.getName());
  private static final int CAP_NET_ADMIN = 12;

  private final TunConfig config;
  private final TunDevice device;
  private final TrafficCounters counters = new TrafficCounters();
  private final Map<Integer, TunAttachment> attachments = new ConcurrentHashMap<>();
  private final Thread reader;
  private volatile boolean closed;

  private TunNetwork(TunConfig config, TunDevice device) {
    this.config = config;
    this.device = device;
    this.reader = new Thread(this::readLoop, "tun-" + config.interfaceName());
    reader.setDaemon(true);
  }

  /**
   * Creates or attaches to the interface, configures the kernel side if asked, and starts reading.
   *
   * @throws TunException with a {@link TunException.Reason} and a message that names the device,
   *     the interface or the address and says what to do
   * @throws UnsatisfiedLinkError if JNA cannot load (not Linux, or JNA missing from the class path)
   */
  public static TunNetwork open(TunConfig config) throws TunException {
    Objects.requireNonNull(config, "config");
    TunNetwork network = new TunNetwork(config, TunDevice.open(config));
    network.reader.start();
    return network;
  }

  /**
   * Why this process cannot create TUN interfaces, or empty if it can: not Linux, no {@code
   * /dev/net/tun}, no {@code CAP_NET_ADMIN} in its effective capabilities, or JNA missing. Tests
   * use it to skip with a one-line reason.
   */
  public static Optional<String> whyCannotCreateInterfaces() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return Optional.of("TUN devices need Linux, this is " + System.getProperty("os.name"));
    }
    if (!Files.exists(TunConfig.DEFAULT_DEVICE)) {
      return Optional.of(TunConfig.DEFAULT_DEVICE + " is missing (no TUN support here)");
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          long capabilities = Long.parseUnsignedLong(line.substring(7).trim(), 16);
          if ((capabilities & (1L << CAP_NET_ADMIN)) == 0) {
            return Optional.of("no CAP_NET_ADMIN (run as root to create TUN interfaces)");
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Optional.of("cannot read this process's capabilities: " + e.getMessage());
    }
    try {
      Class.forName("com.sun.jna.Native");
    } catch (ClassNotFoundException e) {
      return Optional.of("JNA (net.java.dev.jna:jna) is not on the class path");
    }
    return Optional.empty();
  }

  public TunConfig config() {
    return config;
  }

  /** Whether this network created the interface (so it vanishes on close). */
  public boolean createdInterface() {
    return device.created();
  }

  /**
   * Attaches a host at an address of the subnet.
   *
   * @throws IllegalArgumentException if the address is the wildcard, the kernel's, outside the
   *     subnet (the kernel would not route its replies here) or already attached
   * @throws IllegalStateException if the network is closed
   */
  @Override
  public NetworkAttachment attach(Ipv4Address address, PacketReceiver receiver)
      throws IOException {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(receiver, "receiver");
    if (closed) {
      throw new IllegalStateException("cannot attach " + address + ": the TUN network "
          + config.interfaceName() + " is closed");
    }
    if (address.isAny()) {
      throw new IllegalArgumentException(
          "cannot attach the wildcard address 0.0.0.0; a host needs its own address");
    }
    if (address.equals(config.kernelAddress())) {
      throw new IllegalArgumentException("cannot attach " + address + ": it is the kernel's"
          + " address on " + config.interfaceName() + "; give the host another address of "
          + config.subnet() + "/" + config.prefixLength());
    }
    if (!config.inSubnet(address)) {
      throw new IllegalArgumentException("cannot attach " + address + ": it is outside "
          + config.subnet() + "/" + config.prefixLength() + ", the subnet the kernel routes to "
          + config.interfaceName());
    }
    TunAttachment attachment = new TunAttachment(address, receiver);
    if (attachments.putIfAbsent(address.bits(), attachment) != null) {
      throw new IllegalArgumentException("cannot attach " + address + ": already attached");
    }
    return attachment;
  }

  /**
   * True for every address of the interface's subnet: the kernel's, a host's of this network, or
   * one the kernel may own there; anything beyond the subnet is dropped as {@link
   * DropReason#NO_ROUTE} (the kernel routes only the subnet back to the interface).
   */
  @Override
  public boolean hasRouteTo(Ipv4Address destination) {
    return config.inSubnet(destination);
  }

  @Override
  public TrafficCounters counters() {
    return counters;
  }

  /**
   * Detaches every host, stops the reader and closes the device (an interface created here
   * vanishes). Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (TunAttachment attachment : List.copyOf(attachments.values())) {
      attachment.close();
    }
    device.close();
    if (Thread.currentThread() != reader) {
      boolean interrupted = false;
      while (reader.isAlive()) {
        try {
          reader.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    device.release();
  }

  @Override
  public String toString() {
    return "TunNetwork[" + config.interfaceName() + ", kernel " + config.kernelCidr()
        + ", attached=" + attachments.size() + "]";
  }

  private void readLoop() {
    try {
      while (device.awaitReadable()) {
        for (byte[] packet = device.read(); packet != null; packet = device.read()) {
          fromKernel(packet);
        }
      }
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.log(System.Logger.Level.ERROR, "TUN reader " + config.interfaceName() + " stopped", e);
      }
    }
  }

  private void fromKernel(byte[] packet) {
    if (packet.length > config.mtu()) {
      counters.recordDropped(DropReason.OVERSIZE);
      return;
    }
    if (!isIpv4(packet, 0, packet.length)) {
      counters.recordDropped(DropReason.MALFORMED);
      return;
    }
    TunAttachment destination = attachments.get(destinationBits(packet, 0));
    if (destination == null) {
      counters.recordDropped(DropReason.NO_ROUTE);
      return;
    }
    destination.deliver(packet);
  }

  private static boolean isIpv4(byte[] packet, int offset, int length) {
    return length >= 20 && (packet[offset] & 0xF0) == 0x40;
  }

  private static int destinationBits(byte[] packet, int offset) {
    int at = offset + 16;
    return ((packet[at] & 0xFF) << 24) | ((packet[at + 1] & 0xFF) << 16)
        | ((packet[at + 2] & 0xFF) << 8) | (packet[at + 3] & 0xFF);
  }

  /** One host on the TUN network. */
  private final class TunAttachment implements NetworkAttachment {

    private final Ipv4Address address;
    private final PacketReceiver receiver;
    private final TrafficCounters own = new TrafficCounters();
    private volatile boolean detached;

    TunAttachment(Ipv4Address address, PacketReceiver receiver) {
      this.address = address;
      this.receiver = receiver;
    }

    void deliver(byte[] packet) {
      if (detached) {
        dropped(DropReason.DETACHED);
        return;
      }
      own.recordDelivered();
      counters.recordDelivered();
      try {
        receiver.receive(packet);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "packet receiver of " + address + " threw", e);
      }
    }

    private void dropped(DropReason reason) {
      own.recordDropped(reason);
      counters.recordDropped(reason);
    }

    @Override
    public Ipv4Address address() {
      return address;
    }

    @Override
    public int mtu() {
      return config.mtu();
    }

    @Override
    public void send(byte[] packet, int offset, int length) {
      Objects.checkFromIndexSize(offset, length, packet.length);
      own.recordSent();
      counters.recordSent();
      if (detached) {
        dropped(DropReason.DETACHED);
        return;
      }
      if (!isIpv4(packet, offset, length)) {
        dropped(DropReason.MALFORMED);
        return;
      }
      if (length > config.mtu()) {
        dropped(DropReason.OVERSIZE);
        return;
      }
      int destinationBits = destinationBits(packet, offset);
      TunAttachment local = attachments.get(destinationBits);
      if (local != null) {
        local.deliver(Arrays.copyOfRange(packet, offset, offset + length));
        return;
      }
      if (!config.inSubnet(new Ipv4Address(destinationBits))) {
        dropped(DropReason.NO_ROUTE);
        return;
      }
      if (!device.write(packet, offset, length)) {
        dropped(closed ? DropReason.DETACHED : DropReason.IO_ERROR);
      }
    }

    @Override
    public TrafficCounters counters() {
      return own;
    }

    @Override
    public void close() {
      detached = true;
      attachments.remove(address.bits(), this);
    }

    @Override
    public String toString() {
      return "TunAttachment[" + address + " on " + config.interfaceName()
          + (detached ? ", closed]" : "]");
    }
  }
}
