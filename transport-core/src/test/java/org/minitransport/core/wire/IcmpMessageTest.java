package org.minitransport.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.core.wire.HandBuiltPackets.hex;
import static org.minitransport.core.wire.HandBuiltPackets.resealIcmp;

import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.IcmpMessage.DestinationUnreachable;
import org.minitransport.core.wire.IcmpMessage.EchoReply;
import org.minitransport.core.wire.IcmpMessage.EchoRequest;

class IcmpMessageTest {

  private static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

  private static IcmpMessage roundTrip(IcmpMessage message) throws DecodeException {
    byte[] bytes = message.toBytes();
    return IcmpMessage.parse(IcmpPacket.check(bytes, 0, bytes.length));
  }

  private static DecodeException parseFailure(byte[] bytes) {
    return assertThrows(DecodeException.class,
        () -> IcmpMessage.parse(IcmpPacket.check(bytes, 0, bytes.length)));
  }

  @Nested
  class Echo {

    @Test
    void emitsTheKnownEchoRequestBytes() {
      byte[] bytes = new EchoRequest(1, 1, "abcd".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
          .toBytes();
      assertArrayEquals(hex("08 00 3337 0001 0001 61626364"), bytes);
    }

    @Test
    void echoRequestRoundTrips() throws DecodeException {
      EchoRequest request = new EchoRequest(0xBEEF, 65_535, new byte[] {1, 2, 3, 4, 5});
      assertEquals(request, roundTrip(request));
    }

    @Test
    void echoReplyRoundTripsWithEmptyData() throws DecodeException {
      EchoReply reply = new EchoReply(0, 0, new byte[0]);
      assertEquals(reply, roundTrip(reply));
      assertEquals(8, reply.toBytes().length);
    }

    @Test
    void replyCarriesTheRequestIdentifierSequenceAndData() {
      EchoRequest request = new EchoRequest(3, 4, new byte[] {9, 8});
      assertEquals(new EchoReply(3, 4, new byte[] {9, 8}), request.reply());
      assertEquals(IcmpMessage.TYPE_ECHO_REPLY, request.reply().type());
    }

    @Test
    void rejectsAnEchoWithANonZeroCode() {
      byte[] bytes = new EchoRequest(1, 1, new byte[0]).toBytes();
      bytes[1] = 1;
      resealIcmp(bytes, 0, bytes.length);
      assertEquals(DecodeError.UNSUPPORTED, parseFailure(bytes).error());
    }

    @Test
    void rejectsAnEchoReplyWithANonZeroCodeNamingTypeAndCode() {
      byte[] bytes = new EchoReply(1, 1, new byte[0]).toBytes();
      bytes[1] = 5;
      resealIcmp(bytes, 0, bytes.length);
      DecodeException e = parseFailure(bytes);
      assertEquals(DecodeError.UNSUPPORTED, e.error());
      assertTrue(e.getMessage().contains("type 0 with code 5"), e.getMessage());
    }

    @Test
    void typeAndCodeAreThoseItIsSentWith() throws DecodeException {
      EchoRequest request = new EchoRequest(1, 2, new byte[0]);
      assertEquals(8, request.type());
      assertEquals(0, request.code());
      assertEquals(0, request.reply().code());
      IcmpMessage parsed = roundTrip(request.reply());
      assertEquals(0, parsed.type());
      assertEquals(0, parsed.code());
    }

    @Test
    void carriesDataUpToTheLargestAnIpv4PacketHolds() throws DecodeException {
      EchoRequest largest = new EchoRequest(65_535, 0, new byte[IcmpMessage.MAX_DATA_LENGTH]);
      assertEquals(65_535 - 20, largest.toBytes().length);
      assertEquals(largest, roundTrip(largest));
    }

    @Test
    void rejectsNullDataNamingIt() {
      NullPointerException e = assertThrows(NullPointerException.class,
          () -> new EchoReply(0, 0, null));
      assertTrue(e.getMessage().contains("echo data"), e.getMessage());
      e = assertThrows(NullPointerException.class, () -> new DestinationUnreachable(3, null));
      assertTrue(e.getMessage().contains("original datagram"), e.getMessage());
    }

    @Test
    void rejectsOutOfRangeFieldsNamingThem() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new EchoRequest(65_536, 0, new byte[0]));
      assertTrue(e.getMessage().contains("identifier 65536"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> new EchoReply(0, -1, new byte[0]));
      assertTrue(e.getMessage().contains("sequence -1"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> new EchoReply(0, 0, new byte[IcmpMessage.MAX_DATA_LENGTH + 1]));
      assertTrue(e.getMessage().contains("65508"), e.getMessage());
      assertThrows(NullPointerException.class, () -> new EchoRequest(0, 0, null));
    }
  }

  @Nested
  class Unreachable {

    private final byte[] udpPacket =
        HandBuiltPackets.udp(A, B, 5000, 53, "0123456789abcdef".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII));

    @Test
    void portUnreachableIsTypeThreeCodeThree() {
      DestinationUnreachable error = DestinationUnreachable.portUnreachable(udpPacket, 0, udpPacket.length);
      byte[] bytes = error.toBytes();
      assertEquals(3, bytes[0]);
      assertEquals(3, bytes[1]);
      assertArrayEquals(new byte[4], Arrays.copyOfRange(bytes, 4, 8));
      assertEquals(0, InternetChecksum.compute(bytes, 0, bytes.length));
    }

    @Test
    void quotesTheWholeOffendingPacketWhenItFitsIn576Bytes() {
      DestinationUnreachable error = DestinationUnreachable.portUnreachable(udpPacket, 0, udpPacket.length);
      assertArrayEquals(udpPacket, error.original());
    }

    @Test
    void quotesHeaderAndAtLeastEightPayloadBytesOfALargePacket() {
      byte[] large = HandBuiltPackets.udp(A, B, 5000, 53, new byte[1400]);
      DestinationUnreachable error = DestinationUnreachable.portUnreachable(large, 0, large.length);
      assertEquals(DestinationUnreachable.MAX_ORIGINAL_LENGTH, error.original().length);
      assertEquals(576, Ipv4Header.LENGTH + error.toBytes().length);
      assertArrayEquals(Arrays.copyOf(large, 548), error.original());
    }

    @Test
    void quotesOnlyTheGivenRange() {
      byte[] framed = new byte[udpPacket.length + 6];
      System.arraycopy(udpPacket, 0, framed, 3, udpPacket.length);
      DestinationUnreachable error = DestinationUnreachable.portUnreachable(framed, 3, udpPacket.length);
      assertArrayEquals(udpPacket, error.original());
    }

    @Test
    void rejectsAnOffendingPacketShorterThanAnIpv4Header() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> DestinationUnreachable.portUnreachable(udpPacket, 0, 19));
      assertTrue(e.getMessage().contains("19"), e.getMessage());
    }

    @Test
    void roundTripsEveryCode() throws DecodeException {
      for (int code = 0; code <= 255; code += 51) {
        DestinationUnreachable error = DestinationUnreachable.about(code, udpPacket, 0, 28);
        assertEquals(error, roundTrip(error));
      }
    }

    @Test
    void parseIgnoresTheUnusedField() throws DecodeException {
      byte[] bytes = DestinationUnreachable.portUnreachable(udpPacket, 0, 28).toBytes();
      bytes[7] = 0x44; // RFC 1191 next-hop MTU position; not modelled
      resealIcmp(bytes, 0, bytes.length);
      assertEquals(DestinationUnreachable.portUnreachable(udpPacket, 0, 28),
          IcmpMessage.parse(IcmpPacket.check(bytes, 0, bytes.length)));
    }

    @Test
    void quotesAPacketOfExactlyAnIpv4Header() {
      DestinationUnreachable error = DestinationUnreachable.about(
          DestinationUnreachable.CODE_HOST_UNREACHABLE, udpPacket, 0, 20);
      assertArrayEquals(Arrays.copyOf(udpPacket, 20), error.original());
      assertEquals(DestinationUnreachable.CODE_HOST_UNREACHABLE, error.code());
      assertEquals(IcmpMessage.TYPE_DESTINATION_UNREACHABLE, error.type());
    }

    /**
     * Parsing keeps a quote of any length, even one shorter than an IPv4 header: the host judges
     * the quote (Ipv4Packet.checkQuoted, then each transport's handler wants its 8 bytes), so a
     * forged short quote is a value here, never an unchecked exception.
     */
    @Test
    void parsesAQuoteOfAnyLengthUpToTheWholeOffendingPacket() throws DecodeException {
      for (int length = 0; length <= udpPacket.length; length++) {
        byte[] bytes = new DestinationUnreachable(3, Arrays.copyOf(udpPacket, length)).toBytes();
        IcmpMessage parsed = IcmpMessage.parse(IcmpPacket.check(bytes, 0, bytes.length));
        assertEquals(new DestinationUnreachable(3, Arrays.copyOf(udpPacket, length)), parsed);
      }
    }

    @Test
    void parsesAMessageInsideALargerBufferReadingOnlyItsOwnBytes() throws DecodeException {
      byte[] bytes = DestinationUnreachable.portUnreachable(udpPacket, 0, 28).toBytes();
      byte[] framed = new byte[bytes.length + 10];
      Arrays.fill(framed, (byte) 0x5A);
      System.arraycopy(bytes, 0, framed, 4, bytes.length);
      assertEquals(DestinationUnreachable.portUnreachable(udpPacket, 0, 28),
          IcmpMessage.parse(IcmpPacket.check(framed, 4, bytes.length)));
    }

    @Test
    void rejectsARangeOutsideTheOffendingPacketsArray() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> DestinationUnreachable.about(3, udpPacket, 10, udpPacket.length));
      assertTrue(e.getMessage().contains("offset 10, length " + udpPacket.length),
          e.getMessage());
    }

    @Test
    void rejectsACodeOutsideAnOctet() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new DestinationUnreachable(256, new byte[0]));
      assertTrue(e.getMessage().contains("code 256"), e.getMessage());
    }
  }

  @Nested
  class UnknownTypes {

    @Test
    void rejectsTimestampRequestAsUnsupported() {
      byte[] bytes = hex("0d 00 0000 0001 0001 00000000 00000000 00000000");
      resealIcmp(bytes, 0, bytes.length);
      DecodeException e = parseFailure(bytes);
      assertEquals(DecodeError.UNSUPPORTED, e.error());
      assertTrue(e.getMessage().contains("type 13"), e.getMessage());
    }

    @Test
    void rejectsEveryTypeButZeroThreeAndEight() {
      for (int type = 0; type <= 255; type++) {
        byte[] bytes = new byte[8];
        bytes[0] = (byte) type;
        resealIcmp(bytes, 0, 8);
        boolean known = type == 0 || type == 3 || type == 8;
        if (!known) {
          assertEquals(DecodeError.UNSUPPORTED, parseFailure(bytes).error(), "type " + type);
        }
      }
    }
  }

  @Nested
  class ValueSemantics {

    @Test
    void copiesTheDataOnTheWayIn() {
      byte[] data = {1, 2, 3};
      EchoRequest request = new EchoRequest(1, 2, data);
      data[0] = 99;
      assertArrayEquals(new byte[] {1, 2, 3}, request.data());
    }

    @Test
    void copiesTheDataOnTheWayOut() {
      DestinationUnreachable error = new DestinationUnreachable(3, new byte[] {1, 2});
      error.original()[0] = 99;
      assertArrayEquals(new byte[] {1, 2}, error.original());
    }

    @Test
    void equalsAndHashCodeCompareArrayContents() {
      EchoReply one = new EchoReply(1, 2, new byte[] {5, 6});
      EchoReply same = new EchoReply(1, 2, new byte[] {5, 6});
      assertEquals(one, same);
      assertEquals(one.hashCode(), same.hashCode());
      assertNotEquals(one, new EchoReply(1, 2, new byte[] {5, 7}));
      assertNotEquals(one, new EchoRequest(1, 2, new byte[] {5, 6}));
      assertEquals(new DestinationUnreachable(3, new byte[] {1}),
          new DestinationUnreachable(3, new byte[] {1}));
      assertNotEquals(new DestinationUnreachable(3, new byte[] {1}),
          new DestinationUnreachable(4, new byte[] {1}));
      assertNotEquals(new DestinationUnreachable(3, new byte[] {1}),
          new DestinationUnreachable(3, new byte[] {2}));
      assertNotEquals(new EchoRequest(1, 2, new byte[] {5}), new EchoRequest(1, 3, new byte[] {5}));
      assertNotEquals(new EchoRequest(1, 2, new byte[] {5}), new EchoRequest(2, 2, new byte[] {5}));
      assertNotEquals(new EchoReply(1, 2, new byte[] {5}), new EchoReply(2, 2, new byte[] {5}));
      assertNotEquals(new EchoReply(1, 2, new byte[] {5}), new EchoReply(1, 3, new byte[] {5}));
    }

    @Test
    void hashCodesTellFieldsApart() {
      assertEquals(3L, java.util.stream.IntStream.of(new EchoReply(1, 2, new byte[] {5}).hashCode(),
          new EchoReply(2, 1, new byte[] {5}).hashCode(),
          new EchoReply(1, 2, new byte[] {6}).hashCode()).distinct().count());
      assertEquals(3L, java.util.stream.IntStream.of(new EchoRequest(1, 2, new byte[] {5}).hashCode(),
          new EchoRequest(2, 1, new byte[] {5}).hashCode(),
          new EchoRequest(1, 2, new byte[] {6}).hashCode()).distinct().count());
      assertEquals(3L, java.util.stream.IntStream.of(new DestinationUnreachable(3, new byte[] {5}).hashCode(),
          new DestinationUnreachable(4, new byte[] {5}).hashCode(),
          new DestinationUnreachable(3, new byte[] {6}).hashCode()).distinct().count());
    }

    @Test
    void hashCodesSpreadOverEveryFieldValueIncludingZero() {
      java.util.Set<Integer> requests = new java.util.HashSet<>();
      java.util.Set<Integer> replies = new java.util.HashSet<>();
      for (int identifier = 0; identifier < 8; identifier++) {
        for (int sequence = 0; sequence < 8; sequence++) {
          requests.add(new EchoRequest(identifier, sequence, new byte[0]).hashCode());
          replies.add(new EchoReply(identifier, sequence, new byte[0]).hashCode());
        }
      }
      java.util.Set<Integer> errors = new java.util.HashSet<>();
      for (int code = 0; code < 64; code++) {
        errors.add(new DestinationUnreachable(code, new byte[0]).hashCode());
      }
      assertEquals(64, requests.size());
      assertEquals(64, replies.size());
      assertEquals(64, errors.size());
    }

    @Test
    void toStringShowsUpTo32BytesInFull() {
      String exactly = new EchoReply(0, 0, new byte[32]).toString();
      assertTrue(exactly.endsWith("0000]]"), exactly);
      String over = new EchoReply(0, 0, new byte[33]).toString();
      assertTrue(over.endsWith("... 33 bytes]]"), over);
      assertTrue(new EchoReply(7, 9, new byte[0]).toString()
          .startsWith("EchoReply[identifier=7, sequence=9, data=[]"));
      assertEquals("DestinationUnreachable[code=3, original=[01]]",
          new DestinationUnreachable(3, new byte[] {1}).toString());
    }

    @Test
    void toStringShowsTheDataInHex() {
      assertEquals("EchoRequest[identifier=1, sequence=2, data=[0aff]]",
          new EchoRequest(1, 2, new byte[] {0x0a, (byte) 0xff}).toString());
      String longer = new DestinationUnreachable(3, new byte[100]).toString();
      assertTrue(longer.endsWith("... 100 bytes]]"), longer);
    }
  }

  @Nested
  class InsideIpv4 {

    @Test
    void echoRoundTripsThroughAnIpv4Packet() throws DecodeException {
      EchoRequest request = new EchoRequest(77, 1, new byte[] {1, 2, 3, 4, 5, 6, 7});
      byte[] icmp = request.toBytes();
      byte[] packet = new Ipv4Header(0, 1, true, 64, IpProtocol.ICMP.number(), A, B)
          .toPacket(icmp, 0, icmp.length);
      Ipv4Packet ip = Ipv4Packet.check(packet, 0, packet.length);
      IcmpMessage parsed = IcmpMessage.parse(
          IcmpPacket.check(packet, ip.payloadOffset(), ip.payloadLength()));
      assertEquals(request, parsed);
    }
  }
}
