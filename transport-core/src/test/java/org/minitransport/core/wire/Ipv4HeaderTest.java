package org.minitransport.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.core.wire.HandBuiltPackets.hex;

import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.minitransport.core.address.Ipv4Address;

class Ipv4HeaderTest {

  private static final Ipv4Address A = Ipv4Address.parse("192.168.0.1");
  private static final Ipv4Address B = Ipv4Address.parse("192.168.0.199");

  private static final Ipv4Header WIKIPEDIA = new Ipv4Header(0, 0, true, 64, 17, A, B);

  @Nested
  class Emit {

    @Test
    void emitsTheKnownHeaderByteForByte() {
      byte[] buffer = new byte[20];
      WIKIPEDIA.emit(buffer, 0, 0x73 - 20);
      assertArrayEquals(hex("4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7"), buffer);
    }

    @Test
    void emitsAtAnOffsetWithoutTouchingTheRest() {
      byte[] buffer = new byte[30];
      Arrays.fill(buffer, (byte) 0x5A);
      WIKIPEDIA.emit(buffer, 5, 0);
      assertEquals(0x5A, buffer[4]);
      assertEquals(0x5A, buffer[25]);
      assertEquals(0x45, buffer[5]);
      assertEquals(0, InternetChecksum.compute(buffer, 5, 20));
    }

    @Test
    void acceptsTheLargestPayload() throws DecodeException {
      byte[] buffer = new byte[65_535];
      WIKIPEDIA.emit(buffer, 0, Ipv4Header.MAX_PAYLOAD_LENGTH);
      assertEquals(65_535, Ipv4Packet.check(buffer, 0, buffer.length).totalLength());
    }

    @Test
    void rejectsATotalLengthAbove65535() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> WIKIPEDIA.emit(new byte[20], 0, 65_516));
      assertTrue(e.getMessage().contains("65516"), e.getMessage());
    }

    @Test
    void rejectsANegativePayloadLength() {
      assertThrows(IllegalArgumentException.class, () -> WIKIPEDIA.emit(new byte[20], 0, -1));
    }

    @Test
    void rejectsABufferTooSmallForTheHeader() {
      assertThrows(IllegalArgumentException.class, () -> WIKIPEDIA.emit(new byte[25], 6, 0));
    }

    @Test
    void toPacketAppendsThePayloadSlice() throws DecodeException {
      byte[] payload = {9, 1, 2, 3, 9};
      byte[] packet = WIKIPEDIA.toPacket(payload, 1, 3);
      Ipv4Packet view = Ipv4Packet.check(packet, 0, packet.length);
      assertEquals(23, view.totalLength());
      assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOfRange(packet, 20, 23));
    }

    @Test
    void toPacketRejectsABadSlice() {
      assertThrows(IllegalArgumentException.class, () -> WIKIPEDIA.toPacket(new byte[3], 2, 2));
    }
  }

  @Nested
  class Parse {

    @Test
    void parseReadsBackWhatEmitWrote() throws DecodeException {
      Ipv4Header header = new Ipv4Header(0xB8, 54_321, false, 1, 6, B, A);
      byte[] packet = header.toPacket(new byte[12], 0, 12);
      assertEquals(header, Ipv4Header.parse(Ipv4Packet.check(packet, 0, packet.length)));
    }
  }

  @Nested
  class Validation {

    @ParameterizedTest
    @ValueSource(ints = {-1, 256})
    void rejectsTypeOfServiceOutsideAnOctet(int value) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new Ipv4Header(value, 0, false, 64, 6, A, B));
      assertTrue(e.getMessage().contains("type of service " + value), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65_536})
    void rejectsIdentificationOutside16Bits(int value) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new Ipv4Header(0, value, false, 64, 6, A, B));
      assertTrue(e.getMessage().contains("identification " + value), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 256})
    void rejectsTtlOutsideAnOctet(int value) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new Ipv4Header(0, 0, false, value, 6, A, B));
      assertTrue(e.getMessage().contains("TTL " + value), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 256})
    void rejectsProtocolOutsideAnOctet(int value) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new Ipv4Header(0, 0, false, 64, value, A, B));
      assertTrue(e.getMessage().contains("protocol " + value), e.getMessage());
    }

    @Test
    void rejectsNullAddresses() {
      assertThrows(NullPointerException.class, () -> new Ipv4Header(0, 0, false, 64, 6, null, B));
      assertThrows(NullPointerException.class, () -> new Ipv4Header(0, 0, false, 64, 6, A, null));
    }
  }
}
