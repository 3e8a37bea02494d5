package org.minitransport.core.stack;

/** Why a host dropped an incoming packet. */
public enum HostDropReason {
  /** The IPv4 header failed validation (see the decode error counters for which rule). */
  BAD_IPV4,
  /** The destination address is not this host's. */
  WRONG_DESTINATION,
  /** No handler for the IPv4 protocol number (answered with ICMP protocol unreachable). */
  UNKNOWN_PROTOCOL,
  /** An ICMP message that failed its checksum or structure check. */
  BAD_ICMP,
  /** An ICMP error whose embedded packet did not come from a protocol handled here. */
  ICMP_ERROR_UNMATCHED,
  /** An ICMP error that was not sent because of the rate limit. */
  ICMP_RATE_LIMITED,
  /**
   * An ICMP echo request whose reply, carrying the same data (RFC 792), would exceed this host's
   * MTU; there is no fragmentation (a peer with a larger MTU pinged us).
   */
  ECHO_REPLY_TOO_BIG
}
