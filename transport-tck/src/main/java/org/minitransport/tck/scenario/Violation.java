package org.minitransport.tck.scenario;

import java.util.Objects;

/**
 * One broken invariant of a scenario run: which rule, and what happened.
 *
 * @param rule the rule broken
 * @param detail what was seen, with the numbers
 */
public record Violation(Rule rule, String detail) {

  /** The invariants a scenario run is checked against. */
  public enum Rule {
    /**
     * A reader read a byte the writer did not write there, more bytes than were written, or the
     * end of stream before every byte (clause 1 of {@code TcpConnection}'s guarantee); for UDP, a
     * datagram that was not sent to that socket from that source, or more copies than sent plus
     * one duplicate each.
     */
    INTEGRITY,
    /**
     * A writer's connection ended without a failure but its reader did not get every byte and
     * the end of stream, or a reader missed bytes and not both sides saw a failure (clause 2).
     */
    NO_SILENT_LOSS,
    /** A connection did not reach CLOSED (clause 3). */
    ENDING,
    /** Over a clean link, a datagram did not arrive exactly once and in order (UDP). */
    EXACTLY_ONCE,
    /** A port stayed bound after every socket and connection was gone. */
    PORTS_RELEASED,
    /** A host, a protocol engine or the network threw. */
    HOST_EXCEPTION,
    /** Counters that must add up did not. */
    COUNTERS,
    /** The simulation went quiet with work left: nothing could ever happen again. */
    DEADLOCK,
    /** The simulation used up its step budget. */
    LIVELOCK,
    /** tshark found a malformed packet or a bad checksum in the capture. */
    CAPTURE
  }

  public Violation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return rule + ": " + detail;
  }
}
