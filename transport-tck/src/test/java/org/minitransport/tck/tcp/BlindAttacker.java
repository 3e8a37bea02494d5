package org.minitransport.tck.tcp;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.port.BindingSnapshot;
import org.minitransport.core.port.PortState;
import org.minitransport.core.stack.Host;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Header;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpSegment;
import org.minitransport.testkit.HostTimer;

/**
 * An off-path attacker on the simulated network: it knows the 4-tuple of one connection (it
 * reads the client's port table, as a real attacker would guess or learn the ephemeral port) but
 * not its sequence numbers. At a fixed rate it sends segments spoofed from either end to the
 * other, each with a uniformly random SEQ, ACK, window and (optionally) timestamps, of kinds
 * drawn from {@link Kind}. It lives on a host of its own (for its timer) and sends through a raw
 * attachment, so its packets cross the same impaired links as everyone else's.
 *
 * <p>It starts once the client's end is synchronized (ESTABLISHED or later) and stops for good once the connection is gone
 * from the client's port table (so a simulation can go idle), or at {@code giveUpNs}. Handshakes
 * are out of its reach on purpose: a blind SYN that reaches SYN-SENT is a simultaneous open (RFC
 * 9293 §3.5) and can spoil a connection attempt, in tcp-lite as in Linux; RFC 5961 protects
 * synchronized connections.
 */
final class BlindAttacker {

  /** What a forged segment looks like. */
  enum Kind {
    RST,
    SYN,
    PURE_ACK,
    DATA,
    FIN
  }

  /** IPv4 protocol 254 is for experiments (RFC 3692); the attacker's timer borrows it. */
  static final int TIMER_PROTOCOL = 254;

  private final Host client;
  private final Endpoint server;
  private final NetworkAttachment raw;
  private final Random random;
  private final long intervalNs;
  private final Set<Kind> kinds;
  private final boolean timestamps;
  private final long giveUpNs;

  private Endpoint target;
  private final HostTimer timer = new HostTimer(TIMER_PROTOCOL, this::attack);
  private boolean done;
  long segmentsSent;
  long firstAttackNs = -1;
  long lastAttackNs = -1;

  /**
   * @param spoofingAddress an unused address the raw attachment takes (the network routes by
   *     destination, so the forged source address is never checked)
   */
  BlindAttacker(SimulatedNetwork network, Ipv4Address spoofingAddress, Host client,
      Endpoint server, long seed, long intervalNs, Set<Kind> kinds, boolean timestamps,
      long giveUpNs) {
    this.raw = network.attach(spoofingAddress, packet -> { });
    this.client = client;
    this.server = server;
    this.random = new Random(seed);
    this.intervalNs = intervalNs;
    this.kinds = EnumSet.copyOf(kinds);
    this.timestamps = timestamps;
    this.giveUpNs = giveUpNs;
    timer.wakeAt(0);
  }

  /** The attacker's clock: register it on the attacker's host. */
  HostTimer timer() {
    return timer;
  }

  private void attack(long nowNs) {
    if (done) {
      return;
    }
    Optional<Endpoint> clientSide = clientEndpoint();
    if (target == null && clientSide.isPresent()) {
      target = clientSide.get();
    } else if (target != null && clientSide.isEmpty() || nowNs >= giveUpNs) {
      done = true; // the connection is gone: nothing left to attack
      return;
    }
    if (target != null) {
      boolean toServer = random.nextBoolean();
      Endpoint from = toServer ? target : server;
      Endpoint to = toServer ? server : target;
      byte[] tcp = forge(from, to, nowNs).emit(from.address(), to.address());
      byte[] packet = new Ipv4Header(0, random.nextInt(65_536), true, 64,
          IpProtocol.TCP.number(), from.address(), to.address()).toPacket(tcp, 0, tcp.length);
      raw.send(packet, 0, packet.length);
      segmentsSent++;
      if (firstAttackNs < 0) {
        firstAttackNs = nowNs;
      }
      lastAttackNs = nowNs;
    }
    timer.wakeAt(nowNs + intervalNs);
  }

  /** Seconds from the first forged segment to the last. */
  double attackSeconds() {
    return firstAttackNs < 0 ? 0 : (lastAttackNs - firstAttackNs) / 1e9;
  }

  /** The client's end of the connection once it is synchronized, while it exists. */
  private Optional<Endpoint> clientEndpoint() {
    for (BindingSnapshot b : client.portTable(IpProtocol.TCP).snapshot()) {
      boolean synchronizedState = b.state().compareTo(PortState.ESTABLISHED) >= 0;
      if (server.equals(b.remote()) && (target != null || synchronizedState)) {
        return Optional.of(b.local());
      }
    }
    return Optional.empty();
  }

  private TcpSegment forge(Endpoint from, Endpoint to, long nowNs) {
    Kind kind = kinds.stream().skip(random.nextInt(kinds.size())).findFirst().orElseThrow();
    int flags = switch (kind) {
      case RST -> TcpFlags.RST | (random.nextBoolean() ? TcpFlags.ACK : 0);
      case SYN -> TcpFlags.SYN | (random.nextBoolean() ? TcpFlags.ACK : 0);
      case PURE_ACK -> TcpFlags.ACK;
      case DATA -> TcpFlags.ACK | TcpFlags.PSH;
      case FIN -> TcpFlags.FIN | TcpFlags.ACK;
    };
    byte[] payload = new byte[kind == Kind.DATA || kind == Kind.FIN && random.nextBoolean()
        ? 1 + random.nextInt(500) : 0];
    random.nextBytes(payload);
    TcpOptions options = TcpOptions.NONE;
    if (timestamps && kind != Kind.RST) {
      options = options.withTimestamps(random.nextLong() & 0xFFFF_FFFFL,
          random.nextLong() & 0xFFFF_FFFFL);
    }
    return new TcpSegment(new TcpHeader(from.port(), to.port(), random.nextLong() & 0xFFFF_FFFFL,
        (flags & TcpFlags.ACK) != 0 ? random.nextLong() & 0xFFFF_FFFFL : 0, TcpFlags.of(flags),
        random.nextInt(65_536), 0, options), payload);
  }

  @Override
  public String toString() {
    return "BlindAttacker[" + kinds + (timestamps ? " with timestamps" : "") + ", every "
        + intervalNs / 1000 + " µs, " + segmentsSent + " sent]";
  }
}
