package org.minitransport.core.stack;

/**
 * Why a host dropped an incoming packet. Each received packet that is not delivered is dropped for
 * exactly one of these reasons, except {@link #ICMP_RATE_LIMITED}, which counts ICMP errors the
 * host chose not to send (see {@link HostCounters#droppedIncoming()}).
 */
public enum HostDropReason {
  /** The IPv4 header failed validation (see the decode error counters for which rule). */
  BAD_IPV4,
  /** The destination address is not this host's. */
  WRONG_DESTINATION,
  /**
   * A source address no packet from the network may carry (a "martian", RFC 1122 §3.2.1.3, RFC
   * 1812 §5.3.7): 0.0.0.0/8, 255.255.255.255, multicast, loopback, or this host's own address on a
   * packet this host did not send to itself. Dropped before any protocol sees it, as Linux does.
   */
  MARTIAN_SOURCE,
  /** No handler for the IPv4 protocol number (answered with ICMP protocol unreachable). */
  UNKNOWN_PROTOCOL,
  /** An ICMP message that failed its checksum or structure check. */
  BAD_ICMP,
  /** An ICMP error whose embedded packet did not come from a protocol handled here. */
  ICMP_ERROR_UNMATCHED,
  /**
   * An outgoing ICMP error that was not sent because of the rate limit (RFC 1812 §4.3.2.8). Not
   * an incoming drop: the packet that provoked the error is also counted under its own reason
   * (e.g. {@link #UNKNOWN_PROTOCOL}) or as delivered (a handler asked for a port unreachable).
   */
  ICMP_RATE_LIMITED,
  /**
   * An ICMP echo request whose reply, carrying the same data (RFC 792), would exceed this host's
   * MTU; there is no fragmentation (a peer with a larger MTU pinged us).
   */
  ECHO_REPLY_TOO_BIG,
  /** A packet handed to the host after {@link Host#close}. */
  HOST_CLOSED
}
