package org.minitransport.core.stack;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.port.BindingSnapshot;
import org.minitransport.core.port.PortTable;
import org.minitransport.core.stack.internal.SelfAddressedPackets;
import org.minitransport.core.time.TokenBucket;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.IcmpMessage;
import org.minitransport.core.wire.IcmpPacket;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Header;
import org.minitransport.core.wire.Ipv4Packet;

/**
 * The IP layer of one virtual host: validates incoming IPv4 packets, demultiplexes them by
 * protocol number to the registered {@link ProtocolHandler}s, answers ICMP echo and sends ICMP
 * errors, owns the TCP and UDP port tables, and queues outgoing packets.
 *
 * <h2>Engine contract (sans-IO)</h2>
 *
 * <p>A host does no I/O, starts no threads, reads no clock and draws no randomness. A driver owns
 * it and calls it from one thread at a time:
 *
 * <ul>
 *   <li><b>Inputs:</b> {@link #handlePacket(long, byte[])} for each packet the network delivers
 *       (untrusted bytes; never throws for bad ones, it counts and drops them) and {@link
 *       #handleTimeout(long)} when {@code now} reaches {@link #pollTimeoutNs()}. Application
 *       commands go to the protocol handlers' own APIs, on the same thread.
 *   <li><b>Outputs:</b> after any input or command, drain {@link #pollTransmit()} until it returns
 *       {@code null} and hand each packet to the network; then ask {@link #pollTimeoutNs()} when to
 *       call back.
 *   <li><b>Time:</b> every input carries {@code nowNs}; it must never decrease. Extra timeout calls
 *       are harmless.
 * </ul>
 */
public final class Host {

  private final HostConfig config;
  private final HostCounters counters = new HostCounters();
  private final ProtocolHandler[] handlersByNumber = new ProtocolHandler[256];
  private final List<ProtocolHandler> handlers = new ArrayList<>();
  private final Map<IpProtocol, PortTable<Object>> portTables = new EnumMap<>(IpProtocol.class);
  private final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
  private final ArrayDeque<ReceivedEcho> echoReplies = new ArrayDeque<>();
  private final TokenBucket icmpErrorLimit;
  private final SelfAddressedPackets selfAddressed = new SelfAddressedPackets(65_536);
  private int nextIdentification;
  private long lastNowNs = Long.MIN_VALUE;
  private boolean closed;
  /** A packet was handed to a handler since output was last taken: handlers may hold some. */
  private boolean outputMayBeHeld;

  /** An ICMP echo reply this host received (RFC 792), for ping-like tools. */
  public record ReceivedEcho(long receivedAtNs, Ipv4Address from, IcmpMessage.EchoReply reply) {}

  public Host(HostConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.icmpErrorLimit = new TokenBucket(config.icmpErrorsPerSecond(), config.icmpErrorBurst());
    for (IpProtocol protocol : List.of(IpProtocol.TCP, IpProtocol.UDP)) {
      PortTable<Object> table = config.portTables().create(protocol, config.ports());
      if (table == null || table.protocol() != protocol) {
        throw new IllegalArgumentException(
            "port-table factory " + config.portTables() + " made " + table + " for " + protocol);
      }
      portTables.put(protocol, table);
    }
  }

  public HostConfig config() {
    return config;
  }

  public Ipv4Address address() {
    return config.address();
  }

  public HostCounters counters() {
    return counters;
  }

  /** The port table of TCP or UDP. */
  public PortTable<Object> portTable(IpProtocol protocol) {
    PortTable<Object> table = portTables.get(protocol);
    if (table == null) {
      throw new IllegalArgumentException("no port table for " + protocol + "; only TCP and UDP have ports");
    }
    return table;
  }

  /** Every port-table entry of every protocol, for netstat. */
  public List<BindingSnapshot> portSnapshot() {
    List<BindingSnapshot> all = new ArrayList<>();
    for (PortTable<Object> table : portTables.values()) {
      all.addAll(table.snapshot());
    }
    return List.copyOf(all);
  }

  /**
   * Plugs in a transport protocol.
   *
   * @throws IllegalArgumentException if the protocol number is ICMP's (the host handles ICMP
   *     itself), outside 0–255, or already taken
   */
  public void register(ProtocolHandler handler) {
    int number = handler.protocolNumber();
    if (number < 0 || number > 255) {
      throw new IllegalArgumentException("protocol number " + number + " is outside 0-255");
    }
    if (number == IpProtocol.ICMP.number()) {
      throw new IllegalArgumentException("protocol 1 (ICMP) is handled by the host itself");
    }
    if (handlersByNumber[number] != null) {
      throw new IllegalArgumentException(
          "protocol " + number + " already has a handler: " + handlersByNumber[number]);
    }
    handlersByNumber[number] = handler;
    handlers.add(handler);
    handler.attach(new Context(number));
  }

  /** The handler registered for a protocol number, or null. */
  public ProtocolHandler handler(int protocolNumber) {
    return protocolNumber >= 0 && protocolNumber < 256 ? handlersByNumber[protocolNumber] : null;
  }

  /**
   * Input: one IPv4 packet from the network. Bad bytes are counted and dropped; nothing is
   * thrown for them.
   */
  public void handlePacket(long nowNs, byte[] packet) {
    advanceTime(nowNs);
    counters.recordReceived();
    if (closed) {
      counters.recordDropped(HostDropReason.HOST_CLOSED);
      return;
    }
    Ipv4Packet ip;
    try {
      ip = Ipv4Packet.check(packet, 0, packet.length);
    } catch (DecodeException e) {
      counters.recordDropped(HostDropReason.BAD_IPV4);
      counters.recordDecodeError(e.error());
      return;
    }
    if (!ip.destination().equals(config.address())) {
      counters.recordDropped(HostDropReason.WRONG_DESTINATION);
      return;
    }
    if (isMartianSource(ip, packet)) {
      counters.recordDropped(HostDropReason.MARTIAN_SOURCE);
      return;
    }
    int protocol = ip.protocol();
    if (protocol == IpProtocol.ICMP.number()) {
      handleIcmp(nowNs, ip);
      return;
    }
    ProtocolHandler handler = handlersByNumber[protocol];
    if (handler == null) {
      counters.recordDropped(HostDropReason.UNKNOWN_PROTOCOL);
      sendUnreachable(nowNs, IcmpMessage.DestinationUnreachable.CODE_PROTOCOL_UNREACHABLE, ip);
      return;
    }
    counters.recordDelivered();
    outputMayBeHeld = true;
    handler.handlePacket(nowNs, ip);
  }

  /** Input: {@code nowNs} has reached {@link #pollTimeoutNs()} (extra calls are harmless). */
  public void handleTimeout(long nowNs) {
    advanceTime(nowNs);
    for (ProtocolHandler handler : handlers) {
      if (handler.pollTimeoutNs() <= nowNs) {
        handler.handleTimeout(nowNs);
      }
    }
  }

  /** Output: the earliest time a handler wants {@link #handleTimeout}, or {@code Long.MAX_VALUE}. */
  public long pollTimeoutNs() {
    long earliest = Long.MAX_VALUE;
    for (ProtocolHandler handler : handlers) {
      earliest = Math.min(earliest, handler.pollTimeoutNs());
    }
    return earliest;
  }

  /**
   * Output: the next IPv4 packet to hand to the network, or {@code null} if none is queued. The
   * first call after packet inputs lets the handlers release what they held back for that batch
   * ({@link ProtocolHandler#releaseHeldOutput}).
   */
  public byte[] pollTransmit() {
    releaseHeldOutput();
    return outbox.poll();
  }

  /** Whether {@link #pollTransmit()} would return a packet. */
  public boolean hasTransmit() {
    releaseHeldOutput();
    return !outbox.isEmpty();
  }

  private void releaseHeldOutput() {
    if (!outputMayBeHeld) {
      return;
    }
    outputMayBeHeld = false;
    for (ProtocolHandler handler : handlers) {
      handler.releaseHeldOutput(lastNowNs);
    }
  }

  /** Sends an ICMP echo request (a ping; RFC 792). Replies arrive via {@link #pollEchoReply()}. */
  public void sendEchoRequest(long nowNs, Ipv4Address destination, int identifier, int sequence,
      byte[] data) {
    advanceTime(nowNs);
    enqueue(destination, IpProtocol.ICMP.number(),
        new IcmpMessage.EchoRequest(identifier, sequence, data).toBytes());
  }

  /** Output: the next ICMP echo reply received, or {@code null}. */
  public ReceivedEcho pollEchoReply() {
    return echoReplies.poll();
  }

  /** Shuts the host down: every handler releases its ports and fails pending operations. */
  public void close(long nowNs) {
    advanceTime(nowNs);
    if (closed) {
      return;
    }
    for (ProtocolHandler handler : handlers) {
      handler.close(nowNs);
    }
    closed = true;
  }

  public boolean isClosed() {
    return closed;
  }

  private void handleIcmp(long nowNs, Ipv4Packet ip) {
    counters.recordIcmpIn();
    IcmpMessage message;
    try {
      message = IcmpMessage.parse(
          IcmpPacket.check(ip.buffer(), ip.payloadOffset(), ip.payloadLength()));
    } catch (DecodeException e) {
      counters.recordDropped(HostDropReason.BAD_ICMP);
      counters.recordDecodeError(e.error());
      return;
    }
    if (message instanceof IcmpMessage.EchoRequest request) {
      if (ip.payloadLength() + Ipv4Header.LENGTH > config.mtu()) {
        // A peer with a larger MTU pinged us: the same-size reply cannot leave (no fragmentation).
        counters.recordDropped(HostDropReason.ECHO_REPLY_TOO_BIG);
        return;
      }
      counters.recordDelivered();
      enqueue(ip.source(), IpProtocol.ICMP.number(),
          new IcmpMessage.EchoReply(request.identifier(), request.sequence(), request.data())
              .toBytes());
    } else if (message instanceof IcmpMessage.EchoReply reply) {
      counters.recordDelivered();
      echoReplies.add(new ReceivedEcho(nowNs, ip.source(), reply));
    } else if (message instanceof IcmpMessage.DestinationUnreachable unreachable) {
      deliverUnreachable(nowNs, unreachable);
    }
  }

  private void deliverUnreachable(long nowNs, IcmpMessage.DestinationUnreachable unreachable) {
    byte[] original = unreachable.original();
    Ipv4Packet offending;
    try {
      // The quoted packet is truncated: check its header only, not its total length.
      offending = Ipv4Packet.checkQuoted(original, 0, original.length);
    } catch (DecodeException e) {
      counters.recordDropped(HostDropReason.ICMP_ERROR_UNMATCHED);
      counters.recordDecodeError(e.error());
      return;
    }
    ProtocolHandler handler = handlersByNumber[offending.protocol()];
    if (handler == null || !offending.source().equals(config.address())) {
      counters.recordDropped(HostDropReason.ICMP_ERROR_UNMATCHED);
      return;
    }
    counters.recordDelivered();
    handler.handleUnreachable(nowNs, unreachable.code(), offending);
  }

  private void sendUnreachable(long nowNs, int code, Ipv4Packet offending) {
    // RFC 1122 §3.2.2: never send an ICMP error about an ICMP error (we never get here for ICMP),
    // nor about a broadcast or multicast datagram.
    if (isBroadcastOrMulticast(offending.destination())) {
      return;
    }
    if (!icmpErrorLimit.tryTake(nowNs)) {
      counters.recordDropped(HostDropReason.ICMP_RATE_LIMITED);
      return;
    }
    // Quote as much as RFC 1812 §4.3.2.3 allows (576 bytes in all) but never more than the
    // host's own MTU can carry: 20 bytes of IPv4 and 8 of ICMP come first.
    int quoted = Math.min(offending.totalLength(),
        config.mtu() - Ipv4Header.LENGTH - IcmpPacket.HEADER_LENGTH);
    IcmpMessage message = IcmpMessage.DestinationUnreachable.about(code, offending.buffer(),
        offending.offset(), quoted);
    enqueue(offending.source(), IpProtocol.ICMP.number(), message.toBytes());
  }

  /**
   * Whether no packet from the network may come from {@code source} (RFC 1122 §3.2.1.3, RFC 1812
   * §5.3.7; Linux {@code ip_route_input_slow}): this network 0.0.0.0/8, the limited broadcast,
   * multicast, loopback 127.0.0.0/8 (unless this host is a loopback address itself), and this
   * host's own address unless the packet is one it sent to itself (its loopback path, see {@link
   * SelfAddressedPackets}). Nothing is ever sent back to such a source: a TCP or UDP handler would
   * otherwise answer a forged packet towards an address that cannot reply, or build state for it.
   */
  private boolean isMartianSource(Ipv4Packet ip, byte[] packet) {
    Ipv4Address source = ip.source();
    int firstOctet = source.bits() >>> 24;
    if (firstOctet == 0 || isBroadcastOrMulticast(source)) {
      return true;
    }
    if (firstOctet == 127 && (config.address().bits() >>> 24) != 127) {
      return true;
    }
    return source.equals(config.address())
        && !selfAddressed.sentRecently(packet, ip.payloadOffset() - ip.offset());
  }

  private static boolean isBroadcastOrMulticast(Ipv4Address address) {
    int firstOctet = address.bits() >>> 24;
    return address.bits() == -1 || (firstOctet >= 224 && firstOctet <= 239);
  }

  private void enqueue(Ipv4Address destination, int protocol, byte[] payload) {
    enqueue(destination, protocol, payload, 0, payload.length);
  }

  private void enqueue(Ipv4Address destination, int protocol, byte[] payload, int offset,
      int length) {
    byte[] packet = newPacket(destination, protocol, length);
    System.arraycopy(payload, offset, packet, Ipv4Header.LENGTH, length);
    queuePacket(destination, protocol, packet);
  }

  /** An IPv4 packet with its header written and room for {@code length} bytes of payload. */
  private byte[] newPacket(Ipv4Address destination, int protocol, int length) {
    int total = Ipv4Header.LENGTH + length;
    if (total > config.mtu()) {
      throw new IllegalArgumentException(
          "IPv4 packet of " + total + " bytes exceeds the MTU " + config.mtu()
              + " (payload " + length + " bytes + 20-byte header); there is no fragmentation");
    }
    Ipv4Header header = new Ipv4Header(0, nextIdentification & 0xFFFF, true, config.ttl(),
        protocol, config.address(), destination);
    nextIdentification++;
    byte[] packet = new byte[total];
    header.emit(packet, 0, length);
    return packet;
  }

  /** Queues a finished packet for the driver. */
  private void queuePacket(Ipv4Address destination, int protocol, byte[] packet) {
    if (destination.equals(config.address())) {
      selfAddressed.sent(packet, Ipv4Header.LENGTH);
    }
    outbox.add(packet);
    counters.recordSent();
    if (protocol == IpProtocol.ICMP.number()) {
      counters.recordIcmpOut();
    }
  }

  private void advanceTime(long nowNs) {
    if (nowNs < lastNowNs) {
      throw new IllegalArgumentException(
          "time went backwards: now " + nowNs + " ns after " + lastNowNs + " ns");
    }
    lastNowNs = nowNs;
  }

  /** The view of this host each handler gets, bound to that handler's protocol. */
  private final class Context implements HostContext {
    private final int protocol;

    Context(int protocol) {
      this.protocol = protocol;
    }

    @Override
    public Ipv4Address address() {
      return config.address();
    }

    @Override
    public int mtu() {
      return config.mtu();
    }

    @Override
    public PortTable<Object> portTable() {
      IpProtocol named = IpProtocol.ofNumber(protocol);
      if (named == null) {
        throw new IllegalArgumentException(
            "protocol " + protocol + " has no port table; only TCP and UDP have ports");
      }
      return Host.this.portTable(named);
    }

    @Override
    public void transmit(Ipv4Address destination, byte[] segment, int offset, int length) {
      enqueue(destination, protocol, segment, offset, length);
    }

    @Override
    public void transmit(Ipv4Address destination, int length, SegmentWriter writer) {
      byte[] packet = newPacket(destination, protocol, length);
      writer.writeAt(packet, Ipv4Header.LENGTH);
      queuePacket(destination, protocol, packet);
    }

    @Override
    public void sendPortUnreachable(long nowNs, Ipv4Packet offending) {
      sendUnreachable(nowNs, IcmpMessage.DestinationUnreachable.CODE_PORT_UNREACHABLE, offending);
    }

    @Override
    public String toString() {
      return "HostContext(" + config.address() + ", protocol " + protocol + ")";
    }
  }
}
