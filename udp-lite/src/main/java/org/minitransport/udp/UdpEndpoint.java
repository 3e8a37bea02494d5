package org.minitransport.udp;

import java.net.BindException;
import java.net.PortUnreachableException;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.stack.HostContext;
import org.minitransport.core.stack.ProtocolHandler;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Header;
import org.minitransport.udp.wire.UdpPacket;

/**
 * The sans-IO UDP engine of one host (RFC 768, RFC 1122 §4.1), the component a course hands out:
 * it opens and closes sockets ({@link UdpBinding}s) in the host's UDP port table, sends datagrams
 * with a correct header and checksum, and checks, demultiplexes and delivers arriving ones. {@link
 * UdpService} and {@link UdpSocket} drive it; a host gets one from a {@link UdpEndpointFactory}
 * ({@link BufferedUdpEndpoint} is the reference). {@code UdpEndpointVerification} in
 * transport-tck checks an implementation.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>Sending (RFC 768).</b> {@link #send} emits one segment through {@link
 *       HostContext#transmit}: source port = the socket's, length = 8 + payload, checksum over the
 *       pseudo-header, header and payload, a computed 0 sent as 0xFFFF. A payload larger than
 *       {@link #maxPayload()} (MTU − 28; there is no fragmentation) is an {@link
 *       IllegalArgumentException} naming the size and the limit. Counts {@link
 *       UdpCounters#recordOut()} on the endpoint's and the socket's counters.
 *   <li><b>Receiving.</b> {@link #handlePacket} never throws on bad bytes: a length field below 8
 *       or beyond the packet is dropped and counted malformed; a non-zero checksum that does not
 *       verify is dropped silently and counted (RFC 1122 §4.1.3.4); checksum 0 means "none" and
 *       is accepted. A good datagram goes to the port table's most specific entry; a connected
 *       socket takes only its peer's datagrams. With no taker it is counted (no port) and answered
 *       with {@link HostContext#sendPortUnreachable} (RFC 1122 §4.1.3.1). Delivery is {@link
 *       UdpBinding#deliver}; a full buffer is counted, not delivered.
 *   <li><b>ICMP.</b> {@link #handleUnreachable} with code 3 about a datagram a connected socket
 *       sent to its peer sets a {@link PortUnreachableException} on that socket ({@link
 *       UdpBinding#reportError}); unconnected sockets learn nothing (Linux without {@code
 *       IP_RECVERR}).
 *   <li><b>Sockets.</b> {@link #open} binds in {@code context.portTable()} (address: the wildcard
 *       or this host's, else a {@link BindException}); {@link #close} releases the port and closes
 *       the binding; {@link #close(long)} closes every socket.
 * </ul>
 *
 * <p>Every method runs on the host's thread ({@link ProtocolHandler}).
 */
public interface UdpEndpoint extends ProtocolHandler {

  /** Bytes of IPv4 and UDP header in front of every payload. */
  int HEADER_OVERHEAD = Ipv4Header.LENGTH + UdpPacket.HEADER_LENGTH;

  @Override
  default int protocolNumber() {
    return IpProtocol.UDP.number();
  }

  /** Counters over every socket of this host. */
  UdpCounters counters();

  /** The largest payload one datagram may carry: the host's MTU minus 28 header bytes. */
  int maxPayload();

  /** This host's address. */
  Ipv4Address address();

  /**
   * Opens a socket bound to {@code local} (port 0 = an ephemeral port; address 0.0.0.0 = every
   * local address).
   *
   * @throws BindException if the port is taken or well-known on an unprivileged host, or if the
   *     address is neither the wildcard nor this host's
   */
  UdpBinding open(Endpoint local, UdpSocketOptions options) throws BindException;

  /**
   * Sets the default peer; from now on only its datagrams are delivered to {@code binding}. Clears
   * a pending error.
   *
   * @throws IllegalArgumentException if {@code remote} has the wildcard address or port 0
   */
  void connect(UdpBinding binding, Endpoint remote);

  /** Undoes {@link #connect}: any source is accepted again. Clears a pending error. */
  void disconnect(UdpBinding binding);

  /**
   * Sends one datagram of {@code data[offset..offset+length)} from {@code binding} to {@code
   * destination}; nothing if the binding is closed.
   *
   * @throws IllegalArgumentException if {@code length} exceeds {@link #maxPayload()}
   */
  void send(long nowNs, UdpBinding binding, Endpoint destination, byte[] data, int offset,
      int length);

  /** Closes a socket: frees its port and closes its binding (waking receivers). Idempotent. */
  void close(UdpBinding binding);
}
