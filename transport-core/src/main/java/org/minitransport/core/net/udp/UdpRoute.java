package org.minitransport.core.net.udp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;

/**
 * One entry of a {@link UdpRouteTable}: the virtual addresses {@code prefix/prefixLength} (RFC 4632
 * §3.1 prefix notation) and the real UDP socket that reaches them.
 *
 * <p>Two kinds, written in the route table's text form as:
 *
 * <ul>
 *   <li><b>fixed</b> {@code 10.0.0.7=127.0.0.1:5555} or {@code 10.0.1.0/24=192.0.2.1:5555}: every
 *       address in the prefix is reached through the one socket {@code target} (a host route is
 *       the {@code /32} case, written without {@code /32});
 *   <li><b>port-offset</b> {@code 10.0.0.0/24=127.0.0.1:40000+}: virtual address {@code prefix + N}
 *       is reached at {@code target.address : target.port + N}, so {@code 10.0.0.1} is {@code
 *       127.0.0.1:40001}. A convention simple enough to type for many hosts on one machine.
 * </ul>
 *
 * <p>Real addresses are IPv4 and already resolved (no DNS lookups happen in this package).
 *
 * @param prefix the first virtual address of the prefix; its host bits are zero
 * @param prefixLength 0–32
 * @param target the real socket for a fixed route; the real host and base port for a port-offset
 *     route
 * @param portOffset whether this is a port-offset route
 */
public record UdpRoute(
    Ipv4Address prefix, int prefixLength, InetSocketAddress target, boolean portOffset) {

  /**
   * @throws IllegalArgumentException naming the bad value if the prefix length is outside 0–32,
   *     the prefix has host bits set, the target is unresolved, not IPv4 or has port 0, or a
   *     port-offset route would need a port above 65535
   */
  public UdpRoute {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(target, "target");
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " of " + prefix + " is outside 0-32");
    }
    if (!new Ipv4Address(prefix.bits() & mask(prefixLength)).equals(prefix)) {
      throw new IllegalArgumentException(
          "prefix " + prefix + "/" + prefixLength + " has host bits set; write "
              + new Ipv4Address(prefix.bits() & mask(prefixLength)) + "/" + prefixLength);
    }
    if (target.isUnresolved() || !(target.getAddress() instanceof Inet4Address)) {
      throw new IllegalArgumentException(
          "route target " + target + " is not a resolved IPv4 socket address");
    }
    if (target.getPort() == 0) {
      throw new IllegalArgumentException(
          "route target " + target + " has port 0; a route needs a port 1-65535");
    }
    if (portOffset) {
      long lastPort = target.getPort() + hostCount(prefixLength) - 1;
      if (lastPort > Endpoint.MAX_PORT) {
        throw new IllegalArgumentException(
            "port-offset route " + prefix + "/" + prefixLength + " from base port "
                + target.getPort() + " needs ports up to " + lastPort
                + ", above 65535; use a longer prefix or a lower base port");
      }
    }
  }

  /** A fixed route for one virtual host ({@code /32}). */
  public static UdpRoute host(Ipv4Address address, InetSocketAddress target) {
    return new UdpRoute(address, 32, target, false);
  }

  /** A fixed route: every address in {@code prefix/prefixLength} goes to {@code target}. */
  public static UdpRoute fixed(Ipv4Address prefix, int prefixLength, InetSocketAddress target) {
    return new UdpRoute(prefix, prefixLength, target, false);
  }

  /** A port-offset route: {@code prefix + N} goes to {@code realHost:(basePort + N)}. */
  public static UdpRoute portOffset(
      Ipv4Address prefix, int prefixLength, InetAddress realHost, int basePort) {
    Endpoint.checkPort(basePort);
    return new UdpRoute(prefix, prefixLength, new InetSocketAddress(realHost, basePort), true);
  }

  /**
   * Parses one entry of the text form: {@code VIRTUAL[/LEN]=REAL_IPV4:PORT[+]}.
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static UdpRoute parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("route is null");
    }
    String entry = text.strip();
    int equals = entry.indexOf('=');
    if (equals < 0) {
      throw new IllegalArgumentException(
          "bad route '" + entry + "': expected VIRTUAL[/LEN]=REAL_IPV4:PORT[+], found no '='");
    }
    String virtualPart = entry.substring(0, equals).strip();
    String realPart = entry.substring(equals + 1).strip();
    try {
      int slash = virtualPart.indexOf('/');
      Ipv4Address prefix =
          Ipv4Address.parse(slash < 0 ? virtualPart : virtualPart.substring(0, slash));
      int prefixLength = slash < 0 ? 32 : parsePrefixLength(virtualPart.substring(slash + 1));
      boolean portOffset = realPart.endsWith("+");
      if (portOffset) {
        realPart = realPart.substring(0, realPart.length() - 1);
      }
      Endpoint real = Endpoint.parse(realPart);
      InetSocketAddress target = real.toInetSocketAddress();
      return new UdpRoute(prefix, prefixLength, target, portOffset);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad route '" + entry + "': " + e.getMessage(), e);
    }
  }

  /** Whether {@code address} lies in this route's prefix. */
  public boolean covers(Ipv4Address address) {
    return (address.bits() & mask(prefixLength)) == prefix.bits();
  }

  /**
   * The real socket for {@code address}.
   *
   * @throws IllegalArgumentException if this route does not {@linkplain #covers cover} it
   */
  public InetSocketAddress resolve(Ipv4Address address) {
    if (!covers(address)) {
      throw new IllegalArgumentException(
          address + " is outside route " + this + "; resolve only covered addresses");
    }
    if (!portOffset) {
      return target;
    }
    int offset = address.bits() - prefix.bits();
    return new InetSocketAddress(target.getAddress(), target.getPort() + offset);
  }

  /** The text form, which {@link #parse} reads back. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder().append(prefix);
    if (prefixLength != 32 || portOffset) {
      text.append('/').append(prefixLength);
    }
    text.append('=').append(target.getAddress().getHostAddress()).append(':')
        .append(target.getPort());
    if (portOffset) {
      text.append('+');
    }
    return text.toString();
  }

  private static int parsePrefixLength(String text) {
    if (text.isEmpty() || text.length() > 2
        || !text.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw new IllegalArgumentException("prefix length '" + text + "' is not a number 0-32");
    }
    return Integer.parseInt(text);
  }

  private static int mask(int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  private static long hostCount(int prefixLength) {
    return 1L << (32 - prefixLength);
  }
}
