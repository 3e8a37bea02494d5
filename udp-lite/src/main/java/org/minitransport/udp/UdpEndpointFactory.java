package org.minitransport.udp;

/**
 * Makes a host's {@link UdpEndpoint}: the seam through which {@link UdpService#install(
 * org.minitransport.core.stack.Host, org.minitransport.core.driver.HostExecutor,
 * UdpEndpointFactory)} plugs another implementation (a student's) into the stack. {@link
 * #REFERENCE} makes a {@link BufferedUdpEndpoint}.
 */
@FunctionalInterface
public interface UdpEndpointFactory {

  /** The reference implementation. */
  UdpEndpointFactory REFERENCE = BufferedUdpEndpoint::new;

  /** A new endpoint, not yet attached to a host (the host calls {@code attach} on register). */
  UdpEndpoint create();
}
