package org.minitransport.tcp.wire;

import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.InternetChecksum;
import org.minitransport.core.wire.IpProtocol;

/**
 * A checked, read-only view of a TCP segment in a byte array (RFC 9293 §3.1), with one accessor
 * per header field. Nothing is copied: the view reads the caller's array, so it stays valid only
 * while the caller leaves those bytes alone.
 *
 * <p>{@link #check} is the only way to get a view, and it guarantees that the fixed header and the
 * whole options region lie inside the segment and that the checksum over the pseudo-header and the
 * segment verifies. The options region is not parsed here; {@link TcpSegment#parse} does that and
 * may still reject a malformed option.
 *
 * <p>Sequence and acknowledgment numbers are returned as unsigned values in a {@code long}.
 */
public final class TcpPacket {

  /** The largest segment the pseudo-header's 16-bit TCP length can describe. */
  static final int MAX_SEGMENT_LENGTH = 0xFFFF;

  private final byte[] buf;
  private final int off;
  private final int len;

  private TcpPacket(byte[] buf, int off, int len) {
    this.buf = buf;
    this.off = off;
    this.len = len;
  }

  /**
   * Validates the segment in {@code buf[off .. off+len)} received from {@code source} for {@code
   * destination}, and returns a view of it. The checks, in order:
   *
   * <ol>
   *   <li>at least 20 bytes, else {@link DecodeError#TRUNCATED}; at most 65535 (the pseudo-header's
   *       TCP length is 16 bits), else {@link DecodeError#BAD_LENGTH};
   *   <li>data offset at least 5 words and not past {@code len}, else {@link
   *       DecodeError#BAD_HEADER_LENGTH};
   *   <li>the checksum over the pseudo-header (source, destination, zero, protocol 6, {@code len})
   *       and the segment verifies, else {@link DecodeError#BAD_CHECKSUM} (RFC 9293 §3.1, MUST-3).
   * </ol>
   *
   * @param source the IPv4 source address, for the pseudo-header
   * @param destination the IPv4 destination address, for the pseudo-header
   * @throws DecodeException if a check fails; the message names the field and its value
   * @throws IllegalArgumentException if {@code off} and {@code len} do not lie within {@code buf}
   *     (a caller bug, not bad input)
   */
  public static TcpPacket check(
      byte[] buf, int off, int len, Ipv4Address source, Ipv4Address destination)
      throws DecodeException {
    if (buf == null || source == null || destination == null) {
      throw new IllegalArgumentException("buffer and addresses must not be null");
    }
    if (off < 0 || len < 0 || off > buf.length - len) {
      throw new IllegalArgumentException(
          "segment offset " + off + " length " + len + " lies outside a buffer of " + buf.length
              + " bytes");
    }
    if (len < TcpHeader.MIN_LENGTH) {
      throw new DecodeException(
          DecodeError.TRUNCATED,
          "TCP segment of " + len + " bytes is shorter than the 20-byte header");
    }
    if (len > MAX_SEGMENT_LENGTH) {
      throw new DecodeException(
          DecodeError.BAD_LENGTH,
          "TCP segment of " + len + " bytes exceeds the 65535 bytes the pseudo-header can state");
    }
    int dataOffset = (buf[off + 12] & 0xFF) >>> 4;
    if (dataOffset < 5) {
      throw new DecodeException(
          DecodeError.BAD_HEADER_LENGTH,
          "data offset " + dataOffset + " is below the minimum 5");
    }
    if (dataOffset * 4 > len) {
      throw new DecodeException(
          DecodeError.BAD_HEADER_LENGTH,
          "data offset " + dataOffset + " (" + dataOffset * 4 + " bytes) runs past the "
              + len + "-byte segment");
    }
    long sum = InternetChecksum.pseudoHeaderSum(source, destination, IpProtocol.TCP.number(), len);
    int folded = InternetChecksum.fold(InternetChecksum.sum(sum, buf, off, len));
    if (folded != 0xFFFF) {
      throw new DecodeException(
          DecodeError.BAD_CHECKSUM,
          String.format(
              "checksum 0x%04x does not verify for %s > %s (sum 0x%04x, expected 0xffff)",
              WireFields.readUnsigned16(buf, off + 16), source, destination, folded));
    }
    return new TcpPacket(buf, off, len);
  }

  /** The array this view reads. */
  public byte[] buffer() {
    return buf;
  }

  /** Where the segment starts in {@link #buffer()}. */
  public int offset() {
    return off;
  }

  /** The segment's length in bytes, header plus payload. */
  public int length() {
    return len;
  }

  /** The source port, 0–65535. */
  public int sourcePort() {
    return WireFields.readUnsigned16(buf, off);
  }

  /** The destination port, 0–65535. */
  public int destinationPort() {
    return WireFields.readUnsigned16(buf, off + 2);
  }

  /** The sequence number, 0 to 2<sup>32</sup>−1. */
  public long sequenceNumber() {
    return WireFields.readUnsigned32(buf, off + 4);
  }

  /** The acknowledgment number, 0 to 2<sup>32</sup>−1 (meaningful only when ACK is set). */
  public long acknowledgmentNumber() {
    return WireFields.readUnsigned32(buf, off + 8);
  }

  /** The data offset in 32-bit words, 5–15. */
  public int dataOffset() {
    return (buf[off + 12] & 0xFF) >>> 4;
  }

  /** The header length in bytes ({@link #dataOffset()} × 4), 20–60. */
  public int headerLength() {
    return dataOffset() * 4;
  }

  /** The four reserved bits between the data offset and the control bits (ignored on receipt). */
  public int reservedBits() {
    return buf[off + 12] & 0x0F;
  }

  /** The eight control bits as in byte 13 of the header (see {@link TcpFlags} for the masks). */
  public int rawFlags() {
    return buf[off + 13] & 0xFF;
  }

  /** The control bits as a value. */
  public TcpFlags flags() {
    return TcpFlags.of(rawFlags());
  }

  /** Whether CWR is set. */
  public boolean cwr() {
    return (rawFlags() & TcpFlags.CWR) != 0;
  }

  /** Whether ECE is set. */
  public boolean ece() {
    return (rawFlags() & TcpFlags.ECE) != 0;
  }

  /** Whether URG is set. */
  public boolean urg() {
    return (rawFlags() & TcpFlags.URG) != 0;
  }

  /** Whether ACK is set. */
  public boolean ack() {
    return (rawFlags() & TcpFlags.ACK) != 0;
  }

  /** Whether PSH is set. */
  public boolean psh() {
    return (rawFlags() & TcpFlags.PSH) != 0;
  }

  /** Whether RST is set. */
  public boolean rst() {
    return (rawFlags() & TcpFlags.RST) != 0;
  }

  /** Whether SYN is set. */
  public boolean syn() {
    return (rawFlags() & TcpFlags.SYN) != 0;
  }

  /** Whether FIN is set. */
  public boolean fin() {
    return (rawFlags() & TcpFlags.FIN) != 0;
  }

  /** The raw, unscaled window, 0–65535. */
  public int window() {
    return WireFields.readUnsigned16(buf, off + 14);
  }

  /** The checksum field as received (already verified by {@link #check}). */
  public int checksum() {
    return WireFields.readUnsigned16(buf, off + 16);
  }

  /** The urgent pointer, 0–65535 (meaningful only when URG is set). */
  public int urgentPointer() {
    return WireFields.readUnsigned16(buf, off + 18);
  }

  /** Where the options region starts in {@link #buffer()}. */
  public int optionsOffset() {
    return off + TcpHeader.MIN_LENGTH;
  }

  /** The options region's length in bytes, 0–40 (including any padding). */
  public int optionsLength() {
    return headerLength() - TcpHeader.MIN_LENGTH;
  }

  /** Where the payload starts in {@link #buffer()}. */
  public int payloadOffset() {
    return off + headerLength();
  }

  /** The payload's length in bytes. */
  public int payloadLength() {
    return len - headerLength();
  }

  @Override
  public String toString() {
    return "TcpPacket[" + sourcePort() + ">" + destinationPort() + " " + flags()
        + " seq=" + sequenceNumber() + " ack=" + acknowledgmentNumber() + " win=" + window()
        + " hlen=" + headerLength() + " len=" + payloadLength() + "]";
  }
}
