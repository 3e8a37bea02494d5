package org.minitransport.core.net;

import java.io.IOException;
import org.minitransport.core.address.Ipv4Address;

/**
 * The shared datagram channel: hosts attach by their virtual IPv4 address and send whole IPv4
 * packets; the network delivers each packet to the host that owns its destination address and
 * drops (and counts) the rest.
 *
 * <p>Implementations: the in-process {@code SimulatedNetwork}, the real-UDP {@code UdpNetwork} and
 * the Linux {@code TunNetwork}; decorators: {@code CapturingNetwork} and {@code ImpairingNetwork}.
 */
public interface PacketNetwork extends AutoCloseable {

  /**
   * Attaches a host.
   *
   * @param address the host's virtual address; not {@code 0.0.0.0}
   * @param receiver gets every packet delivered to {@code address}
   * @throws IllegalArgumentException if the address is the wildcard or already attached
   * @throws IOException if the network cannot open the resources the host needs (a UDP socket)
   */
  NetworkAttachment attach(Ipv4Address address, PacketReceiver receiver) throws IOException;

  /**
   * Attaches a host whose driver reads arrivals itself (an event loop with a selector): the
   * receiver is called from {@link PolledAttachment#receiveWaiting()} on the caller's thread, and
   * the network starts no thread for it.
   *
   * @return the attachment, or {@code null} if this network can only push packets from a thread
   *     of its own (then use {@link #attach}); the default
   * @throws IllegalArgumentException if the address is the wildcard or already attached
   * @throws IOException if the network cannot open the resources the host needs
   */
  default PolledAttachment attachPolled(Ipv4Address address, PacketReceiver receiver)
      throws IOException {
    return null;
  }

  /**
   * Whether a packet to {@code destination} has somewhere to go: a route (UDP network), an
   * attached host (simulated network) or the interface's subnet (TUN network); decorators ask the
   * network they wrap. Lets an application fail at once with "no route", as a kernel's {@code
   * connect} does with {@code ENETUNREACH}, instead of waiting out its timeout. The default, for
   * networks that cannot tell, is true.
   */
  default boolean hasRouteTo(Ipv4Address destination) {
    return true;
  }

  /** Totals over all attachments since the network was created. */
  TrafficCounters counters();

  /** Detaches every host and releases the network's resources. */
  @Override
  void close();
}
