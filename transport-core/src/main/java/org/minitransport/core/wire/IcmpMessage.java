package org.minitransport.core.wire;

import static org.minitransport.core.wire.ByteRange.writeUint16;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The ICMP messages this stack sends and understands (RFC 792), as validated values: {@link
 * EchoRequest}, {@link EchoReply} and {@link DestinationUnreachable}. {@link #parse} reads one
 * from a checked {@link IcmpPacket}; {@link #toBytes} writes one with its checksum.
 *
 * <p>Other types are rejected with {@link DecodeError#UNSUPPORTED}; RFC 1122 §3.2.2 says a message
 * of unknown type MUST be silently discarded, which is what the stack does with that error.
 *
 * <p>The records hold byte arrays; they copy them on the way in and out, and compare them by
 * content.
 */
public sealed interface IcmpMessage
    permits IcmpMessage.EchoRequest, IcmpMessage.EchoReply, IcmpMessage.DestinationUnreachable {

  /** Type 0, Echo Reply (RFC 792). */
  int TYPE_ECHO_REPLY = 0;

  /** Type 3, Destination Unreachable (RFC 792). */
  int TYPE_DESTINATION_UNREACHABLE = 3;

  /** Type 8, Echo (request) (RFC 792). */
  int TYPE_ECHO_REQUEST = 8;

  /**
   * The largest data (or original-datagram) part a message may carry: 65535 minus a 20-byte IPv4
   * header minus the 8-byte ICMP header.
   */
  int MAX_DATA_LENGTH = Ipv4Packet.MAX_TOTAL_LENGTH - Ipv4Header.LENGTH - IcmpPacket.HEADER_LENGTH;

  /** The Type field this message is sent with. */
  int type();

  /** The Code field this message is sent with. */
  int code();

  /** The whole message in network order, checksum included: the payload of an IPv4 packet. */
  byte[] toBytes();

  /**
   * Interprets a checked ICMP message.
   *
   * @throws DecodeException with {@link DecodeError#UNSUPPORTED} for a type other than 0, 3 or 8,
   *     or for an echo message whose code is not 0
   */
  static IcmpMessage parse(IcmpPacket packet) throws DecodeException {
    byte[] data = Arrays.copyOfRange(packet.buffer(), packet.dataOffset(),
        packet.dataOffset() + packet.dataLength());
    switch (packet.type()) {
      case TYPE_ECHO_REQUEST:
        checkEchoCode(packet);
        return new EchoRequest(packet.restOfHeaderHigh(), packet.restOfHeaderLow(), data);
      case TYPE_ECHO_REPLY:
        checkEchoCode(packet);
        return new EchoReply(packet.restOfHeaderHigh(), packet.restOfHeaderLow(), data);
      case TYPE_DESTINATION_UNREACHABLE:
        // The 32 "unused" bits (RFC 792; RFC 1191 puts a next-hop MTU in code 4) are not kept.
        return new DestinationUnreachable(packet.code(), data);
      default:
        throw new DecodeException(
            DecodeError.UNSUPPORTED, "ICMP type " + packet.type() + " is not supported");
    }
  }

  private static void checkEchoCode(IcmpPacket packet) throws DecodeException {
    if (packet.code() != 0) {
      throw new DecodeException(
          DecodeError.UNSUPPORTED,
          "ICMP echo type " + packet.type() + " with code " + packet.code() + "; RFC 792 says 0");
    }
  }

  /**
   * Echo (type 8, code 0, RFC 792): asks the destination to return {@code data} in an {@link
   * EchoReply}.
   *
   * @param identifier the Identifier, 0–65535, to match replies to requests
   * @param sequence the Sequence Number, 0–65535
   * @param data the data to be echoed (copied); at most {@link #MAX_DATA_LENGTH} bytes
   */
  record EchoRequest(int identifier, int sequence, byte[] data) implements IcmpMessage {

    /**
     * @throws IllegalArgumentException naming the value if a field is out of range
     * @throws NullPointerException if {@code data} is null
     */
    public EchoRequest {
      data = checkEcho(identifier, sequence, data);
    }

    /**
     * The reply RFC 792 requires: same identifier, sequence and data ("The data received in the
     * echo message must be returned in the echo reply message").
     */
    public EchoReply reply() {
      return new EchoReply(identifier, sequence, data);
    }

    /** A copy of the data. */
    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public int type() {
      return TYPE_ECHO_REQUEST;
    }

    @Override
    public int code() {
      return 0;
    }

    @Override
    public byte[] toBytes() {
      return emit(TYPE_ECHO_REQUEST, 0, identifier, sequence, data);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof EchoRequest that && identifier == that.identifier
          && sequence == that.sequence && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * identifier + sequence) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "EchoRequest[identifier=" + identifier + ", sequence=" + sequence + ", data="
          + describe(data) + "]";
    }
  }

  /**
   * Echo Reply (type 0, code 0, RFC 792).
   *
   * @param identifier the Identifier of the request, 0–65535
   * @param sequence the Sequence Number of the request, 0–65535
   * @param data the request's data (copied); at most {@link #MAX_DATA_LENGTH} bytes
   */
  record EchoReply(int identifier, int sequence, byte[] data) implements IcmpMessage {

    /**
     * @throws IllegalArgumentException naming the value if a field is out of range
     * @throws NullPointerException if {@code data} is null
     */
    public EchoReply {
      data = checkEcho(identifier, sequence, data);
    }

    /** A copy of the data. */
    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public int type() {
      return TYPE_ECHO_REPLY;
    }

    @Override
    public int code() {
      return 0;
    }

    @Override
    public byte[] toBytes() {
      return emit(TYPE_ECHO_REPLY, 0, identifier, sequence, data);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof EchoReply that && identifier == that.identifier
          && sequence == that.sequence && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * identifier + sequence) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "EchoReply[identifier=" + identifier + ", sequence=" + sequence + ", data="
          + describe(data) + "]";
    }
  }

  /**
   * Destination Unreachable (type 3, RFC 792): the datagram in {@code original} could not be
   * delivered. The 32-bit field after the checksum is sent as zero.
   *
   * <p>RFC 1122 §3.2.2 limits when a host may send one (never about an ICMP error, a broadcast or
   * multicast, a non-initial fragment, or a packet from a non-unicast source); that is the stack's
   * decision, not this value's.
   *
   * @param code why: {@link #CODE_PORT_UNREACHABLE} and the other {@code CODE_} constants, 0–255
   * @param original the start of the offending datagram, its IPv4 header first (copied); at most
   *     {@link #MAX_DATA_LENGTH} bytes. Parsing accepts whatever length the sender chose.
   */
  record DestinationUnreachable(int code, byte[] original) implements IcmpMessage {

    /** Code 0: net unreachable. */
    public static final int CODE_NET_UNREACHABLE = 0;
    /** Code 1: host unreachable. */
    public static final int CODE_HOST_UNREACHABLE = 1;
    /** Code 2: protocol unreachable (RFC 1122 §3.2.2.1: a host SHOULD send it). */
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    /** Code 3: port unreachable (RFC 1122 §3.2.2.1: a host SHOULD send it, e.g. for UDP). */
    public static final int CODE_PORT_UNREACHABLE = 3;
    /** Code 4: fragmentation needed and DF set. */
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    /** Code 5: source route failed. */
    public static final int CODE_SOURCE_ROUTE_FAILED = 5;

    /**
     * How much of an offending datagram the factories copy: the most that keeps the whole ICMP
     * error, in a 20-byte IPv4 header, within 576 bytes (RFC 1812 §4.3.2.3, also what Linux hosts
     * do). This is always more than RFC 792's minimum of the IPv4 header (≤ 60 bytes) plus the
     * first 8 bytes of its payload (RFC 1122 §3.2.2 "at least the first 8 data octets").
     */
    public static final int MAX_ORIGINAL_LENGTH = 576 - Ipv4Header.LENGTH - IcmpPacket.HEADER_LENGTH;

    /**
     * @throws IllegalArgumentException naming the value if {@code code} is outside 0–255 or
     *     {@code original} is longer than {@link #MAX_DATA_LENGTH}
     * @throws NullPointerException if {@code original} is null
     */
    public DestinationUnreachable {
      checkRange("code", code, 255);
      original = checkData("original datagram", original);
    }

    /**
     * A port-unreachable error (code 3) about the IPv4 packet in {@code offendingPacket[off, off +
     * len)}: see {@link #about}.
     */
    public static DestinationUnreachable portUnreachable(byte[] offendingPacket, int off, int len) {
      return about(CODE_PORT_UNREACHABLE, offendingPacket, off, len);
    }

    /**
     * An error with {@code code} about the IPv4 packet in {@code offendingPacket[off, off + len)}.
     * Copies the first {@code min(len, MAX_ORIGINAL_LENGTH)} bytes: the header and at least 8
     * bytes of payload whenever the packet has them. Pass the packet's Total Length as {@code len}
     * (e.g. {@code packet.offset(), packet.totalLength()} of an {@link Ipv4Packet}) so link padding
     * is not quoted.
     *
     * @throws IllegalArgumentException if the range does not lie inside the array, is shorter than
     *     a 20-byte IPv4 header, or {@code code} is outside 0–255
     */
    public static DestinationUnreachable about(int code, byte[] offendingPacket, int off, int len) {
      ByteRange.check(offendingPacket, off, len);
      if (len < Ipv4Packet.MIN_HEADER_LENGTH) {
        throw new IllegalArgumentException(
            "offending packet length " + len + " is below the 20-byte IPv4 header it must contain");
      }
      int copied = Math.min(len, MAX_ORIGINAL_LENGTH);
      return new DestinationUnreachable(
          code, Arrays.copyOfRange(offendingPacket, off, off + copied));
    }

    /** A copy of the quoted start of the offending datagram. */
    @Override
    public byte[] original() {
      return original.clone();
    }

    @Override
    public int type() {
      return TYPE_DESTINATION_UNREACHABLE;
    }

    @Override
    public byte[] toBytes() {
      return emit(TYPE_DESTINATION_UNREACHABLE, code, 0, 0, original);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof DestinationUnreachable that && code == that.code
          && Arrays.equals(original, that.original);
    }

    @Override
    public int hashCode() {
      return 31 * code + Arrays.hashCode(original);
    }

    @Override
    public String toString() {
      return "DestinationUnreachable[code=" + code + ", original=" + describe(original) + "]";
    }
  }

  private static byte[] checkEcho(int identifier, int sequence, byte[] data) {
    checkRange("identifier", identifier, 65_535);
    checkRange("sequence", sequence, 65_535);
    return checkData("echo data", data);
  }

  private static byte[] checkData(String what, byte[] data) {
    if (data == null) {
      throw new NullPointerException(what);
    }
    if (data.length > MAX_DATA_LENGTH) {
      throw new IllegalArgumentException(
          what + " length " + data.length + " exceeds " + MAX_DATA_LENGTH
              + ", the most one IPv4 packet can carry after its 20-byte and ICMP's 8-byte headers");
    }
    return data.clone();
  }

  private static void checkRange(String field, int value, int max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(field + " " + value + " is outside 0-" + max);
    }
  }

  private static byte[] emit(int type, int code, int high, int low, byte[] data) {
    byte[] bytes = new byte[IcmpPacket.HEADER_LENGTH + data.length];
    bytes[0] = (byte) type;
    bytes[1] = (byte) code;
    writeUint16(bytes, 4, high);
    writeUint16(bytes, 6, low);
    System.arraycopy(data, 0, bytes, IcmpPacket.HEADER_LENGTH, data.length);
    writeUint16(bytes, 2, InternetChecksum.compute(bytes, 0, bytes.length));
    return bytes;
  }

  private static String describe(byte[] bytes) {
    int shown = Math.min(bytes.length, 32);
    String hex = HexFormat.of().formatHex(bytes, 0, shown);
    return bytes.length == shown ? "[" + hex + "]" : "[" + hex + "... " + bytes.length + " bytes]";
  }
}
