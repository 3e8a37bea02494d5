package org.minitransport.core.net.tun.internal;

import org.minitransport.core.net.tun.TunConfig;

/** The {@code ip} commands that set up, by hand, the interface a {@link TunConfig} describes. */
public final class TunCommands {

  private TunCommands() {}

  /**
   * What an administrator runs once so that an unprivileged user can attach: a persistent TUN
   * interface owned by the user, with the kernel's address (which adds the route to the subnet),
   * the MTU, and up.
   */
  public static String forAdministrator(TunConfig config) {
    String user = System.getProperty("user.name", "$USER");
    String name = config.interfaceName();
    return "To set it up by hand, run as root:\n"
        + "  ip tuntap add dev " + name + " mode tun user " + user + "\n"
        + "  ip addr add " + config.kernelCidr() + " dev " + name + "\n"
        + "  ip link set dev " + name + " mtu " + config.mtu() + " up\n"
        + "then run this again as " + user + " (remove it later with: ip link del " + name + ")";
  }
}
