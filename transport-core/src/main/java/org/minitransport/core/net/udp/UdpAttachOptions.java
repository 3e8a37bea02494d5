package org.minitransport.core.net.udp;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-host choices for {@link UdpNetwork#attach(org.minitransport.core.address.Ipv4Address,
 * org.minitransport.core.net.PacketReceiver, UdpAttachOptions)}.
 *
 * @param bindAddress the real socket address to bind the host's UDP socket to, instead of the one
 *     the route table gives for the host's own virtual address. Use it to bind the wildcard
 *     ({@code new InetSocketAddress(port)}) behind NAT or in a container, or port 0 to let the OS
 *     choose (other hosts then need a route to {@link UdpAttachment#localSocketAddress()}).
 */
public record UdpAttachOptions(Optional<InetSocketAddress> bindAddress) {

  /** @throws NullPointerException if {@code bindAddress} is null (use {@link Optional#empty()}) */
  public UdpAttachOptions {
    Objects.requireNonNull(bindAddress, "bindAddress");
  }

  /** Bind where the route table says. */
  public static UdpAttachOptions defaults() {
    return new UdpAttachOptions(Optional.empty());
  }

  /** Bind to {@code bindAddress} instead of the route table's address for the host. */
  public static UdpAttachOptions bindingTo(InetSocketAddress bindAddress) {
    return new UdpAttachOptions(Optional.of(bindAddress));
  }
}
