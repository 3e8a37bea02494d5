package org.minitransport.tcp;

import java.util.ArrayDeque;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.port.PortBinding;

/**
 * A passive open (RFC 9293 §3.10.1, LISTEN): a local endpoint, a queue of half-open connections
 * (SYN-RECEIVED) and a queue of established ones waiting for {@link TcpEndpoint#accept}. Both
 * queues are bounded. A SYN that finds the accept queue full is dropped (and counted), so the peer
 * retries; one that finds the SYN queue full is answered with a SYN cookie (RFC 4987 §3.6) unless
 * the configuration turns cookies off, when it is dropped too.
 */
public final class TcpListener {

  /** {@link #lastCookieSentNs} before any cookie was sent. */
  static final long NEVER = Long.MIN_VALUE;

  private final Endpoint local;
  private final int backlog;
  private final int synQueueLimit;
  final ArrayDeque<TcpConnection> acceptQueue = new ArrayDeque<>();
  int halfOpen;
  PortBinding<Object> binding;
  boolean closed;
  /** When this listener last answered a SYN with a cookie (Linux's "recent SYN queue overflow"). */
  long lastCookieSentNs = NEVER;

  TcpListener(Endpoint local, int backlog) {
    this.local = local;
    this.backlog = backlog;
    this.synQueueLimit = Math.max(16, backlog);
  }

  /** The bound endpoint (the wildcard address listens on every local address). */
  public Endpoint localEndpoint() {
    return binding == null ? local : binding.local();
  }

  /** The most established connections waiting for accept. */
  public int backlog() {
    return backlog;
  }

  /** The most half-open connections (SYN-RECEIVED) at once. */
  public int synQueueLimit() {
    return synQueueLimit;
  }

  /** Established connections waiting for accept. */
  public int pendingAccepts() {
    return acceptQueue.size();
  }

  /** Connections in SYN-RECEIVED. */
  public int halfOpenConnections() {
    return halfOpen;
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public String toString() {
    return "tcp-listener " + localEndpoint();
  }
}
