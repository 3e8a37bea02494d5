package org.minitransport.core.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.HandBuiltPackets;
import org.minitransport.core.wire.IcmpMessage;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Header;
import org.minitransport.core.wire.Ipv4Packet;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.impl.Constraint;

/**
 * Untrusted bytes never make a host throw, and its counters always add up: every received packet
 * is delivered or dropped for exactly one reason ({@code received == delivered +
 * droppedIncoming}), and everything it sends is valid IPv4 within its MTU.
 */
class HostProperties {

  private static final Ipv4Address HOST = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address[] SOURCES = {
      Ipv4Address.parse("10.0.0.2"), HOST, Ipv4Address.parse("0.0.0.0"),
      Ipv4Address.parse("255.255.255.255"), Ipv4Address.parse("224.0.0.1")};
  private static final Ipv4Address[] DESTINATIONS = {
      HOST, HOST, HOST, Ipv4Address.parse("10.0.0.99")};

  /** Any bytes at all, mostly short. */
  private static Gen<byte[]> rawBytes() {
    return Generate.byteArrays(integers().between(0, 80),
        Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
  }

  private static byte[] randomBytes(org.quicktheories.core.RandomnessSource in, int max) {
    byte[] bytes = new byte[(int) in.next(Constraint.between(0, max))];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) in.next(Constraint.between(-128, 127));
    }
    return bytes;
  }

  /**
   * Valid IPv4 packets with random sources, destinations, protocols and payloads, often carrying
   * well-formed ICMP (echo, reply, unreachable quoting a packet of ours or not), then sometimes
   * damaged by one flipped bit or a truncation, so every branch of the host is reached.
   */
  private static Gen<byte[]> structuredPackets() {
    return in -> {
      Ipv4Address source = SOURCES[(int) in.next(Constraint.between(0, SOURCES.length - 1))];
      Ipv4Address destination =
          DESTINATIONS[(int) in.next(Constraint.between(0, DESTINATIONS.length - 1))];
      int kind = (int) in.next(Constraint.between(0, 6));
      int protocol;
      byte[] payload;
      switch (kind) {
        case 0 -> {
          protocol = IpProtocol.ICMP.number();
          payload = new IcmpMessage.EchoRequest((int) in.next(Constraint.between(0, 65_535)),
              (int) in.next(Constraint.between(0, 65_535)), randomBytes(in, 2_000)).toBytes();
        }
        case 1 -> {
          protocol = IpProtocol.ICMP.number();
          payload = new IcmpMessage.EchoReply(1, 2, randomBytes(in, 64)).toBytes();
        }
        case 2 -> {
          protocol = IpProtocol.ICMP.number();
          int quotedProtocol = in.next(Constraint.between(0, 1)) == 0 ? 17 : 6;
          Ipv4Address quotedSource = in.next(Constraint.between(0, 3)) == 0 ? SOURCES[0] : HOST;
          byte[] quoted = HandBuiltPackets.ipv4(quotedProtocol, quotedSource, SOURCES[0],
              randomBytes(in, 40));
          int length = (int) in.next(Constraint.between(0, quoted.length));
          payload = new IcmpMessage.DestinationUnreachable(
              (int) in.next(Constraint.between(0, 255)),
              java.util.Arrays.copyOf(quoted, length)).toBytes();
        }
        case 3 -> {
          protocol = IpProtocol.ICMP.number();
          payload = randomBytes(in, 40);
        }
        default -> {
          protocol = (int) in.next(Constraint.between(0, 255));
          payload = randomBytes(in, 1_600);
        }
      }
      byte[] packet = new Ipv4Header(0, 7, true, 64, protocol, source, destination)
          .toPacket(payload, 0, payload.length);
      int damage = (int) in.next(Constraint.between(0, 3));
      if (damage == 1) {
        int bit = (int) in.next(Constraint.between(0, packet.length * 8L - 1));
        packet[bit / 8] ^= (byte) (1 << (bit % 8));
      } else if (damage == 2) {
        packet = java.util.Arrays.copyOf(packet, (int) in.next(Constraint.between(0,
            packet.length)));
      }
      return packet;
    };
  }

  @Test
  void arbitraryBytesNeverThrowAndAreAllCounted() {
    qt().withExamples(300)
        .forAll(integers().between(68, 1500), lists().of(rawBytes()).ofSizeBetween(1, 30))
        .checkAssert(HostProperties::feedAndCheckTotals);
  }

  @Test
  void plausiblePacketsNeverThrowAndAreAllCounted() {
    qt().withExamples(300)
        .forAll(integers().between(68, 1500), lists().of(structuredPackets()).ofSizeBetween(1, 30))
        .checkAssert(HostProperties::feedAndCheckTotals);
  }

  private static void feedAndCheckTotals(int mtu, List<byte[]> packets) {
    Host host = new Host(HostConfig.builder(HOST).mtu(mtu).icmpErrorRate(1_000, 3).build());
    RecordingProtocolHandler udp = new RecordingProtocolHandler(IpProtocol.UDP.number());
    host.register(udp);
    long nowNs = 0;
    int transmitted = 0;
    int echoReplies = 0;
    int echoRequestsAnswered = 0;
    for (byte[] packet : packets) {
      nowNs += 100_000;
      host.handlePacket(nowNs, packet);
      for (byte[] out = host.pollTransmit(); out != null; out = host.pollTransmit()) {
        transmitted++;
        assertTrue(out.length <= mtu, "sent " + out.length + " bytes over MTU " + mtu);
        try {
          Ipv4Packet ip = Ipv4Packet.check(out, 0, out.length);
          if (ip.protocol() == IpProtocol.ICMP.number()
              && (out[ip.payloadOffset()] & 0xFF) == IcmpMessage.TYPE_ECHO_REPLY) {
            echoRequestsAnswered++;
          }
        } catch (DecodeException e) {
          throw new AssertionError("the host sent invalid IPv4: " + e, e);
        }
      }
      while (host.pollEchoReply() != null) {
        echoReplies++;
      }
    }
    HostCounters counters = host.counters();
    assertEquals(packets.size(), counters.received());
    assertEquals(counters.received(), counters.delivered() + counters.droppedIncoming(),
        counters.toString());
    assertEquals(transmitted, counters.sent());
    assertEquals(udp.packets.size() + udp.unreachables.size() + echoReplies
        + echoRequestsAnswered, counters.delivered(), counters.toString());
  }
}
