package org.minitransport.core.net.udp.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Reads how many datagrams Linux dropped on a UDP socket (receive buffer full, or a bad checksum):
 * the last column, {@code drops}, of the socket's line in {@code /proc/net/udp}, found by its local
 * address and port. Java offers no {@code SO_RXQ_OVFL}, and reading the socket's inode would need
 * its file descriptor, so the local address is the key; it is unique while the socket is bound.
 * The file covers the process's network namespace.
 */
public final class OsSocketDrops {

  private static final Path PROC_NET_UDP = Path.of("/proc/net/udp");

  private OsSocketDrops() {}

  /** The drop count of the UDP socket bound to {@code local}, or empty if not found or not Linux. */
  public static OptionalLong forLocalAddress(InetSocketAddress local) {
    if (!Files.isReadable(PROC_NET_UDP) || local.getAddress() == null) {
      return OptionalLong.empty();
    }
    try {
      return parse(Files.readAllLines(PROC_NET_UDP), local);
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Finds {@code local} in the text of {@code /proc/net/udp}. Its address column is the IPv4
   * address as a host-order (little-endian on x86 and ARM) hexadecimal word, then the port.
   */
  public static OptionalLong parse(List<String> lines, InetSocketAddress local) {
    byte[] address = local.getAddress().getAddress();
    if (address.length != 4) {
      return OptionalLong.empty();
    }
    String wanted = String.format(Locale.ROOT, "%02X%02X%02X%02X:%04X", address[3] & 0xFF,
        address[2] & 0xFF, address[1] & 0xFF, address[0] & 0xFF, local.getPort());
    for (String line : lines) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length >= 13 && fields[1].equalsIgnoreCase(wanted)) {
        return OptionalLong.of(Long.parseLong(fields[fields.length - 1]));
      }
    }
    return OptionalLong.empty();
  }
}
