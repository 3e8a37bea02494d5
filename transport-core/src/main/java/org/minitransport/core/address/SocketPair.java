package org.minitransport.core.address;

import java.util.Objects;

/**
 * The pair of endpoints that identifies one connection or one connected socket, seen from the
 * local host (RFC 9293 §3.4: a connection is named by its socket pair).
 *
 * @param local this host's endpoint
 * @param remote the peer's endpoint
 */
public record SocketPair(Endpoint local, Endpoint remote) {

  public SocketPair {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(remote, "remote");
  }

  /** The same pair seen from the other end. */
  public SocketPair reversed() {
    return new SocketPair(remote, local);
  }

  @Override
  public String toString() {
    return local + " <-> " + remote;
  }
}
