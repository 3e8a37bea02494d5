package org.minitransport.tck.tcp;

import java.util.Random;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.stack.HostContext;
import org.minitransport.core.stack.ProtocolHandler;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Packet;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpSegment;
import org.minitransport.testkit.Simulation;

/**
 * A SYN flood from a host of its own on the simulated network: it takes the place of TCP on that
 * host, sends SYNs from ever new source ports to one listener and swallows what comes back, as
 * a spoofed source that never answers a SYN-ACK. So the listener's SYN queue fills with half-open
 * connections that stay until they run out of SYN-ACK retransmissions ({@code
 * TcpConfig.synAckRetriesBeforeAbort}), and a legitimate client's SYN meets a full queue: it gets
 * a SYN cookie, or is dropped until the queue frees when cookies are off.
 *
 * <p>Being a real host, its packets count as every host's do, so the network's and the hosts'
 * counters still add up. Its link to the target is loss-free with no delay, so the first burst
 * fills the queue before the client's first SYN can arrive (which crosses its scenario's link).
 */
final class SynFlooder implements ProtocolHandler {

  /** The flooding host: outside the scenario's two hosts. */
  static final Ipv4Address ADDRESS = Ipv4Address.parse("10.0.0.66");

  private final Endpoint target;
  private final int burst;
  private final int total;
  private final long intervalNs;
  private final Random random;
  private HostContext context;
  private long nextNs;
  private int nextPort = 1024;
  int sent;
  int answers;

  /**
   * @param burst SYNs sent at once, before the scenario starts
   * @param total SYNs in all; the rest follow one per {@code intervalNs}
   */
  private SynFlooder(Endpoint target, int burst, int total, long intervalNs, long seed) {
    this.target = target;
    this.burst = burst;
    this.total = total;
    this.intervalNs = intervalNs;
    this.random = new Random(seed);
  }

  /**
   * Adds the flooding host to {@code sim} and sends its first {@code burst} SYNs to {@code
   * target}; a hook for {@code RunOptions.withBeforeStart}.
   */
  static SynFlooder install(Simulation sim, Endpoint target, int burst, int total,
      long intervalNs) {
    sim.network().setLink(ADDRESS, target.address(), LinkConfig.builder().build());
    Host host = sim.driver().addHost(HostConfig.of(ADDRESS));
    SynFlooder flooder = new SynFlooder(target, burst, total, intervalNs, ~sim.seed());
    host.register(flooder);
    for (int i = 0; i < burst; i++) {
      flooder.sendSyn();
    }
    flooder.nextNs = sim.nowNs() + intervalNs;
    return flooder;
  }

  @Override
  public int protocolNumber() {
    return IpProtocol.TCP.number();
  }

  @Override
  public void attach(HostContext context) {
    this.context = context;
  }

  @Override
  public void handlePacket(long nowNs, Ipv4Packet packet) {
    answers++; // a SYN-ACK (plain or a cookie): a spoofed source never sees it
  }

  @Override
  public long pollTimeoutNs() {
    return sent < total ? nextNs : Long.MAX_VALUE;
  }

  @Override
  public void handleTimeout(long nowNs) {
    while (sent < total && nextNs <= nowNs) {
      sendSyn();
      nextNs += intervalNs;
    }
  }

  private void sendSyn() {
    TcpSegment syn = new TcpSegment(new TcpHeader(nextPort++, target.port(),
        random.nextLong() & 0xFFFF_FFFFL, 0, TcpFlags.of(TcpFlags.SYN), 65_535, 0,
        TcpOptions.NONE.withMss(1460)));
    byte[] bytes = syn.emit(ADDRESS, target.address());
    context.transmit(target.address(), bytes, 0, bytes.length);
    sent++;
  }

  @Override
  public String toString() {
    return "SynFlooder[" + sent + " of " + total + " SYNs (" + burst + " at once, then one every "
        + intervalNs / 1_000_000 + " ms), " + answers + " answers swallowed]";
  }
}
