package org.minitransport.udp;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.udp.LoopbackPorts;
import org.minitransport.core.net.udp.UdpRouteTable;

/**
 * The test convention for the UDP network on loopback: virtual host 10.0.0.N lives at
 * 127.0.0.1:(base + N), with a base whose ports for the hosts are free right now (the OS picks
 * them, so parallel runs do not collide). Tests never touch a non-loopback address.
 */
final class LoopbackRoutes {

  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private LoopbackRoutes() {}

  /** A route table 10.0.0.0/24 → 127.0.0.1:(base + N) where base+1 .. base+hosts are free. */
  static UdpRouteTable forHosts(int hosts) throws IOException {
    int base = LoopbackPorts.freeBaseFor(hosts);
    return UdpRouteTable.builder()
        .portOffset(Ipv4Address.parse("10.0.0.0"), 24, LOOPBACK, base)
        .build();
  }

  /**
   * Datagrams the kernel dropped for the UDP socket bound to 127.0.0.1:{@code port} (its receive
   * buffer was full), from the last column of Linux's {@code /proc/net/udp}; empty where that file
   * does not exist.
   */
  static OptionalLong kernelDrops(int port) throws IOException {
    Path table = Path.of("/proc/net/udp");
    if (!Files.isReadable(table)) {
      return OptionalLong.empty();
    }
    String local = String.format(Locale.ROOT, ":%04X", port);
    for (String line : Files.readAllLines(table)) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length >= 13 && fields[1].endsWith(local) && !fields[0].equals("sl")) {
        return OptionalLong.of(Long.parseLong(fields[fields.length - 1]));
      }
    }
    return OptionalLong.empty();
  }
}
