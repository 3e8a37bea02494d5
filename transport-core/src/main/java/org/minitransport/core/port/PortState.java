package org.minitransport.core.port;

/**
 * What the owner of a {@link PortBinding} is doing with it, as {@code netstat} shows it. The owner
 * sets it ({@link PortBinding#setState}); the table reads only one of them: {@link #TIME_WAIT},
 * for the address-reuse rule of {@link PortTable}.
 *
 * <p>{@link #BOUND} and {@link #LISTEN} describe unconnected bindings (keyed by a local endpoint);
 * every other state describes a connected binding (keyed by a socket pair). The connection states
 * are those of RFC 9293 §3.3.2 except CLOSED, which has no binding. A connected UDP socket shows
 * {@link #ESTABLISHED}, as on Linux.
 */
public enum PortState {
  /** Bound to a local endpoint, not listening (an unconnected UDP socket, a bound TCP socket). */
  BOUND,
  /** A TCP listener waiting for connections. */
  LISTEN,
  SYN_SENT,
  SYN_RECEIVED,
  ESTABLISHED,
  FIN_WAIT_1,
  FIN_WAIT_2,
  CLOSE_WAIT,
  CLOSING,
  LAST_ACK,
  /** A closed TCP connection waiting 2·MSL (RFC 9293 §3.6.1); blocks reuse of its socket pair. */
  TIME_WAIT;

  /** Whether this state belongs to a connected binding (keyed by a socket pair). */
  public boolean describesConnection() {
    return this != BOUND && this != LISTEN;
  }
}
