package org.minitransport.core.port;

import java.net.BindException;
import java.util.List;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.address.SocketPair;
import org.minitransport.core.wire.IpProtocol;

/**
 * The ports of one transport protocol on one host: which local endpoints and socket pairs are in
 * use, by whom, and which owner an arriving segment belongs to. TCP and UDP each have their own
 * table (separate namespaces). The reference implementation is {@link HashedPortTable}, whose
 * Javadoc spells out every rule in detail; {@code PortTableVerification} in transport-tck checks
 * any implementation against them. A host builds its tables with the {@link PortTableFactory} of
 * its {@code HostConfig}.
 *
 * <h2>Contract</h2>
 *
 * <ol>
 *   <li><b>Ranges (RFC 6335 §6).</b> Ports are 0–65535: well-known 0–1023, registered
 *       1024–49151, dynamic 49152–65535 ({@link PortCategory}). Unless {@link
 *       PortTableConfig#privileged()}, an explicit unconnected bind of a port 1–1023 fails with a
 *       {@link BindException} naming the port.
 *   <li><b>Ephemeral ports.</b> Port 0 in a request means "choose one" from {@link
 *       PortTableConfig#ephemeralLow()}–{@link PortTableConfig#ephemeralHigh()} (the reference
 *       uses RFC 6056 §3.3.4 Algorithm 4 keyed with the config's secret, and so should a table
 *       that wants to be hard to predict). When no port is free the bind fails with a {@link
 *       BindException} naming the range.
 *   <li><b>Unconnected entries</b> ({@link #bind}) are keyed by local endpoint. Two addresses
 *       overlap when they are equal or either is the wildcard {@link Ipv4Address#ANY}. A bind
 *       fails when an unconnected entry, or a connected entry outside TIME-WAIT (or any connected
 *       entry when {@code reuseAddress} is off), on the same port has an overlapping address.
 *   <li><b>Connected entries</b> ({@link #bindConnected}) are keyed by socket pair and conflict
 *       only with an entry for the same pair; accepted connections share their listener's port.
 *       With {@code reuseAddress}, an entry for the same pair in TIME-WAIT gives way: the table
 *       releases it ({@link PortBinding#release()}).
 *   <li><b>Demultiplexing.</b> {@link #lookup} returns the most specific entry: the exact socket
 *       pair, else the unconnected entry on the specific local address, else the wildcard entry
 *       on the port, else null.
 *   <li><b>Release.</b> {@link PortBinding#release()} frees an entry's key at once; it calls
 *       {@link #remove} exactly once per entry, under the table's lock.
 * </ol>
 *
 * <p>Every {@link BindException} names the request and the entry that holds it. Misuse (null, a
 * wildcard local address or an unspecified remote on a connected entry) is an {@link
 * IllegalArgumentException} or {@link NullPointerException}.
 *
 * <p><b>Threads.</b> {@link PortBinding}'s mutators synchronize on the table object, so a table
 * whose methods are {@code synchronized} is thread-safe. A table draws no randomness and reads no
 * clock of its own.
 *
 * @param <T> the owner type (a socket, a listener, a connection)
 */
public interface PortTable<T> {

  /** The protocol whose ports this table holds (TCP or UDP). */
  IpProtocol protocol();

  /**
   * Adds an unconnected entry for {@code local} in state {@link PortState#BOUND}. Port 0 chooses
   * an ephemeral port that is entirely free on an overlapping address.
   *
   * @param local the local endpoint; the wildcard address binds every local address
   * @param owner who receives what {@link #lookup} finds for this entry
   * @param reuseAddress like {@code SO_REUSEADDR}: connected entries in TIME-WAIT on the port do
   *     not block the bind
   * @return the new entry (make it with {@link PortBinding#PortBinding}), with the chosen port if
   *     {@code local.port()} was 0
   * @throws BindException if the port is well-known and the table unprivileged, if an entry holds
   *     the endpoint (the message names both), or if no ephemeral port is free
   */
  PortBinding<T> bind(Endpoint local, T owner, boolean reuseAddress) throws BindException;

  /**
   * Adds a connected entry for {@code pair} in state {@link PortState#ESTABLISHED}. A local port
   * of 0 chooses an ephemeral port that makes the pair unique and that no overlapping unconnected
   * entry holds.
   *
   * @throws IllegalArgumentException if the local address is the wildcard, or the remote address
   *     is the wildcard or the remote port 0
   * @throws BindException if an entry holds the same pair (the message names both), or if no
   *     ephemeral port is free
   */
  PortBinding<T> bindConnected(SocketPair pair, T owner, boolean reuseAddress)
      throws BindException;

  /**
   * The most specific entry for a segment from {@code remoteAddress:remotePort} to {@code
   * localAddress:localPort} (addresses as {@link Ipv4Address#bits()}): the per-packet path.
   *
   * @return the entry, or null if none matches
   * @throws IllegalArgumentException if a port is outside 0–65535
   */
  PortBinding<T> lookup(int localAddress, int localPort, int remoteAddress, int remotePort);

  /**
   * Every live entry as an immutable row, for {@code netstat}: ordered by local endpoint, then
   * unconnected before connected, then by remote endpoint.
   */
  List<BindingSnapshot> snapshot();

  /**
   * Forgets {@code binding}. Called by {@link PortBinding#release()} (once per binding, holding
   * the table's lock); owners call {@code release()}, not this.
   */
  void remove(PortBinding<T> binding);

  /**
   * Called by {@link PortBinding#setState} (holding the table's lock) before the binding's state
   * becomes {@code newState}; {@code binding.state()} is still the old one. The default does
   * nothing; a table that indexes TIME-WAIT entries updates its index here.
   */
  default void stateChanging(PortBinding<T> binding, PortState newState) {}

  /** Same as {@link #bind(Endpoint, Object, boolean) bind(local, owner, false)}. */
  default PortBinding<T> bind(Endpoint local, T owner) throws BindException {
    return bind(local, owner, false);
  }

  /** Same as {@link #bindConnected(SocketPair, Object, boolean) bindConnected(pair, owner, false)}. */
  default PortBinding<T> bindConnected(SocketPair pair, T owner) throws BindException {
    return bindConnected(pair, owner, false);
  }

  /** {@link #lookup(int, int, int, int)} for a segment from {@code remote} to {@code local}. */
  default PortBinding<T> lookup(Endpoint local, Endpoint remote) {
    return lookup(local.address().bits(), local.port(), remote.address().bits(), remote.port());
  }

  /** The number of live entries. */
  default int size() {
    return snapshot().size();
  }
}
