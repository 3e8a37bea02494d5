package org.minitransport.udp.wire;

import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.InternetChecksum;
import org.minitransport.core.wire.IpProtocol;

/**
 * A checked view over one UDP datagram (RFC 768) inside a buffer: the 8-byte header and the
 * payload. {@link #check} validates the bytes once; the accessors then read fields without
 * copying.
 *
 * <pre>
 *  0      7 8     15 16    23 24    31
 * +--------+--------+--------+--------+
 * |     Source      |   Destination   |
 * |      Port       |      Port       |
 * +--------+--------+--------+--------+
 * |     Length      |    Checksum     |
 * +--------+--------+--------+--------+
 * </pre>
 */
public final class UdpPacket {

  /** Size of the UDP header in bytes. */
  public static final int HEADER_LENGTH = 8;

  private final byte[] buffer;
  private final int offset;
  private final int length;

  private UdpPacket(byte[] buffer, int offset, int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
  }

  /**
   * Validates a UDP datagram carried from {@code source} to {@code destination}:
   *
   * <ol>
   *   <li>at least 8 bytes, else {@link DecodeError#TRUNCATED};
   *   <li>the Length field is at least 8, else {@link DecodeError#BAD_LENGTH}, and at most the
   *       bytes present, else {@link DecodeError#TRUNCATED} (bytes past Length are ignored);
   *   <li>a non-zero checksum verifies over the pseudo-header, header and data, else {@link
   *       DecodeError#BAD_CHECKSUM}. A zero checksum means the sender computed none and is
   *       accepted (RFC 768; RFC 1122 §4.1.3.4).
   * </ol>
   *
   * @param length the bytes available (the IPv4 payload length)
   * @throws DecodeException for any content that breaks a rule above, and nothing else
   * @throws IllegalArgumentException if the range does not lie inside {@code buffer}
   */
  public static UdpPacket check(
      byte[] buffer, int offset, int length, Ipv4Address source, Ipv4Address destination)
      throws DecodeException {
    if (offset < 0 || length < 0 || offset > buffer.length - length) {
      throw new IllegalArgumentException(
          "range [" + offset + ", +" + length + ") is outside a buffer of " + buffer.length);
    }
    if (length < HEADER_LENGTH) {
      throw new DecodeException(
          DecodeError.TRUNCATED, length + " bytes are fewer than the 8-byte UDP header");
    }
    int udpLength = readUint16(buffer, offset + 4);
    if (udpLength < HEADER_LENGTH) {
      throw new DecodeException(
          DecodeError.BAD_LENGTH, "UDP length " + udpLength + " is below the 8-byte header");
    }
    if (udpLength > length) {
      throw new DecodeException(
          DecodeError.TRUNCATED,
          "UDP length " + udpLength + " exceeds the " + length + " bytes present");
    }
    int checksumField = readUint16(buffer, offset + 6);
    if (checksumField != 0) {
      int residue = InternetChecksum.transportChecksum(
          source, destination, IpProtocol.UDP.number(), buffer, offset, udpLength);
      if (residue != 0) {
        throw new DecodeException(
            DecodeError.BAD_CHECKSUM,
            String.format("UDP checksum 0x%04x does not verify", checksumField));
      }
    }
    return new UdpPacket(buffer, offset, udpLength);
  }

  public int sourcePort() {
    return readUint16(buffer, offset);
  }

  public int destinationPort() {
    return readUint16(buffer, offset + 2);
  }

  /** The Length field: header plus data. */
  public int length() {
    return length;
  }

  /** The checksum field as received (0 = none). */
  public int checksum() {
    return readUint16(buffer, offset + 6);
  }

  public byte[] buffer() {
    return buffer;
  }

  /** Absolute index of the first payload byte in {@link #buffer()}. */
  public int payloadOffset() {
    return offset + HEADER_LENGTH;
  }

  public int payloadLength() {
    return length - HEADER_LENGTH;
  }

  /** A copy of the payload. */
  public byte[] payload() {
    byte[] copy = new byte[payloadLength()];
    System.arraycopy(buffer, payloadOffset(), copy, 0, copy.length);
    return copy;
  }

  static int readUint16(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }

  @Override
  public String toString() {
    return "UDP " + sourcePort() + " > " + destinationPort() + " len " + length;
  }
}
