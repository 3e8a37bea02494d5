package org.minitransport.tcp;

import java.net.BindException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.address.SocketPair;
import org.minitransport.core.port.PortBinding;
import org.minitransport.core.port.PortState;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostContext;
import org.minitransport.core.stack.ProtocolHandler;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Packet;
import org.minitransport.tcp.internal.ChunkPool;
import org.minitransport.tcp.internal.IsnGenerator;
import org.minitransport.tcp.internal.NegotiatedOptions;
import org.minitransport.tcp.internal.SynCookies;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpPacket;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * The TCP layer of one host (RFC 9293 §3.10): verifies checksums, demultiplexes segments to
 * connections by socket pair through the host's port table, runs listeners (LISTEN, bounded SYN
 * and accept queues), answers segments for closed ports with RST (§3.10.7.1), chooses ISNs per
 * RFC 6528, and keeps every connection's timers in one queue.
 *
 * <h2>Listeners under load and attack</h2>
 *
 * <ul>
 *   <li>A SYN finds room in the SYN queue ({@link TcpListener#synQueueLimit()}): a half-open
 *       connection (SYN-RECEIVED) holds the slot until its handshake completes, or until its
 *       SYN-ACK has been retransmitted {@link TcpConfig#synAckRetriesBeforeAbort()} times (Linux
 *       {@code tcp_synack_retries}).
 *   <li>The SYN queue is full: with {@link TcpConfig#synCookies()} (the default) the SYN gets a
 *       SYN cookie (RFC 4987 §3.6, {@link SynCookies}) and no state; a valid cookie in the peer's
 *       ACK creates the connection, which goes straight to the accept queue. Without cookies the
 *       SYN is dropped and the peer's retransmission tries again.
 *   <li>The accept queue is full: the SYN, or the ACK that would complete a handshake, is dropped
 *       ({@code ListenOverflows}, as Linux).
 *   <li>SYN with FIN is discarded, as Linux discards it in LISTEN (RFC 9293 §3.10.7.2 would let
 *       the FIN wait until ESTABLISHED; a half-open connection that never hears a FIN is simpler
 *       and a real peer never sends one); so are SYN with RST and segments with neither SYN, ACK
 *       nor RST. Source port 0 and a SYN from the listener's own socket are dropped before any
 *       connection is built (the host already drops source addresses no packet may carry).
 * </ul>
 *
 * <h2>Engine contract (sans-IO)</h2>
 *
 * A {@link ProtocolHandler}: the host calls {@link #handlePacket} and {@link #handleTimeout} on its
 * thread; application commands ({@link #connect}, {@link #listen}, {@link #accept}, and the
 * connection's own {@code write}/{@code read}/{@code shutdownOutput}/{@code abort} followed by
 * {@link #flush}) run on that same thread. Segments go out through the host; connection events go
 * to the {@link EventListener}, synchronously, on the host thread.
 *
 * <h2>One ACK per receive batch</h2>
 *
 * A connection acknowledges at least every second full-sized segment (RFC 9293 §3.8.6.3). When
 * the driver hands the host a batch of packets before it takes the output (the event loop reads
 * every datagram waiting on its socket first), the pure ACKs that in-order data provoked within
 * the batch are coalesced here: each one that acknowledges new data replaces the one held before
 * it, and the last goes out when the host's output is taken ({@link #releaseHeldOutput}); an ACK
 * that would acknowledge more than {@value #MAX_BYTES_PER_COALESCED_ACK} bytes beyond the previous
 * ACK sent sends the held one first, as Linux acknowledges a GRO batch (at most 64 KiB) once. Duplicate ACKs,
 * ACKs with SACK blocks, window updates that acknowledge nothing new and every segment with data
 * or SYN, FIN or RST go out at once and in order; a segment that carries an ACK replaces the held
 * one, whose information it includes.
 */
public final class TcpEndpoint implements ProtocolHandler {

  /** Receives connection events on the host thread (the socket layer's hook). */
  public interface EventListener {
    /** An event of {@code connection}; CLOSED is the last one it will see. */
    void onEvent(TcpConnection connection, TcpConnection.Event event);

    /** {@code listener} has a connection waiting for {@link TcpEndpoint#accept}. */
    default void onAcceptable(TcpListener listener) {}
  }

  private static final long NONE = Long.MAX_VALUE;

  /** The most one coalesced ACK may acknowledge beyond the previous ACK sent (GRO's 64 KiB). */
  static final int MAX_BYTES_PER_COALESCED_ACK = 64 * 1024;

  private final TcpConfig defaultConfig;
  private final IsnGenerator isns;
  private final SynCookies cookies;
  private final ChunkPool buffers = ChunkPool.forEndpoint();
  private final TcpCounters counters = new TcpCounters();
  private final Map<TcpConnection, Entry> entries = new HashMap<>();
  private final PriorityQueue<Deadline> timers = new PriorityQueue<>();
  private final List<TcpListener> listeners = new ArrayList<>();
  /** Entries holding a pure ACK until the host's output is taken. */
  private final List<Entry> holdingAck = new ArrayList<>();
  private EventListener eventListener = (connection, event) -> { };
  private HostContext context;
  private long lastNowNs;

  /** Bookkeeping per connection. */
  private static final class Entry {
    TcpConnection connection;
    PortBinding<Object> binding;
    TcpListener listener;
    long scheduledNs = NONE;
    long retransmittedSeen;
    boolean established;
    /** A pure ACK held back until the end of the receive batch, or null. */
    TcpSegment heldAck;
    boolean listedAsHolding;
    /** The ACK field of the last segment sent with ACK set; valid once {@code ackSent}. */
    long lastAckSentRaw;
    boolean ackSent;

    Entry(TcpConnection connection) {
      this.connection = connection;
    }

    @Override
    public String toString() {
      return "tcp-connection";
    }
  }

  private record Deadline(long atNs, long order, Entry entry) implements Comparable<Deadline> {
    @Override
    public int compareTo(Deadline other) {
      int byTime = Long.compare(atNs, other.atNs);
      return byTime != 0 ? byTime : Long.compare(order, other.order);
    }
  }

  private long deadlineOrder;

  private TcpEndpoint(TcpConfig defaultConfig, long secretKey0, long secretKey1) {
    this.defaultConfig = Objects.requireNonNull(defaultConfig, "defaultConfig");
    this.isns = new IsnGenerator(secretKey0, secretKey1);
    this.cookies = new SynCookies(secretKey0, secretKey1);
  }

  /**
   * Creates an endpoint and registers it with {@code host}; call on the host's thread.
   *
   * @param secretKey0 first half of the ISN and SYN-cookie secret (RFC 6528, RFC 4987); inject a
   *     random one in production
   * @param secretKey1 second half
   * @throws IllegalArgumentException if the host's MTU leaves an MSS below 64 bytes
   */
  public static TcpEndpoint install(Host host, TcpConfig defaultConfig, long secretKey0,
      long secretKey1) {
    checkMss(defaultConfig, host.config().mtu());
    TcpEndpoint endpoint = new TcpEndpoint(defaultConfig, secretKey0, secretKey1);
    host.register(endpoint);
    return endpoint;
  }

  @Override
  public int protocolNumber() {
    return IpProtocol.TCP.number();
  }

  @Override
  public void attach(HostContext hostContext) {
    if (this.context != null) {
      throw new IllegalStateException("TCP endpoint is already attached to " + this.context);
    }
    this.context = hostContext;
  }

  /** Where connection events go (replaces the previous listener). */
  public void setEventListener(EventListener listener) {
    this.eventListener = Objects.requireNonNull(listener, "listener");
  }

  public TcpCounters counters() {
    return counters;
  }

  public TcpConfig defaultConfig() {
    return defaultConfig;
  }

  /** This host's address. */
  public Ipv4Address address() {
    return context.address();
  }

  /**
   * Bytes of send and receive buffer memory the open connections hold now: buffers are borrowed
   * as data arrives and given back as it drains, so idle and half-open connections hold none
   * (like the {@code mem} figure of Linux's {@code /proc/net/sockstat}). O(connections).
   */
  public long bufferBytesInUse() {
    long total = 0;
    for (TcpConnection connection : entries.keySet()) {
      total += connection.bufferBytesAllocated();
    }
    return total;
  }

  /** Open connections, in no particular order (for diagnostics and shutdown). */
  public List<TcpConnection> connections() {
    return List.copyOf(entries.keySet());
  }

  // ------------------------------------------------------------------ application commands

  /**
   * Opens a listener (RFC 9293 §3.10.1 passive OPEN).
   *
   * @param local port 0 picks an ephemeral port; address 0.0.0.0 listens on every address
   * @param backlog the most established connections waiting for accept, at least 1
   * @throws BindException if the endpoint is in use (the message names the holder), well-known on
   *     an unprivileged host, or not an address of this host
   */
  public TcpListener listen(Endpoint local, int backlog, boolean reuseAddress)
      throws BindException {
    Objects.requireNonNull(local, "local");
    if (backlog < 1) {
      throw new IllegalArgumentException("backlog " + backlog + " must be at least 1");
    }
    checkLocalAddress(local);
    TcpListener listener = new TcpListener(local, backlog);
    listener.binding = context.portTable().bind(local, listener, reuseAddress);
    listener.binding.setState(PortState.LISTEN);
    listeners.add(listener);
    return listener;
  }

  /** The next established connection of {@code listener}, or null if none is waiting. */
  public TcpConnection accept(TcpListener listener) {
    return listener.acceptQueue.poll();
  }

  /**
   * Closes a listener: its port is released, and connections not yet accepted are reset.
   */
  public void closeListener(long nowNs, TcpListener listener) {
    if (listener.closed) {
      return;
    }
    listener.closed = true;
    listener.binding.release();
    listeners.remove(listener);
    for (Entry entry : List.copyOf(entries.values())) {
      if (entry.listener == listener && !entry.connection.state().equals(TcpState.CLOSED)) {
        boolean waiting = listener.acceptQueue.contains(entry.connection) || !entry.established;
        if (waiting) {
          long now = Math.max(nowNs, lastNowNs); // see close(long)
          entry.connection.abort(now);
          drain(now, entry);
        }
      }
    }
    listener.acceptQueue.clear();
  }

  /**
   * Opens a connection (RFC 9293 §3.10.1 active OPEN): binds a local endpoint (address 0.0.0.0
   * means this host's; port 0 an ephemeral port per RFC 6056) and sends the SYN.
   *
   * @throws BindException if the socket pair is in use or no ephemeral port is free
   * @throws IllegalArgumentException if {@code remote} has the wildcard address or port 0, or if
   *     {@code config} leaves an MSS below 64 bytes on this host's link
   */
  public TcpConnection connect(long nowNs, Endpoint local, Endpoint remote, TcpConfig config)
      throws BindException {
    Objects.requireNonNull(remote, "remote");
    advance(nowNs);
    checkMss(config == null ? defaultConfig : config, context.mtu());
    if (remote.address().isAny() || remote.port() == 0) {
      throw new IllegalArgumentException(
          "cannot connect to " + remote + ": needs a specific address and a port 1-65535");
    }
    Endpoint from = local == null ? new Endpoint(context.address(), 0) : local;
    checkLocalAddress(from);
    if (from.address().isAny()) {
      from = new Endpoint(context.address(), from.port());
    }
    // The ephemeral port (RFC 6056) must be chosen before the ISN (RFC 6528), which hashes it.
    Entry entry = new Entry(null);
    entry.binding = context.portTable().bindConnected(new SocketPair(from, remote), entry);
    SocketPair pair = entry.binding.socketPair();
    TcpConnection connection = TcpConnection.connect(config == null ? defaultConfig : config,
        pair, context.mtu(), isns.isn(pair, nowNs), nowNs, buffers);
    entry.connection = connection;
    entries.put(connection, entry);
    counters.activeOpens.increment();
    drain(nowNs, entry);
    return connection;
  }

  /**
   * Sends what {@code connection} queued after an application command ({@code write}, {@code
   * read}, {@code shutdownOutput}, {@code abort}) and delivers its events. Call after each command.
   */
  public void flush(long nowNs, TcpConnection connection) {
    advance(nowNs);
    Entry entry = entries.get(connection);
    if (entry != null) {
      drain(nowNs, entry);
    }
  }

  // ------------------------------------------------------------------ inputs from the host

  @Override
  public void handlePacket(long nowNs, Ipv4Packet packet) {
    advance(nowNs);
    counters.inSegments.increment();
    TcpSegment segment;
    try {
      TcpPacket tcp = TcpPacket.check(packet.buffer(), packet.payloadOffset(),
          packet.payloadLength(), packet.source(), packet.destination());
      segment = TcpSegment.parse(tcp);
    } catch (DecodeException e) {
      counters.inErrors.increment();
      if (e.error() == DecodeError.BAD_CHECKSUM) {
        counters.inChecksumErrors.increment();
      }
      return;
    }
    TcpHeader h = segment.header();
    if (h.sourcePort() == 0) {
      counters.badSourceDrops.increment(); // nothing can be sent back to port 0, nor bound to it
      return;
    }
    PortBinding<Object> binding = context.portTable().lookup(
        packet.destination().bits(), h.destinationPort(), packet.source().bits(), h.sourcePort());
    Object owner = binding == null ? null : binding.owner();
    if (owner instanceof Entry entry && entry.connection != null) {
      if (wouldOverfillAcceptQueue(entry, segment)) {
        counters.listenDrops.increment();
        return;
      }
      entry.connection.handleSegment(nowNs, segment);
      drain(nowNs, entry, true);
    } else if (owner instanceof TcpListener listener) {
      onListenerSegment(nowNs, listener, packet, segment);
    } else {
      resetStray(packet.source(), segment);
    }
  }

  /** The end of a receive batch: the held ACKs go out (see the class comment). */
  @Override
  public void releaseHeldOutput(long nowNs) {
    for (Entry entry : holdingAck) {
      entry.listedAsHolding = false;
      TcpSegment held = entry.heldAck;
      if (held != null) {
        entry.heldAck = null;
        sendFor(entry, held);
      }
    }
    holdingAck.clear();
  }

  @Override
  public void handleTimeout(long nowNs) {
    advance(nowNs);
    while (!timers.isEmpty() && timers.peek().atNs <= nowNs) {
      Deadline due = timers.poll();
      Entry entry = due.entry;
      if (entry.scheduledNs != due.atNs || !entries.containsKey(entry.connection)) {
        continue; // stale: rescheduled or gone
      }
      entry.scheduledNs = NONE;
      entry.connection.handleTimeout(nowNs);
      drain(nowNs, entry);
    }
  }

  @Override
  public long pollTimeoutNs() {
    while (!timers.isEmpty()) {
      Deadline head = timers.peek();
      if (head.entry.scheduledNs == head.atNs && entries.containsKey(head.entry.connection)) {
        return head.atNs;
      }
      timers.poll();
    }
    return NONE;
  }

  @Override
  public void handleUnreachable(long nowNs, int code, Ipv4Packet original) {
    // RFC 9293 §3.9 / RFC 5927: ICMP errors are soft errors for TCP; we do not abort on them.
  }

  @Override
  public void close(long nowNs) {
    for (TcpListener listener : List.copyOf(listeners)) {
      closeListener(nowNs, listener);
    }
    for (Entry entry : List.copyOf(entries.values())) {
      // An event listener may have run application code (with a later clock reading) while an
      // earlier connection was aborted; never hand a connection an older time than it has seen.
      long now = Math.max(nowNs, lastNowNs);
      entry.connection.abort(now);
      drain(now, entry);
    }
  }

  // ------------------------------------------------------------------ internals

  private void onListenerSegment(long nowNs, TcpListener listener, Ipv4Packet packet,
      TcpSegment segment) {
    TcpFlags flags = segment.header().flags();
    SocketPair pair = new SocketPair(
        new Endpoint(packet.destination(), segment.header().destinationPort()),
        new Endpoint(packet.source(), segment.header().sourcePort()));
    if (flags.rst()) {
      if (flags.syn()) {
        counters.invalidFlagDrops.increment();
      }
      return; // RFC 9293 §3.10.7.2: an incoming RST in LISTEN is ignored
    }
    if (flags.syn() && flags.fin()) {
      counters.invalidFlagDrops.increment(); // Linux tcp_rcv_state_process: discarded in LISTEN
      return;
    }
    if (flags.ack()) {
      if (!flags.syn() && recentlySentCookies(listener, nowNs)
          && acceptCookie(nowNs, listener, pair, segment)) {
        return;
      }
      resetStray(packet.source(), segment); // RFC 9293 §3.10.7.2: <SEQ=SEG.ACK><CTL=RST>
      return;
    }
    if (!flags.syn()) {
      counters.invalidFlagDrops.increment(); // no SYN, ACK or RST: FIN/PSH/URG alone, or nothing
      return;
    }
    if (pair.local().equals(pair.remote())) {
      counters.badSourceDrops.increment(); // a "land" SYN: it would be answered by itself
      return;
    }
    if (listener.acceptQueue.size() >= listener.backlog()) {
      counters.listenOverflows.increment();
      counters.listenDrops.increment(); // the peer's SYN retransmission will try again
      return;
    }
    if (listener.halfOpen >= listener.synQueueLimit()) {
      if (defaultConfig.synCookies()) {
        sendCookie(nowNs, listener, pair, segment);
      } else {
        counters.listenDrops.increment();
      }
      return;
    }
    TcpConnection connection = TcpConnection.accept(defaultConfig, pair, context.mtu(),
        isns.isn(pair, nowNs), nowNs, segment, buffers);
    Entry entry = new Entry(connection);
    try {
      entry.binding = context.portTable().bindConnected(pair, entry, true);
    } catch (BindException e) {
      counters.listenDrops.increment(); // pair still held by a live connection
      return;
    }
    entry.listener = listener;
    listener.halfOpen++;
    entries.put(connection, entry);
    counters.passiveOpens.increment();
    drain(nowNs, entry);
  }

  /**
   * Answers a SYN that found the SYN queue full with a SYN-ACK whose ISN is a SYN cookie, keeping
   * no state (RFC 4987 §3.6). Like Linux, window scaling and SACK are offered only beside
   * timestamps, whose TSval carries them back.
   */
  private void sendCookie(long nowNs, TcpListener listener, SocketPair pair, TcpSegment syn) {
    TcpHeader h = syn.header();
    TcpOptions offered = h.options();
    int ourMss = defaultConfig.effectiveMss(context.mtu());
    int mssIndex = SynCookies.mssIndexFor(offered.mss().orElse(NegotiatedOptions.DEFAULT_PEER_MSS));
    TcpOptions options = TcpOptions.NONE.withMss(ourMss);
    if (defaultConfig.timestamps() && offered.timestamps().isPresent()) {
      boolean scaling = defaultConfig.windowScaling() && offered.windowScale().isPresent();
      boolean sack = defaultConfig.sack() && offered.sackPermitted();
      if (scaling) {
        options = options.withWindowScale(
            NegotiatedOptions.windowShiftFor(defaultConfig.receiveBufferBytes()));
      }
      options = options.withSackPermitted(sack).withTimestamps(
          SynCookies.timestampWithOptions(NegotiatedOptions.tsClock(nowNs),
              scaling ? offered.windowScale() : OptionalInt.empty(), sack),
          offered.timestamps().get().tsVal());
    }
    long isn = cookies.isn(pair, h.sequenceNumber(), mssIndex, nowNs);
    TcpHeader synAck = new TcpHeader(h.destinationPort(), h.sourcePort(), isn,
        (h.sequenceNumber() + 1) & 0xFFFF_FFFFL, TcpFlags.of(TcpFlags.SYN | TcpFlags.ACK),
        Math.min(defaultConfig.receiveBufferBytes(), 0xFFFF), 0, options);
    listener.lastCookieSentNs = nowNs;
    counters.syncookiesSent.increment();
    send(pair.remote().address(), new TcpSegment(synAck));
  }

  /** Whether {@code listener} sent a SYN cookie recently enough that an ACK may carry one. */
  private boolean recentlySentCookies(TcpListener listener, long nowNs) {
    return defaultConfig.synCookies() && listener.lastCookieSentNs != TcpListener.NEVER
        && nowNs - listener.lastCookieSentNs <= SynCookies.MAX_AGE_TICKS * SynCookies.TICK_NS;
  }

  /**
   * Checks the SYN cookie an ACK to a listener may carry and, if it is valid, creates the
   * connection it stands for (ESTABLISHED at once, with the ACK's data) and queues it for accept.
   *
   * @return false if the cookie is not valid (counted; the caller answers with RST)
   */
  private boolean acceptCookie(long nowNs, TcpListener listener, SocketPair pair,
      TcpSegment ack) {
    TcpHeader h = ack.header();
    long peerIsn = (h.sequenceNumber() - 1) & 0xFFFF_FFFFL;
    long iss = (h.acknowledgmentNumber() - 1) & 0xFFFF_FFFFL;
    OptionalInt mssIndex = cookies.check(pair, peerIsn, iss, nowNs);
    Optional<TcpOptions> synOptions = mssIndex.isEmpty() ? Optional.empty()
        : SynCookies.synOptions(mssIndex.getAsInt(), h.options(), defaultConfig.windowScaling(),
            defaultConfig.sack(), defaultConfig.timestamps());
    if (synOptions.isEmpty()) {
      counters.syncookiesFailed.increment();
      return false;
    }
    counters.syncookiesRecv.increment();
    if (listener.acceptQueue.size() >= listener.backlog()) {
      counters.listenOverflows.increment(); // Linux drops it too; the peer's next segment retries
      counters.listenDrops.increment();
      return true;
    }
    Entry entry = new Entry(null);
    try {
      entry.binding = context.portTable().bindConnected(pair, entry, true);
    } catch (BindException e) {
      counters.listenDrops.increment();
      return true;
    }
    entry.connection = TcpConnection.acceptCookie(defaultConfig, pair, context.mtu(), iss, nowNs,
        synOptions.get(), ack, buffers);
    entry.listener = listener;
    listener.halfOpen++; // released again by CONNECTED, which the first drain delivers
    entries.put(entry.connection, entry);
    counters.passiveOpens.increment();
    drain(nowNs, entry);
    return true;
  }

  /**
   * Whether {@code segment} would complete the handshake of an embryo whose listener's accept
   * queue is full. Such an ACK is dropped (as Linux does on a listen overflow): the embryo stays in
   * SYN-RECEIVED, and its SYN-ACK retransmission draws a new ACK that completes the handshake once
   * the application has accepted. SYNs that find the queue full are dropped in {@link
   * #onListenerSegment}; this covers SYNs that were admitted together before any completed.
   */
  private static boolean wouldOverfillAcceptQueue(Entry entry, TcpSegment segment) {
    TcpListener listener = entry.listener;
    TcpFlags flags = segment.header().flags();
    return listener != null && !entry.established
        && entry.connection.state() == TcpState.SYN_RECEIVED
        && listener.acceptQueue.size() >= listener.backlog()
        && flags.ack() && !flags.syn() && !flags.rst();
  }

  /** RFC 9293 §3.10.7.1: a segment for no connection gets a RST, unless it is one. */
  private void resetStray(Ipv4Address source, TcpSegment segment) {
    TcpHeader h = segment.header();
    if (h.flags().rst()) {
      return;
    }
    TcpHeader reset;
    if (h.flags().ack()) {
      reset = new TcpHeader(h.destinationPort(), h.sourcePort(), h.acknowledgmentNumber(), 0,
          TcpFlags.of(TcpFlags.RST), 0, 0, TcpOptions.NONE);
    } else {
      long segLen = segment.payloadLength() + (h.flags().syn() ? 1 : 0) + (h.flags().fin() ? 1 : 0);
      reset = new TcpHeader(h.destinationPort(), h.sourcePort(), 0,
          (h.sequenceNumber() + segLen) & 0xFFFF_FFFFL,
          TcpFlags.of(TcpFlags.RST | TcpFlags.ACK), 0, 0, TcpOptions.NONE);
    }
    send(source, new TcpSegment(reset));
  }

  private void drain(long nowNs, Entry entry) {
    drain(nowNs, entry, false);
  }

  /**
   * Sends what the connection queued and delivers its events.
   *
   * @param mayHoldAck whether a pure ACK may wait for the end of the receive batch
   */
  private void drain(long nowNs, Entry entry, boolean mayHoldAck) {
    TcpConnection connection = entry.connection;
    for (TcpSegment segment = connection.pollSegment(); segment != null;
        segment = connection.pollSegment()) {
      if (mayHoldAck && advancesAckAlone(entry, segment)) {
        if (entry.heldAck != null && ackedBeyondLastSent(entry, segment)
            > MAX_BYTES_PER_COALESCED_ACK) {
          sendFor(entry, entry.heldAck); // the held ACK goes, and this one starts a new batch
          entry.heldAck = null;
        }
        if (ackedBeyondLastSent(entry, segment) <= MAX_BYTES_PER_COALESCED_ACK) {
          if (!entry.listedAsHolding) {
            entry.listedAsHolding = true;
            holdingAck.add(entry);
          }
          entry.heldAck = segment;
          continue;
        }
      }
      TcpSegment held = entry.heldAck;
      if (held != null) {
        entry.heldAck = null;
        if (!segment.header().flags().ack()) {
          sendFor(entry, held); // a RST: the ACK goes first; otherwise this segment includes it
        }
      }
      sendFor(entry, segment);
    }
    connection.moveCountersTo(counters);
    long retransmitted = connection.retransmittedSegments();
    if (retransmitted > entry.retransmittedSeen) {
      counters.retransmittedSegments.add(retransmitted - entry.retransmittedSeen);
      entry.retransmittedSeen = retransmitted;
    }
    for (TcpConnection.Event event = connection.pollEvent(); event != null;
        event = connection.pollEvent()) {
      onEvent(entry, event);
    }
    if (connection.state() == TcpState.CLOSED) {
      return;
    }
    PortState portState = connection.state().toPortState();
    if (entry.binding.state() != portState && !entry.binding.isReleased()) {
      // Only on a change: setState locks the port table, and most segments change nothing.
      entry.binding.setState(portState);
    }
    long next = connection.pollTimeoutNs();
    if (next != entry.scheduledNs) {
      entry.scheduledNs = next;
      if (next != NONE) {
        timers.add(new Deadline(next, deadlineOrder++, entry));
      }
    }
  }

  private void onEvent(Entry entry, TcpConnection.Event event) {
    TcpConnection connection = entry.connection;
    switch (event) {
      case CONNECTED -> {
        entry.established = true;
        if (entry.listener != null) {
          TcpListener listener = entry.listener;
          listener.halfOpen--;
          if (listener.closed) {
            connection.abort(lastNowNs);
            return;
          }
          listener.acceptQueue.add(connection);
          eventListener.onAcceptable(listener);
          return;
        }
      }
      case FAILED -> {
        if (entry.established) {
          counters.establishedResets.increment();
        } else {
          counters.attemptFails.increment();
          if (entry.listener != null) {
            entry.listener.halfOpen--;
            entry.listener = null;
          }
        }
      }
      case CLOSED -> {
        entries.remove(connection);
        entry.scheduledNs = NONE;
        if (!entry.binding.isReleased()) {
          entry.binding.release();
        }
        if (entry.listener != null && !entry.established) {
          entry.listener.halfOpen--;
          entry.listener = null;
        }
      }
      default -> { }
    }
    if (entry.listener == null || entry.established) {
      eventListener.onEvent(connection, event);
    }
  }

  /**
   * Whether {@code segment} is a pure ACK that acknowledges new data: ACK alone, no data, no SACK
   * blocks, and an ACK field beyond the last ACK sent (so never a duplicate ACK) and beyond the
   * held one.
   */
  private static boolean advancesAckAlone(Entry entry, TcpSegment segment) {
    TcpHeader h = segment.header();
    if (h.flags().bits() != TcpFlags.ACK || segment.payloadLength() > 0 || !entry.ackSent
        || !h.options().sackBlocks().isEmpty()) {
      return false;
    }
    TcpSegment held = entry.heldAck;
    return ackedBeyondLastSent(entry, segment) > 0 && (held == null
        || (int) (h.acknowledgmentNumber() - held.header().acknowledgmentNumber()) > 0);
  }

  /** How far {@code segment}'s ACK field lies beyond the last ACK sent (mod 2^32, signed). */
  private static int ackedBeyondLastSent(Entry entry, TcpSegment segment) {
    return (int) (segment.header().acknowledgmentNumber() - entry.lastAckSentRaw);
  }

  private void sendFor(Entry entry, TcpSegment segment) {
    if (segment.header().flags().ack()) {
      entry.lastAckSentRaw = segment.header().acknowledgmentNumber();
      entry.ackSent = true;
    }
    send(entry.connection.socketPair().remote().address(), segment);
  }

  private void send(Ipv4Address destination, TcpSegment segment) {
    Ipv4Address source = context.address();
    // Emitted straight into the outgoing IPv4 packet: no segment-sized array and copy in between.
    context.transmit(destination, segment.encodedLength(),
        (packet, offset) -> segment.emit(packet, offset, source, destination));
    counters.outSegments.increment();
    if (segment.header().flags().rst()) {
      counters.outResets.increment();
    }
  }

  /** RFC 9293 §3.7.1 and this engine: an MSS of at least 64 bytes; fail at setup, not on a SYN. */
  private static void checkMss(TcpConfig config, int linkMtu) {
    int mss = config.effectiveMss(linkMtu);
    if (mss < 64) {
      throw new IllegalArgumentException("tcp-lite needs an MSS of at least 64 bytes, but the link"
          + " MTU " + linkMtu + (config.mss() == 0 ? "" : " with configured mss " + config.mss())
          + " leaves " + mss + " (MTU − 40 bytes of IPv4 and TCP headers); raise the host's MTU"
          + " to at least 104");
    }
  }

  private void checkLocalAddress(Endpoint local) throws BindException {
    if (!local.address().isAny() && !local.address().equals(context.address())) {
      throw new BindException("cannot bind TCP " + local + ": " + local.address()
          + " is not an address of this host (" + context.address() + ")");
    }
  }

  private void advance(long nowNs) {
    lastNowNs = Math.max(lastNowNs, nowNs);
  }
}
