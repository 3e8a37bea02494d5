package org.minitransport.core.stack;

import java.util.Objects;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.port.PortTableConfig;
import org.minitransport.core.port.PortTableFactory;

/**
 * Immutable configuration of one {@link Host}.
 *
 * @param address the host's virtual IPv4 address (not the wildcard)
 * @param mtu the largest IPv4 packet the host sends, 68–65535 (RFC 791 minimum 68)
 * @param ttl the time-to-live put in every packet, 1–255
 * @param ports port-table rules shared by TCP and UDP (privileged flag, ephemeral range, secret)
 * @param icmpErrorsPerSecond sustained rate of ICMP error messages the host may send
 * @param icmpErrorBurst how many ICMP errors may go out back to back
 * @param portTables makes the host's TCP and UDP port tables ({@link PortTableFactory#REFERENCE}
 *     by default; a course plugs a student's table in here)
 */
public record HostConfig(
    Ipv4Address address,
    int mtu,
    int ttl,
    PortTableConfig ports,
    int icmpErrorsPerSecond,
    int icmpErrorBurst,
    PortTableFactory portTables) {

  public HostConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(portTables, "portTables");
    Objects.requireNonNull(ports, "ports");
    if (address.isAny()) {
      throw new IllegalArgumentException("host address must not be the wildcard 0.0.0.0");
    }
    if (mtu < 68 || mtu > 65_535) {
      throw new IllegalArgumentException("mtu " + mtu + " is outside 68-65535");
    }
    if (ttl < 1 || ttl > 255) {
      throw new IllegalArgumentException("ttl " + ttl + " is outside 1-255");
    }
    if (icmpErrorsPerSecond < 0) {
      throw new IllegalArgumentException(
          "icmpErrorsPerSecond " + icmpErrorsPerSecond + " must not be negative");
    }
    if (icmpErrorBurst < 0) {
      throw new IllegalArgumentException("icmpErrorBurst " + icmpErrorBurst + " must not be negative");
    }
  }

  /** A builder with defaults: MTU 1500, TTL 64, default port rules, 100 ICMP errors/s, burst 50. */
  public static Builder builder(Ipv4Address address) {
    return new Builder(address);
  }

  /** Shorthand for {@code builder(address).build()}. */
  public static HostConfig of(Ipv4Address address) {
    return builder(address).build();
  }

  /** A copy with another MTU. */
  public HostConfig withMtu(int newMtu) {
    return new HostConfig(
        address, newMtu, ttl, ports, icmpErrorsPerSecond, icmpErrorBurst, portTables);
  }

  /** Builder for {@link HostConfig}. */
  public static final class Builder {
    private final Ipv4Address address;
    private int mtu = 1500;
    private int ttl = 64;
    private PortTableConfig ports = PortTableConfig.defaults();
    private int icmpErrorsPerSecond = 100;
    private int icmpErrorBurst = 50;
    private PortTableFactory portTables = PortTableFactory.REFERENCE;

    private Builder(Ipv4Address address) {
      this.address = address;
    }

    public Builder mtu(int value) {
      this.mtu = value;
      return this;
    }

    public Builder ttl(int value) {
      this.ttl = value;
      return this;
    }

    public Builder ports(PortTableConfig value) {
      this.ports = value;
      return this;
    }

    public Builder icmpErrorRate(int perSecond, int burst) {
      this.icmpErrorsPerSecond = perSecond;
      this.icmpErrorBurst = burst;
      return this;
    }

    /** The factory of the host's port tables (default {@link PortTableFactory#REFERENCE}). */
    public Builder portTables(PortTableFactory value) {
      this.portTables = value;
      return this;
    }

    public HostConfig build() {
      return new HostConfig(
          address, mtu, ttl, ports, icmpErrorsPerSecond, icmpErrorBurst, portTables);
    }
  }
}
