package org.minitransport.core.wire;

import static org.minitransport.core.wire.ByteRange.writeUint16;

import java.util.Objects;
import org.minitransport.core.address.Ipv4Address;

/**
 * The fields of an IPv4 header this stack sends and reads (RFC 791 §3.1), as a validated value.
 *
 * <p>Emitted headers are always 20 bytes (IHL 5, no options), never fragments (MF clear, Fragment
 * Offset 0), and carry a correct header checksum (RFC 791 §3.1, computed per RFC 1071). Parsing
 * reads the same fields from a checked {@link Ipv4Packet}; options in a parsed packet are skipped
 * and not kept, so {@code parse} followed by {@code emit} drops them.
 *
 * @param typeOfService the Type of Service octet, 0–255
 * @param identification the Identification field, 0–65535
 * @param dontFragment the DF flag
 * @param ttl Time to Live, 0–255
 * @param protocol the Protocol field, 0–255 (see {@link IpProtocol})
 * @param source the source address
 * @param destination the destination address
 */
public record Ipv4Header(
    int typeOfService,
    int identification,
    boolean dontFragment,
    int ttl,
    int protocol,
    Ipv4Address source,
    Ipv4Address destination) {

  /** The length of an emitted header: 20 bytes, IHL 5. */
  public static final int LENGTH = 20;

  /** The largest payload an emitted header can describe: 65535 − 20. */
  public static final int MAX_PAYLOAD_LENGTH = Ipv4Packet.MAX_TOTAL_LENGTH - LENGTH;

  /**
   * @throws IllegalArgumentException naming the field and value if a field is out of range
   * @throws NullPointerException if an address is null
   */
  public Ipv4Header {
    checkRange("type of service", typeOfService, 255);
    checkRange("identification", identification, 65_535);
    checkRange("TTL", ttl, 255);
    checkRange("protocol", protocol, 255);
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
  }

  /** Reads the header fields of a checked packet. Cannot fail: the view is already valid. */
  public static Ipv4Header parse(Ipv4Packet packet) {
    return new Ipv4Header(
        packet.typeOfService(),
        packet.identification(),
        packet.dontFragment(),
        packet.ttl(),
        packet.protocol(),
        packet.source(),
        packet.destination());
  }

  /**
   * Writes this header into {@code buffer[offset, offset + 20)}: IHL 5, Total Length
   * {@code 20 + payloadLength}, and the header checksum. The payload itself is not touched.
   *
   * @throws IllegalArgumentException if {@code payloadLength} is negative or the total length
   *     would exceed 65535, or if the 20 bytes do not fit in {@code buffer} at {@code offset}
   */
  public void emit(byte[] buffer, int offset, int payloadLength) {
    if (payloadLength < 0 || payloadLength > MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException(
          "payload length " + payloadLength + " is outside 0-" + MAX_PAYLOAD_LENGTH
              + ": total length 20 + payload must fit the 16-bit Total Length field (max 65535)");
    }
    ByteRange.check(buffer, offset, LENGTH);
    buffer[offset] = 0x45;
    buffer[offset + 1] = (byte) typeOfService;
    writeUint16(buffer, offset + 2, LENGTH + payloadLength);
    writeUint16(buffer, offset + 4, identification);
    writeUint16(buffer, offset + 6, dontFragment ? 0x4000 : 0);
    buffer[offset + 8] = (byte) ttl;
    buffer[offset + 9] = (byte) protocol;
    writeUint16(buffer, offset + 10, 0);
    source.writeTo(buffer, offset + 12);
    destination.writeTo(buffer, offset + 16);
    writeUint16(buffer, offset + 10, InternetChecksum.compute(buffer, offset, LENGTH));
  }

  /**
   * Returns a new array holding this header followed by {@code payload[off, off + len)}.
   *
   * @throws IllegalArgumentException if the range does not lie inside {@code payload} or
   *     {@code len} exceeds {@link #MAX_PAYLOAD_LENGTH}
   */
  public byte[] toPacket(byte[] payload, int off, int len) {
    ByteRange.check(payload, off, len);
    if (len > MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException(
          "payload length " + len + " exceeds " + MAX_PAYLOAD_LENGTH
              + ", the most a 65535-byte IPv4 packet with a 20-byte header can carry");
    }
    byte[] packet = new byte[LENGTH + len];
    emit(packet, 0, len);
    System.arraycopy(payload, off, packet, LENGTH, len);
    return packet;
  }

  private static void checkRange(String field, int value, int max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(field + " " + value + " is outside 0-" + max);
    }
  }
}
