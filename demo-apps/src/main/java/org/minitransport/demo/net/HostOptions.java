package org.minitransport.demo.net;

import java.nio.file.Path;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.udp.UdpRouteTable;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.NetworkOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The network options every network app shares (a picocli mixin): which network, this host's
 * virtual address, the UDP route table, a pcap file, and the simulated network's impairments.
 */
public final class HostOptions {

  /** The route convention: host 10.0.0.N is at 127.0.0.1:(40000+N). */
  public static final String DEFAULT_ROUTES = "10.0.0.0/24=127.0.0.1:40000+";

  /** Which network the hosts attach to. */
  public enum Kind {
    sim,
    udp
  }

  @Option(names = "--network", defaultValue = "sim", paramLabel = "<network>",
      description = "sim: hosts in this process on the simulated network; udp: this host on the "
          + "UDP network, so other processes or machines can reach it (default: ${DEFAULT-VALUE}).")
  public Kind network;

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
      description = "Write every packet this process's hosts send to a pcap file; '-' writes "
          + "it to standard output (e.g. | wireshark -k -i -).")
  public Path pcap;

  @Mixin
  public NetworkOptions impairments = new NetworkOptions();

  /** The address given, or {@code fallback}. */
  public Ipv4Address addressOr(String fallback) {
    return Ipv4Address.parse(address == null ? fallback : address);
  }

  /** The parsed route table. */
  public UdpRouteTable routeTable() {
    return UdpRouteTable.parse(routes);
  }
}
