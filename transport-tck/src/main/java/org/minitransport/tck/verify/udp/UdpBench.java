package org.minitransport.tck.verify.udp;

import java.util.ArrayList;
import java.util.List;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.stack.HostContext;
import org.minitransport.core.stack.ProtocolHandler;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.core.wire.IcmpMessage;
import org.minitransport.core.wire.InternetChecksum;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Header;
import org.minitransport.core.wire.Ipv4Packet;
import org.minitransport.udp.UdpEndpoint;
import org.minitransport.udp.UdpEndpointFactory;
import org.minitransport.udp.UdpService;

/**
 * The bench of {@code UdpEndpointVerification}: two hosts on a clean simulated network in virtual
 * time. Host {@link #HOST} runs the endpoint under test inside the real stack ({@link
 * UdpService#install(Host, org.minitransport.core.driver.HostExecutor, UdpEndpointFactory)});
 * host {@link #PEER} has no UDP of its own but a {@link RawPeer} that sends hand-built segments,
 * records every segment and ICMP unreachable it gets, and refuses the ports it is told to (with a
 * real ICMP port unreachable from its host). The judge builds and checks segments with its own
 * code over {@link InternetChecksum}, not with udp-lite's codec.
 */
public final class UdpBench implements AutoCloseable {

  /** The host under test. */
  public static final Ipv4Address HOST = Ipv4Address.of(10, 0, 0, 2);
  /** The raw peer. */
  public static final Ipv4Address PEER = Ipv4Address.of(10, 0, 0, 1);

  /** A segment the peer received: IPv4 source and destination and the raw UDP bytes. */
  public record Segment(Ipv4Address source, Ipv4Address destination, byte[] udp) {
    public int sourcePort() {
      return u16(udp, 0);
    }

    public int destinationPort() {
      return u16(udp, 2);
    }

    public int lengthField() {
      return u16(udp, 4);
    }

    public int checksumField() {
      return u16(udp, 6);
    }

    /** Whether the checksum field verifies over the pseudo-header (a 0 field is "none"). */
    public boolean checksumVerifies() {
      return InternetChecksum.transportChecksum(
          source, destination, IpProtocol.UDP.number(), udp, 0, udp.length) == 0;
    }

    public byte[] payload() {
      return java.util.Arrays.copyOfRange(udp, 8, udp.length);
    }
  }

  /** An ICMP destination unreachable the peer got: its code and the ports it quotes. */
  public record Unreachable(int code, int sourcePort, int destinationPort) {}

  /** The peer's UDP handler. */
  public static final class RawPeer implements ProtocolHandler {
    final List<Segment> segments = new ArrayList<>();
    final List<Unreachable> unreachables = new ArrayList<>();
    final java.util.Set<Integer> refusedPorts = new java.util.HashSet<>();
    HostContext context;

    @Override
    public int protocolNumber() {
      return IpProtocol.UDP.number();
    }

    @Override
    public void attach(HostContext hostContext) {
      this.context = hostContext;
    }

    @Override
    public void handlePacket(long nowNs, Ipv4Packet packet) {
      byte[] udp = java.util.Arrays.copyOfRange(packet.buffer(), packet.payloadOffset(),
          packet.payloadOffset() + packet.payloadLength());
      if (udp.length >= 4 && refusedPorts.contains(u16(udp, 2))) {
        context.sendPortUnreachable(nowNs, packet);
        return;
      }
      segments.add(new Segment(packet.source(), packet.destination(), udp));
    }

    @Override
    public void handleUnreachable(long nowNs, int code, Ipv4Packet original) {
      byte[] b = original.buffer();
      int at = original.payloadOffset();
      unreachables.add(new Unreachable(code, u16(b, at), u16(b, at + 2)));
    }
  }

  private final VirtualClock clock = new VirtualClock();
  private final SimulatedNetwork network;
  private final SimulationDriver driver;
  private final Host host;
  private final UdpService udp;
  final RawPeer peer = new RawPeer();

  /** A bench whose host under test has link MTU {@code mtu}. */
  public UdpBench(UdpEndpointFactory factory, int mtu) {
    network = new SimulatedNetwork(1, clock, LinkConfig.DEFAULT);
    driver = new SimulationDriver(network, clock);
    driver.setMaxSteps(1_000_000);
    Host peerHost = driver.addHost(HostConfig.of(PEER));
    peerHost.register(peer);
    host = driver.addHost(HostConfig.builder(HOST).mtu(mtu).build());
    udp = UdpService.install(host, driver.executor(), factory);
  }

  /** The service over the endpoint under test. */
  public UdpService udp() {
    return udp;
  }

  /** The endpoint under test. */
  public UdpEndpoint endpoint() {
    return (UdpEndpoint) host.handler(IpProtocol.UDP.number());
  }

  /** The host under test. */
  public Host host() {
    return host;
  }

  /** Virtual now. */
  public long nowNs() {
    return driver.nowNs();
  }

  /** Sends raw UDP bytes from the peer to the host under test and runs until idle. */
  public void inject(byte[] udpBytes) {
    peer.context.transmit(HOST, udpBytes, 0, udpBytes.length);
    settle();
  }

  /**
   * Hands the host under test an ICMP port unreachable from the peer that quotes {@code quoted}
   * (an IPv4 packet the host sent, possibly cut short), as if the network delivered it now, and
   * runs until idle. Forged or damaged ICMP errors are untrusted input like any packet.
   */
  public void injectPortUnreachable(byte[] quoted) {
    byte[] icmp = new IcmpMessage.DestinationUnreachable(
        IcmpMessage.DestinationUnreachable.CODE_PORT_UNREACHABLE, quoted).toBytes();
    byte[] packet = new Ipv4Header(0, 1, true, 64, IpProtocol.ICMP.number(), PEER, HOST)
        .toPacket(icmp, 0, icmp.length);
    host.handlePacket(driver.nowNs(), packet);
    settle();
  }

  /**
   * The IPv4 packet the host under test would send for {@code udp} (its own UDP bytes) to the
   * peer, for quoting in an ICMP error.
   */
  public static byte[] packetFromHost(byte[] udp) {
    return new Ipv4Header(0, 1, true, 64, IpProtocol.UDP.number(), HOST, PEER)
        .toPacket(udp, 0, udp.length);
  }

  /** Runs the simulation until nothing is in flight. */
  public void settle() {
    driver.runUntilIdle();
  }

  /** Segments the peer has received, oldest first. */
  public List<Segment> segments() {
    return List.copyOf(peer.segments);
  }

  /** ICMP unreachables the peer has received, oldest first. */
  public List<Unreachable> unreachables() {
    return List.copyOf(peer.unreachables);
  }

  /** Makes the peer answer datagrams to {@code port} with ICMP port unreachable. */
  public void refuse(int port) {
    peer.refusedPorts.add(port);
  }

  /** An endpoint of the peer. */
  public static Endpoint peer(int port) {
    return new Endpoint(PEER, port);
  }

  /** An endpoint of the host under test. */
  public static Endpoint host(int port) {
    return new Endpoint(HOST, port);
  }

  /** How a hand-built segment's checksum is set. */
  public enum Checksum {
    /** Correct over the pseudo-header (a computed 0 sent as 0xFFFF). */
    GOOD,
    /** Zero: "no checksum" (RFC 768). */
    NONE,
    /** Correct, then one bit flipped: must be dropped. */
    BAD
  }

  /** A UDP segment from the peer's {@code sourcePort} to the host's {@code destinationPort}. */
  public static byte[] segment(int sourcePort, int destinationPort, byte[] payload,
      Checksum checksum) {
    byte[] udp = new byte[8 + payload.length];
    put16(udp, 0, sourcePort);
    put16(udp, 2, destinationPort);
    put16(udp, 4, udp.length);
    System.arraycopy(payload, 0, udp, 8, payload.length);
    if (checksum != Checksum.NONE) {
      int sum = InternetChecksum.transportChecksum(
          PEER, HOST, IpProtocol.UDP.number(), udp, 0, udp.length);
      if (checksum == Checksum.BAD) {
        sum ^= 0x0100;
      }
      put16(udp, 6, sum == 0 ? 0xFFFF : sum);
    }
    return udp;
  }

  /**
   * A payload of {@code length} ≥ 2 bytes whose UDP checksum, from {@code source} to {@code
   * destination}, computes to zero (so it must be sent as 0xFFFF).
   */
  public static byte[] payloadWithZeroChecksum(Endpoint source, Endpoint destination, int length) {
    byte[] udp = new byte[8 + length];
    put16(udp, 0, source.port());
    put16(udp, 2, destination.port());
    put16(udp, 4, udp.length);
    for (int tail = 0; tail <= 0xFFFF; tail++) {
      put16(udp, udp.length - 2, tail);
      if (InternetChecksum.transportChecksum(source.address(), destination.address(),
          IpProtocol.UDP.number(), udp, 0, udp.length) == 0) {
        return java.util.Arrays.copyOfRange(udp, 8, udp.length);
      }
    }
    throw new IllegalStateException("no 16-bit tail gives checksum 0");
  }

  static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  static void put16(byte[] b, int at, int value) {
    b[at] = (byte) (value >>> 8);
    b[at + 1] = (byte) value;
  }

  @Override
  public void close() {
    driver.close();
    network.close();
  }
}
