package org.minitransport.demo.net;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.tun.TunConfig;
import org.minitransport.core.net.udp.UdpRouteTable;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.ComponentOptions;
import org.minitransport.demo.cli.NetworkOptions;
import org.minitransport.demo.cli.TunConverters;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The network options every network app shares (a picocli mixin): which network, this host's
 * virtual address, the UDP route table, the TUN interface, a pcap file, and the impairments (the
 * simulated network's own, or a decorator around the UDP and TUN networks).
 */
public final class HostOptions {

  /** The route convention: host 10.0.0.N is at 127.0.0.1:(40000+N). */
  public static final String DEFAULT_ROUTES = "10.0.0.0/24=127.0.0.1:40000+";

  /** Which network the hosts attach to. */
  public enum Kind {
    sim,
    udp,
    tun
  }

  @Option(names = "--network", defaultValue = "sim", paramLabel = "<network>",
      description = "sim: hosts in this process on the simulated network; udp: this host on the "
          + "UDP network, so other processes or machines can reach it; tun: this host on a Linux "
          + "TUN interface, so the kernel's own TCP/IP (curl, Python) is its peer (root, or an "
          + "interface made for you: see --tun). The impairment options (--loss ... --bandwidth) "
          + "apply on every network; on udp and tun to what this process's hosts send and "
          + "receive, each way (default: ${DEFAULT-VALUE}).")
  public Kind network;

  @Option(names = "--tun", paramLabel = "<name>", defaultValue = TunConfig.DEFAULT_INTERFACE,
      converter = TunConverters.InterfaceName.class,
      description = "--network tun: the TUN interface to create (removed on exit), or to attach "
          + "to if it exists; without root the command prints the ip commands that make one for "
          + "you (default: ${DEFAULT-VALUE}).")
  public String tunName;

  @Option(names = "--tun-netns", paramLabel = "<name>",
      converter = TunConverters.NamespaceName.class,
      description = "--network tun: put the interface and the Linux side in this network "
          + "namespace (made with: ip netns add <name>); run Linux programs there with: ip netns "
          + "exec <name> ... (default: none, this process's own).")
  public String tunNamespace;

  @Option(names = "--kernel-address", paramLabel = "<cidr>", defaultValue = "10.0.0.254/24",
      converter = TunConverters.KernelCidr.class,
      description = "--network tun: the Linux side's address and the virtual subnet routed to "
          + "the interface; this process's hosts take other addresses in it "
          + "(default: ${DEFAULT-VALUE}).")
  public String kernelAddress;

  @Option(names = "--address", paramLabel = "<address>",
      converter = AddressConverters.AddressText.class,
      description = "This host's virtual address (default: 10.0.0.2 for servers, 10.0.0.1 for "
          + "clients; on the UDP network the next free one if another process has it).")
  public String address;

  @Option(names = "--routes", defaultValue = DEFAULT_ROUTES, paramLabel = "<routes>",
      converter = AddressConverters.RoutesText.class,
      description = "UDP network routes, comma-separated: PREFIX/LEN=IP:PORT+ (host N at PORT+N) "
          + "or ADDRESS=IP:PORT (default: ${DEFAULT-VALUE}).")
  public String routes;

  @Option(names = "--pcap", paramLabel = "<file>",
      description = "Write every packet this process's hosts send (on udp and tun: and receive) "
          + "to a pcap file; '-' writes it to standard output (e.g. | wireshark -k -i -).")
  public Path pcap;

  @Mixin
  public NetworkOptions impairments = new NetworkOptions();

  @Mixin
  public ComponentOptions components = new ComponentOptions();

  /** The command these options belong to: to tell given options from defaults, and for notices. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** Whether {@code option} (e.g. "--loss") was given on the command line, not defaulted. */
  public boolean given(String option) {
    if (command == null || command.commandLine() == null
        || command.commandLine().getParseResult() == null) {
      return false;
    }
    return command.commandLine().getParseResult().hasMatchedOption(option);
  }

  /** Where notices such as the seed go: the command's error stream (stdout stays for data). */
  public PrintWriter notices() {
    if (command != null && command.commandLine() != null) {
      return command.commandLine().getErr();
    }
    return new PrintWriter(System.err, true);
  }

  /** The options that only {@code --network tun} uses. */
  private static final List<String> TUN_OPTIONS = List.of("--tun", "--tun-netns",
      "--kernel-address");

  /**
   * Checks what no single value shows: the TUN options are given only with {@code --network tun}
   * (an option a network cannot honour is refused, never ignored), and there {@code --address} is
   * an address of the interface's subnet other than the kernel's.
   *
   * @throws ParameterException a usage error (exit code 2) naming the options
   */
  public void checkCombinations() {
    for (String option : TUN_OPTIONS) {
      if (network != Kind.tun && given(option)) {
        throw usageError(option + " applies to --network tun only (this is --network "
            + network + ")");
      }
    }
    if (network == Kind.tun && address != null) {
      TunConfig tun = tunConfig();
      Ipv4Address host = Ipv4Address.parse(address);
      if (!tun.inSubnet(host) || host.equals(tun.kernelAddress())) {
        throw usageError("--address " + address + " must be an address of " + tun.kernelCidr()
            + " other than the kernel's (" + tun.kernelAddress() + "): --kernel-address sets "
            + "the subnet");
      }
    }
  }

  private RuntimeException usageError(String message) {
    if (command != null && command.commandLine() != null) {
      return new ParameterException(command.commandLine(), message);
    }
    return new IllegalArgumentException(message);
  }

  /**
   * The TUN settings the options give.
   *
   * @throws IllegalArgumentException naming a bad interface name, address or MTU
   */
  public TunConfig tunConfig() {
    return TunConfig.builder().interfaceName(tunName).kernelCidr(kernelAddress)
        .mtu(impairments.mtu).namespace(tunNamespace).build();
  }

  /** The address given, or {@code fallback}. */
  public Ipv4Address addressOr(String fallback) {
    return Ipv4Address.parse(address == null ? fallback : address);
  }

  /** The parsed route table. */
  public UdpRouteTable routeTable() {
    return UdpRouteTable.parse(routes);
  }
}
