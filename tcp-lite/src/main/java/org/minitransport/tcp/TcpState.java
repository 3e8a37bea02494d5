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
    return this == CLOSED ? PortState.BOUND : PortState.valueOf(name());
  }
}
