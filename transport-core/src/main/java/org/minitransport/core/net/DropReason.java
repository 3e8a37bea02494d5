package org.minitransport.core.net;

/** Why a network did not deliver a packet. */
public enum DropReason {
  /** Random loss, independent or in a Gilbert–Elliott burst. */
  LOSS,
  /** The link's bounded queue was full (tail drop). */
  QUEUE_FULL,
  /** Larger than the link MTU; there is no IP fragmentation. */
  OVERSIZE,
  /** The link was partitioned when the packet was sent. */
  PARTITION,
  /** No host is attached at the destination address, or no route leads there. */
  NO_ROUTE,
  /** Too short or otherwise not an IPv4 packet the network could route. */
  MALFORMED,
  /** Sent after the sender detached, or arrived after the receiver detached. */
  DETACHED,
  /** The network's underlying transport failed to send (UDP network I/O error). */
  IO_ERROR
}
