package org.minitransport.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.core.wire.HandBuiltPackets.hex;
import static org.minitransport.core.wire.HandBuiltPackets.put16;
import static org.minitransport.core.wire.HandBuiltPackets.resealIpv4;

import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;

class Ipv4PacketTest {

  /** A UDP packet from 192.168.0.1 to 192.168.0.199, total length 0x73, checksum b861. */
  private static final String WIKIPEDIA_HEADER = "4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7";

  private static byte[] wikipediaPacket() {
    byte[] packet = new byte[0x73];
    System.arraycopy(hex(WIKIPEDIA_HEADER), 0, packet, 0, 20);
    for (int i = 20; i < packet.length; i++) {
      packet[i] = (byte) i;
    }
    return packet;
  }

  private static DecodeError rejection(byte[] bytes, int offset, int length) {
    return assertThrows(DecodeException.class, () -> Ipv4Packet.check(bytes, offset, length))
        .error();
  }

  private static DecodeError rejection(byte[] bytes) {
    return rejection(bytes, 0, bytes.length);
  }

  @Nested
  class Accepts {

    @Test
    void readsEveryFieldOfAKnownPacket() throws DecodeException {
      Ipv4Packet packet = Ipv4Packet.check(wikipediaPacket(), 0, 0x73);
      assertEquals(20, packet.headerLength());
      assertEquals(0x73, packet.totalLength());
      assertEquals(0, packet.typeOfService());
      assertEquals(0, packet.identification());
      assertTrue(packet.dontFragment());
      assertEquals(64, packet.ttl());
      assertEquals(17, packet.protocol());
      assertEquals(0xb861, packet.headerChecksum());
      assertEquals(Ipv4Address.parse("192.168.0.1"), packet.source());
      assertEquals(Ipv4Address.parse("192.168.0.199"), packet.destination());
      assertEquals(20, packet.payloadOffset());
      assertEquals(0x73 - 20, packet.payloadLength());
    }

    @Test
    void payloadOffsetIsAnAbsoluteIndexIntoTheBuffer() throws DecodeException {
      byte[] framed = new byte[7 + 0x73];
      System.arraycopy(wikipediaPacket(), 0, framed, 7, 0x73);
      Ipv4Packet packet = Ipv4Packet.check(framed, 7, 0x73);
      assertEquals(7, packet.offset());
      assertEquals(27, packet.payloadOffset());
      assertEquals(Ipv4Address.parse("192.168.0.199"), packet.destination());
    }

    @Test
    void ignoresBytesPastTotalLength() throws DecodeException {
      byte[] padded = Arrays.copyOf(wikipediaPacket(), 0x73 + 10);
      Arrays.fill(padded, 0x73, padded.length, (byte) 0xEE);
      Ipv4Packet packet = Ipv4Packet.check(padded, 0, padded.length);
      assertEquals(0x73, packet.totalLength());
      assertEquals(0x73 - 20, packet.payloadLength());
    }

    @Test
    void skipsOptionsByIhlAndChecksumsThem() throws DecodeException {
      // IHL 6: one 4-byte option word (NOP NOP NOP EOL), then 3 payload bytes.
      byte[] packet = hex("4600 001b 0001 0000 4001 0000 0a00 0001 0a00 0002 0101 0100 aabbcc");
      resealIpv4(packet, 0);
      Ipv4Packet view = Ipv4Packet.check(packet, 0, packet.length);
      assertEquals(24, view.headerLength());
      assertEquals(24, view.payloadOffset());
      assertEquals(3, view.payloadLength());
      assertFalse(view.dontFragment());
      packet[21] ^= 0x10; // Damage the option: the header checksum covers it.
      assertEquals(DecodeError.BAD_CHECKSUM, rejection(packet));
    }

    @Test
    void acceptsAHeaderWithNoPayload() throws DecodeException {
      byte[] packet = Arrays.copyOf(wikipediaPacket(), 20);
      put16(packet, 2, 20);
      resealIpv4(packet, 0);
      assertEquals(0, Ipv4Packet.check(packet, 0, 20).payloadLength());
    }
  }

  @Nested
  class Rejects {

    @Test
    void rejectsAnEmptyRangeAsTruncated() {
      assertEquals(DecodeError.TRUNCATED, rejection(new byte[4], 2, 0));
    }

    @Test
    void rejectsVersionOtherThanFour() {
      byte[] packet = wikipediaPacket();
      packet[0] = 0x65;
      resealIpv4(packet, 0);
      assertEquals(DecodeError.BAD_VERSION, rejection(packet));
    }

    @Test
    void rejectsAVersionSixByteEvenWhenShort() {
      assertEquals(DecodeError.BAD_VERSION, rejection(hex("60 00 00")));
    }

    @Test
    void rejectsFewerThanTwentyBytesAsTruncated() {
      assertEquals(DecodeError.TRUNCATED, rejection(wikipediaPacket(), 0, 19));
    }

    @Test
    void rejectsIhlBelowFive() {
      byte[] packet = wikipediaPacket();
      packet[0] = 0x44;
      DecodeException e = assertThrows(DecodeException.class,
          () -> Ipv4Packet.check(packet, 0, packet.length));
      assertEquals(DecodeError.BAD_HEADER_LENGTH, e.error());
      assertTrue(e.getMessage().contains("IHL 4"), e.getMessage());
    }

    @Test
    void rejectsIhlPastTheBytesPresent() {
      byte[] packet = Arrays.copyOf(wikipediaPacket(), 40);
      packet[0] = 0x4F; // 60-byte header in 40 bytes
      assertEquals(DecodeError.BAD_HEADER_LENGTH, rejection(packet));
    }

    @Test
    void rejectsTotalLengthBelowHeaderLength() {
      byte[] packet = wikipediaPacket();
      put16(packet, 2, 19);
      resealIpv4(packet, 0);
      assertEquals(DecodeError.BAD_LENGTH, rejection(packet));
    }

    @Test
    void rejectsTotalLengthPastTheBytesPresentAsTruncated() {
      assertEquals(DecodeError.TRUNCATED, rejection(wikipediaPacket(), 0, 0x72));
    }

    @Test
    void rejectsABadHeaderChecksum() {
      byte[] packet = wikipediaPacket();
      packet[11] ^= 0x01;
      DecodeException e = assertThrows(DecodeException.class,
          () -> Ipv4Packet.check(packet, 0, packet.length));
      assertEquals(DecodeError.BAD_CHECKSUM, e.error());
      assertTrue(e.getMessage().contains("0xb860"), e.getMessage());
    }

    @Test
    void doesNotChecksumThePayload() throws DecodeException {
      byte[] packet = wikipediaPacket();
      packet[50] ^= 0x7F;
      Ipv4Packet.check(packet, 0, packet.length);
    }

    @Test
    void rejectsMoreFragmentsSet() {
      byte[] packet = wikipediaPacket();
      put16(packet, 6, 0x2000);
      resealIpv4(packet, 0);
      assertEquals(DecodeError.FRAGMENTED, rejection(packet));
    }

    @Test
    void rejectsANonZeroFragmentOffset() {
      byte[] packet = wikipediaPacket();
      put16(packet, 6, 0x4000 | 0x00B9);
      resealIpv4(packet, 0);
      DecodeException e = assertThrows(DecodeException.class,
          () -> Ipv4Packet.check(packet, 0, packet.length));
      assertEquals(DecodeError.FRAGMENTED, e.error());
      assertTrue(e.getMessage().contains("offset 1480"), e.getMessage());
    }

    @Test
    void rejectsARangeOutsideTheBufferAsMisuse() {
      byte[] packet = wikipediaPacket();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Ipv4Packet.check(packet, 10, packet.length));
      assertTrue(e.getMessage().contains("offset 10"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Ipv4Packet.check(packet, -1, 20));
      assertThrows(IllegalArgumentException.class, () -> Ipv4Packet.check(packet, 0, -1));
    }
  }
}
