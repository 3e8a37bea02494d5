package org.minitransport.core.net.udp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.minitransport.core.address.Ipv4Address;

/**
 * Where each virtual IPv4 address lives on the real network: an immutable list of {@link UdpRoute}s
 * searched by longest-prefix match (RFC 1812 §5.2.4.3), so a host route {@code 10.0.0.7} beats the
 * prefix {@code 10.0.0.0/24} that contains it.
 *
 * <p>The same table serves both directions: {@link #resolve} gives the socket a packet for an
 * address is sent to, and {@link UdpNetwork} binds an attaching host's own socket to {@code
 * resolve(ownAddress)} (unless {@link UdpAttachOptions} says otherwise). So every process of one
 * virtual network can be given the same table.
 *
 * <h2>Text form</h2>
 *
 * Comma-separated routes, for command lines:
 *
 * <pre>
 * 10.0.0.0/24=127.0.0.1:40000+             port-offset: 10.0.0.N is 127.0.0.1:(40000+N)
 * 10.0.0.7=127.0.0.1:5555                  host route
 * 10.0.1.0/24=192.0.2.1:5555               every 10.0.1.x through one socket
 * 10.0.0.0/24=127.0.0.1:40000+,10.0.0.7=192.0.2.9:5555
 * </pre>
 *
 * <p>Lookups scan the routes from the longest prefix down: O(routes), meant for tables of tens of
 * routes. Thread-safe (immutable).
 */
public final class UdpRouteTable {

  private static final Comparator<UdpRoute> LONGEST_PREFIX_FIRST =
      Comparator.comparingInt(UdpRoute::prefixLength).reversed();

  private final List<UdpRoute> routes;
  private final UdpRoute[] byLongestPrefix;

  private UdpRouteTable(List<UdpRoute> routes) {
    this.routes = List.copyOf(routes);
    this.byLongestPrefix = routes.toArray(new UdpRoute[0]);
    Arrays.sort(byLongestPrefix, LONGEST_PREFIX_FIRST);
  }

  /** A builder for a table; routes may be added in any order. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses the text form described on this class. Whitespace around entries is ignored.
   *
   * @throws IllegalArgumentException naming the bad entry (its position and text) and what is
   *     wrong with it, if the text is empty, an entry is empty or malformed, or two entries cover
   *     the same prefix
   */
  public static UdpRouteTable parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "route table '" + text + "' is empty; expected e.g. 10.0.0.0/24=127.0.0.1:40000+");
    }
    String[] entries = text.split(",", -1);
    Builder builder = builder();
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      String where = "route " + (i + 1) + " of " + entries.length;
      if (entry.isEmpty()) {
        throw new IllegalArgumentException(
            "bad route table '" + text + "': " + where + " is empty (stray comma?)");
      }
      try {
        builder.add(UdpRoute.parse(entry));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "bad route table '" + text + "': " + where + ": " + e.getMessage(), e);
      }
    }
    return builder.build();
  }

  /**
   * The real socket address that reaches {@code address}: from the route with the longest prefix
   * covering it, or empty if no route does.
   */
  public Optional<InetSocketAddress> resolve(Ipv4Address address) {
    UdpRoute route = lookup(address);
    return route == null ? Optional.empty() : Optional.of(route.resolve(address));
  }

  /** The route with the longest prefix covering {@code address}, if any. */
  public Optional<UdpRoute> routeFor(Ipv4Address address) {
    return Optional.ofNullable(lookup(address));
  }

  /** The routes, in the order they were added. */
  public List<UdpRoute> routes() {
    return routes;
  }

  /** The text form, which {@link #parse} reads back into an equal table. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (UdpRoute route : routes) {
      if (text.length() > 0) {
        text.append(',');
      }
      text.append(route);
    }
    return text.toString();
  }

  /** Equal when the routes are equal and in the same order. */
  @Override
  public boolean equals(Object other) {
    return other instanceof UdpRouteTable table && routes.equals(table.routes);
  }

  @Override
  public int hashCode() {
    return routes.hashCode();
  }

  private UdpRoute lookup(Ipv4Address address) {
    Objects.requireNonNull(address, "address");
    for (UdpRoute route : byLongestPrefix) {
      if (route.covers(address)) {
        return route;
      }
    }
    return null;
  }

  /** Collects routes; {@link #build} checks that no two cover the same prefix. Not thread-safe. */
  public static final class Builder {

    private final List<UdpRoute> routes = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a route.
     *
     * @throws IllegalArgumentException if a route for the same prefix and length is already there
     */
    public Builder add(UdpRoute route) {
      Objects.requireNonNull(route, "route");
      for (UdpRoute existing : routes) {
        if (existing.prefix().equals(route.prefix())
            && existing.prefixLength() == route.prefixLength()) {
          throw new IllegalArgumentException(
              "route " + route + " duplicates the prefix of route " + existing
                  + "; each prefix may have one route");
        }
      }
      routes.add(route);
      return this;
    }

    /** Adds {@link UdpRoute#host}. */
    public Builder host(Ipv4Address address, InetSocketAddress target) {
      return add(UdpRoute.host(address, target));
    }

    /** Adds {@link UdpRoute#fixed}. */
    public Builder fixed(Ipv4Address prefix, int prefixLength, InetSocketAddress target) {
      return add(UdpRoute.fixed(prefix, prefixLength, target));
    }

    /** Adds {@link UdpRoute#portOffset}. */
    public Builder portOffset(
        Ipv4Address prefix, int prefixLength, InetAddress realHost, int basePort) {
      return add(UdpRoute.portOffset(prefix, prefixLength, realHost, basePort));
    }

    /** The table; the builder may be used further. */
    public UdpRouteTable build() {
      return new UdpRouteTable(routes);
    }
  }
}
