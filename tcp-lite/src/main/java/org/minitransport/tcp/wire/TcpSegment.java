package org.minitransport.tcp.wire;

import java.util.Arrays;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.InternetChecksum;
import org.minitransport.core.wire.IpProtocol;

/**
 * A TCP segment (RFC 9293 §3.1) as an immutable value: a {@link TcpHeader} and the payload bytes.
 *
 * <p><b>Payload ownership.</b> A segment takes the array it is given without copying it, and
 * {@link #payload()} returns that same array, as {@link
 * org.minitransport.tcp.component.TcpSenderMessage} does: whoever builds a segment hands the array
 * over and must not change it afterwards, and whoever reads {@link #payload()} must not change
 * it. Every array in the stack is made for one segment and never written again — the sender's
 * copy out of its send buffer, or {@link #parse}'s copy out of the received packet — so a segment
 * stays safe to keep, queue, share between segments or compare without a defensive copy (which
 * cost a data segment three of its seven payload-sized copies through both hosts). {@link #equals}
 * and {@link #hashCode} compare payload contents.
 *
 * <p><b>Emitting.</b> {@link #emit} writes the fixed header, the options in the layout documented
 * on {@link TcpOptions}, and the payload, then fills in the checksum over the IPv4 pseudo-header
 * (source, destination, zero, protocol 6, TCP length) and the segment (RFC 9293 §3.1). Reserved
 * bits are written as zero.
 *
 * @param header the header, options included
 * @param payload the data the segment carries (not copied: the segment owns it from now on; may
 *     be empty, not null)
 */
public record TcpSegment(TcpHeader header, byte[] payload) {

  private static final byte[] EMPTY = new byte[0];

  /**
   * @throws IllegalArgumentException if {@code header} or {@code payload} is null
   */
  public TcpSegment {
    if (header == null || payload == null) {
      throw new IllegalArgumentException(
          "header and payload must not be null (use an empty array for no payload)");
    }
  }

  /** A segment with no payload (a pure ACK, SYN, FIN or RST, say). */
  public TcpSegment(TcpHeader header) {
    this(header, EMPTY);
  }

  /**
   * Turns a checked view into a value, parsing its options (see {@link TcpOptions#parse}) and
   * copying its payload once, into an array the segment owns (the packet's buffer is not kept). Options of unknown kinds are dropped; reserved bits are ignored.
   *
   * @throws DecodeException with {@link org.minitransport.core.wire.DecodeError#BAD_OPTION} if
   *     the options region is malformed; the segment should then be dropped (RFC 9293 §3.2,
   *     MUST-7)
   */
  public static TcpSegment parse(TcpPacket packet) throws DecodeException {
    byte[] buf = packet.buffer();
    TcpOptions options = packet.optionsLength() == 0
        ? TcpOptions.NONE
        : TcpOptions.parse(buf, packet.optionsOffset(), packet.optionsLength());
    TcpHeader header = new TcpHeader(
        packet.sourcePort(),
        packet.destinationPort(),
        packet.sequenceNumber(),
        packet.acknowledgmentNumber(),
        packet.flags(),
        packet.window(),
        packet.urgentPointer(),
        options);
    int start = packet.payloadOffset();
    byte[] payload = packet.payloadLength() == 0
        ? EMPTY
        : Arrays.copyOfRange(buf, start, start + packet.payloadLength());
    return new TcpSegment(header, payload);
  }

  /**
   * Checks and parses in one step: {@code parse(TcpPacket.check(buf, off, len, source,
   * destination))}.
   *
   * @throws DecodeException for any reason {@link TcpPacket#check} or {@link #parse} gives
   */
  public static TcpSegment decode(
      byte[] buf, int off, int len, Ipv4Address source, Ipv4Address destination)
      throws DecodeException {
    return parse(TcpPacket.check(buf, off, len, source, destination));
  }

  /** The payload: the segment's own array, not a copy; do not change it. */
  @Override
  public byte[] payload() {
    return payload;
  }

  /** The payload's length in bytes. */
  public int payloadLength() {
    return payload.length;
  }

  /** Copies the payload into {@code dst} at {@code dstOff}. */
  public void copyPayloadTo(byte[] dst, int dstOff) {
    System.arraycopy(payload, 0, dst, dstOff, payload.length);
  }

  /**
   * The emitted length in bytes: header, options and payload.
   *
   * @throws IllegalArgumentException if the options do not fit in 40 bytes, or the segment would be
   *     longer than the 65535 bytes the pseudo-header's TCP length can state
   */
  public int encodedLength() {
    int length = header.headerLength() + payload.length;
    if (length > TcpPacket.MAX_SEGMENT_LENGTH) {
      throw new IllegalArgumentException(
          "segment of " + length + " bytes (" + header.headerLength() + " header + "
              + payload.length + " payload) exceeds the 65535-byte TCP length of the"
              + " pseudo-header (RFC 9293 §3.1)");
    }
    return length;
  }

  /**
   * Emits this segment, checksummed for {@code source} to {@code destination}, into a new array of
   * {@link #encodedLength()} bytes.
   *
   * @throws IllegalArgumentException as {@link #encodedLength()}
   */
  public byte[] emit(Ipv4Address source, Ipv4Address destination) {
    byte[] out = new byte[encodedLength()];
    emit(out, 0, source, destination);
    return out;
  }

  /**
   * Emits this segment, checksummed for {@code source} to {@code destination}, into {@code buf} at
   * {@code off}.
   *
   * @return the number of bytes written, {@link #encodedLength()}
   * @throws IllegalArgumentException as {@link #encodedLength()}, or if {@code buf} has no room for
   *     the segment at {@code off}
   */
  public int emit(byte[] buf, int off, Ipv4Address source, Ipv4Address destination) {
    if (source == null || destination == null) {
      throw new IllegalArgumentException("source and destination addresses must not be null");
    }
    int length = encodedLength();
    if (off < 0 || off > buf.length - length) {
      throw new IllegalArgumentException(
          "no room for a " + length + "-byte segment at offset " + off + " of a " + buf.length
              + "-byte buffer");
    }
    int headerLength = header.headerLength();
    WireFields.writeUnsigned16(buf, off, header.sourcePort());
    WireFields.writeUnsigned16(buf, off + 2, header.destinationPort());
    WireFields.writeUnsigned32(buf, off + 4, header.sequenceNumber());
    WireFields.writeUnsigned32(buf, off + 8, header.acknowledgmentNumber());
    buf[off + 12] = (byte) ((headerLength / 4) << 4);
    buf[off + 13] = (byte) header.flags().bits();
    WireFields.writeUnsigned16(buf, off + 14, header.window());
    buf[off + 16] = 0;
    buf[off + 17] = 0;
    WireFields.writeUnsigned16(buf, off + 18, header.urgentPointer());
    header.options().writeTo(buf, off + TcpHeader.MIN_LENGTH);
    System.arraycopy(payload, 0, buf, off + headerLength, payload.length);
    int checksum = InternetChecksum.transportChecksum(
        source, destination, IpProtocol.TCP.number(), buf, off, length);
    WireFields.writeUnsigned16(buf, off + 16, checksum);
    return length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TcpSegment that
        && header.equals(that.header)
        && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return 31 * header.hashCode() + Arrays.hashCode(payload);
  }

  /** Reads as the header followed by the payload length, e.g. {@code ... len=1460}. */
  @Override
  public String toString() {
    return header + " len=" + payload.length;
  }
}
