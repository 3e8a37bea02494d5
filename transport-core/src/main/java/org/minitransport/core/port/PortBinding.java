package org.minitransport.core.port;

import java.util.Objects;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.SocketPair;
import org.minitransport.core.wire.IpProtocol;

/**
 * One live entry of a {@link PortTable}: the handle its owner got from {@link PortTable#bind} or
 * {@link PortTable#bindConnected}, and the result of {@link PortTable#lookup}.
 *
 * <p>An <em>unconnected</em> binding is keyed by its local endpoint (whose address may be the
 * wildcard {@code 0.0.0.0}) and has no remote; a <em>connected</em> binding is keyed by its full
 * socket pair. The key never changes. The state is a label for {@code netstat} that the owner
 * keeps current; the table reads only {@link PortState#TIME_WAIT}.
 *
 * <p>{@link #release()} removes the binding from its table and frees its key; releasing again is
 * harmless, like closing a closed socket. After release, {@link #setState} throws {@link
 * IllegalStateException}. A table may also release a connected binding in TIME-WAIT itself, when
 * a new binding takes over its socket pair with {@code reuseAddress} (see {@link
 * PortTable#bindConnected(SocketPair, Object, boolean)}); its owner's later {@code release()} is
 * then a no-op.
 *
 * <p>A {@link PortTable} implementation makes its entries with the public constructor; the binding
 * keeps its own state and released flag and tells its table through {@link
 * PortTable#stateChanging} and {@link PortTable#remove}.
 *
 * <p>Thread-safe: the mutators synchronize on the table, the accessors read immutable or volatile
 * fields. Identity is reference identity.
 *
 * @param <T> the owner type
 */
public final class PortBinding<T> {

  private final PortTable<T> table;
  private final Endpoint local;
  private final Endpoint remote;
  private final T owner;
  private final boolean reuseAddress;
  private volatile PortState state;
  private volatile boolean released;

  /**
   * A live entry of {@code table}, in state {@link PortState#BOUND} if unconnected or {@link
   * PortState#ESTABLISHED} if connected; for {@link PortTable} implementations, which return it
   * from {@code bind}/{@code bindConnected}.
   *
   * @param remote the remote endpoint of a connected entry, null for an unconnected one
   */
  public PortBinding(
      PortTable<T> table, Endpoint local, Endpoint remote, T owner, boolean reuseAddress) {
    this.table = Objects.requireNonNull(table, "table");
    this.local = Objects.requireNonNull(local, "local");
    this.remote = remote;
    this.owner = Objects.requireNonNull(owner, "owner");
    this.reuseAddress = reuseAddress;
    this.state = remote == null ? PortState.BOUND : PortState.ESTABLISHED;
  }

  /** The protocol of the table this binding belongs to. */
  public IpProtocol protocol() {
    return table.protocol();
  }

  /** The local endpoint; its address is the wildcard for a wildcard binding. */
  public Endpoint local() {
    return local;
  }

  /** The remote endpoint of a connected binding, or null for an unconnected one. */
  public Endpoint remote() {
    return remote;
  }

  /** Whether this binding is keyed by a socket pair. */
  public boolean isConnected() {
    return remote != null;
  }

  /**
   * The socket pair of a connected binding.
   *
   * @throws IllegalStateException if this binding is unconnected
   */
  public SocketPair socketPair() {
    if (remote == null) {
      throw new IllegalStateException(this + " is unconnected and has no socket pair");
    }
    return new SocketPair(local, remote);
  }

  /** The socket, listener or connection that owns this binding. */
  public T owner() {
    return owner;
  }

  /** Whether this binding was made with {@code reuseAddress} (like {@code SO_REUSEADDR}). */
  public boolean reuseAddress() {
    return reuseAddress;
  }

  /** The state the owner last set ({@link PortState#BOUND} or ESTABLISHED initially). */
  public PortState state() {
    return state;
  }

  /**
   * Sets the state shown by {@code netstat}; moving a connected binding into or out of {@link
   * PortState#TIME_WAIT} changes which binds {@code reuseAddress} lets through.
   *
   * @throws IllegalArgumentException if {@code newState} does not fit the binding: an unconnected
   *     binding is {@link PortState#BOUND} or {@link PortState#LISTEN}, a connected one is in one
   *     of the other states
   * @throws IllegalStateException if the binding was released
   */
  public void setState(PortState newState) {
    Objects.requireNonNull(newState, "newState");
    synchronized (table) {
      if (released) {
        throw new IllegalStateException(
            "cannot set state " + newState + " on " + this + ": it was released");
      }
      if (newState.describesConnection() != isConnected()) {
        throw new IllegalArgumentException(
            "state " + newState + " does not fit " + this + ": unconnected bindings are BOUND or"
                + " LISTEN, connected ones are in a connection state");
      }
      table.stateChanging(this, newState);
      state = newState;
    }
  }

  /** Removes this binding from its table, freeing its key. Harmless if already released. */
  public void release() {
    synchronized (table) {
      if (!released) {
        table.remove(this);
        released = true;
      }
    }
  }

  /** Whether this binding has been released (by its owner or by a TIME-WAIT takeover). */
  public boolean isReleased() {
    return released;
  }

  /** An immutable copy of this binding, as one row of {@link PortTable#snapshot()}. */
  public BindingSnapshot snapshot() {
    return new BindingSnapshot(protocol(), local, remote, state, String.valueOf(owner));
  }

  /** {@code TCP 10.0.0.1:80 <-> 10.0.0.2:49152 ESTABLISHED}; {@code *:*} when unconnected. */
  @Override
  public String toString() {
    return table.protocol() + " " + local + " <-> " + (remote == null ? "*:*" : remote.toString())
        + " " + state;
  }
}
