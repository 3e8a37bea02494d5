package org.minitransport.core.wire;

import static org.minitransport.core.wire.ByteRange.readUint16;

/**
 * A checked, read-only view of one ICMP message inside a byte array (RFC 792): the IPv4 payload of
 * a packet whose protocol is 1. Obtain one with {@link #check}; the view copies nothing.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * |                  Rest of header (by type)                     |
 * |                  Data ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The view checks only what every ICMP message shares: the 8-byte header and the checksum,
 * which covers the whole message (RFC 792, "Checksum"). {@link IcmpMessage#parse} interprets the
 * type.
 */
public final class IcmpPacket {

  /** Type, code, checksum and the 4-byte rest of header. */
  public static final int HEADER_LENGTH = 8;

  private final byte[] buffer;
  private final int offset;
  private final int length;

  private IcmpPacket(byte[] buffer, int offset, int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
  }

  /**
   * Validates the ICMP message in {@code buffer[offset, offset + length)}: at least 8 bytes, else
   * {@link DecodeError#TRUNCATED}; the checksum over all {@code length} bytes verifies, else {@link
   * DecodeError#BAD_CHECKSUM}.
   *
   * @throws DecodeException if the bytes are not an ICMP message; nothing else for any content
   * @throws IllegalArgumentException if the range does not lie inside {@code buffer}
   */
  public static IcmpPacket check(byte[] buffer, int offset, int length) throws DecodeException {
    ByteRange.check(buffer, offset, length);
    if (length < HEADER_LENGTH) {
      throw new DecodeException(
          DecodeError.TRUNCATED, length + " bytes are fewer than the 8-byte ICMP header");
    }
    int residue = InternetChecksum.compute(buffer, offset, length);
    if (residue != 0) {
      throw new DecodeException(
          DecodeError.BAD_CHECKSUM,
          String.format(
              "ICMP checksum 0x%04x does not verify (residue 0x%04x)",
              readUint16(buffer, offset + 2), residue));
    }
    return new IcmpPacket(buffer, offset, length);
  }

  /** The array this view reads. */
  public byte[] buffer() {
    return buffer;
  }

  /** Index of the Type byte in {@link #buffer()}. */
  public int offset() {
    return offset;
  }

  /** The whole message, header included, in bytes. */
  public int length() {
    return length;
  }

  /** The Type field, 0–255. */
  public int type() {
    return buffer[offset] & 0xFF;
  }

  /** The Code field, 0–255. */
  public int code() {
    return buffer[offset + 1] & 0xFF;
  }

  /** The Checksum field as carried. */
  public int checksum() {
    return readUint16(buffer, offset + 2);
  }

  /** The first 16 bits of the rest of header (the Identifier of an echo message). */
  public int restOfHeaderHigh() {
    return readUint16(buffer, offset + 4);
  }

  /** The last 16 bits of the rest of header (the Sequence Number of an echo message). */
  public int restOfHeaderLow() {
    return readUint16(buffer, offset + 6);
  }

  /** Index of the first data byte, after the 8-byte header, in {@link #buffer()}. */
  public int dataOffset() {
    return offset + HEADER_LENGTH;
  }

  /** Bytes after the 8-byte header. */
  public int dataLength() {
    return length - HEADER_LENGTH;
  }

  @Override
  public String toString() {
    return "IcmpPacket[type " + type() + ", code " + code() + ", " + length + " bytes]";
  }
}
