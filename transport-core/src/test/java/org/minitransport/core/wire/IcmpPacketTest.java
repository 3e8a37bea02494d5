package org.minitransport.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.minitransport.core.wire.HandBuiltPackets.hex;

import org.junit.jupiter.api.Test;

class IcmpPacketTest {

  /** Echo request, identifier 1, sequence 1, data "abcd"; checksum worked by hand. */
  private static final String ECHO_ABCD = "08 00 3337 0001 0001 61626364";

  @Test
  void readsTheHeaderFields() throws DecodeException {
    byte[] bytes = hex("ff" + ECHO_ABCD);
    IcmpPacket packet = IcmpPacket.check(bytes, 1, 12);
    assertEquals(8, packet.type());
    assertEquals(0, packet.code());
    assertEquals(0x3337, packet.checksum());
    assertEquals(1, packet.restOfHeaderHigh());
    assertEquals(1, packet.restOfHeaderLow());
    assertEquals(9, packet.dataOffset());
    assertEquals(4, packet.dataLength());
    assertEquals(12, packet.length());
  }

  @Test
  void rejectsFewerThanEightBytesAsTruncated() {
    byte[] bytes = hex(ECHO_ABCD);
    assertEquals(DecodeError.TRUNCATED,
        assertThrows(DecodeException.class, () -> IcmpPacket.check(bytes, 0, 7)).error());
  }

  @Test
  void checksumCoversTheData() {
    byte[] bytes = hex(ECHO_ABCD);
    bytes[11] ^= 0x20;
    assertEquals(DecodeError.BAD_CHECKSUM,
        assertThrows(DecodeException.class, () -> IcmpPacket.check(bytes, 0, 12)).error());
  }

  @Test
  void checksumCoversAnOddLengthMessage() throws DecodeException {
    byte[] bytes = new IcmpMessage.EchoRequest(7, 9, new byte[] {1, 2, 3}).toBytes();
    IcmpPacket.check(bytes, 0, bytes.length);
    bytes[10] ^= 0x01;
    assertEquals(DecodeError.BAD_CHECKSUM,
        assertThrows(DecodeException.class, () -> IcmpPacket.check(bytes, 0, 11)).error());
  }

  @Test
  void rejectsARangeOutsideTheBufferAsMisuse() {
    assertThrows(IllegalArgumentException.class, () -> IcmpPacket.check(new byte[8], 1, 8));
  }
}
