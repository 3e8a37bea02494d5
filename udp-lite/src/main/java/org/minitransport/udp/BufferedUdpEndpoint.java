package org.minitransport.udp;

import java.net.BindException;
import java.net.PortUnreachableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.port.PortBinding;
import org.minitransport.core.stack.HostContext;
import org.minitransport.core.stack.ProtocolHandler;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.IcmpMessage;
import org.minitransport.core.wire.Ipv4Packet;
import org.minitransport.udp.wire.UdpHeader;
import org.minitransport.udp.wire.UdpPacket;

/**
 * The reference {@link UdpEndpoint} (RFC 768, RFC 1122 §4.1): demultiplexes arriving datagrams
 * to sockets through the host's UDP port table, answers datagrams for unbound ports with a
 * rate-limited ICMP port unreachable (RFC 1122 §4.1.3.1), and passes a port unreachable for a
 * connected socket's peer to that socket as a pending {@link PortUnreachableException}, as Linux
 * does.
 *
 * <p>Every method runs on the host's thread ({@link ProtocolHandler} contract). The only state it
 * shares with application threads is each socket's receive buffer, which is thread-safe. Most
 * programs use {@link UdpService} and {@link UdpSocket} rather than calling this class.
 */
public final class BufferedUdpEndpoint implements UdpEndpoint {

  private final UdpCounters counters = new UdpCounters();
  private final List<UdpBinding> open = new ArrayList<>();
  private HostContext context;

  /** An endpoint not yet registered with a host ({@link UdpService#install} does that). */
  public BufferedUdpEndpoint() {}

  @Override
  public void attach(HostContext hostContext) {
    if (this.context != null) {
      throw new IllegalStateException("UDP endpoint is already attached to " + this.context);
    }
    this.context = hostContext;
  }

  @Override
  public UdpCounters counters() {
    return counters;
  }

  @Override
  public int maxPayload() {
    return Math.min(context.mtu() - HEADER_OVERHEAD, UdpHeader.MAX_PAYLOAD);
  }

  @Override
  public Ipv4Address address() {
    return context.address();
  }

  @Override
  public UdpBinding open(Endpoint local, UdpSocketOptions options) throws BindException {
    Objects.requireNonNull(local, "local");
    if (!local.address().isAny() && !local.address().equals(context.address())) {
      throw new BindException(
          "cannot bind UDP " + local + ": " + local.address() + " is not an address of this host ("
              + context.address() + ")");
    }
    UdpBinding binding = new UdpBinding(options.receiveBufferBytes());
    binding.attach(context.portTable().bind(local, binding, options.reuseAddress()));
    open.add(binding);
    return binding;
  }

  @Override
  public void connect(UdpBinding binding, Endpoint remote) {
    if (remote.address().isAny() || remote.port() == 0) {
      throw new IllegalArgumentException(
          "cannot connect to " + remote + ": the peer needs a specific address and a port 1-65535");
    }
    binding.setRemote(remote);
    binding.clearError();
  }

  @Override
  public void disconnect(UdpBinding binding) {
    binding.setRemote(null);
    binding.clearError();
  }

  @Override
  public void send(long nowNs, UdpBinding binding, Endpoint destination, byte[] data, int offset,
      int length) {
    if (binding.isClosed()) {
      return; // closed while the command was queued: like a send racing close(), nothing goes out
    }
    if (length > maxPayload()) {
      throw new IllegalArgumentException(
          "datagram of " + length + " bytes exceeds the limit of " + maxPayload()
              + " bytes (MTU " + context.mtu() + " minus 28 bytes of IPv4 and UDP headers)");
    }
    byte[] segment = new byte[UdpPacket.HEADER_LENGTH + length];
    new UdpHeader(binding.local().port(), destination.port())
        .emit(segment, 0, data, offset, length, context.address(), destination.address());
    context.transmit(destination.address(), segment, 0, segment.length);
    counters.recordOut();
    binding.counters().recordOut();
  }

  @Override
  public void close(UdpBinding binding) {
    if (binding.isClosed()) {
      return;
    }
    binding.port().release();
    binding.markClosed();
    open.remove(binding);
  }

  @Override
  public void handlePacket(long nowNs, Ipv4Packet packet) {
    UdpPacket udp;
    try {
      udp = UdpPacket.check(packet.buffer(), packet.payloadOffset(), packet.payloadLength(),
          packet.source(), packet.destination());
    } catch (DecodeException e) {
      if (e.error() == DecodeError.BAD_CHECKSUM) {
        counters.recordChecksumError();
      } else {
        counters.recordMalformed();
      }
      return;
    }
    Endpoint source = new Endpoint(packet.source(), udp.sourcePort());
    PortBinding<Object> entry = context.portTable().lookup(
        packet.destination().bits(), udp.destinationPort(), packet.source().bits(),
        udp.sourcePort());
    UdpBinding binding = entry == null ? null : (UdpBinding) entry.owner();
    Endpoint peer = binding == null ? null : binding.remote();
    if (binding == null || (peer != null && !peer.equals(source))) {
      // No socket wants it (a connected socket only takes its peer's datagrams).
      counters.recordNoPort();
      context.sendPortUnreachable(nowNs, packet);
      return;
    }
    ReceivedDatagram datagram = new ReceivedDatagram(source, udp.payload());
    if (binding.deliver(datagram)) {
      counters.recordIn();
      binding.counters().recordIn();
    } else {
      counters.recordReceiveBufferError();
      binding.counters().recordReceiveBufferError();
    }
  }

  @Override
  public void handleUnreachable(long nowNs, int code, Ipv4Packet original) {
    if (code != IcmpMessage.DestinationUnreachable.CODE_PORT_UNREACHABLE
        || original.payloadLength() < UdpPacket.HEADER_LENGTH) {
      return;
    }
    byte[] b = original.buffer();
    int at = original.payloadOffset();
    int sourcePort = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    int destinationPort = ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    Endpoint unreachable = new Endpoint(original.destination(), destinationPort);
    PortBinding<Object> entry = context.portTable().lookup(
        original.source().bits(), sourcePort, original.destination().bits(), destinationPort);
    UdpBinding binding = entry == null ? null : (UdpBinding) entry.owner();
    // Like Linux without IP_RECVERR: only a connected socket learns of it, and only about its peer.
    if (binding != null && unreachable.equals(binding.remote())) {
      binding.reportError(new PortUnreachableException(
          "ICMP port unreachable from " + unreachable + " for UDP socket " + binding.local()));
    }
  }

  @Override
  public void close(long nowNs) {
    for (UdpBinding binding : List.copyOf(open)) {
      close(binding);
    }
  }
}
