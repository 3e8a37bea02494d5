package org.minitransport.core.net.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.net.PacketReceiver;
import org.minitransport.core.net.PolledAttachment;
import org.minitransport.core.net.TrafficCounters;
import org.minitransport.core.net.udp.internal.SocketAttachment;

/**
 * A {@link PacketNetwork} over real UDP: each attached host owns one UDP socket, and each virtual
 * IPv4 packet (RFC 791) travels as the payload of one UDP datagram (RFC 768) to the socket the
 * {@link UdpRouteTable} gives for its destination address. Hosts attached to different {@code
 * UdpNetwork} instances, in other processes or on other machines, meet when their tables agree.
 *
 * <pre>{@code
 * UdpRouteTable routes = UdpRouteTable.parse("10.0.0.0/24=127.0.0.1:40000+");
 * try (UdpNetwork network = new UdpNetwork(routes)) {
 *   UdpAttachment host = network.attach(Ipv4Address.parse("10.0.0.1"), packet -> ...);
 *   host.send(ipv4Packet, 0, ipv4Packet.length);   // to 127.0.0.1:(40000 + N) for 10.0.0.N
 * }
 * }</pre>
 *
 * <h2>Attaching</h2>
 *
 * {@link #attach} binds the host's socket to {@code routes.resolve(address)} (or to {@link
 * UdpAttachOptions#bindAddress()}) and starts one daemon thread, named {@code udp-net-<address>},
 * that receives on it and calls the {@link PacketReceiver} with a fresh array per packet.
 *
 * <h2>What is dropped, and counted</h2>
 *
 * Sending ({@link UdpAttachment#send}, thread-safe, never throws for a bad packet): {@link
 * DropReason#MALFORMED} if shorter than 20 bytes or not IP version 4; {@link DropReason#NO_ROUTE}
 * if no route covers the destination (bytes 16–19); {@link DropReason#OVERSIZE} above the MTU
 * (there is no fragmentation); {@link DropReason#QUEUE_FULL} if the socket's send buffer is full;
 * {@link DropReason#IO_ERROR} if the OS refuses the datagram; {@link DropReason#DETACHED} after the
 * attachment closed. Receiving (untrusted datagrams; nothing ends the receive thread but close):
 * {@code OVERSIZE} above the MTU, {@code MALFORMED} as above, {@code NO_ROUTE} if the destination
 * is not the receiving host's address, {@code DETACHED} once it is closing.
 *
 * <p>Counters: {@code sent} counts every packet offered to {@code send}, including those then
 * dropped; {@code delivered} counts packets handed to a receiver. Each attachment counts its own
 * traffic, and {@link #counters()} totals every attachment of this instance. The network itself
 * adds no loss, delay or reordering, but the real network beneath may (UDP is best effort).
 *
 * <p>Thread-safe.
 */
public final class UdpNetwork implements PacketNetwork {

  private final UdpRouteTable routes;
  private final UdpNetworkConfig config;
  private final TrafficCounters counters = new TrafficCounters();
  private final Map<Ipv4Address, SocketAttachment> attachments = new ConcurrentHashMap<>();
  private boolean closed;

  /** A network with {@link UdpNetworkConfig#defaults()}. */
  public UdpNetwork(UdpRouteTable routes) {
    this(routes, UdpNetworkConfig.defaults());
  }

  public UdpNetwork(UdpRouteTable routes, UdpNetworkConfig config) {
    this.routes = Objects.requireNonNull(routes, "routes");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Attaches with {@link UdpAttachOptions#defaults()}: the socket is bound as the routes say. */
  @Override
  public UdpAttachment attach(Ipv4Address address, PacketReceiver receiver) throws IOException {
    return attach(address, receiver, UdpAttachOptions.defaults());
  }

  /**
   * Attaches a host: binds its UDP socket and starts its receive thread.
   *
   * @param address the host's virtual address; not {@code 0.0.0.0}
   * @param receiver gets every packet delivered to {@code address}, on the receive thread
   * @param options where to bind, if not where the route table says
   * @throws IllegalArgumentException if {@code address} is the wildcard, already attached here, or
   *     has no route and {@code options} gives no bind address
   * @throws IllegalStateException if this network is closed
   * @throws java.net.BindException naming the address if the socket address is in use or not local
   * @throws IOException if the socket cannot be opened
   */
  public UdpAttachment attach(
      Ipv4Address address, PacketReceiver receiver, UdpAttachOptions options) throws IOException {
    return attach(address, receiver, options, false);
  }

  /**
   * Attaches a host whose event loop reads its socket itself: no receive thread is started, and
   * the receiver runs inside {@link org.minitransport.core.net.PolledAttachment#receiveWaiting()}.
   */
  @Override
  public PolledAttachment attachPolled(Ipv4Address address, PacketReceiver receiver)
      throws IOException {
    return attach(address, receiver, UdpAttachOptions.defaults(), true);
  }

  private synchronized SocketAttachment attach(Ipv4Address address, PacketReceiver receiver,
      UdpAttachOptions options, boolean polled) throws IOException {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(options, "options");
    if (closed) {
      throw new IllegalStateException("cannot attach " + address + ": the UDP network is closed");
    }
    if (address.isAny()) {
      throw new IllegalArgumentException(
          "cannot attach the wildcard address 0.0.0.0; a host needs its own address");
    }
    if (attachments.containsKey(address)) {
      throw new IllegalArgumentException(
          "cannot attach " + address + ": already attached as " + attachments.get(address));
    }
    InetSocketAddress bindAddress = options.bindAddress()
        .or(() -> routes.resolve(address))
        .orElseThrow(() -> new IllegalArgumentException(
            "cannot attach " + address + ": no route in [" + routes + "] covers it, so there is"
                + " no socket address to bind; add a route or give UdpAttachOptions.bindingTo"));
    SocketAttachment attachment = SocketAttachment.open(address, bindAddress, receiver, routes,
        config, counters, detached -> attachments.remove(detached.address(), detached), polled);
    attachments.put(address, attachment);
    return attachment;
  }

  /** Totals over every attachment of this instance since it was created. */
  @Override
  public TrafficCounters counters() {
    return counters;
  }

  /** The attachment at {@code address}, if one is attached to this instance. */
  public Optional<UdpAttachment> attachment(Ipv4Address address) {
    return Optional.ofNullable(attachments.get(address));
  }

  /** True if the route table covers {@code destination}. */
  @Override
  public boolean hasRouteTo(Ipv4Address destination) {
    return routes.resolve(destination).isPresent();
  }

  /** The route table every attachment sends by. */
  public UdpRouteTable routes() {
    return routes;
  }

  public UdpNetworkConfig config() {
    return config;
  }

  /** Closes every attachment (each waits for its receive thread); later attaches fail. */
  @Override
  public void close() {
    List<SocketAttachment> open;
    synchronized (this) {
      closed = true;
      open = List.copyOf(attachments.values());
    }
    for (SocketAttachment attachment : open) {
      attachment.close();
    }
  }

  @Override
  public String toString() {
    return "UdpNetwork[routes=" + routes + ", attached=" + attachments.keySet() + "]";
  }
}
