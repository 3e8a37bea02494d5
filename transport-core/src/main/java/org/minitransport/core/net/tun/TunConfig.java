package org.minitransport.core.net.tun;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.minitransport.core.address.Ipv4Address;

/**
 * Settings of a {@link TunNetwork}. Build with {@link #builder()}.
 *
 * @param interfaceName the Linux interface to create or attach to, 1–15 characters of letters,
 *     digits, '-', '_' or '.' (default {@code mt0})
 * @param kernelAddress the kernel's own address on the interface (default {@code 10.0.0.254}):
 *     Linux programs reach the project's hosts from it, and the hosts reach Linux at it
 * @param prefixLength the virtual subnet's prefix length, 8–30 (default 24): the kernel routes
 *     {@code kernelAddress/prefixLength} to the interface, and hosts attach inside it
 * @param mtu the interface MTU and the largest packet either side sends, 576–65535 (default 1500)
 * @param configureKernelSide whether to give the interface its address, MTU and the up flag
 *     (default true); false leaves an interface someone else configured as it is (the {@code ip}
 *     commands in {@link TunException.Reason#NO_PERMISSION}'s message, or a test that moves the
 *     interface into a network namespace)
 * @param devicePath the clone device, {@code /dev/net/tun} unless a test needs another
 * @param namespace the named network namespace ({@code ip netns add NAME}, found at {@code
 *     /var/run/netns/NAME}) the interface and the kernel side live in, or empty for this process's
 *     own. In a namespace the Linux programs that talk to the hosts run with {@code ip netns exec
 *     NAME …}, isolated from the machine's other interfaces and routes.
 */
public record TunConfig(String interfaceName, Ipv4Address kernelAddress, int prefixLength, int mtu,
    boolean configureKernelSide, Path devicePath, Optional<String> namespace) {

  public static final String DEFAULT_INTERFACE = "mt0";
  public static final Ipv4Address DEFAULT_KERNEL_ADDRESS = Ipv4Address.parse("10.0.0.254");
  public static final int DEFAULT_PREFIX_LENGTH = 24;
  public static final int DEFAULT_MTU = 1500;
  public static final Path DEFAULT_DEVICE = Path.of("/dev/net/tun");

  /**
   * @throws IllegalArgumentException naming the bad value
   */
  public TunConfig {
    Objects.requireNonNull(interfaceName, "interfaceName");
    Objects.requireNonNull(kernelAddress, "kernelAddress");
    Objects.requireNonNull(devicePath, "devicePath");
    Objects.requireNonNull(namespace, "namespace");
    namespace.ifPresent(name -> {
      if (!name.matches("[A-Za-z0-9_.-]{1,64}") || name.equals(".") || name.equals("..")) {
        throw new IllegalArgumentException("network namespace name '" + name
            + "' must be 1-64 letters, digits, '-', '_' or '.'");
      }
    });
    if (!interfaceName.matches("[A-Za-z0-9_.-]{1,15}") || interfaceName.equals(".")
        || interfaceName.equals("..")) {
      throw new IllegalArgumentException("interface name '" + interfaceName
          + "' must be 1-15 letters, digits, '-', '_' or '.'");
    }
    if (prefixLength < 8 || prefixLength > 30) {
      throw new IllegalArgumentException(
          "prefix length /" + prefixLength + " must be between /8 and /30");
    }
    if (mtu < 576 || mtu > 65535) {
      throw new IllegalArgumentException("TUN mtu " + mtu + " must be between 576 and 65535");
    }
    int hostBits = kernelAddress.bits() & ~subnetMask(prefixLength);
    if (hostBits == 0 || hostBits == ~subnetMask(prefixLength)) {
      throw new IllegalArgumentException("kernel address " + kernelAddress + "/" + prefixLength
          + " is the subnet's network or broadcast address; pick a host address");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The subnet's first address, e.g. 10.0.0.0 for 10.0.0.254/24. */
  public Ipv4Address subnet() {
    return new Ipv4Address(kernelAddress.bits() & subnetMask(prefixLength));
  }

  /** Whether {@code address} lies in the virtual subnet. */
  public boolean inSubnet(Ipv4Address address) {
    int mask = subnetMask(prefixLength);
    return (address.bits() & mask) == (kernelAddress.bits() & mask);
  }

  /** {@code 10.0.0.254/24}. */
  public String kernelCidr() {
    return kernelAddress + "/" + prefixLength;
  }

  static int subnetMask(int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  /** Builds a {@link TunConfig}; every field starts at its default. */
  public static final class Builder {
    private String interfaceName = DEFAULT_INTERFACE;
    private Ipv4Address kernelAddress = DEFAULT_KERNEL_ADDRESS;
    private int prefixLength = DEFAULT_PREFIX_LENGTH;
    private int mtu = DEFAULT_MTU;
    private boolean configureKernelSide = true;
    private Path devicePath = DEFAULT_DEVICE;
    private Optional<String> namespace = Optional.empty();

    private Builder() {}

    public Builder interfaceName(String name) {
      interfaceName = name;
      return this;
    }

    public Builder kernelAddress(Ipv4Address address) {
      kernelAddress = address;
      return this;
    }

    public Builder prefixLength(int length) {
      prefixLength = length;
      return this;
    }

    /** Parses {@code 10.0.0.254/24} or {@code 10.0.0.254} (prefix /24). */
    public Builder kernelCidr(String cidr) {
      int slash = cidr.indexOf('/');
      if (slash < 0) {
        kernelAddress = Ipv4Address.parse(cidr);
        prefixLength = DEFAULT_PREFIX_LENGTH;
      } else {
        kernelAddress = Ipv4Address.parse(cidr.substring(0, slash));
        try {
          prefixLength = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "'" + cidr + "' is not ADDRESS/PREFIX (e.g. 10.0.0.254/24)");
        }
      }
      return this;
    }

    public Builder mtu(int bytes) {
      mtu = bytes;
      return this;
    }

    public Builder configureKernelSide(boolean configure) {
      configureKernelSide = configure;
      return this;
    }

    public Builder devicePath(Path path) {
      devicePath = path;
      return this;
    }

    /** The named network namespace to put the interface in; null for this process's own. */
    public Builder namespace(String name) {
      namespace = Optional.ofNullable(name);
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first bad value
     */
    public TunConfig build() {
      return new TunConfig(interfaceName, kernelAddress, prefixLength, mtu, configureKernelSide,
          devicePath, namespace);
    }
  }
}
