package org.minitransport.core.stack;

import org.minitransport.core.wire.Ipv4Packet;

/**
 * A transport protocol plugged into a {@link Host}: tcp-lite and udp-lite implement this; the
 * host demultiplexes incoming IPv4 packets to it by the IPv4 protocol field (RFC 791 §3.1).
 *
 * <p>Sans-IO like the host: every method is called on the host's one thread with an explicit
 * {@code nowNs}, and a handler sends only through the {@link HostContext} it was given. A handler
 * must treat every packet as untrusted: decode failures are counted and dropped, never thrown.
 */
public interface ProtocolHandler {

  /** The IPv4 protocol number this handler takes (6 for TCP, 17 for UDP). */
  int protocolNumber();

  /**
   * Called once when the handler is registered with a host, before any other call.
   *
   * @param context the handler's only way to send packets and reach host services
   */
  void attach(HostContext context);

  /**
   * One IPv4 packet for this protocol, addressed to this host. The IPv4 header has been validated;
   * the transport bytes are {@code packet.buffer()[packet.payloadOffset() ..+ payloadLength()]}
   * and are untrusted. The handler may keep a reference to the buffer.
   */
  void handlePacket(long nowNs, Ipv4Packet packet);

  /**
   * An ICMP destination-unreachable message about a packet this host sent with this protocol
   * (RFC 1122 §3.2.2.1 and §4.1.3.3: pass it to the transport layer).
   *
   * @param code the ICMP code (3 = port unreachable)
   * @param original the offending packet's IPv4 header (already validated) with at least the
   *     first 8 bytes of its payload, so the handler can find the ports
   */
  default void handleUnreachable(long nowNs, int code, Ipv4Packet original) {}

  /**
   * Called when {@code nowNs} has reached {@link #pollTimeoutNs()}; extra calls are harmless.
   */
  default void handleTimeout(long nowNs) {}

  /** The earliest time this handler wants {@link #handleTimeout}, or {@code Long.MAX_VALUE}. */
  default long pollTimeoutNs() {
    return Long.MAX_VALUE;
  }

  /**
   * The driver is about to take what the host queued ({@link Host#pollTransmit()}) after one or
   * more {@link #handlePacket} inputs: send anything held back while that batch was handled. A
   * handler may hold output back only between packet inputs and this call, to answer a burst of
   * packets once (tcp-lite coalesces the pure ACKs of a receive batch, as Linux acknowledges a
   * GRO batch once). Not called after timeouts or application commands.
   */
  default void releaseHeldOutput(long nowNs) {}

  /** The host is shutting down: release ports and fail pending operations. */
  default void close(long nowNs) {}
}
