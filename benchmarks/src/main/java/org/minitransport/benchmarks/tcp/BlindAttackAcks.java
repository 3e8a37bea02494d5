package org.minitransport.benchmarks.tcp;

import java.net.BindException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.net.sim.TraceEvent;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.TcpEndpoint;
import org.minitransport.tcp.TcpListener;
import org.minitransport.tcp.TcpState;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * How many segments an off-path attacker can make a tcp-lite connection send (issue 9, findings
 * 3 and 6). Two hosts on a loss-free 1 ms simulated link, default {@link TcpConfig} (timestamps
 * on, 10 challenge ACKs/s), one idle ESTABLISHED connection. The attacker knows the 4-tuple but
 * not the sequence numbers: it sends forged segments spoofed from the client to the server, one
 * per millisecond of virtual time, each with a uniformly random SEQ and ACK (and, where said,
 * random timestamps). Everything the idle server sends meanwhile was provoked, so the figure is
 * the server's segments per 1,000 forged ones.
 *
 * <p>The last row is finding 3's TS.Recent poisoning (RFC 7323 PAWS), by an attacker who knows
 * roughly where the streams are: one forged pure ACK into each end with an old SEQ and a TSval
 * 2^30 ticks ahead, then a 64 KiB transfer; it counts what both ends send in the next 10 virtual
 * seconds (a healthy transfer needs about 70 segments).
 *
 * <p>Uses only API that predates the fixes, so the same file runs against older code for a
 * before/after comparison. Usage: {@code java -cp benchmarks.jar
 * org.minitransport.benchmarks.tcp.BlindAttackAcks [forged segments per row, default 10000]}.
 */
public final class BlindAttackAcks {

  private static final long MS = 1_000_000L;
  private static final Ipv4Address CLIENT = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address SERVER = Ipv4Address.parse("10.0.0.2");
  private static final int PORT = 5001;

  private enum Kind {
    RST("RST"),
    SYN("SYN"),
    PURE_ACK("pure ACK"),
    DATA("data, 100 bytes"),
    PURE_ACK_TS("pure ACK, random timestamps"),
    DATA_TS("data, random timestamps");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private BlindAttackAcks() {}

  public static void main(String[] args) throws Exception {
    int segments = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    System.out.printf(Locale.ROOT, "blind attacker: %,d forged segments per row at 1,000/s, "
        + "random SEQ/ACK, into an idle connection (default TcpConfig)%n", segments);
    System.out.printf(Locale.ROOT, "%-32s %12s %16s%n", "forged segments", "provoked",
        "per 1,000 forged");
    for (Kind kind : Kind.values()) {
      long provoked = provokedBy(kind, segments, 42 + kind.ordinal());
      System.out.printf(Locale.ROOT, "%-32s %12d %16.1f%n", kind.label, provoked,
          provoked * 1000.0 / segments);
    }
    System.out.printf(Locale.ROOT, "%-32s %12d %16s%n", "old-SEQ ACK, TSval+2^30, each end",
        segmentsAfterPoisoning(7), "sent in 10 s");
  }

  /** A client and a server on a loss-free 1 ms link with one ESTABLISHED connection. */
  private static final class Pair {
    final VirtualClock clock = new VirtualClock();
    final SimulatedNetwork network =
        new SimulatedNetwork(1, clock, LinkConfig.builder().delayNs(MS).build());
    final SimulationDriver sim = new SimulationDriver(network, clock);
    final TcpEndpoint clientTcp;
    final TcpEndpoint serverTcp;
    final TcpConnection client;
    final TcpConnection server;
    final NetworkAttachment attacker;

    Pair() throws BindException {
      sim.setMaxSteps(Long.MAX_VALUE / 2);
      clientTcp = TcpEndpoint.install(sim.addHost(HostConfig.of(CLIENT)), TcpConfig.defaults(),
          1, 2);
      serverTcp = TcpEndpoint.install(sim.addHost(HostConfig.of(SERVER)), TcpConfig.defaults(),
          3, 4);
      TcpListener listener = serverTcp.listen(new Endpoint(Ipv4Address.ANY, PORT), 4, false);
      client = clientTcp.connect(sim.nowNs(), null, new Endpoint(SERVER, PORT), null);
      sim.runUntil(() -> client.state() == TcpState.ESTABLISHED);
      sim.runUntilIdle();
      server = serverTcp.accept(listener);
      attacker = network.attach(Ipv4Address.parse("10.0.0.66"), packet -> { });
    }

    /** Sends a forged segment from {@code from}'s side of the connection to the other side. */
    void forge(TcpConnection from, TcpSegment segment) {
      Ipv4Address source = from.socketPair().local().address();
      Ipv4Address destination = from.socketPair().remote().address();
      byte[] packet = SpoofedPackets.tcp(source, destination, segment);
      attacker.send(packet, 0, packet.length);
    }
  }

  private static long provokedBy(Kind kind, int segments, long seed) throws BindException {
    Pair pair = new Pair();
    Random random = new Random(seed);
    long before = pair.serverTcp.counters().outSegments();
    int fromPort = pair.client.socketPair().local().port();
    for (int i = 0; i < segments; i++) {
      int flags = switch (kind) {
        case RST -> TcpFlags.RST;
        case SYN -> TcpFlags.SYN;
        case PURE_ACK, PURE_ACK_TS -> TcpFlags.ACK;
        case DATA, DATA_TS -> TcpFlags.ACK | TcpFlags.PSH;
      };
      byte[] payload = new byte[kind == Kind.DATA || kind == Kind.DATA_TS ? 100 : 0];
      TcpOptions options = kind == Kind.PURE_ACK_TS || kind == Kind.DATA_TS
          ? TcpOptions.NONE.withTimestamps(random.nextLong() & 0xFFFF_FFFFL,
              random.nextLong() & 0xFFFF_FFFFL)
          : TcpOptions.NONE;
      pair.forge(pair.client, new TcpSegment(new TcpHeader(fromPort, PORT,
          random.nextLong() & 0xFFFF_FFFFL, random.nextLong() & 0xFFFF_FFFFL,
          TcpFlags.of(flags), 65_535, 0, options), payload));
      pair.sim.runFor(MS);
    }
    pair.sim.runUntilIdle();
    return pair.serverTcp.counters().outSegments() - before;
  }

  /**
   * Finding 3's attack: after both directions carried 64 KiB, one forged pure ACK into each end
   * with an old SEQ (1,000 below what that end has received, so inside bytes it already holds),
   * a random ACK and a TSval 2^30 ticks ahead; then the client sends 64 KiB more. Counts what both
   * ends send in the next 10 virtual seconds.
   */
  private static long segmentsAfterPoisoning(long seed) throws BindException {
    Pair pair = new Pair();
    Map<Ipv4Address, Long> nextSeq = new HashMap<>();
    pair.network.setTraceListener(event -> {
      byte[] p = event.packet();
      if (event.kind() == TraceEvent.Kind.SENT && p.length >= 40 && p[9] == 6) {
        int ihl = (p[0] & 0x0F) * 4;
        long seq = ((p[ihl + 4] & 0xFFL) << 24) | ((p[ihl + 5] & 0xFF) << 16)
            | ((p[ihl + 6] & 0xFF) << 8) | (p[ihl + 7] & 0xFF);
        int payload = (((p[2] & 0xFF) << 8) | (p[3] & 0xFF)) - ihl - ((p[ihl + 12] >> 4) & 0xF) * 4;
        nextSeq.put(event.from(), (seq + payload) & 0xFFFF_FFFFL);
      }
    });
    byte[] data = new byte[64 * 1024];
    exchange(pair, pair.client, pair.clientTcp, data);
    exchange(pair, pair.server, pair.serverTcp, data);
    Random random = new Random(seed);
    long tsVal = (pair.sim.nowNs() / MS + (1L << 30)) & 0xFFFF_FFFFL;
    for (TcpConnection from : new TcpConnection[] {pair.client, pair.server}) {
      long oldSeq = (nextSeq.get(from.socketPair().local().address()) - 1_000) & 0xFFFF_FFFFL;
      pair.forge(from, new TcpSegment(new TcpHeader(from.socketPair().local().port(),
          from.socketPair().remote().port(), oldSeq, random.nextLong() & 0xFFFF_FFFFL,
          TcpFlags.of(TcpFlags.ACK), 65_535, 0, TcpOptions.NONE.withTimestamps(tsVal, 0)),
          new byte[0]));
    }
    pair.sim.runFor(10 * MS);
    long before = pair.clientTcp.counters().outSegments()
        + pair.serverTcp.counters().outSegments();
    pair.client.write(pair.sim.nowNs(), data, 0, data.length);
    pair.clientTcp.flush(pair.sim.nowNs(), pair.client);
    pair.sim.runFor(10_000 * MS);
    return pair.clientTcp.counters().outSegments() + pair.serverTcp.counters().outSegments()
        - before;
  }

  /** {@code from} writes {@code data}; the other side reads it all. */
  private static void exchange(Pair pair, TcpConnection from, TcpEndpoint fromTcp, byte[] data) {
    TcpConnection to = from == pair.client ? pair.server : pair.client;
    TcpEndpoint toTcp = from == pair.client ? pair.serverTcp : pair.clientTcp;
    byte[] sink = new byte[data.length];
    int[] read = {0};
    from.write(pair.sim.nowNs(), data, 0, data.length);
    fromTcp.flush(pair.sim.nowNs(), from);
    pair.sim.runUntil(() -> {
      read[0] += to.read(pair.sim.nowNs(), sink, 0, sink.length);
      toTcp.flush(pair.sim.nowNs(), to);
      return read[0] == data.length;
    });
    pair.sim.runUntilIdle();
  }
}
