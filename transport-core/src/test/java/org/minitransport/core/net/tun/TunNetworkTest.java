package org.minitransport.core.net.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.EventLoop;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.net.sim.TestPackets;

/**
 * The TUN network against the real kernel (skipped without root and /dev/net/tun). Each test uses
 * its own interface name and /24 of 10.0.0.0/8 that no interface of the machine overlaps, so
 * parallel builds do not collide; every interface is created non-persistent and closed after.
 */
class TunNetworkTest {

  private static final AtomicInteger NEXT = new AtomicInteger();

  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeEach
  void requireTun() {
    String why = TunNetwork.whyCannotCreateInterfaces().orElse(null);
    assumeTrue(why == null, "skipped: " + why);
  }

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  /** A fresh interface name (pid and a counter) and a /24 nobody uses. */
  static TunConfig.Builder uniqueConfig() {
    long pid = ProcessHandle.current().pid();
    int n = NEXT.incrementAndGet();
    String name = "mtc" + (pid % 100_000) + "x" + n;
    int third = (int) ((pid * 31 + n * 7) % 200) + 20;
    int second = (int) ((pid / 200 + n) % 200) + 40;
    return TunConfig.builder().interfaceName(name)
        .kernelAddress(Ipv4Address.parse("10." + second + "." + third + ".254")).prefixLength(24);
  }

  private TunNetwork open(TunConfig config) throws Exception {
    TunNetwork network = TunNetwork.open(config);
    opened.add(network);
    return network;
  }

  private static Ipv4Address hostIn(TunConfig config, int host) {
    return new Ipv4Address(config.subnet().bits() + host);
  }

  @Test
  void createsAConfiguredInterfaceThatVanishesOnClose() throws Exception {
    TunConfig config = uniqueConfig().build();
    TunNetwork network = TunNetwork.open(config);
    Path sys = Path.of("/sys/class/net", config.interfaceName());
    try {
      assertTrue(network.createdInterface());
      assertTrue(Files.exists(sys), "interface exists");
      assertEquals("1500", Files.readString(sys.resolve("mtu")).strip());
      assertTrue(Files.readString(sys.resolve("flags")).strip().endsWith("1")
          || (Integer.decode(Files.readString(sys.resolve("flags")).strip()) & 1) == 1, "up");
    } finally {
      network.close();
    }
    assertFalse(Files.exists(sys), "a non-persistent interface vanishes with its file");
  }

  @Test
  void theKernelPingsAHostAndItsEchoRepliesComeBack() throws Exception {
    TunConfig config = uniqueConfig().build();
    TunNetwork network = open(config);
    EventLoop loop = EventLoop.start("tun-ping");
    opened.add(loop);
    Ipv4Address host = hostIn(config, 2);
    loop.addHost(network, HostConfig.of(host));

    boolean reachable = InetAddress.getByName(host.toString()).isReachable(5_000);

    assertTrue(reachable, "the kernel's ICMP echo to " + host + " was answered through "
        + config.interfaceName());
    assertTrue(network.counters().delivered() >= 1);
  }

  /** A Python ICMP echo in {@code namespace}: exit 0 if {@code target} answered within 5 s. */
  private static final String PYTHON_PING = String.join("\n",
      "import socket, struct, sys",
      "def checksum(b):",
      "    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))",
      "    s = (s >> 16) + (s & 0xffff); s += s >> 16",
      "    return ~s & 0xffff",
      "s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)",
      "s.settimeout(5)",
      "body = struct.pack('!BBHHH', 8, 0, 0, 77, 1) + b'minitransport!'",
      "body = body[:2] + struct.pack('!H', checksum(body)) + body[4:]",
      "s.sendto(body, (sys.argv[1], 0))",
      "while True:",
      "    data, peer = s.recvfrom(2048)",
      "    if peer[0] == sys.argv[1] and data[20] == 0: sys.exit(0)");

  @Test
  void inANetworkNamespaceTheKernelThereReachesTheHostAndNothingLeaksOut() throws Exception {
    String python = System.getenv().getOrDefault("PYTHON", "python3");
    assumeTrue(runs(List.of(python, "-c", "pass")), "skipped: python3 is not installed");
    String namespace = "mtc-" + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet();
    assertEquals(0, run(List.of("ip", "netns", "add", namespace)));
    try {
      TunConfig config = uniqueConfig().kernelAddress(Ipv4Address.parse("10.0.0.254"))
          .namespace(namespace).build();
      TunNetwork network = open(config);
      EventLoop loop = EventLoop.start("tun-ns-ping");
      opened.add(loop);
      loop.addHost(network, HostConfig.of(Ipv4Address.parse("10.0.0.2")));

      assertFalse(Files.exists(Path.of("/sys/class/net", config.interfaceName())),
          "the interface is not in this process's namespace");
      assertEquals(0, run(List.of("ip", "netns", "exec", namespace, python, "-c", PYTHON_PING,
          "10.0.0.2")), "the kernel in " + namespace + " got its echo reply");
    } finally {
      closeEverything();
      opened.clear();
      run(List.of("ip", "netns", "del", namespace));
    }
  }

  /** Whether {@code command} exists and exits 0. */
  private static boolean runs(List<String> command) throws Exception {
    try {
      return run(command) == 0;
    } catch (java.io.IOException notInstalled) {
      return false;
    }
  }

  private static int run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  @Test
  void withoutCapNetAdminTheErrorSaysSoAndListsTheIpCommandsForAnAdministrator()
      throws Exception {
    assumeTrue(runs(List.of("capsh", "--print")), "skipped: capsh is not installed (apt-get"
        + " install -y libcap2-bin)");
    TunConfig config = uniqueConfig().build();
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder("capsh", "--drop=cap_net_admin", "--", "-c",
        "exec \"$0\" -cp \"$1\" " + OpenTunAndReport.class.getName() + " \"$2\" \"$3\"",
        javaCommand, classPath, config.interfaceName(), config.kernelCidr())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));

    assertTrue(output.startsWith("NO_PERMISSION: cannot create TUN interface "
        + config.interfaceName() + ": Operation not permitted (needs CAP_NET_ADMIN"), output);
    assertTrue(output.contains("ip tuntap add dev " + config.interfaceName() + " mode tun user"),
        output);
    assertTrue(output.contains("ip addr add " + config.kernelCidr() + " dev "
        + config.interfaceName()), output);
    assertFalse(Files.exists(Path.of("/sys/class/net", config.interfaceName())));
  }

  @Test
  void aSecondProcessOrNetworkOnTheSameInterfaceIsToldItIsBusy() throws Exception {
    TunConfig config = uniqueConfig().build();
    open(config);

    TunException e = assertThrows(TunException.class, () -> open(config));

    assertEquals(TunException.Reason.BUSY, e.reason());
    assertTrue(e.getMessage().contains(config.interfaceName() + " is busy"), e.getMessage());
  }

  @Test
  void aKernelAddressWhoseSubnetIsOnAnotherInterfaceIsRefusedNamingIt() throws Exception {
    TunConfig first = uniqueConfig().build();
    open(first);
    TunConfig second = uniqueConfig().kernelAddress(hostIn(first, 77)).build();

    TunException e = assertThrows(TunException.class, () -> open(second));

    assertEquals(TunException.Reason.ADDRESS_IN_USE, e.reason());
    assertTrue(e.getMessage().contains(first.interfaceName()), e.getMessage());
    assertFalse(Files.exists(Path.of("/sys/class/net", second.interfaceName())));
  }

  @Test
  void aMissingCloneDeviceIsReportedWithWhatToDo() {
    TunConfig config = uniqueConfig().devicePath(Path.of("/nonexistent/net/tun")).build();

    TunException e = assertThrows(TunException.class, () -> open(config));

    assertEquals(TunException.Reason.NO_DEVICE, e.reason());
    assertTrue(e.getMessage().startsWith("cannot open /nonexistent/net/tun:"), e.getMessage());
    assertTrue(e.getMessage().contains("modprobe tun"), e.getMessage());
  }

  @Test
  void anInterfaceThatIsNotATunIsRefused() {
    TunConfig config = uniqueConfig().interfaceName("lo").build();

    TunException e = assertThrows(TunException.class, () -> open(config));

    assertEquals(TunException.Reason.NOT_A_TUN, e.reason());
  }

  @Test
  void hostsAttachOnlyInsideTheSubnetAndNotAtTheKernelsAddress() throws Exception {
    TunConfig config = uniqueConfig().build();
    TunNetwork network = open(config);

    assertThrows(IllegalArgumentException.class,
        () -> network.attach(config.kernelAddress(), p -> {}));
    IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
        () -> network.attach(Ipv4Address.parse("192.0.2.9"), p -> {}));
    assertTrue(outside.getMessage().contains("outside " + config.subnet()), outside.getMessage());
    network.attach(hostIn(config, 2), p -> {});
    assertThrows(IllegalArgumentException.class, () -> network.attach(hostIn(config, 2), p -> {}));
  }

  @Test
  void hasARouteToEveryAddressOfTheSubnetAndToNothingBeyond() throws Exception {
    TunConfig config = uniqueConfig().build();
    TunNetwork network = open(config);
    network.attach(hostIn(config, 2), p -> {});

    assertTrue(network.hasRouteTo(hostIn(config, 2)), "a host of this network");
    assertTrue(network.hasRouteTo(config.kernelAddress()), "the kernel");
    assertTrue(network.hasRouteTo(hostIn(config, 77)), "the kernel decides there");
    assertFalse(network.hasRouteTo(Ipv4Address.parse("192.0.2.9")));
    assertFalse(network.hasRouteTo(new Ipv4Address(config.subnet().bits() + 256)), "next /24");
  }

  @Test
  void sendsBeyondTheSubnetAreNoRouteAndBetweenHostsNeverTouchTheKernel() throws Exception {
    TunConfig config = uniqueConfig().build();
    TunNetwork network = open(config);
    List<byte[]> atB = new ArrayList<>();
    NetworkAttachment a = network.attach(hostIn(config, 1), p -> {});
    network.attach(hostIn(config, 2), atB::add);

    byte[] toB = ipv4(hostIn(config, 1), hostIn(config, 2));
    a.send(toB, 0, toB.length);
    byte[] beyond = ipv4(hostIn(config, 1), Ipv4Address.parse("192.0.2.9"));
    a.send(beyond, 0, beyond.length);
    a.send(new byte[8], 0, 8);

    assertEquals(1, atB.size());
    assertEquals(1, a.counters().dropped(DropReason.NO_ROUTE));
    assertEquals(1, a.counters().dropped(DropReason.MALFORMED));
  }

  @Test
  void theCommandsForAnAdministratorCreateConfigureAndRaiseTheInterface() {
    TunConfig config = TunConfig.builder().interfaceName("mt7").kernelCidr("10.9.0.1/16").build();

    String text = org.minitransport.core.net.tun.internal.TunCommands.forAdministrator(config);

    assertTrue(text.contains("ip tuntap add dev mt7 mode tun user "), text);
    assertTrue(text.contains("ip addr add 10.9.0.1/16 dev mt7"), text);
    assertTrue(text.contains("ip link set dev mt7 mtu 1500 up"), text);
  }

  private static byte[] ipv4(Ipv4Address from, Ipv4Address to) {
    return TestPackets.ipv4(from, to, 28, 0, 253);
  }
}
