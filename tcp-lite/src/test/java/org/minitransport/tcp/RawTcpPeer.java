package org.minitransport.tcp;

import java.util.ArrayList;
import java.util.List;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostContext;
import org.minitransport.core.stack.ProtocolHandler;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Packet;
import org.minitransport.tcp.wire.TcpPacket;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * A test double in place of a host's TCP: it records every TCP segment the host receives and
 * sends whatever bytes the test gives it, with no state machine at all. It plays attackers,
 * half-open floods and broken senders.
 */
final class RawTcpPeer implements ProtocolHandler {

  private HostContext context;
  final List<TcpSegment> received = new ArrayList<>();

  static RawTcpPeer install(Host host) {
    RawTcpPeer peer = new RawTcpPeer();
    host.register(peer);
    return peer;
  }

  @Override
  public int protocolNumber() {
    return IpProtocol.TCP.number();
  }

  @Override
  public void attach(HostContext hostContext) {
    this.context = hostContext;
  }

  @Override
  public void handlePacket(long nowNs, Ipv4Packet packet) {
    try {
      received.add(TcpSegment.parse(TcpPacket.check(packet.buffer(), packet.payloadOffset(),
          packet.payloadLength(), packet.source(), packet.destination())));
    } catch (DecodeException e) {
      throw new AssertionError("the endpoint sent a segment that does not decode: " + e, e);
    }
  }

  /** Sends {@code segment} with a correct checksum. */
  void send(Ipv4Address destination, TcpSegment segment) {
    sendBytes(destination, segment.emit(context.address(), destination));
  }

  /** Sends raw TCP bytes (the host adds the IPv4 header). */
  void sendBytes(Ipv4Address destination, byte[] tcpBytes) {
    context.transmit(destination, tcpBytes, 0, tcpBytes.length);
  }
}
