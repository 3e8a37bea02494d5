package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.net.sim.TraceEvent;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.HandBuiltPackets;
import org.minitransport.core.wire.Ipv4Packet;
import org.minitransport.tcp.HostilePackets.TcpFields;
import org.minitransport.tcp.SequenceKnowledge.Harm;
import org.minitransport.tcp.internal.NegotiatedOptions;
import org.minitransport.tcp.socket.ExchangeHandlers;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpPacket;
import org.minitransport.tcp.wire.TcpSegment;
import org.minitransport.testkit.Seeds;
import org.minitransport.udp.ReceivedDatagram;
import org.minitransport.udp.UdpService;
import org.minitransport.udp.UdpSocket;

/**
 * Hostile input, every build: at least 1,000,000 packets into one host running tcp-lite and
 * udp-lite, with a listener, two established connections in the middle of a transfer each way, and
 * a UDP socket. The packets are random bytes, truncations and bit flips of the real packets on the
 * wire, and packets with chosen IPv4, TCP, UDP and ICMP fields whose checksums are recomputed so
 * they reach the state machines: random control bits (SYN+FIN, RST with data, no bits, all bits),
 * sequence and acknowledgment numbers near and far from the windows, garbage options and data
 * offsets, zero and huge windows, urgent pointers, spoofed and martian sources, SYN floods and
 * forged SYN-cookie ACKs, ICMP errors quoting real and invented packets.
 *
 * <p>What must hold: no exception ever escapes the host; the protected transfer delivers exactly
 * the bytes written, each way (SHA-256), and closes without error; a new client still connects
 * and transfers afterwards; a UDP datagram still arrives; every packet is counted. The one
 * exception is the attacker who knows the sequence numbers: segments of the classes {@link
 * SequenceKnowledge} names can legitimately reset or corrupt a connection, so the generator sends
 * each such segment to the second, sacrificial connection instead, where only "no exception"
 * is asserted. Virtual time; the seed is printed on failure ({@code -Dminitransport.seed=N}).
 */
class HostileInputTest {

  private static final int PACKETS = Boolean.getBoolean("minitransport.soak")
      ? 10_000_000 : 1_000_000;
  private static final Ipv4Address CLIENT = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address VICTIM = Ipv4Address.parse("10.0.0.2");
  private static final Ipv4Address NEWCOMER = Ipv4Address.parse("10.0.0.3");
  private static final int PORT = 8080;
  private static final int UDP_PORT = 5353;
  private static final int TRANSFER_BYTES = 2 << 20;
  private static final long SLICE_NS = 100_000;
  private static final int PER_SLICE_DURING_TRANSFER = 400;
  private static final int PER_SLICE_AFTER = 4000;
  private static final TcpConfig CONFIG = TcpConfig.builder().sendBufferBytes(16 * 1024)
      .receiveBufferBytes(16 * 1024).msl(Duration.ofSeconds(1)).build();

  @Test
  void aMillionHostilePacketsThrowNothingAndLeaveTheProtectedTransferIntact() {
    Seeds.run(seed -> new Attack(seed).run());
  }

  /** One seeded attack run. */
  private static final class Attack {
    final long seed;
    final Random random;
    final HostilePackets packets;
    final VirtualClock clock = new VirtualClock();
    final SimulatedNetwork network;
    final SimulationDriver sim;
    final Host clientHost;
    final Host victimHost;
    final Host newcomerHost;
    final TcpEndpoint clientTcp;
    final TcpEndpoint victimTcp;
    final TcpEndpoint newcomerTcp;
    final UdpSocket victimUdp;
    final UdpSocket clientUdp;
    final TcpListener listener;
    /** The client's ISN and the victim's, per client port, as seen on the wire. */
    final Map<Integer, Long> clientIss = new HashMap<>();
    final Map<Integer, Long> victimIss = new HashMap<>();
    /** The latest real packets on the wire, to damage and quote. */
    final List<byte[]> realPackets = new ArrayList<>();
    final EnumMap<Harm, Long> redirected = new EnumMap<>(Harm.class);
    final Map<String, Long> kinds = new HashMap<>();
    Pump protectedClient;
    Pump protectedServer;
    Pump sacrificialClient;
    Pump sacrificialServer;
    long injected;

    Attack(long seed) throws IOException {
      this.seed = seed;
      this.random = new Random(seed);
      this.packets = new HostilePackets(random);
      network = new SimulatedNetwork(seed, clock, LinkConfig.builder().delayNs(1_000_000).build());
      network.setTraceListener(this::capture);
      sim = new SimulationDriver(network, clock);
      sim.setMaxSteps(Long.MAX_VALUE);
      clientHost = sim.addHost(HostConfig.of(CLIENT));
      victimHost = sim.addHost(HostConfig.of(VICTIM));
      newcomerHost = sim.addHost(HostConfig.of(NEWCOMER));
      clientTcp = TcpEndpoint.install(clientHost, CONFIG, seed, 1);
      victimTcp = TcpEndpoint.install(victimHost, CONFIG, ~seed, 2);
      newcomerTcp = TcpEndpoint.install(newcomerHost, CONFIG, seed ^ 0x5555, 3);
      victimUdp = UdpService.install(victimHost, sim.executor())
          .open(new Endpoint(Ipv4Address.ANY, UDP_PORT));
      clientUdp = UdpService.install(clientHost, sim.executor()).openEphemeral();
      listener = victimTcp.listen(new Endpoint(Ipv4Address.ANY, PORT), 16, false);
    }

    void run() throws Exception {
      protectedClient = new Pump("protected client", clientTcp, connectAndAccept(), seed * 3 + 1,
          TRANSFER_BYTES);
      protectedServer = new Pump("protected server", victimTcp, victimTcp.accept(listener),
          seed * 3 + 2, TRANSFER_BYTES);
      sacrificialClient = new Pump("sacrificial client", clientTcp, connectAndAccept(),
          seed * 3 + 3, TRANSFER_BYTES);
      sacrificialServer = new Pump("sacrificial server", victimTcp, victimTcp.accept(listener),
          seed * 3 + 4, TRANSFER_BYTES);
      long limitNs = sim.nowNs() + 600_000_000_000L;
      while (injected < PACKETS || !protectedTransferClosed()) {
        assertTrue(sim.nowNs() < limitNs, "the protected transfer did not finish in 10 minutes: "
            + protectedClient + " / " + protectedServer);
        for (Pump pump : List.of(protectedClient, protectedServer, sacrificialClient,
            sacrificialServer)) {
          pump.act(sim.nowNs());
        }
        int batch = (int) Math.min(PACKETS - injected,
            protectedTransferClosed() ? PER_SLICE_AFTER : PER_SLICE_DURING_TRANSFER);
        for (int i = 0; i < batch; i++) {
          victimHost.handlePacket(sim.nowNs(), next());
          injected++;
        }
        while (victimUdp.tryReceive() != null) {
          // the attacker's datagrams: the socket's buffer must not fill with them
        }
        sim.runFor(SLICE_NS);
      }
      assertTransferIntact(protectedClient, protectedServer);
      assertTransferIntact(protectedServer, protectedClient);
      assertNewClientsAreServed();
      assertUdpStillDelivers();
      assertEquals(victimHost.counters().received(),
          victimHost.counters().delivered() + victimHost.counters().droppedIncoming(),
          "every packet delivered or dropped for a counted reason: " + victimHost.counters());
      System.out.printf("hostile input, seed %d: %,d packets in %.1f virtual s; kinds %s;"
              + " segments of the 'knowing' classes sent to the sacrificial connection instead:"
              + " %s; victim %s; sacrificial ends %s / %s%n", seed, injected, sim.nowNs() / 1e9,
          kinds, redirected, victimTcp.counters(), sacrificialClient.connection,
          sacrificialServer.connection);
    }

    // ---------------------------------------------------------------- the legitimate side

    private TcpConnection connectAndAccept() throws IOException {
      TcpConnection client = clientTcp.connect(sim.nowNs(), null, new Endpoint(VICTIM, PORT),
          null);
      assertTrue(sim.runUntil(() -> listener.pendingAccepts() > 0));
      return client;
    }

    private boolean protectedTransferClosed() {
      return protectedClient.closed() && protectedServer.closed();
    }

    private void assertTransferIntact(Pump writer, Pump reader) {
      assertEquals(Optional.empty(), writer.connection.failure(), writer + " failed");
      assertEquals(TRANSFER_BYTES, reader.read, reader + " read everything");
      assertArrayEquals(sha256(writer.data), reader.digest.digest(),
          "SHA-256 of what " + reader.name + " read vs what " + writer.name + " wrote");
    }

    private void assertNewClientsAreServed() throws IOException {
      // The attacker may have got in: a forged SYN-cookie ACK checks out once in ~2^28 guesses.
      for (TcpConnection c = victimTcp.accept(listener); c != null; c = victimTcp.accept(listener)) {
        assertTrue(!c.socketPair().remote().address().equals(NEWCOMER), c.toString());
      }
      TcpConnection newcomer = newcomerTcp.connect(sim.nowNs(), null, new Endpoint(VICTIM, PORT),
          null);
      assertTrue(sim.runUntil(() -> listener.pendingAccepts() > 0 || newcomer.failure()
          .isPresent()), "a new client is served after the attack: " + newcomer);
      TcpConnection accepted = victimTcp.accept(listener);
      assertTrue(accepted != null && accepted.socketPair().remote().address().equals(NEWCOMER),
          "the new client's connection was accepted: " + accepted + ", " + newcomer);
      Pump writer = new Pump("newcomer", newcomerTcp, newcomer, seed * 3 + 5, 64 * 1024);
      Pump reader = new Pump("newcomer's server side", victimTcp, accepted, seed * 3 + 6, 0);
      long limitNs = sim.nowNs() + 10_000_000_000L;
      while (reader.read < 64 * 1024) {
        assertTrue(sim.nowNs() < limitNs, "the new client's 64 KiB did not arrive: " + reader);
        writer.act(sim.nowNs());
        reader.act(sim.nowNs());
        sim.runFor(SLICE_NS);
      }
      assertArrayEquals(sha256(writer.data), reader.digest.digest());
    }

    private void assertUdpStillDelivers() throws IOException {
      byte[] hello = "still there?".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      clientUdp.send(new Endpoint(VICTIM, UDP_PORT), hello);
      sim.runFor(10_000_000L);
      boolean arrived = false;
      for (ReceivedDatagram d = victimUdp.tryReceive(); d != null; d = victimUdp.tryReceive()) {
        arrived |= d.source().equals(new Endpoint(CLIENT, clientUdp.localEndpoint().port()))
            && java.util.Arrays.equals(hello, d.data());
      }
      assertTrue(arrived, "a legitimate datagram still reaches the UDP socket");
    }

    // ---------------------------------------------------------------- watching the wire

    private void capture(TraceEvent event) {
      if (event.kind() != TraceEvent.Kind.SENT || event.packet().length < 40
          || !(event.from().equals(CLIENT) || event.from().equals(VICTIM))) {
        return;
      }
      byte[] p = event.packet();
      int ihl = (p[0] & 0x0F) * 4;
      if ((p[9] & 0xFF) == HostilePackets.TCP && p.length >= ihl + 20) {
        int flags = p[ihl + 13] & 0xFF;
        long seq = HostilePackets.readU32(p, ihl + 4) & 0xFFFF_FFFFL;
        // The first SYN each way per client port: the real connections' ISNs. Later SYN-ACKs to
        // the same port answer the attacker (cookies); reading them would make the attacker
        // on-path, able to complete a handshake as any TCP allows.
        if ((flags & TcpFlags.SYN) != 0 && event.from().equals(CLIENT)) {
          clientIss.putIfAbsent(HostilePackets.readU16(p, ihl), seq);
        } else if ((flags & TcpFlags.SYN) != 0) {
          victimIss.putIfAbsent(HostilePackets.readU16(p, ihl + 2), seq);
        }
      }
      if (realPackets.size() < 512) {
        realPackets.add(p.clone());
      } else if (random.nextInt(8) == 0) {
        realPackets.set(random.nextInt(realPackets.size()), p.clone());
      }
    }

    // ---------------------------------------------------------------- the attacker

    /** The next hostile packet for the victim. */
    private byte[] next() {
      int dice = random.nextInt(100);
      String kind;
      byte[] packet;
      if (dice < 8) {
        kind = "random";
        packet = packets.randomBytes(600);
      } else if (dice < 16) {
        kind = "truncated";
        packet = truncated();
      } else if (dice < 26) {
        kind = "bit-flipped";
        packet = bitFlipped();
      } else if (dice < 31) {
        kind = "ipv4-garbage";
        packet = ipv4Garbage();
      } else if (dice < 66) {
        kind = "tcp-protected";
        packet = tcpToConnection(true);
      } else if (dice < 76) {
        kind = "tcp-sacrificial";
        packet = tcpToConnection(false);
      } else if (dice < 88) {
        kind = "tcp-listener";
        packet = tcpToListenerOrClosedPort();
      } else if (dice < 94) {
        kind = "udp";
        packet = udp();
      } else {
        kind = "icmp";
        packet = icmp();
      }
      kinds.merge(kind, 1L, Long::sum);
      return packet;
    }

    private byte[] realPacket() {
      return realPackets.get(random.nextInt(realPackets.size()));
    }

    /** Whether a real packet belongs to the protected connection (either direction). */
    private boolean isProtected(byte[] p) {
      if (p.length < 24 || (p[9] & 0xFF) != HostilePackets.TCP) {
        return false;
      }
      int ihl = (p[0] & 0x0F) * 4;
      if (p.length < ihl + 4) {
        return false;
      }
      int port = protectedClient.connection.socketPair().local().port();
      return HostilePackets.readU16(p, ihl) == port || HostilePackets.readU16(p, ihl + 2) == port;
    }

    private byte[] truncated() {
      byte[] real = realPacket();
      // A resealed prefix of a real segment is a real segment: keep those off the protected one.
      return packets.truncate(real, !isProtected(real) && random.nextBoolean());
    }

    private byte[] bitFlipped() {
      byte[] real = realPacket();
      // One flip always breaks a one's-complement checksum; several can cancel out (RFC 1071), and
      // a corrupted segment that still checks out is indistinguishable from a forged one.
      return packets.flipBits(real, isProtected(real) ? 1 : 1 + random.nextInt(8));
    }

    private byte[] ipv4Garbage() {
      int[] common = {HostilePackets.TCP, HostilePackets.UDP, HostilePackets.ICMP};
      int protocol = random.nextInt(3) == 0 ? common[random.nextInt(3)] : random.nextInt(256);
      byte[] packet = packets.ipv4(source(), VICTIM, protocol,
          random.nextInt(4) == 0 ? random.nextInt(41) : 0, packets.randomBytes(200));
      if (random.nextInt(5) == 0) {
        HandBuiltPackets.put16(packet, 6, random.nextInt(65_536)); // fragments, reserved bit
      }
      HostilePackets.reseal(packet);
      return packet;
    }

    /** A spoofed source: mostly a host that does not exist, sometimes the client or a martian. */
    private Ipv4Address source() {
      int dice = random.nextInt(10);
      if (dice < 6) {
        return new Ipv4Address(0x0A00_0000 | (4 + random.nextInt(0xFF_FFF0)));
      }
      if (dice < 8) {
        return CLIENT;
      }
      String[] martians = {"0.0.0.0", "255.255.255.255", "224.0.0.1", "127.0.0.1", "10.0.0.2"};
      return Ipv4Address.parse(martians[random.nextInt(martians.length)]);
    }

    /**
     * A segment for one of the two connections, its numbers chosen near the victim's windows. A
     * segment meant for the protected connection that SequenceKnowledge finds harmful goes to the
     * sacrificial one instead, with the same fields and the same offsets from that connection's
     * numbers. The segment is judged as the victim will decode it: a garbage data offset moves the
     * boundary between options and payload, and may make a timestamps option appear or vanish.
     */
    private byte[] tcpToConnection(boolean wantProtected) {
      boolean protectedOpen = protectedClient.connection.state() == TcpState.ESTABLISHED
          && protectedServer.connection.state() == TcpState.ESTABLISHED;
      Pump target = wantProtected && protectedOpen ? protectedServer : sacrificialServer;
      long seqOffset = offset(CONFIG.receiveBufferBytes());
      long ackOffset = offset(CONFIG.sendBufferBytes());
      int flags = flags();
      byte[] payload = random.nextBoolean() ? new byte[0]
          : packets.randomBytes(1 + random.nextInt(1400));
      long tsVal = random.nextInt(5) < 2 ? -1 : timestamp();
      int dataOffset = random.nextInt(10) == 0 ? random.nextInt(16) : -1;
      byte[] options = packets.tcpOptions(tsVal);
      int window = window();
      int urgentPointer = (flags & TcpFlags.URG) != 0 || random.nextInt(10) == 0
          ? random.nextInt(65_536) : 0;
      byte[] packet = segmentFor(target, seqOffset, ackOffset, flags, dataOffset, options, window,
          urgentPointer, payload);
      if (target == protectedServer) {
        Harm harm = harmTo(protectedServer, packet);
        if (harm != Harm.NONE) {
          redirected.merge(harm, 1L, Long::sum);
          packet = segmentFor(sacrificialServer, seqOffset, ackOffset, flags, dataOffset, options,
              window, urgentPointer, payload);
        }
      }
      return packet;
    }

    private byte[] segmentFor(Pump target, long seqOffset, long ackOffset, int flags,
        int dataOffset, byte[] options, int window, int urgentPointer, byte[] payload) {
      SequenceKnowledge.View view = view(target);
      TcpFields fields = new TcpFields(target.connection.socketPair().remote().port(), PORT,
          view.rcvNxt() + seqOffset, view.sndUna() + ackOffset,
          dataOffset >= 0 ? dataOffset : 5 + options.length / 4, flags, window, urgentPointer,
          options, payload);
      byte[] packet = packets.ipv4(CLIENT, VICTIM, HostilePackets.TCP, 0,
          HostilePackets.tcp(fields));
      HostilePackets.reseal(packet);
      return packet;
    }

    /** What {@code packet} can do to {@code target}, decoded as the victim's codec decodes it. */
    private Harm harmTo(Pump target, byte[] packet) {
      TcpSegment segment;
      try {
        Ipv4Packet ip = Ipv4Packet.check(packet, 0, packet.length);
        segment = TcpSegment.parse(TcpPacket.check(ip.buffer(), ip.payloadOffset(),
            ip.payloadLength(), ip.source(), ip.destination()));
      } catch (DecodeException e) {
        return Harm.NONE; // the codec drops it
      }
      TcpHeader h = segment.header();
      return SequenceKnowledge.classify(view(target), h.sequenceNumber(),
          h.acknowledgmentNumber(), h.flags().bits(), segment.payloadLength(),
          h.options().timestamps().isPresent());
    }

    /** The victim's side of a connection, as the classifier needs it. */
    private SequenceKnowledge.View view(Pump server) {
      TcpConnection c = server.connection;
      int clientPort = c.socketPair().remote().port();
      TcpState state = c.state();
      boolean finReceived = state == TcpState.CLOSE_WAIT || state == TcpState.LAST_ACK
          || state == TcpState.CLOSING || state == TcpState.TIME_WAIT;
      long rcvNxt = clientIss.get(clientPort) + 1 + server.read + c.bytesReadable()
          + (finReceived ? 1 : 0);
      long iss = victimIss.get(clientPort);
      return new SequenceKnowledge.View(rcvNxt & 0xFFFF_FFFFL,
          CONFIG.receiveBufferBytes() - c.bytesReadable(), (iss + c.sndUnaAbs()) & 0xFFFF_FFFFL,
          (iss + c.sndUnaAbs() + c.bytesUnacknowledged() + 1) & 0xFFFF_FFFFL,
          CONFIG.receiveBufferBytes());
    }

    /** An offset from a window's edge: blind, near either edge, on it, or half the space away. */
    private long offset(int window) {
      int dice = random.nextInt(10);
      if (dice < 3) {
        return random.nextInt(); // blind
      }
      if (dice < 6) {
        return random.nextInt(4 * window + 2000) - 2 * window - 1000;
      }
      if (dice < 7) {
        long[] edges = {0, -1, 1, window - 1, window, window + 1};
        return edges[random.nextInt(edges.length)];
      }
      if (dice < 9) {
        return -1 - random.nextInt(1 << 20); // old, not far back
      }
      return (1L << 31) + random.nextInt(4001) - 2000; // the far side of sequence space
    }

    private int flags() {
      int dice = random.nextInt(10);
      if (dice == 0) {
        int[] odd = {TcpFlags.SYN | TcpFlags.FIN, TcpFlags.RST | TcpFlags.ACK | TcpFlags.PSH, 0,
            0xFF, TcpFlags.FIN | TcpFlags.PSH | TcpFlags.URG, TcpFlags.SYN | TcpFlags.RST};
        return odd[random.nextInt(odd.length)];
      }
      int bits = 0;
      bits |= random.nextInt(4) != 0 ? TcpFlags.ACK : 0;
      bits |= random.nextInt(3) == 0 ? TcpFlags.PSH : 0;
      bits |= random.nextInt(10) == 0 ? TcpFlags.FIN : 0;
      bits |= random.nextInt(12) == 0 ? TcpFlags.SYN : 0;
      bits |= random.nextInt(8) == 0 ? TcpFlags.RST : 0;
      bits |= random.nextInt(10) == 0 ? TcpFlags.URG : 0;
      bits |= random.nextInt(30) == 0 ? TcpFlags.ECE | TcpFlags.CWR : 0;
      return bits;
    }

    private int window() {
      int dice = random.nextInt(5);
      return dice == 0 ? 0 : dice == 1 ? 65_535 : random.nextInt(65_536);
    }

    private long timestamp() {
      long now = NegotiatedOptions.tsClock(sim.nowNs());
      int dice = random.nextInt(4);
      return switch (dice) {
        case 0 -> random.nextInt() & 0xFFFF_FFFFL;
        case 1 -> 0;
        case 2 -> (now + random.nextInt(2001) - 1000) & 0xFFFF_FFFFL;
        default -> (now + (1L << 30)) & 0xFFFF_FFFFL;
      };
    }

    private byte[] tcpToListenerOrClosedPort() {
      int dice = random.nextInt(10);
      int flags = dice < 4 ? TcpFlags.SYN : dice < 5 ? TcpFlags.SYN | TcpFlags.FIN
          : dice < 7 ? TcpFlags.ACK : flags();
      int sourcePort = random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(65_535);
      int destinationPort = random.nextInt(10) < 7 ? PORT : random.nextInt(65_536);
      Ipv4Address from = source();
      if (from.equals(CLIENT)) {
        // Never the 4-tuple of a live connection: that is tcpToConnection's job.
        while (sourcePort == protectedClient.connection.socketPair().local().port()
            || sourcePort == sacrificialClient.connection.socketPair().local().port()) {
          sourcePort = 1 + random.nextInt(65_535);
        }
      }
      byte[] options = packets.tcpOptions(random.nextBoolean() ? timestamp() : -1);
      byte[] payload = random.nextInt(4) == 0 ? packets.randomBytes(600) : new byte[0];
      TcpFields fields = new TcpFields(sourcePort, destinationPort, random.nextInt(),
          random.nextInt(), random.nextInt(10) == 0 ? random.nextInt(16) : 5 + options.length / 4,
          flags, window(), random.nextInt(65_536), options, payload);
      byte[] packet = packets.ipv4(from, VICTIM, HostilePackets.TCP, 0, HostilePackets.tcp(fields));
      HostilePackets.reseal(packet);
      return packet;
    }

    private byte[] udp() {
      byte[] payload = packets.randomBytes(1400);
      int length = random.nextInt(4) == 0 ? random.nextInt(65_536) : 8 + payload.length;
      int destination = random.nextInt(10) < 6 ? UDP_PORT : random.nextInt(65_536);
      byte[] packet = packets.ipv4(source(), VICTIM, HostilePackets.UDP, 0,
          HostilePackets.udp(random.nextInt(65_536), destination, length, payload));
      int dice = random.nextInt(10);
      if (dice < 7) {
        HostilePackets.reseal(packet);
      } else {
        if (dice < 9) {
          HandBuiltPackets.put16(packet, 26, 0); // no checksum (RFC 768 allows it)
        }
        HandBuiltPackets.resealIpv4(packet, 0);
      }
      return packet;
    }

    private byte[] icmp() {
      int dice = random.nextInt(10);
      byte[] body;
      int type;
      int code;
      if (dice < 3) {
        type = 8; // echo request
        code = 0;
        body = packets.randomBytes(500);
      } else if (dice < 8) {
        type = 3; // destination unreachable, quoting a real packet (or a prefix of one)
        code = random.nextInt(16);
        byte[] real = realPacket();
        body = java.util.Arrays.copyOf(real, Math.min(real.length, random.nextInt(600)));
      } else {
        type = random.nextInt(256);
        code = random.nextInt(256);
        body = packets.randomBytes(100);
      }
      byte[] packet = packets.ipv4(source(), VICTIM, HostilePackets.ICMP, 0,
          packets.icmp(type, code, body));
      HostilePackets.reseal(packet);
      return packet;
    }
  }

  /** One end of a transfer: writes its bytes, reads and hashes the peer's, then half-closes. */
  private static final class Pump {
    final String name;
    final TcpEndpoint endpoint;
    final TcpConnection connection;
    final byte[] data;
    final MessageDigest digest;
    final byte[] buffer = new byte[16 * 1024];
    int written;
    long read;
    boolean shut;

    Pump(String name, TcpEndpoint endpoint, TcpConnection connection, long seed, int bytes) {
      this.name = name;
      this.endpoint = endpoint;
      this.connection = connection;
      this.data = ExchangeHandlers.randomBytes(seed, bytes);
      try {
        this.digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }

    void act(long now) {
      if (connection.state() == TcpState.CLOSED && connection.bytesReadable() == 0) {
        return;
      }
      int n;
      while ((n = connection.read(now, buffer, 0, buffer.length)) > 0) {
        digest.update(buffer, 0, n);
        read += n;
      }
      if (connection.state() != TcpState.CLOSED && !shut) {
        while (written < data.length && connection.sendCapacity() > 0) {
          written += connection.write(now, data, written, data.length - written);
        }
        if (written == data.length) {
          connection.shutdownOutput(now);
          shut = true;
        }
      }
      endpoint.flush(now, connection);
    }

    boolean closed() {
      TcpState state = connection.state();
      return connection.isInputFinished() && (state == TcpState.CLOSED
          || state == TcpState.TIME_WAIT);
    }

    @Override
    public String toString() {
      return name + "[" + connection + " wrote " + written + " read " + read
          + (connection.isInputFinished() ? " EOF" : "") + "]";
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
