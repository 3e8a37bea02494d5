package org.minitransport.tcp;

import org.minitransport.core.port.PortState;

/** The eleven connection states of RFC 9293 §3.3.2. */
public enum TcpState {
  CLOSED,
  LISTEN,
  SYN_SENT,
  SYN_RECEIVED,
  ESTABLISHED,
  FIN_WAIT_1,
  FIN_WAIT_2,
  CLOSE_WAIT,
  CLOSING,
  LAST_ACK,
  TIME_WAIT;

  /** Whether the connection is synchronized (RFC 9293 §3.5: ESTABLISHED and every later state). */
  public boolean isSynchronized() {
    return compareTo(ESTABLISHED) >= 0;
  }

  /** The port-table label for this state; CLOSED has none and maps to BOUND. */
  public PortState toPortState() {
    // A switch, not PortState.valueOf(name()): the endpoint asks after every segment, and a
    // lookup by name hashes a string each time.
    return switch (this) {
      case CLOSED -> PortState.BOUND;
      case LISTEN -> PortState.LISTEN;
      case SYN_SENT -> PortState.SYN_SENT;
      case SYN_RECEIVED -> PortState.SYN_RECEIVED;
      case ESTABLISHED -> PortState.ESTABLISHED;
      case FIN_WAIT_1 -> PortState.FIN_WAIT_1;
      case FIN_WAIT_2 -> PortState.FIN_WAIT_2;
      case CLOSE_WAIT -> PortState.CLOSE_WAIT;
      case CLOSING -> PortState.CLOSING;
      case LAST_ACK -> PortState.LAST_ACK;
      case TIME_WAIT -> PortState.TIME_WAIT;
    };
  }
}
