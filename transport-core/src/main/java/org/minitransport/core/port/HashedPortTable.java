package org.minitransport.core.port;

import java.net.BindException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.address.SocketPair;
import org.minitransport.core.port.internal.EphemeralPortSelector;
import org.minitransport.core.port.internal.PairKeyedMap;
import org.minitransport.core.wire.IpProtocol;

/**
 * The reference {@link PortTable}: an open-addressing hash of packed keys for demultiplexing, a
 * per-port index for the bind rules, and RFC 6056 Algorithm 4 for ephemeral ports. TCP and UDP
 * each have their own table, since their ports are separate namespaces.
 *
 * <h2>Entries</h2>
 *
 * An entry is a {@link PortBinding} with an owner {@code T} (a socket, a listener, a connection).
 * An <em>unconnected</em> entry ({@link #bind}) is keyed by its local endpoint, whose address may
 * be the wildcard {@link Ipv4Address#ANY}; a <em>connected</em> entry ({@link #bindConnected}) is
 * keyed by its full socket pair and always has a specific local address. No two live entries ever
 * have the same key.
 *
 * <h2>Bind rules</h2>
 *
 * <ol>
 *   <li><b>Port range.</b> Ports are 0–65535 (checked by {@link Endpoint}); port 0 in a request
 *       means "choose an ephemeral port".
 *   <li><b>Privilege (RFC 6335 §6).</b> Unless the table is {@link PortTableConfig#privileged()},
 *       an unconnected bind of a well-known port 1–1023 fails with a {@link BindException}. Ports
 *       the table chooses itself and connected entries are not checked: a connected entry on a
 *       well-known port shares a port that a listener or socket was already allowed to bind.
 *   <li><b>Unconnected binds.</b> Two addresses <em>overlap</em> when they are equal or either is
 *       the wildcard. An unconnected bind fails when an unconnected entry on the same port has an
 *       overlapping address, so several listeners may share a port on different specific
 *       addresses, but a wildcard binding excludes every other unconnected binding on its port.
 *       It also fails when a connected entry on the same port has an overlapping local address
 *       (a connection outliving its listener keeps the port), unless {@code reuseAddress} is set
 *       and every such connected entry is in {@link PortState#TIME_WAIT}. This is the
 *       {@code SO_REUSEADDR} rule a restarted server relies on. Linux goes further and also lets
 *       a socket with {@code SO_REUSEADDR} bind beside live connections whose sockets set it too;
 *       this table does not record the flag of existing entries and stays with the stricter rule.
 *   <li><b>Connected entries</b> conflict only with an existing entry for the exact same socket
 *       pair, so accepted TCP connections share their listener's port and an outgoing
 *       connection may use a port already used towards other destinations. With {@code
 *       reuseAddress}, an existing entry in TIME-WAIT gives way: it is released (its owner sees
 *       {@link PortBinding#isReleased()}) and the new entry takes the pair, as when a new SYN
 *       arrives for a connection in TIME-WAIT (RFC 9293 §3.10.7.4, RFC 6191).
 *   <li><b>Ephemeral ports</b> come from the configured range by RFC 6056 §3.3.4 Algorithm 4
 *       (double-hash: a keyed hash of local address, remote address and remote port chooses where
 *       to start; a bumped perturbation table spreads successive choices). For a connected entry
 *       a port is usable when the resulting socket pair is not in use and no unconnected entry
 *       on that port has an overlapping address (ports taken by explicit binds are left alone,
 *       as in Linux). For an unconnected bind the remote is unknown ({@code 0.0.0.0:0} is hashed)
 *       and the port must be entirely free on an overlapping address. The search makes at most
 *       one pass over the range; exhaustion is a {@link BindException}.
 * </ol>
 *
 * <p>Every {@link BindException} names the requested endpoint or pair and the entry that holds it
 * (protocol, local, remote, state). Misuse (a null argument, a wildcard local address or an
 * unspecified remote on a connected entry) is an {@link IllegalArgumentException} or {@link
 * NullPointerException}.
 *
 * <h2>Demultiplexing</h2>
 *
 * {@link #lookup} picks the most specific entry for an arriving segment: the connected entry for
 * the exact socket pair, else the unconnected entry on the specific local address and port, else
 * the unconnected wildcard entry on that port, else none. It costs at most three probes of an
 * open-addressing hash table keyed by packed addresses and ports, and allocates nothing when
 * called with primitive fields.
 *
 * <h2>Threads</h2>
 *
 * Every public method is {@code synchronized} on the table (cheap when uncontended, which is the
 * normal case: the host's event loop is the only frequent caller), so socket API threads may also
 * bind and release. {@link PortBinding#setState} and {@link PortBinding#release} take the same
 * lock. The table draws no randomness and reads no clock.
 *
 * @param <T> the owner type
 */
public final class HashedPortTable<T> implements PortTable<T> {

  /** Second key half of unconnected entries; no packed endpoint (at most 48 bits) equals it. */
  private static final long UNCONNECTED = -1L;

  private static final Comparator<PortBinding<?>> DISPLAY_ORDER =
      Comparator.<PortBinding<?>, Endpoint>comparing(PortBinding::local)
          .thenComparing(PortBinding::remote, Comparator.nullsFirst(Comparator.naturalOrder()));

  private final IpProtocol protocol;
  private final PortTableConfig config;
  private final PairKeyedMap<PortBinding<T>> byKey = new PairKeyedMap<>();
  private final PortOccupancy<T>[] ports;
  private final EphemeralPortSelector ephemeralPorts;

  /**
   * An empty table.
   *
   * @throws IllegalArgumentException if {@code protocol} has no ports (ICMP)
   */
  @SuppressWarnings("unchecked")
  public HashedPortTable(IpProtocol protocol, PortTableConfig config) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.config = Objects.requireNonNull(config, "config");
    if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP) {
      throw new IllegalArgumentException(protocol + " has no ports; a port table is for TCP or UDP");
    }
    this.ports = (PortOccupancy<T>[]) new PortOccupancy<?>[Endpoint.MAX_PORT + 1];
    this.ephemeralPorts =
        new EphemeralPortSelector(
            config.ephemeralLow(),
            config.ephemeralHigh(),
            config.secretKey0(),
            config.secretKey1(),
            config.perturbationTableSize());
  }

  @Override
  public IpProtocol protocol() {
    return protocol;
  }

  /** The configuration this table was built with. */
  public PortTableConfig config() {
    return config;
  }

  /**
   * Adds an unconnected entry for {@code local} in state {@link PortState#BOUND}; the owner sets
   * {@link PortState#LISTEN} if it listens. Port 0 chooses an ephemeral port (RFC 6056 §3.3.4)
   * that is entirely free on an overlapping address.
   *
   * @param local the local endpoint; the wildcard address binds every local address
   * @param owner who receives what {@link #lookup} finds for this entry
   * @param reuseAddress like {@code SO_REUSEADDR}: connected entries in TIME-WAIT on the port do
   *     not block the bind, and a wildcard and a specific binding that both set it coexist (see
   *     the class rules); ignored when choosing an ephemeral port
   * @return the new entry, with the chosen port if {@code local.port()} was 0
   * @throws BindException if the port is well-known and the table unprivileged, if an entry
   *     holds the endpoint (the message names both), or if no ephemeral port is free
   */
  @Override
  public synchronized PortBinding<T> bind(Endpoint local, T owner, boolean reuseAddress)
      throws BindException {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(owner, "owner");
    Ipv4Address address = local.address();
    Endpoint bound = local;
    if (local.port() == 0) {
      int port =
          ephemeralPorts.select(
              address.bits(), 0, 0, candidate -> findBindConflict(address, candidate, false) == null);
      if (port < 0) {
        throw exhausted(protocol + " " + local);
      }
      bound = local.withPort(port);
    } else {
      checkPrivilege(local);
      PortBinding<T> holder = findBindConflict(address, local.port(), reuseAddress);
      if (holder != null) {
        throw new BindException(
            "cannot bind " + protocol + " " + local + ": in use by " + holder
                + reuseHint(holder, reuseAddress));
      }
    }
    return insert(new PortBinding<>(this, bound, null, owner, reuseAddress));
  }

  /**
   * Adds a connected entry for {@code pair} in state {@link PortState#ESTABLISHED}; the owner sets
   * the state it is really in (SYN_SENT for an active open, SYN_RECEIVED for an embryonic
   * accepted connection). Used for accepted TCP connections, which share their listener's port,
   * for active opens and for connected UDP sockets. A local port of 0 chooses an ephemeral port
   * (RFC 6056 §3.3.4) that makes the socket pair unique.
   *
   * @param pair the local endpoint (specific address; port 0 to choose one) and the remote one
   * @param owner who receives what {@link #lookup} finds for this entry
   * @param reuseAddress whether an entry for the same pair in TIME-WAIT gives way (it is
   *     released); ignored when choosing an ephemeral port, which never takes over a pair
   * @return the new entry, with the chosen port if {@code pair.local().port()} was 0
   * @throws IllegalArgumentException if the local address is the wildcard, or the remote address
   *     is the wildcard or the remote port 0
   * @throws BindException if an entry holds the same pair (the message names both), or if no
   *     ephemeral port is free
   */
  @Override
  public synchronized PortBinding<T> bindConnected(SocketPair pair, T owner, boolean reuseAddress)
      throws BindException {
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(owner, "owner");
    Endpoint local = pair.local();
    Endpoint remote = pair.remote();
    if (local.address().isAny()) {
      throw new IllegalArgumentException(
          "connected binding " + pair + " needs a specific local address, not the wildcard");
    }
    if (remote.address().isAny() || remote.port() == 0) {
      throw new IllegalArgumentException(
          "connected binding " + pair + " needs a remote with a specific address and a port"
              + " 1-65535, not " + remote);
    }
    long remoteKey = pack(remote.address().bits(), remote.port());
    if (local.port() == 0) {
      int localBits = local.address().bits();
      int port =
          ephemeralPorts.select(
              localBits,
              remote.address().bits(),
              remote.port(),
              candidate -> isFreeForConnection(localBits, candidate, remoteKey));
      if (port < 0) {
        throw exhausted(protocol + " " + pair);
      }
      local = local.withPort(port);
    } else {
      PortBinding<T> holder = byKey.get(pack(local.address().bits(), local.port()), remoteKey);
      if (holder != null) {
        if (reuseAddress && holder.state() == PortState.TIME_WAIT) {
          holder.release();
        } else {
          throw new BindException(
              "cannot bind " + protocol + " " + pair + ": socket pair in use by " + holder
                  + reuseHint(holder, reuseAddress));
        }
      }
    }
    return insert(
        new PortBinding<>(this, local, remote, owner, reuseAddress));
  }

  /**
   * {@link #lookup(Endpoint, Endpoint)} on the raw header fields, for the per-packet path: no
   * allocation, at most three hash probes.
   *
   * @param localAddress destination address of the arriving packet, as {@link Ipv4Address#bits()}
   * @param localPort its destination port
   * @param remoteAddress its source address bits
   * @param remotePort its source port
   * @throws IllegalArgumentException if a port is outside 0–65535
   */
  @Override
  public synchronized PortBinding<T> lookup(
      int localAddress, int localPort, int remoteAddress, int remotePort) {
    if (((localPort | remotePort) & ~0xFFFF) != 0) {
      throw new IllegalArgumentException(
          "ports " + localPort + " and " + remotePort + " must both be within 0-65535");
    }
    long localKey = pack(localAddress, localPort);
    PortBinding<T> found = byKey.get(localKey, pack(remoteAddress, remotePort));
    if (found == null) {
      found = byKey.get(localKey, UNCONNECTED);
      if (found == null && localAddress != 0) {
        found = byKey.get(pack(0, localPort), UNCONNECTED);
      }
    }
    return found;
  }

  /**
   * Every live entry, for {@code netstat}: ordered by local endpoint (address, then port), then
   * unconnected before connected, then by remote endpoint.
   *
   * @return an immutable list, unaffected by later changes
   */
  @Override
  public synchronized List<BindingSnapshot> snapshot() {
    List<PortBinding<T>> live = new ArrayList<>(byKey.size());
    for (PortOccupancy<T> occupancy : ports) {
      if (occupancy != null) {
        occupancy.collectInto(live);
      }
    }
    live.sort(DISPLAY_ORDER);
    List<BindingSnapshot> rows = new ArrayList<>(live.size());
    for (PortBinding<T> binding : live) {
      rows.add(binding.snapshot());
    }
    return List.copyOf(rows);
  }

  @Override
  public synchronized int size() {
    return byKey.size();
  }

  @Override
  public synchronized void stateChanging(PortBinding<T> binding, PortState newState) {
    boolean wasTimeWait = binding.state() == PortState.TIME_WAIT;
    boolean isTimeWait = newState == PortState.TIME_WAIT;
    if (wasTimeWait != isTimeWait) {
      ports[binding.local().port()].timeWaitChanging(binding, isTimeWait);
    }
  }

  @Override
  public synchronized void remove(PortBinding<T> binding) {
    Endpoint local = binding.local();
    Endpoint remote = binding.remote();
    long remoteKey = remote == null ? UNCONNECTED : pack(remote.address().bits(), remote.port());
    byKey.remove(pack(local.address().bits(), local.port()), remoteKey);
    PortOccupancy<T> occupancy = ports[local.port()];
    occupancy.remove(binding);
    if (occupancy.isEmpty()) {
      ports[local.port()] = null;
    }
  }

  /** The entry that keeps an unconnected bind of {@code address:port} out, or null. */
  private PortBinding<T> findBindConflict(Ipv4Address address, int port, boolean reuseAddress) {
    PortOccupancy<T> occupancy = ports[port];
    if (occupancy == null) {
      return null;
    }
    PortBinding<T> holder = occupancy.unconnectedConflicting(address.bits(), reuseAddress);
    return holder != null ? holder : occupancy.connectedBlocking(address, reuseAddress);
  }

  private boolean isFreeForConnection(int localAddress, int port, long remoteKey) {
    PortOccupancy<T> occupancy = ports[port];
    if (occupancy != null && occupancy.unconnectedOverlapping(localAddress) != null) {
      return false;
    }
    return byKey.get(pack(localAddress, port), remoteKey) == null;
  }

  private void checkPrivilege(Endpoint local) throws BindException {
    if (!config.privileged() && PortCategory.of(local.port()) == PortCategory.WELL_KNOWN) {
      throw new BindException(
          "port " + local.port() + " is well-known (" + PortCategory.WELL_KNOWN.rangeText()
              + "); binding it needs a privileged stack (" + protocol + " " + local + ")");
    }
  }

  private BindException exhausted(String request) {
    return new BindException(
        "no free ephemeral port in " + config.ephemeralRangeText() + " for " + request);
  }

  private static String reuseHint(PortBinding<?> holder, boolean reuseAddress) {
    return !reuseAddress && holder.state() == PortState.TIME_WAIT
        ? " (reuseAddress lets a bind pass entries in TIME_WAIT)"
        : "";
  }

  private PortBinding<T> insert(PortBinding<T> binding) {
    Endpoint local = binding.local();
    Endpoint remote = binding.remote();
    long remoteKey = remote == null ? UNCONNECTED : pack(remote.address().bits(), remote.port());
    byKey.put(pack(local.address().bits(), local.port()), remoteKey, binding);
    PortOccupancy<T> occupancy = ports[local.port()];
    if (occupancy == null) {
      occupancy = new PortOccupancy<>();
      ports[local.port()] = occupancy;
    }
    occupancy.add(binding);
    return binding;
  }

  /** Address bits and port in the low 48 bits of a long. */
  private static long pack(int addressBits, int port) {
    return (Integer.toUnsignedLong(addressBits) << 16) | port;
  }
}
