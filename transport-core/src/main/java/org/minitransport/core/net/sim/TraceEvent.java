package org.minitransport.core.net.sim;

import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.DropReason;

/**
 * One thing that happened to a packet in a {@link SimulatedNetwork}, as told to a {@link
 * NetworkTraceListener}.
 *
 * <p>{@code packet} is the network's own array, not a copy: valid only during the listener call,
 * and must not be modified (for {@link Kind#DELIVERED} it is the very array the receiver gets next).
 * A listener that keeps it must copy it.
 *
 * @param kind what happened
 * @param timeNs for send-side events the send time; for {@link Kind#DELIVERED}, {@link
 *     Kind#REORDERED} and drops at delivery the scheduled arrival time (in real time the actual
 *     hand-over may be slightly later)
 * @param from the sending host's address
 * @param to the destination address read from the packet, or {@code null} when the packet was
 *     dropped before the network could read one ({@link DropReason#MALFORMED}, {@link
 *     DropReason#DETACHED} sender)
 * @param dropReason why it was dropped, for {@link Kind#DROPPED} only; otherwise {@code null}
 * @param packet the packet bytes (see above)
 */
public record TraceEvent(
    Kind kind, long timeNs, Ipv4Address from, Ipv4Address to, DropReason dropReason,
    byte[] packet) {

  /** What happened to a packet. */
  public enum Kind {
    /** An attachment handed the packet to the network (every send, even one dropped next). */
    SENT,
    /** The network dropped the packet; see {@link TraceEvent#dropReason()}. */
    DROPPED,
    /** The network flipped bits in the packet; the event carries the corrupted bytes. */
    CORRUPTED,
    /** The network made an extra copy; the event carries the copy. */
    DUPLICATED,
    /** A packet arrived after a later-sent packet on the same link (just before its DELIVERED). */
    REORDERED,
    /** The packet was handed to the destination's receiver. */
    DELIVERED
  }
}
