package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.tcp.ConnectionFixture.bytes;

import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.address.SocketPair;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.port.BindingSnapshot;
import org.minitransport.core.port.PortState;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.stack.HostDropReason;
import org.minitransport.tcp.TcpConnection.Failure;
import org.minitransport.tcp.internal.IsnGenerator;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * {@link TcpEndpoint} over a simulated network in virtual time: LISTEN and accept, the SYN and
 * accept queue limits, RST for closed ports (RFC 9293 §3.10.7.1), demultiplexing of many
 * connections on one listening port, port release after CLOSED, ISNs (RFC 6528) and checksum
 * failures.
 */
class TcpEndpointTest {

  static final Ipv4Address ATTACKER = Ipv4Address.parse("10.0.0.3");
  static final int PORT = 8080;
  static final TcpConfig CONFIG = TcpConfig.builder().msl(Duration.ofSeconds(1)).build();

  private final TwoHosts net = new TwoHosts(LinkConfig.builder().delayNs(2_000_000).build(),
      CONFIG);

  private TcpConnection connect(int serverPort) throws BindException {
    return net.client.connect(net.now(), null, new Endpoint(TwoHosts.SERVER, serverPort), null);
  }

  /** Runs until {@code count} connections have been accepted from {@code listener}. */
  private List<TcpConnection> acceptAll(TcpListener listener, int count) {
    List<TcpConnection> accepted = new ArrayList<>();
    assertTrue(net.sim.runUntil(() -> {
      for (TcpConnection c = net.server.accept(listener); c != null;
          c = net.server.accept(listener)) {
        accepted.add(c);
      }
      return accepted.size() == count;
    }), "accepted only " + accepted.size() + " of " + count);
    return accepted;
  }

  private static TcpSegment segment(int sourcePort, int destinationPort, long seq, long ack,
      int flags) {
    return new TcpSegment(new TcpHeader(sourcePort, destinationPort, seq, ack, TcpFlags.of(flags),
        1000, 0, TcpOptions.NONE));
  }

  @Nested
  class Listen {

    @Test
    void acceptsAConnectionOnTheListeningPort() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 4, false);
      List<TcpListener> acceptable = new ArrayList<>();
      net.server.setEventListener(new TcpEndpoint.EventListener() {
        @Override
        public void onEvent(TcpConnection connection, TcpConnection.Event event) {}

        @Override
        public void onAcceptable(TcpListener l) {
          acceptable.add(l);
        }
      });
      TcpConnection client = connect(PORT);
      assertNull(net.server.accept(listener));
      net.sim.runUntil(() -> listener.pendingAccepts() == 1);
      TcpConnection accepted = net.server.accept(listener);
      assertNotNull(accepted);
      assertEquals(List.of(listener), acceptable);
      assertEquals(new Endpoint(TwoHosts.SERVER, PORT), accepted.socketPair().local());
      assertEquals(client.socketPair().local(), accepted.socketPair().remote());
      assertTrue(accepted.isPassive());
      assertEquals(TcpState.ESTABLISHED, client.state());
      assertEquals(1, net.client.counters().activeOpens());
      assertEquals(1, net.server.counters().passiveOpens());
    }

    @Test
    void aFullAcceptQueueDropsSynsAndTheClientsRetrySucceedsLater() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 1, false);
      TcpConnection first = connect(PORT);
      net.sim.runUntil(() -> listener.pendingAccepts() == 1);
      TcpConnection second = connect(PORT);
      net.sim.runFor(500_000_000L);
      assertEquals(1, net.server.counters().listenDrops(), "backlog 1 is full: SYN dropped");
      assertEquals(TcpState.SYN_SENT, second.state());
      assertEquals(0, listener.halfOpenConnections());
      assertEquals(first.socketPair().local(),
          net.server.accept(listener).socketPair().remote());
      assertTrue(net.sim.runUntil(() -> listener.pendingAccepts() == 1));
      assertTrue(net.now() >= 1_000_000_000L, "after the SYN retransmission (1 s RTO)");
      assertEquals(second.socketPair().local(),
          net.server.accept(listener).socketPair().remote());
    }

    @Test
    void synsThatArriveTogetherNeverOverfillTheBacklog() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 1, false);
      List<TcpConnection> clients = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        clients.add(connect(PORT));
      }
      net.sim.runFor(500_000_000L);
      assertEquals(1, listener.pendingAccepts(), "backlog 1");
      assertTrue(net.server.counters().listenDrops() >= 2);
      List<TcpConnection> accepted = new ArrayList<>();
      assertTrue(net.sim.runUntil(() -> {
        TcpConnection c = net.server.accept(listener);
        if (c != null) {
          accepted.add(c);
        }
        assertTrue(listener.pendingAccepts() <= 1, "backlog exceeded");
        return accepted.size() == 3;
      }));
      byte[] hello = bytes(10, 1);
      for (TcpConnection c : clients) {
        c.write(net.now(), hello, 0, hello.length);
        net.client.flush(net.now(), c);
      }
      assertTrue(net.sim.runUntil(() -> accepted.stream().allMatch(c -> c.bytesReadable() == 10)));
    }

    @Test
    void withSynCookiesOffAFullSynQueueDropsFurtherSyns() throws Exception {
      TcpConfig noCookies = CONFIG.toBuilder().synAckRetries(2).synCookies(false).build();
      TwoHosts net = new TwoHosts(3, LinkConfig.builder().delayNs(2_000_000).build(), CONFIG,
          noCookies); // embryos give up after 7 s
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 2, false);
      Host attackerHost = net.sim.addHost(HostConfig.of(ATTACKER));
      RawTcpPeer attacker = RawTcpPeer.install(attackerHost);
      int flood = listener.synQueueLimit() + 5;
      for (int i = 0; i < flood; i++) {
        attacker.send(TwoHosts.SERVER, segment(1000 + i, PORT, 77_000, 0, TcpFlags.SYN));
      }
      net.sim.runFor(100_000_000L);
      assertEquals(listener.synQueueLimit(), listener.halfOpenConnections());
      assertEquals(5, net.server.counters().listenDrops());
      assertEquals(0, net.server.counters().syncookiesSent());
      assertEquals(listener.synQueueLimit(), attacker.received.size(), "one SYN-ACK per embryo");
      assertTrue(attacker.received.stream().allMatch(s -> s.header().flags().syn()
          && s.header().flags().ack()));
      // A real client still gets in once the embryos time out (SYN-ACK R2).
      TcpConnection client = net.client.connect(net.now(), null,
          new Endpoint(TwoHosts.SERVER, PORT), null);
      assertTrue(net.sim.runUntil(() -> net.server.accept(listener) != null));
      assertEquals(TcpState.ESTABLISHED, client.state());
      net.sim.runUntilIdle();
      assertEquals(0, listener.halfOpenConnections());
    }

    @Test
    void ignoresRstAndAnswersAStrayAckWithRst() throws Exception {
      net.server.listen(Endpoint.of("0.0.0.0", PORT), 2, false);
      Host attackerHost = net.sim.addHost(HostConfig.of(ATTACKER));
      RawTcpPeer attacker = RawTcpPeer.install(attackerHost);
      attacker.send(TwoHosts.SERVER, segment(1000, PORT, 5, 0, TcpFlags.RST));
      attacker.send(TwoHosts.SERVER, segment(1001, PORT, 5, 0, 0));
      attacker.send(TwoHosts.SERVER, segment(1002, PORT, 5, 4242, TcpFlags.ACK));
      net.sim.runUntilIdle();
      assertEquals(1, attacker.received.size());
      TcpHeader reset = attacker.received.get(0).header();
      assertEquals(TcpFlags.of(TcpFlags.RST), reset.flags());
      assertEquals(4242, reset.sequenceNumber(), "<SEQ=SEG.ACK><CTL=RST>");
      assertEquals(1002, reset.destinationPort());
    }

    @Test
    void aSecondListenerOnTheSamePortIsABindError() throws Exception {
      net.server.listen(Endpoint.of("0.0.0.0", PORT), 2, false);
      BindException e = assertThrows(BindException.class,
          () -> net.server.listen(Endpoint.of("0.0.0.0", PORT), 2, false));
      assertTrue(e.getMessage().contains(String.valueOf(PORT)), e.getMessage());
    }

    @Test
    void closingAListenerResetsConnectionsNotYetAccepted() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 2, false);
      TcpConnection client = connect(PORT);
      net.sim.runUntil(() -> listener.pendingAccepts() == 1);
      net.server.closeListener(net.now(), listener);
      net.sim.runUntil(() -> client.state() == TcpState.CLOSED);
      assertEquals(Optional.of(Failure.RESET), client.failure());
      net.sim.runUntilIdle();
      assertEquals(0, TwoHosts.tcpPorts(net.serverHost));
      assertEquals(0, TwoHosts.tcpPorts(net.clientHost));
    }
  }

  /** Finding 4: SYN with FIN, and other control bits a listener never acts on. */
  @Nested
  class ListenWithInvalidControlBits {

    @Test
    void synWithFinIsDiscardedInListenAndHoldsNoSynQueueSlot() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 16, false);
      for (int i = 0; i < 3 * listener.synQueueLimit(); i++) {
        net.serverHost.handlePacket(net.now(), ForgedPackets.segment(ATTACKER, 2000 + i,
            TwoHosts.SERVER, PORT, 5_000, 0, TcpFlags.SYN | TcpFlags.FIN));
      }
      assertEquals(0, listener.halfOpenConnections(), "Linux discards SYN+FIN in LISTEN");
      assertEquals(List.of(), net.server.connections());
      assertEquals(3L * listener.synQueueLimit(), net.server.counters().invalidFlagDrops());
      assertEquals(0, net.server.counters().outSegments(), "no answer at all");
      long start = net.now();
      TcpConnection client = connect(PORT);
      assertTrue(net.sim.runUntil(() -> net.server.accept(listener) != null));
      assertEquals(TcpState.ESTABLISHED, client.state());
      assertTrue(net.now() - start < 100_000_000L, "the backlog was never locked");
    }

    @Test
    void synWithRstAndSegmentsWithoutSynAckOrRstAreDroppedAndCounted() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 4, false);
      int[] invalid = {TcpFlags.SYN | TcpFlags.RST, 0, TcpFlags.FIN, TcpFlags.PSH,
          TcpFlags.URG | TcpFlags.PSH | TcpFlags.FIN};
      for (int flags : invalid) {
        net.serverHost.handlePacket(net.now(), ForgedPackets.segment(ATTACKER, 2000, TwoHosts.SERVER,
            PORT, 5_000, 0, flags));
      }
      assertEquals(invalid.length, net.server.counters().invalidFlagDrops());
      assertEquals(0, listener.halfOpenConnections());
      assertEquals(0, net.server.counters().outSegments());
    }
  }

  /** Finding 5: sources nothing can answer are dropped before a connection object exists. */
  @Nested
  class BadSources {

    @Test
    void aSynFromSourcePortZeroIsDroppedAndCountedWithoutThrowing() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 4, false);
      net.serverHost.handlePacket(net.now(),
          ForgedPackets.syn(ATTACKER, 0, TwoHosts.SERVER, PORT, 1));
      assertEquals(1, net.server.counters().badSourceDrops());
      assertEquals(0, listener.halfOpenConnections());
      assertEquals(List.of(), net.server.connections());
      assertNull(net.serverHost.pollTransmit(), "nothing is sent to port 0");
    }

    @Test
    void sourceAddressesNoPacketMayCarryAreDroppedByTheHostBeforeTcp() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 4, false);
      String[] martians = {"0.0.0.0", "0.1.2.3", "255.255.255.255", "224.0.0.1", "239.1.2.3",
          "127.0.0.1", "10.0.0.2" /* the server's own address, not sent by itself */};
      for (String source : martians) {
        net.serverHost.handlePacket(net.now(),
            ForgedPackets.syn(Ipv4Address.parse(source), 4000, TwoHosts.SERVER, PORT, 1));
      }
      assertEquals(martians.length,
          net.serverHost.counters().dropped(HostDropReason.MARTIAN_SOURCE));
      assertEquals(0, net.server.counters().inSegments(), "TCP never saw them");
      assertEquals(0, listener.halfOpenConnections());
      assertNull(net.serverHost.pollTransmit());
    }

    @Test
    void aHostStillConnectsToItsOwnListenerOverItsLoopbackPath() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 4, false);
      TcpConnection self = net.server.connect(net.now(), null, new Endpoint(TwoHosts.SERVER, PORT),
          null);
      assertTrue(net.sim.runUntil(() -> listener.pendingAccepts() == 1));
      assertEquals(TcpState.ESTABLISHED, self.state());
      assertEquals(0, net.serverHost.counters().dropped(HostDropReason.MARTIAN_SOURCE));
    }

    @Test
    void aLandSynFromTheListenersOwnSocketIsDropped() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 4, false);
      // Handed to TCP directly, as if the host's loopback path had delivered it (a forged one
      // from the network never gets this far: its source is the host's own address).
      byte[] land = ForgedPackets.syn(TwoHosts.SERVER, PORT, TwoHosts.SERVER, PORT, 9);
      net.server.handlePacket(net.now(), org.minitransport.core.wire.Ipv4Packet.check(land, 0,
          land.length));
      assertEquals(1, net.server.counters().badSourceDrops());
      assertEquals(0, listener.halfOpenConnections());
    }

    @Test
    void aHostWhoseMtuLeavesAnMssBelow64FailsAtInstallWithAClearMessage() {
      Host tiny = net.sim.addHost(HostConfig.builder(ATTACKER).mtu(100).build());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TcpEndpoint.install(tiny, TcpConfig.defaults(), 1, 2));
      assertTrue(e.getMessage().contains("MTU 100") && e.getMessage().contains("leaves 60")
          && e.getMessage().contains("at least 64"), e.getMessage());
      assertNull(tiny.handler(6), "nothing half-installed");
    }
  }

  /** Finding 13: SYN cookies (RFC 4987 §3.6) when the SYN queue is full. */
  @Nested
  class SynCookiesWhenTheSynQueueIsFull {

    /** Fills the listener's SYN queue with SYNs from spoofed, silent sources. */
    private void fillSynQueue(TcpListener listener, int extra) {
      for (int i = 0; i < listener.synQueueLimit() + extra; i++) {
        net.serverHost.handlePacket(net.now(), ForgedPackets.syn(Ipv4Address.parse("10.9.0." + (i
            % 250 + 1)), 3000 + i, TwoHosts.SERVER, PORT, 1000L * i));
      }
    }

    @Test
    void answersSynsBeyondTheQueueWithCookiesAndKeepsNoStateForThem() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 4, false);
      fillSynQueue(listener, 5);
      assertEquals(listener.synQueueLimit(), listener.halfOpenConnections());
      assertEquals(listener.synQueueLimit(), net.server.connections().size());
      assertEquals(5, net.server.counters().syncookiesSent());
      assertEquals(0, net.server.counters().listenDrops());
    }

    @Test
    void aClientConnectsThroughACookieWithinOneRoundTripWhileTheQueueIsFull() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 4, false);
      fillSynQueue(listener, 0);
      long start = net.now();
      TcpConnection client = connect(PORT);
      assertTrue(net.sim.runUntil(() -> listener.pendingAccepts() == 1));
      assertTrue(net.now() - start <= 6_000_000L, "SYN, SYN-ACK and ACK over a 2 ms link, was "
          + (net.now() - start) + " ns");
      TcpConnection server = net.server.accept(listener);
      assertEquals(TcpState.ESTABLISHED, client.state());
      assertEquals(1, net.server.counters().syncookiesSent());
      assertEquals(1, net.server.counters().syncookiesRecv());
      assertEquals("mss=1448 wscale=3/3 sack=true ts=true", server.negotiatedOptions(),
          "window scale and SACK came back in the timestamp (Linux's layout)");
      byte[] request = bytes(5000, 3);
      client.write(net.now(), request, 0, request.length);
      net.client.flush(net.now(), client);
      assertTrue(net.sim.runUntil(() -> server.bytesReadable() == request.length));
      byte[] got = new byte[request.length];
      server.read(net.now(), got, 0, got.length);
      assertArrayEquals(request, got);
      server.write(net.now(), got, 0, got.length);
      net.server.flush(net.now(), server);
      assertTrue(net.sim.runUntil(() -> client.bytesReadable() == request.length));
    }

    @Test
    void withoutTimestampsACookieCarriesOnlyTheMss() throws Exception {
      TwoHosts net = new TwoHosts(5, LinkConfig.builder().delayNs(2_000_000).build(),
          CONFIG.toBuilder().timestamps(false).mss(1000).build(), CONFIG);
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 1, false);
      for (int i = 0; i < listener.synQueueLimit(); i++) {
        net.serverHost.handlePacket(net.now(),
            ForgedPackets.syn(Ipv4Address.parse("10.9.0.1"), 3000 + i, TwoHosts.SERVER, PORT, i));
      }
      net.client.connect(net.now(), null, new Endpoint(TwoHosts.SERVER, PORT), null);
      assertTrue(net.sim.runUntil(() -> listener.pendingAccepts() == 1));
      assertEquals("mss=536 wscale=off sack=false ts=false",
          net.server.accept(listener).negotiatedOptions(), "MSS 1000 rounds down to 536");
    }

    @Test
    void aForgedCookieIsCountedAndAnsweredWithRst() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 4, false);
      fillSynQueue(listener, 1);
      Host attackerHost = net.sim.addHost(HostConfig.of(ATTACKER));
      RawTcpPeer attacker = RawTcpPeer.install(attackerHost);
      attacker.send(TwoHosts.SERVER, segment(4444, PORT, 7001, 123_456, TcpFlags.ACK));
      net.sim.runFor(10_000_000L);
      assertEquals(1, net.server.counters().syncookiesFailed());
      assertEquals(0, listener.pendingAccepts());
      assertEquals(TcpFlags.of(TcpFlags.RST), attacker.received.get(0).header().flags());
    }

    @Test
    void aCookieOlderThanTwoMinutesFails() throws Exception {
      TwoHosts net = new TwoHosts(5, LinkConfig.builder().delayNs(2_000_000).build(), CONFIG,
          CONFIG.toBuilder().synAckRetries(15).build()); // embryos outlive the test
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 1, false);
      for (int i = 0; i < listener.synQueueLimit(); i++) {
        net.serverHost.handlePacket(net.now(),
            ForgedPackets.syn(Ipv4Address.parse("10.9.0.1"), 3000 + i, TwoHosts.SERVER, PORT, i));
      }
      Host attackerHost = net.sim.addHost(HostConfig.of(ATTACKER));
      RawTcpPeer peer = RawTcpPeer.install(attackerHost);
      peer.send(TwoHosts.SERVER, segment(4444, PORT, 50_000, 0, TcpFlags.SYN));
      net.sim.runFor(10_000_000L);
      TcpHeader cookie = peer.received.get(0).header();
      assertEquals(TcpFlags.of(TcpFlags.SYN | TcpFlags.ACK), cookie.flags());
      net.sim.runFor(150_000_000_000L); // 2.5 minutes; then keep the listener in cookie mode
      peer.send(TwoHosts.SERVER, segment(4445, PORT, 60_000, 0, TcpFlags.SYN));
      net.sim.runFor(10_000_000L);
      peer.send(TwoHosts.SERVER, segment(4444, PORT, 50_001, (cookie.sequenceNumber() + 1)
          & 0xFFFF_FFFFL, TcpFlags.ACK));
      net.sim.runFor(10_000_000L);
      assertEquals(1, net.server.counters().syncookiesFailed());
      assertEquals(0, net.server.counters().syncookiesRecv());
      assertEquals(0, listener.pendingAccepts());
    }

    @Test
    void aFreshCookieAckCarryingDataOpensTheConnectionWithThatData() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 4, false);
      fillSynQueue(listener, 0);
      Host attackerHost = net.sim.addHost(HostConfig.of(ATTACKER));
      RawTcpPeer peer = RawTcpPeer.install(attackerHost);
      peer.send(TwoHosts.SERVER, segment(4444, PORT, 50_000, 0, TcpFlags.SYN));
      net.sim.runFor(10_000_000L);
      TcpHeader cookie = peer.received.get(0).header();
      peer.send(TwoHosts.SERVER, new TcpSegment(segment(4444, PORT, 50_001,
          (cookie.sequenceNumber() + 1) & 0xFFFF_FFFFL, TcpFlags.ACK | TcpFlags.PSH).header(),
          bytes(100, 9)));
      net.sim.runFor(10_000_000L);
      TcpConnection server = net.server.accept(listener);
      assertNotNull(server, "accepted at once");
      assertEquals(100, server.bytesReadable());
      assertEquals("mss=536 wscale=off sack=false ts=false", server.negotiatedOptions(),
          "the SYN announced no MSS: RFC 9293's default 536");
    }
  }

  /** Finding 13: buffer memory follows the data, so idle and half-open connections hold none. */
  @Nested
  class BufferMemory {

    @Test
    void halfOpenAndIdleConnectionsHoldNoBufferMemoryAndBusyOnesGiveItBack() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 64, false);
      for (int i = 0; i < 10; i++) {
        net.serverHost.handlePacket(net.now(),
            ForgedPackets.syn(Ipv4Address.parse("10.9.0.1"), 3000 + i, TwoHosts.SERVER, PORT, i));
      }
      assertEquals(10, listener.halfOpenConnections());
      assertEquals(0, net.server.bufferBytesInUse(), "half-open connections hold no buffers");
      TcpConnection client = connect(PORT);
      assertTrue(net.sim.runUntil(() -> listener.pendingAccepts() == 1));
      TcpConnection server = net.server.accept(listener);
      assertEquals(0, net.client.bufferBytesInUse() + net.server.bufferBytesInUse());
      byte[] data = bytes(100_000, 5);
      client.write(net.now(), data, 0, data.length);
      net.client.flush(net.now(), client);
      assertTrue(net.client.bufferBytesInUse() >= data.length, "the unacknowledged bytes");
      assertTrue(net.sim.runUntil(() -> server.bytesReadable() == data.length));
      assertTrue(net.server.bufferBytesInUse() >= data.length, "the unread bytes");
      byte[] got = new byte[data.length];
      server.read(net.now(), got, 0, got.length);
      net.server.flush(net.now(), server);
      net.sim.runFor(1_000_000_000L);
      assertArrayEquals(data, got);
      assertEquals(0, client.bufferBytesAllocated(), "acknowledged: given back");
      assertEquals(0, server.bufferBytesAllocated(), "read: given back");
    }
  }

  @Nested
  class ClosedPorts {

    @Test
    void aConnectToAClosedPortIsRefused() throws Exception {
      TcpConnection client = connect(9999);
      net.sim.runUntilIdle();
      assertEquals(TcpState.CLOSED, client.state());
      assertEquals(Optional.of(Failure.REFUSED), client.failure());
      assertEquals(1, net.server.counters().outResets());
      assertEquals(1, net.client.counters().attemptFails());
      assertEquals(0, TwoHosts.tcpPorts(net.clientHost), "the ephemeral port is released");
    }

    @Test
    void aSynToAClosedPortGetsRstAckForItsSequence() throws Exception {
      Host attackerHost = net.sim.addHost(HostConfig.of(ATTACKER));
      RawTcpPeer attacker = RawTcpPeer.install(attackerHost);
      attacker.send(TwoHosts.SERVER,
          new TcpSegment(segment(1000, 81, 0xFFFF_FFFFL, 0, TcpFlags.SYN).header(), bytes(9, 1)));
      net.sim.runUntilIdle();
      TcpHeader reset = attacker.received.get(0).header();
      assertEquals(TcpFlags.of(TcpFlags.RST | TcpFlags.ACK), reset.flags());
      assertEquals(0, reset.sequenceNumber());
      assertEquals(9, reset.acknowledgmentNumber(), "SEG.SEQ + SEG.LEN, wrapped: SYN + 9 bytes");
    }

    @Test
    void aRstToAClosedPortIsNotAnswered() throws Exception {
      Host attackerHost = net.sim.addHost(HostConfig.of(ATTACKER));
      RawTcpPeer attacker = RawTcpPeer.install(attackerHost);
      attacker.send(TwoHosts.SERVER, segment(1000, 81, 5, 6, TcpFlags.RST | TcpFlags.ACK));
      net.sim.runUntilIdle();
      assertEquals(List.of(), attacker.received);
      assertEquals(0, net.server.counters().outResets());
    }
  }

  @Nested
  class PortTableLabels {

    /** The label the host's TCP port table shows for {@code connection}'s binding, or null. */
    private PortState label(Host host, TcpConnection connection) {
      SocketPair pair = connection.socketPair();
      for (BindingSnapshot row : host.portTable(IpProtocol.TCP).snapshot()) {
        if (pair.local().equals(row.local()) && pair.remote().equals(row.remote())) {
          return row.state();
        }
      }
      return null;
    }

    @Test
    void eachSideShowsItsConnectionsStateAtEveryStepOfAnOrderlyClose() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 8, false);
      TcpConnection client = connect(PORT);
      assertEquals(PortState.SYN_SENT, label(net.clientHost, client));
      TcpConnection server = acceptAll(listener, 1).get(0);
      net.sim.runFor(100_000_000L);
      assertEquals(PortState.ESTABLISHED, label(net.clientHost, client));
      assertEquals(PortState.ESTABLISHED, label(net.serverHost, server));

      client.shutdownOutput(net.now());
      net.client.flush(net.now(), client);
      assertEquals(PortState.FIN_WAIT_1, label(net.clientHost, client));
      net.sim.runFor(100_000_000L);
      assertEquals(PortState.FIN_WAIT_2, label(net.clientHost, client));
      assertEquals(PortState.CLOSE_WAIT, label(net.serverHost, server));

      server.shutdownOutput(net.now());
      net.server.flush(net.now(), server);
      assertEquals(PortState.LAST_ACK, label(net.serverHost, server));
      net.sim.runFor(100_000_000L);
      assertEquals(PortState.TIME_WAIT, label(net.clientHost, client),
          "TIME_WAIT is what the reuse rule of the port table reads");
      assertNull(label(net.serverHost, server), "the closed side's binding is released");
    }
  }

  @Nested
  class Demultiplexing {

    @Test
    void manyConnectionsShareTheListenersPort() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 64, false);
      int count = 30;
      List<TcpConnection> clients = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        TcpConnection c = connect(PORT);
        clients.add(c);
      }
      List<TcpConnection> accepted = acceptAll(listener, count);
      assertEquals(count + 1, TwoHosts.tcpPorts(net.serverHost), "one listener, 30 connections");
      Set<Integer> clientPorts = new HashSet<>();
      for (TcpConnection c : accepted) {
        assertEquals(PORT, c.socketPair().local().port());
        clientPorts.add(c.socketPair().remote().port());
      }
      assertEquals(count, clientPorts.size());
      // Each client sends its own index; each server side must get exactly its own client's.
      for (int i = 0; i < count; i++) {
        byte[] message = bytes(100 + i, i);
        clients.get(i).write(net.now(), message, 0, message.length);
        net.client.flush(net.now(), clients.get(i));
      }
      net.sim.runFor(1_000_000_000L);
      for (TcpConnection serverSide : accepted) {
        int index = -1;
        for (int i = 0; i < count; i++) {
          if (clients.get(i).socketPair().local().equals(serverSide.socketPair().remote())) {
            index = i;
          }
        }
        byte[] got = new byte[serverSide.bytesReadable()];
        serverSide.read(net.now(), got, 0, got.length);
        assertArrayEquals(bytes(100 + index, index), got);
      }
    }

    @Test
    void ephemeralPortsAreReleasedAfterClosed() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 8, false);
      List<TcpConnection> clients = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        clients.add(connect(PORT));
      }
      List<TcpConnection> accepted = acceptAll(listener, 5);
      assertEquals(5, TwoHosts.tcpPorts(net.clientHost));
      for (TcpConnection c : clients) {
        c.shutdownOutput(net.now());
        net.client.flush(net.now(), c);
      }
      net.sim.runUntil(() -> accepted.stream().allMatch(TcpConnection::isInputFinished));
      for (TcpConnection c : accepted) {
        c.shutdownOutput(net.now());
        net.server.flush(net.now(), c);
      }
      net.sim.runUntilIdle();
      assertTrue(clients.stream().allMatch(c -> c.state() == TcpState.CLOSED), clients.toString()
          + accepted);
      assertTrue(clients.stream().allMatch(c -> c.failure().isEmpty()));
      assertEquals(0, TwoHosts.tcpPorts(net.clientHost), "TIME-WAIT ended, ports released");
      assertEquals(1, TwoHosts.tcpPorts(net.serverHost), "only the listener is left");
      assertEquals(List.of(), net.client.connections());
      net.server.closeListener(net.now(), listener);
      assertEquals(0, TwoHosts.tcpPorts(net.serverHost));
    }
  }

  @Nested
  class InitialSequenceNumbers {

    private final SocketPair pair = new SocketPair(Endpoint.of("10.0.0.1", 50_000),
        Endpoint.of("10.0.0.2", 80));

    @Test
    void areReproducibleForAFixedSecretAndTime() {
      assertEquals(new IsnGenerator(1, 2).isn(pair, 123_456_789),
          new IsnGenerator(1, 2).isn(pair, 123_456_789));
    }

    @Test
    void differPerSocketPairAndPerSecret() {
      IsnGenerator isns = new IsnGenerator(1, 2);
      long base = isns.isn(pair, 0);
      SocketPair otherPort = new SocketPair(pair.local().withPort(50_001), pair.remote());
      SocketPair otherRemote = new SocketPair(pair.local(), Endpoint.of("10.0.0.3", 80));
      assertNotEquals(base, isns.isn(otherPort, 0));
      assertNotEquals(base, isns.isn(otherRemote, 0));
      assertNotEquals(base, new IsnGenerator(1, 3).isn(pair, 0));
    }

    @Test
    void advanceWithATickEveryFourMicroseconds() {
      IsnGenerator isns = new IsnGenerator(1, 2);
      long at0 = isns.isn(pair, 0);
      assertEquals((at0 + 250_000) & 0xFFFF_FFFFL, isns.isn(pair, 1_000_000_000L));
      assertEquals(at0, isns.isn(pair, 3_999));
    }

    @Test
    void theSynOfAConnectCarriesTheEndpointsIsn() throws Exception {
      Host attackerHost = net.sim.addHost(HostConfig.of(ATTACKER));
      RawTcpPeer observer = RawTcpPeer.install(attackerHost);
      TcpConnection first = net.client.connect(net.now(), Endpoint.of("10.0.0.1", 50_000),
          new Endpoint(ATTACKER, 80), null);
      net.client.connect(net.now(), Endpoint.of("10.0.0.1", 50_001), new Endpoint(ATTACKER, 80),
          null);
      net.sim.runFor(10_000_000L);
      long expected = new IsnGenerator(7, 11).isn(first.socketPair(), 0);
      assertEquals(expected, observer.received.get(0).header().sequenceNumber());
      assertNotEquals(expected, observer.received.get(1).header().sequenceNumber());
    }
  }

  @Nested
  class Checksums {

    @Test
    void aCorruptedSegmentIsCountedAndDropped() throws Exception {
      TcpListener listener = net.server.listen(Endpoint.of("0.0.0.0", PORT), 2, false);
      Host attackerHost = net.sim.addHost(HostConfig.of(ATTACKER));
      RawTcpPeer peer = RawTcpPeer.install(attackerHost);
      TcpSegment syn = segment(1000, PORT, 1, 0, TcpFlags.SYN);
      byte[] broken = syn.emit(ATTACKER, TwoHosts.SERVER);
      broken[14] ^= 0x10; // one bit of the window field
      peer.sendBytes(TwoHosts.SERVER, broken);
      net.sim.runUntilIdle();
      assertEquals(1, net.server.counters().inErrors());
      assertEquals(1, net.server.counters().inChecksumErrors());
      assertEquals(0, listener.halfOpenConnections());
      assertEquals(List.of(), peer.received, "no answer to a bad segment, not even RST");

      peer.send(TwoHosts.SERVER, syn);
      net.sim.runFor(100_000_000L);
      assertEquals(1, peer.received.size());
      assertTrue(peer.received.get(0).header().flags().syn());
    }

    @Test
    void aTruncatedHeaderIsCountedAsAnErrorButNotAChecksumError() throws Exception {
      Host attackerHost = net.sim.addHost(HostConfig.of(ATTACKER));
      RawTcpPeer peer = RawTcpPeer.install(attackerHost);
      peer.sendBytes(TwoHosts.SERVER, new byte[12]);
      net.sim.runUntilIdle();
      assertEquals(1, net.server.counters().inErrors());
      assertEquals(0, net.server.counters().inChecksumErrors());
    }
  }
}
