package org.minitransport.core.wire;

import static org.minitransport.core.wire.ByteRange.readUint16;

import org.minitransport.core.address.Ipv4Address;

/**
 * A checked, read-only view of one IPv4 packet inside a byte array (RFC 791 §3.1). Obtain one with
 * {@link #check}; every accessor then reads the underlying bytes, which the caller must not change
 * while the view is in use. The view copies nothing.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * |         Identification        |Flags|      Fragment Offset    |
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * |                       Source Address                          |
 * |                    Destination Address                        |
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Options are not interpreted: the payload starts at IHL·4. This stack does no reassembly
 * (RFC 791 §2.3 "Fragmentation"), so fragments are rejected. Bytes past the Total Length field are
 * ignored (link-layer padding).
 */
public final class Ipv4Packet {

  /** The length of a header without options: IHL 5. */
  public static final int MIN_HEADER_LENGTH = 20;

  /** The largest value of the Total Length field. */
  public static final int MAX_TOTAL_LENGTH = 65_535;

  private static final int MORE_FRAGMENTS = 0x2000;
  private static final int DONT_FRAGMENT = 0x4000;
  private static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

  private final byte[] buffer;
  private final int offset;
  private final int headerLength;
  private final int totalLength;

  private Ipv4Packet(byte[] buffer, int offset, int headerLength, int totalLength) {
    this.buffer = buffer;
    this.offset = offset;
    this.headerLength = headerLength;
    this.totalLength = totalLength;
  }

  /**
   * Validates the IPv4 packet in {@code buffer[offset, offset + length)} and returns a view of it.
   * The checks, in order (RFC 791 §3.1, RFC 1122 §3.2.1):
   *
   * <ol>
   *   <li>at least one byte, else {@link DecodeError#TRUNCATED};
   *   <li>Version 4, else {@link DecodeError#BAD_VERSION};
   *   <li>at least 20 bytes, else {@link DecodeError#TRUNCATED};
   *   <li>IHL ≥ 5 and IHL·4 ≤ {@code length}, else {@link DecodeError#BAD_HEADER_LENGTH};
   *   <li>Total Length ≥ IHL·4, else {@link DecodeError#BAD_LENGTH};
   *   <li>Total Length ≤ {@code length}, else {@link DecodeError#TRUNCATED};
   *   <li>the header checksum over IHL·4 bytes (options included) verifies, else {@link
   *       DecodeError#BAD_CHECKSUM};
   *   <li>not a fragment (MF clear and Fragment Offset 0), else {@link DecodeError#FRAGMENTED}.
   * </ol>
   *
   * @throws DecodeException if the bytes are not an acceptable IPv4 packet; nothing else for any
   *     content of the range
   * @throws IllegalArgumentException if the range does not lie inside {@code buffer}
   */
  public static Ipv4Packet check(byte[] buffer, int offset, int length) throws DecodeException {
    return check(buffer, offset, length, false);
  }

  /**
   * Validates the packet quoted inside an ICMP error (RFC 792, RFC 1122 §3.2.2): its header plus
   * only the first bytes of its payload. Same rules as {@link #check} except that Total Length
   * may exceed the bytes present; {@link #totalLength()} and {@link #payloadLength()} then count
   * only the bytes present.
   *
   * @throws DecodeException if the quoted header breaks a rule
   */
  public static Ipv4Packet checkQuoted(byte[] buffer, int offset, int length)
      throws DecodeException {
    return check(buffer, offset, length, true);
  }

  private static Ipv4Packet check(byte[] buffer, int offset, int length, boolean quoted)
      throws DecodeException {
    ByteRange.check(buffer, offset, length);
    if (length < 1) {
      throw new DecodeException(DecodeError.TRUNCATED, "empty packet");
    }
    int version = (buffer[offset] & 0xFF) >>> 4;
    if (version != 4) {
      throw new DecodeException(DecodeError.BAD_VERSION, "version " + version + " is not 4");
    }
    if (length < MIN_HEADER_LENGTH) {
      throw new DecodeException(
          DecodeError.TRUNCATED, length + " bytes are fewer than the 20-byte minimum header");
    }
    int ihl = buffer[offset] & 0x0F;
    if (ihl < 5) {
      throw new DecodeException(
          DecodeError.BAD_HEADER_LENGTH, "IHL " + ihl + " is below the minimum 5");
    }
    int headerLength = ihl * 4;
    if (headerLength > length) {
      throw new DecodeException(
          DecodeError.BAD_HEADER_LENGTH,
          "IHL " + ihl + " means a " + headerLength + "-byte header but only " + length
              + " bytes are present");
    }
    int totalLength = readUint16(buffer, offset + 2);
    if (totalLength < headerLength) {
      throw new DecodeException(
          DecodeError.BAD_LENGTH,
          "total length " + totalLength + " is below the header length " + headerLength);
    }
    if (totalLength > length && !quoted) {
      throw new DecodeException(
          DecodeError.TRUNCATED,
          "total length " + totalLength + " exceeds the " + length + " bytes present");
    }
    int checksum = InternetChecksum.compute(buffer, offset, headerLength);
    if (checksum != 0) {
      throw new DecodeException(
          DecodeError.BAD_CHECKSUM,
          String.format(
              "header checksum 0x%04x does not verify (residue 0x%04x)",
              readUint16(buffer, offset + 10), checksum));
    }
    int flagsAndOffset = readUint16(buffer, offset + 6);
    if ((flagsAndOffset & (MORE_FRAGMENTS | FRAGMENT_OFFSET_MASK)) != 0) {
      throw new DecodeException(
          DecodeError.FRAGMENTED,
          "fragment (MF " + ((flagsAndOffset & MORE_FRAGMENTS) != 0 ? 1 : 0) + ", offset "
              + (flagsAndOffset & FRAGMENT_OFFSET_MASK) * 8 + " bytes); reassembly is not supported");
    }
    return new Ipv4Packet(buffer, offset, headerLength, Math.min(totalLength, length));
  }

  /** The array this view reads. */
  public byte[] buffer() {
    return buffer;
  }

  /** Index of the first header byte in {@link #buffer()}. */
  public int offset() {
    return offset;
  }

  /** IHL·4: 20 to 60 bytes, options included. */
  public int headerLength() {
    return headerLength;
  }

  /** The Total Length field: header plus payload, in bytes. */
  public int totalLength() {
    return totalLength;
  }

  /** The Type of Service octet (today DSCP and ECN, RFC 2474 and RFC 3168), 0–255. */
  public int typeOfService() {
    return buffer[offset + 1] & 0xFF;
  }

  /** The Identification field, 0–65535. */
  public int identification() {
    return readUint16(buffer, offset + 4);
  }

  /** Whether the Don't Fragment flag is set. */
  public boolean dontFragment() {
    return (readUint16(buffer, offset + 6) & DONT_FRAGMENT) != 0;
  }

  /** The Time to Live field, 0–255. */
  public int ttl() {
    return buffer[offset + 8] & 0xFF;
  }

  /** The Protocol field, 0–255 (see {@link IpProtocol}). */
  public int protocol() {
    return buffer[offset + 9] & 0xFF;
  }

  /** The Header Checksum field as carried. */
  public int headerChecksum() {
    return readUint16(buffer, offset + 10);
  }

  public Ipv4Address source() {
    return Ipv4Address.fromBytes(buffer, offset + 12);
  }

  public Ipv4Address destination() {
    return Ipv4Address.fromBytes(buffer, offset + 16);
  }

  /** Index of the first payload byte in {@link #buffer()} (not relative to {@link #offset()}). */
  public int payloadOffset() {
    return offset + headerLength;
  }

  /** Total Length minus the header length. */
  public int payloadLength() {
    return totalLength - headerLength;
  }

  @Override
  public String toString() {
    return "Ipv4Packet[" + source() + " -> " + destination() + ", protocol " + protocol()
        + ", header " + headerLength + ", total " + totalLength + "]";
  }
}
