package org.minitransport.core.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.minitransport.core.wire.HandBuiltPackets.put16;
import static org.minitransport.core.wire.HandBuiltPackets.resealIcmp;
import static org.minitransport.core.wire.HandBuiltPackets.resealIpv4;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.InOrder;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.HandBuiltPackets;
import org.minitransport.core.wire.IcmpMessage;
import org.minitransport.core.wire.IcmpPacket;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Packet;

class HostTest {

  static final Ipv4Address HOST = Ipv4Address.parse("10.0.0.1");
  static final Ipv4Address PEER = Ipv4Address.parse("10.0.0.2");
  static final Ipv4Address STRANGER = Ipv4Address.parse("10.0.0.99");
  static final int UDP = IpProtocol.UDP.number();
  static final int TCP = IpProtocol.TCP.number();
  static final int UNKNOWN_PROTOCOL = 132; // SCTP: nobody here handles it
  static final long MS = 1_000_000;
  static final long SECOND = 1_000_000_000;

  Host host;
  RecordingProtocolHandler udp;

  @BeforeEach
  void setUp() {
    host = new Host(HostConfig.of(HOST));
    udp = new RecordingProtocolHandler(UDP);
    host.register(udp);
  }

  static byte[] udpFromPeer(byte[] payload) {
    return HandBuiltPackets.udp(PEER, HOST, 5000, 53, payload);
  }

  /** A decoded IPv4 packet the host queued, and its ICMP message if it is one. */
  record Sent(Ipv4Packet ip, IcmpMessage icmp) {}

  static Sent decode(byte[] packet) {
    try {
      Ipv4Packet ip = Ipv4Packet.check(packet, 0, packet.length);
      IcmpMessage icmp = null;
      if (ip.protocol() == IpProtocol.ICMP.number()) {
        icmp = IcmpMessage.parse(IcmpPacket.check(ip.buffer(), ip.payloadOffset(),
            ip.payloadLength()));
      }
      return new Sent(ip, icmp);
    } catch (DecodeException e) {
      throw new AssertionError("the host sent a packet that does not decode: " + e, e);
    }
  }

  Sent onlyTransmit() {
    byte[] packet = host.pollTransmit();
    assertTrue(packet != null, "expected the host to transmit a packet");
    assertNull(host.pollTransmit(), "expected exactly one packet");
    return decode(packet);
  }

  static byte[] icmpPacket(Ipv4Address from, Ipv4Address to, IcmpMessage message) {
    return HandBuiltPackets.ipv4(IpProtocol.ICMP.number(), from, to, message.toBytes());
  }

  void assertCountersAddUp() {
    HostCounters c = host.counters();
    assertEquals(c.received(), c.delivered() + c.droppedIncoming(), c.toString());
  }

  @Nested
  class Delivery {

    @Test
    void aValidPacketForARegisteredProtocolReachesItsHandler() {
      byte[] packet = udpFromPeer(new byte[] {1, 2, 3});
      host.handlePacket(5 * MS, packet);

      assertEquals(1, udp.packets.size());
      RecordingProtocolHandler.Received received = udp.packets.get(0);
      assertEquals(5 * MS, received.nowNs());
      assertEquals(PEER, received.packet().source());
      assertArrayEquals(packet, received.packet().buffer());
      assertEquals(1, host.counters().received());
      assertEquals(1, host.counters().delivered());
      assertEquals(Map.of(), host.counters().droppedByReason());
      assertNull(host.pollTransmit());
    }

    @Test
    void demultiplexesByTheProtocolField() {
      RecordingProtocolHandler tcp = new RecordingProtocolHandler(TCP);
      host.register(tcp);

      host.handlePacket(0, HandBuiltPackets.tcp(PEER, HOST, 1, 2, 0, 0, HandBuiltPackets.SYN,
          1000, new byte[0], new byte[0]));
      host.handlePacket(0, udpFromPeer(new byte[0]));

      assertEquals(1, tcp.packets.size());
      assertEquals(TCP, tcp.packets.get(0).packet().protocol());
      assertEquals(1, udp.packets.size());
    }

    @Test
    void dropsPacketsFromSourcesNoPacketMayCarryBeforeAnyHandlerSeesThem() {
      // RFC 1122 §3.2.1.3 and Linux's martian filter: this network, broadcast, multicast,
      // loopback, and this host's own address (it did not send these to itself).
      String[] martians = {"0.0.0.0", "0.200.1.1", "255.255.255.255", "224.0.0.251",
          "239.255.255.250", "127.0.0.1", "127.8.9.10", "10.0.0.1"};
      for (String source : martians) {
        host.handlePacket(0, HandBuiltPackets.udp(Ipv4Address.parse(source), HOST, 0, 53,
            new byte[4]));
      }
      assertTrue(udp.packets.isEmpty());
      assertEquals(martians.length, host.counters().dropped(HostDropReason.MARTIAN_SOURCE));
      assertNull(host.pollTransmit(), "never answered, not even with ICMP");
      assertCountersAddUp();
    }

    @Test
    void acceptsPacketsItSentToItselfButNoForgedOnesFromItsOwnAddress() {
      udp.context().transmit(HOST, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 8);
      byte[] looped = host.pollTransmit();
      host.handlePacket(0, looped);
      host.handlePacket(0, looped.clone()); // a duplicating link: still the host's own packet
      host.handlePacket(0, HandBuiltPackets.udp(HOST, HOST, 9, 53, new byte[8])); // forged
      assertEquals(2, udp.packets.size());
      assertEquals(1, host.counters().dropped(HostDropReason.MARTIAN_SOURCE));
    }

    @Test
    void dropsAPacketForAnotherDestinationWithoutTellingAnyone() {
      host.handlePacket(0, HandBuiltPackets.udp(PEER, STRANGER, 5000, 53, new byte[4]));

      assertTrue(udp.packets.isEmpty());
      assertEquals(1, host.counters().dropped(HostDropReason.WRONG_DESTINATION));
      assertNull(host.pollTransmit());
      assertCountersAddUp();
    }

    @Test
    void ignoresLinkPaddingAfterTheTotalLength() {
      byte[] packet = udpFromPeer(new byte[] {7});
      byte[] padded = Arrays.copyOf(packet, packet.length + 6);
      host.handlePacket(0, padded);

      assertEquals(packet.length, udp.packets.get(0).packet().totalLength());
    }
  }

  static Stream<Arguments> badIpv4() {
    return Stream.of(
        Arguments.of("empty", DecodeError.TRUNCATED, (UnaryOperator<byte[]>) p -> new byte[0]),
        Arguments.of("shorter than a header", DecodeError.TRUNCATED,
            (UnaryOperator<byte[]>) p -> Arrays.copyOf(p, 19)),
        Arguments.of("version 6", DecodeError.BAD_VERSION, (UnaryOperator<byte[]>) p -> {
          p[0] = 0x65;
          resealIpv4(p, 0);
          return p;
        }),
        Arguments.of("IHL 4", DecodeError.BAD_HEADER_LENGTH, (UnaryOperator<byte[]>) p -> {
          p[0] = 0x44;
          return p;
        }),
        Arguments.of("total length below header", DecodeError.BAD_LENGTH,
            (UnaryOperator<byte[]>) p -> {
              put16(p, 2, 19);
              resealIpv4(p, 0);
              return p;
            }),
        Arguments.of("total length past the bytes", DecodeError.TRUNCATED,
            (UnaryOperator<byte[]>) p -> {
              put16(p, 2, p.length + 1);
              resealIpv4(p, 0);
              return p;
            }),
        Arguments.of("bad header checksum", DecodeError.BAD_CHECKSUM,
            (UnaryOperator<byte[]>) p -> {
              p[10] ^= 0x01;
              return p;
            }),
        Arguments.of("a fragment", DecodeError.FRAGMENTED, (UnaryOperator<byte[]>) p -> {
          put16(p, 6, 0x2000);
          resealIpv4(p, 0);
          return p;
        }));
  }

  @ParameterizedTest(name = "{0} is dropped as BAD_IPV4 / {1}")
  @MethodSource("badIpv4")
  void dropsBadIpv4CountingTheRule(String what, DecodeError error, UnaryOperator<byte[]> damage) {
    host.handlePacket(0, damage.apply(udpFromPeer(new byte[12])));

    assertTrue(udp.packets.isEmpty());
    assertEquals(1, host.counters().dropped(HostDropReason.BAD_IPV4));
    assertEquals(1, host.counters().decodeErrors(error));
    assertNull(host.pollTransmit(), "no ICMP error about a packet that is not valid IPv4");
    assertCountersAddUp();
  }

  @Nested
  class UnknownProtocol {

    @Test
    void isCountedAndAnsweredWithProtocolUnreachableQuotingThePacket() {
      byte[] packet = HandBuiltPackets.ipv4(UNKNOWN_PROTOCOL, PEER, HOST, new byte[40]);
      host.handlePacket(0, packet);

      assertEquals(1, host.counters().dropped(HostDropReason.UNKNOWN_PROTOCOL));
      Sent sent = onlyTransmit();
      assertEquals(HOST, sent.ip().source());
      assertEquals(PEER, sent.ip().destination());
      IcmpMessage.DestinationUnreachable error =
          assertInstanceOf(IcmpMessage.DestinationUnreachable.class, sent.icmp());
      assertEquals(IcmpMessage.DestinationUnreachable.CODE_PROTOCOL_UNREACHABLE, error.code());
      assertArrayEquals(packet, error.original());
      assertEquals(1, host.counters().icmpOut());
      assertEquals(1, host.counters().sent());
      assertCountersAddUp();
    }

    @Test
    void errorsAreRateLimitedByTheTokenBucket() {
      host = new Host(HostConfig.builder(HOST).icmpErrorRate(1, 2).build());
      byte[] packet = HandBuiltPackets.ipv4(UNKNOWN_PROTOCOL, PEER, HOST, new byte[8]);
      for (int i = 0; i < 5; i++) {
        host.handlePacket(0, packet);
      }
      assertEquals(5, host.counters().dropped(HostDropReason.UNKNOWN_PROTOCOL));
      assertEquals(3, host.counters().dropped(HostDropReason.ICMP_RATE_LIMITED));
      assertEquals(2, host.counters().icmpOut());

      host.handlePacket(SECOND, packet);
      assertEquals(3, host.counters().icmpOut(), "one token a second later");
      assertCountersAddUp();
    }

    @Test
    void errorsFitASmallMtu() {
      host = new Host(HostConfig.builder(HOST).mtu(100).build());
      byte[] packet = HandBuiltPackets.ipv4(UNKNOWN_PROTOCOL, PEER, HOST, new byte[500]);
      host.handlePacket(0, packet);

      byte[] sent = host.pollTransmit();
      assertEquals(100, sent.length);
      IcmpMessage.DestinationUnreachable error =
          assertInstanceOf(IcmpMessage.DestinationUnreachable.class, decode(sent).icmp());
      assertArrayEquals(Arrays.copyOf(packet, 72), error.original());
    }

    @Test
    void noErrorIsSentAboutAMulticastDatagram() {
      Ipv4Address group = Ipv4Address.parse("224.0.0.9");
      host = new Host(HostConfig.of(group));
      host.handlePacket(0, HandBuiltPackets.ipv4(UNKNOWN_PROTOCOL, PEER, group, new byte[8]));

      assertEquals(1, host.counters().dropped(HostDropReason.UNKNOWN_PROTOCOL));
      assertNull(host.pollTransmit());
    }
  }

  @Nested
  class Echo {

    @Test
    void anEchoRequestIsAnsweredWithTheSameIdentifierSequenceAndData() {
      byte[] data = "ping payload".getBytes();
      host.handlePacket(0, icmpPacket(PEER, HOST, new IcmpMessage.EchoRequest(0xBEEF, 7, data)));

      Sent sent = onlyTransmit();
      assertEquals(HOST, sent.ip().source());
      assertEquals(PEER, sent.ip().destination());
      assertEquals(new IcmpMessage.EchoReply(0xBEEF, 7, data), sent.icmp());
      assertEquals(1, host.counters().icmpIn());
      assertEquals(1, host.counters().icmpOut());
      assertEquals(1, host.counters().delivered());
    }

    @Test
    void anEchoReplySurfacesInPollEchoReply() {
      host.handlePacket(3 * MS,
          icmpPacket(PEER, HOST, new IcmpMessage.EchoReply(1, 2, new byte[] {9})));

      Host.ReceivedEcho echo = host.pollEchoReply();
      assertEquals(3 * MS, echo.receivedAtNs());
      assertEquals(PEER, echo.from());
      assertEquals(new IcmpMessage.EchoReply(1, 2, new byte[] {9}), echo.reply());
      assertNull(host.pollEchoReply());
      assertNull(host.pollTransmit());
    }

    @Test
    void sendEchoRequestQueuesAPing() {
      host.sendEchoRequest(0, PEER, 3, 4, new byte[] {1, 2});

      Sent sent = onlyTransmit();
      assertEquals(PEER, sent.ip().destination());
      assertEquals(new IcmpMessage.EchoRequest(3, 4, new byte[] {1, 2}), sent.icmp());
    }

    @Test
    void anEchoRequestWhoseReplyExceedsTheMtuIsDroppedNotThrown() {
      host = new Host(HostConfig.builder(HOST).mtu(576).build());
      host.handlePacket(0, icmpPacket(PEER, HOST, new IcmpMessage.EchoRequest(1, 1,
          new byte[1000])));

      assertNull(host.pollTransmit());
      assertEquals(1, host.counters().dropped(HostDropReason.ECHO_REPLY_TOO_BIG));
      assertCountersAddUp();
    }

    @Test
    void anIcmpMessageWithABadChecksumIsDropped() {
      byte[] packet = icmpPacket(PEER, HOST, new IcmpMessage.EchoRequest(1, 1, new byte[4]));
      packet[20 + 2] ^= 0x40;
      host.handlePacket(0, packet);

      assertEquals(1, host.counters().dropped(HostDropReason.BAD_ICMP));
      assertEquals(1, host.counters().decodeErrors(DecodeError.BAD_CHECKSUM));
      assertNull(host.pollTransmit());
      assertCountersAddUp();
    }

    @Test
    void anUnsupportedIcmpTypeIsDroppedSilently() {
      byte[] timestamp = new byte[20];
      timestamp[0] = 13; // Timestamp (RFC 792): not supported here
      resealIcmp(timestamp, 0, timestamp.length);
      host.handlePacket(0, HandBuiltPackets.ipv4(IpProtocol.ICMP.number(), PEER, HOST, timestamp));

      assertEquals(1, host.counters().dropped(HostDropReason.BAD_ICMP));
      assertEquals(1, host.counters().decodeErrors(DecodeError.UNSUPPORTED));
      assertNull(host.pollTransmit(), "RFC 1122 §3.2.2: unknown ICMP types are discarded");
    }
  }

  @Nested
  class IcmpErrors {

    /** A UDP packet this host sent to PEER, as a peer would quote it. */
    byte[] sentByHost(int protocol) {
      return HandBuiltPackets.ipv4(protocol, HOST, PEER, new byte[] {0x13, (byte) 0x88, 0, 53,
          0, 12, 0, 0, 'h', 'i', '!', '!'});
    }

    byte[] portUnreachableAbout(byte[] original) {
      return icmpPacket(PEER, HOST,
          IcmpMessage.DestinationUnreachable.portUnreachable(original, 0, original.length));
    }

    @Test
    void portUnreachableAboutOurPacketReachesTheHandlerWithTheQuotedHeader() {
      byte[] original = sentByHost(UDP);
      host.handlePacket(4 * MS, portUnreachableAbout(original));

      assertEquals(1, udp.unreachables.size());
      RecordingProtocolHandler.Unreachable call = udp.unreachables.get(0);
      assertEquals(4 * MS, call.nowNs());
      assertEquals(IcmpMessage.DestinationUnreachable.CODE_PORT_UNREACHABLE, call.code());
      assertEquals(HOST, call.original().source());
      assertEquals(PEER, call.original().destination());
      assertEquals(UDP, call.original().protocol());
      assertArrayEquals(Arrays.copyOfRange(original, 20, 28),
          Arrays.copyOfRange(RecordingProtocolHandler.payload(call.original()), 0, 8),
          "the first 8 transport bytes (the ports) are there");
      assertTrue(udp.packets.isEmpty());
      assertCountersAddUp();
    }

    @Test
    void aQuoteTruncatedAfterEightPayloadBytesStillReachesTheHandler() {
      byte[] original = Arrays.copyOf(sentByHost(UDP), 28);
      host.handlePacket(0, icmpPacket(PEER, HOST, new IcmpMessage.DestinationUnreachable(
          IcmpMessage.DestinationUnreachable.CODE_PORT_UNREACHABLE, original)));

      assertEquals(1, udp.unreachables.size());
      assertEquals(8, udp.unreachables.get(0).original().payloadLength());
    }

    @Test
    void aQuoteOfAnotherProtocolIsCountedUnmatched() {
      host.handlePacket(0, portUnreachableAbout(sentByHost(TCP)));

      assertTrue(udp.unreachables.isEmpty());
      assertEquals(1, host.counters().dropped(HostDropReason.ICMP_ERROR_UNMATCHED));
      assertCountersAddUp();
    }

    @Test
    void aQuoteOfAPacketFromAnotherSourceIsCountedUnmatched() {
      byte[] notOurs = HandBuiltPackets.ipv4(UDP, STRANGER, PEER, new byte[8]);
      host.handlePacket(0, portUnreachableAbout(notOurs));

      assertTrue(udp.unreachables.isEmpty());
      assertEquals(1, host.counters().dropped(HostDropReason.ICMP_ERROR_UNMATCHED));
    }

    @Test
    void aQuoteThatIsNotIpv4IsCountedUnmatchedWithItsDecodeError() {
      byte[] garbage = sentByHost(UDP);
      garbage[10] ^= 0x7F; // break the quoted header checksum
      host.handlePacket(0, icmpPacket(PEER, HOST, new IcmpMessage.DestinationUnreachable(3,
          garbage)));

      assertTrue(udp.unreachables.isEmpty());
      assertEquals(1, host.counters().dropped(HostDropReason.ICMP_ERROR_UNMATCHED));
      assertEquals(1, host.counters().decodeErrors(DecodeError.BAD_CHECKSUM));
    }

    @Test
    void everyQuoteShorterThanAnIpv4HeaderIsCountedUnmatchedAsTruncated() {
      for (int length = 0; length < 20; length++) {
        host.handlePacket(0, icmpPacket(PEER, HOST, new IcmpMessage.DestinationUnreachable(3,
            Arrays.copyOf(sentByHost(UDP), length))));
      }

      assertTrue(udp.unreachables.isEmpty());
      assertEquals(20, host.counters().dropped(HostDropReason.ICMP_ERROR_UNMATCHED));
      assertEquals(20, host.counters().decodeErrors(DecodeError.TRUNCATED));
      assertCountersAddUp();
    }

    @Test
    void noErrorIsSentAboutAnIcmpError() {
      host.handlePacket(0, portUnreachableAbout(sentByHost(UNKNOWN_PROTOCOL)));
      assertNull(host.pollTransmit());
    }
  }

  @Nested
  class HandlerContext {

    @Test
    void transmitPrependsAnIpv4HeaderFromThisHostWithTheHandlersProtocol() {
      udp.send(PEER, new byte[] {1, 2, 3, 4});

      Sent sent = onlyTransmit();
      assertEquals(HOST, sent.ip().source());
      assertEquals(PEER, sent.ip().destination());
      assertEquals(UDP, sent.ip().protocol());
      assertEquals(64, sent.ip().ttl());
      assertArrayEquals(new byte[] {1, 2, 3, 4}, RecordingProtocolHandler.payload(sent.ip()));
      assertEquals(1, host.counters().sent());
    }

    @Test
    void transmitCopiesTheRequestedSliceSoTheCallerMayReuseIt() {
      byte[] buffer = {9, 1, 2, 9};
      udp.context().transmit(PEER, buffer, 1, 2);
      buffer[1] = 0;

      assertArrayEquals(new byte[] {1, 2}, RecordingProtocolHandler.payload(onlyTransmit().ip()));
    }

    @Test
    void aSegmentWriterWritesStraightBehindTheIpv4HeaderOfTheSamePacketAsACopyWouldGive() {
      udp.context().transmit(PEER, new byte[] {1, 2, 3}, 0, 3);
      byte[] copied = host.pollTransmit();
      int[] writtenAt = new int[1];
      udp.context().transmit(PEER, 3, (packet, offset) -> {
        writtenAt[0] = offset;
        packet[offset] = 1;
        packet[offset + 1] = 2;
        packet[offset + 2] = 3;
      });
      byte[] written = host.pollTransmit();

      assertEquals(20, writtenAt[0], "the segment goes right behind the 20-byte header");
      assertArrayEquals(new byte[] {1, 2, 3}, RecordingProtocolHandler.payload(decode(written).ip()));
      copied[5]++; // the identification's low byte: the only field that differs between the two
      copied[10] = written[10]; // and with it the header checksum
      copied[11] = written[11];
      assertArrayEquals(copied, written);
      assertEquals(2, host.counters().sent());
    }

    @Test
    void aSegmentWriterBeyondTheMtuIsRefusedBeforeItWrites() {
      host = new Host(HostConfig.builder(HOST).mtu(576).build());
      RecordingProtocolHandler handler = new RecordingProtocolHandler(UDP);
      host.register(handler);

      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> handler.context().transmit(PEER, 557, (packet, offset) -> {
            throw new AssertionError("asked to write a packet that cannot be sent");
          }));
      assertTrue(e.getMessage().contains("MTU 576"), e.getMessage());
      assertEquals(0, host.counters().sent());
    }

    @Test
    void givesEachPacketANewIdentification() {
      udp.send(PEER, new byte[1]);
      udp.send(PEER, new byte[1]);
      int first = decode(host.pollTransmit()).ip().identification();
      int second = decode(host.pollTransmit()).ip().identification();
      assertEquals((first + 1) & 0xFFFF, second);
    }

    @Test
    void transmitBeyondTheMtuIsRefusedNamingTheSizes() {
      host = new Host(HostConfig.builder(HOST).mtu(576).build());
      RecordingProtocolHandler handler = new RecordingProtocolHandler(UDP);
      host.register(handler);

      handler.send(PEER, new byte[556]); // exactly 576 bytes with the header: fine
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> handler.send(PEER, new byte[557]));
      assertTrue(e.getMessage().contains("577 bytes"), e.getMessage());
      assertTrue(e.getMessage().contains("MTU 576"), e.getMessage());
      assertTrue(e.getMessage().contains("payload 557"), e.getMessage());
      assertEquals(1, host.counters().sent());
    }

    @Test
    void sendPortUnreachableQuotesTheOffendingPacket() {
      byte[] packet = udpFromPeer(new byte[] {1, 2, 3});
      host.handlePacket(0, packet);
      udp.context().sendPortUnreachable(0, udp.packets.get(0).packet());

      Sent sent = onlyTransmit();
      assertEquals(PEER, sent.ip().destination());
      assertEquals(IcmpMessage.DestinationUnreachable.portUnreachable(packet, 0, packet.length),
          sent.icmp());
    }

    @Test
    void exposesAddressMtuAndTheProtocolsOwnPortTable() {
      RecordingProtocolHandler tcp = new RecordingProtocolHandler(TCP);
      host.register(tcp);
      assertEquals(HOST, udp.context().address());
      assertEquals(1500, udp.context().mtu());
      assertSame(host.portTable(IpProtocol.UDP), udp.context().portTable());
      assertSame(host.portTable(IpProtocol.TCP), tcp.context().portTable());
    }

    @Test
    void aProtocolWithoutPortsGetsAnErrorNamingIt() {
      RecordingProtocolHandler other = new RecordingProtocolHandler(UNKNOWN_PROTOCOL);
      host.register(other);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> other.context().portTable());
      assertTrue(e.getMessage().contains("protocol 132"), e.getMessage());
    }
  }

  @Nested
  class Registration {

    @Test
    void refusesASecondHandlerForTheSameProtocol() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> host.register(new RecordingProtocolHandler(UDP)));
      assertTrue(e.getMessage().contains("protocol 17 already has a handler"), e.getMessage());
      assertSame(udp, host.handler(UDP));
    }

    @Test
    void refusesAHandlerForIcmp() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> host.register(new RecordingProtocolHandler(1)));
      assertTrue(e.getMessage().contains("ICMP"), e.getMessage());
    }

    @Test
    void refusesAProtocolNumberOutsideTheField() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> host.register(new RecordingProtocolHandler(256)));
      assertTrue(e.getMessage().contains("256"), e.getMessage());
    }

    @Test
    void handlerLooksUpByNumberAndToleratesAnyInt() {
      assertSame(udp, host.handler(UDP));
      assertNull(host.handler(TCP));
      assertNull(host.handler(-1));
      assertNull(host.handler(1000));
    }

    @Test
    void attachesTheHandlerBeforeAnythingElse() {
      ProtocolHandler handler = mock(ProtocolHandler.class);
      when(handler.protocolNumber()).thenReturn(TCP);
      when(handler.pollTimeoutNs()).thenReturn(Long.MAX_VALUE);
      host.register(handler);
      host.handlePacket(1, HandBuiltPackets.tcp(PEER, HOST, 1, 2, 0, 0, HandBuiltPackets.SYN,
          1000, new byte[0], new byte[0]));

      InOrder order = inOrder(handler);
      order.verify(handler).attach(org.mockito.ArgumentMatchers.any());
      order.verify(handler).handlePacket(org.mockito.ArgumentMatchers.eq(1L),
          org.mockito.ArgumentMatchers.any());
    }
  }

  @Nested
  class Timers {

    @Test
    void withoutHandlersNothingIsDue() {
      assertEquals(Long.MAX_VALUE, new Host(HostConfig.of(HOST)).pollTimeoutNs());
    }

    @Test
    void pollTimeoutIsTheEarliestOfTheHandlers() {
      RecordingProtocolHandler tcp = new RecordingProtocolHandler(TCP);
      host.register(tcp);
      udp.timeoutNs = 30 * MS;
      tcp.timeoutNs = 20 * MS;
      assertEquals(20 * MS, host.pollTimeoutNs());
      tcp.timeoutNs = Long.MAX_VALUE;
      assertEquals(30 * MS, host.pollTimeoutNs());
    }

    @Test
    void handleTimeoutCallsOnlyTheHandlersThatAreDue() {
      ProtocolHandler due = mock(ProtocolHandler.class);
      when(due.protocolNumber()).thenReturn(TCP);
      when(due.pollTimeoutNs()).thenReturn(10 * MS);
      ProtocolHandler notDue = mock(ProtocolHandler.class);
      when(notDue.protocolNumber()).thenReturn(UNKNOWN_PROTOCOL);
      when(notDue.pollTimeoutNs()).thenReturn(10 * MS + 1);
      host.register(due);
      host.register(notDue);

      host.handleTimeout(10 * MS);

      verify(due).handleTimeout(10 * MS);
      verify(notDue, never()).handleTimeout(anyLong());
    }

    @Test
    void extraTimeoutCallsAreHarmless() {
      udp.timeoutNs = 10 * MS;
      host.handleTimeout(5 * MS);
      host.handleTimeout(5 * MS);
      assertTrue(udp.timeouts.isEmpty());
    }
  }

  @Nested
  class Time {

    @Test
    void aPacketInThePastIsRefusedNamingBothTimes() {
      host.handlePacket(10, udpFromPeer(new byte[0]));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> host.handlePacket(9, udpFromPeer(new byte[0])));
      assertTrue(e.getMessage().contains("now 9 ns after 10 ns"), e.getMessage());
    }

    @Test
    void aTimeoutInThePastIsRefused() {
      host.handleTimeout(10);
      assertThrows(IllegalArgumentException.class, () -> host.handleTimeout(9));
    }

    @Test
    void aPingInThePastIsRefused() {
      host.handleTimeout(10);
      assertThrows(IllegalArgumentException.class,
          () -> host.sendEchoRequest(9, PEER, 1, 1, new byte[0]));
    }

    @Test
    void theSameInstantTwiceIsFine() {
      host.handlePacket(10, udpFromPeer(new byte[0]));
      host.handleTimeout(10);
      host.handlePacket(10, udpFromPeer(new byte[0]));
      assertEquals(2, udp.packets.size());
    }
  }

  @Nested
  class Closing {

    @Test
    void closeClosesEveryHandlerOnce() {
      ProtocolHandler handler = mock(ProtocolHandler.class);
      when(handler.protocolNumber()).thenReturn(TCP);
      host.register(handler);

      host.close(7);
      host.close(8);

      verify(handler).close(7);
      assertEquals(List.of(7L), udp.closes);
      assertTrue(host.isClosed());
    }

    @Test
    void packetsAfterCloseAreCountedNotDelivered() {
      host.close(0);
      host.handlePacket(1, udpFromPeer(new byte[0]));
      host.handlePacket(1, icmpPacket(PEER, HOST, new IcmpMessage.EchoRequest(1, 1, new byte[0])));

      assertTrue(udp.packets.isEmpty());
      assertNull(host.pollTransmit());
      assertEquals(2, host.counters().dropped(HostDropReason.HOST_CLOSED));
      assertCountersAddUp();
    }
  }

  @Test
  void portTableExistsOnlyForTcpAndUdp() {
    assertEquals(IpProtocol.TCP, host.portTable(IpProtocol.TCP).protocol());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> host.portTable(IpProtocol.ICMP));
    assertTrue(e.getMessage().contains("ICMP"), e.getMessage());
  }

  @Test
  void hasTransmitTellsWhetherSomethingIsQueued() {
    assertFalse(host.hasTransmit());
    udp.send(PEER, new byte[1]);
    assertTrue(host.hasTransmit());
    host.pollTransmit();
    assertFalse(host.hasTransmit());
  }
}
