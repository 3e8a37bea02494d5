package org.minitransport.core.port;

import java.util.Objects;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.wire.IpProtocol;

/**
 * One row of a {@link PortTable#snapshot()}: an immutable copy of a binding at the moment of the
 * snapshot, for {@code netstat}.
 *
 * @param protocol the table's protocol
 * @param local the local endpoint; its address may be the wildcard {@code 0.0.0.0}
 * @param remote the remote endpoint of a connected binding, or {@code null} for an unconnected one
 * @param state the state the owner last set
 * @param owner {@code String.valueOf(owner)}
 */
public record BindingSnapshot(
    IpProtocol protocol, Endpoint local, Endpoint remote, PortState state, String owner) {

  public BindingSnapshot {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(owner, "owner");
  }

  /** Whether this row is a connected binding. */
  public boolean isConnected() {
    return remote != null;
  }

  /** A netstat-like line: {@code TCP 10.0.0.1:80 10.0.0.2:49152 ESTABLISHED owner}. */
  @Override
  public String toString() {
    return protocol + " " + local + " " + (remote == null ? "*:*" : remote.toString()) + " "
        + state + " " + owner;
  }
}
