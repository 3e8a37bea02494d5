package org.minitransport.core.net.udp.internal;

import java.nio.ByteBuffer;

/**
 * The little of an IPv4 header (RFC 791 §3.1) the UDP network reads to forward or deliver a
 * tunnelled packet: the version nibble and the destination address. Everything else is the IP
 * layer's business. These checks never throw, whatever the bytes.
 */
public final class TunnelledPacket {

  /** Bytes in an IPv4 header without options (IHL 5). */
  public static final int MIN_HEADER_BYTES = 20;

  private static final int VERSION = 4;
  private static final int DESTINATION_OFFSET = 16;

  private TunnelledPacket() {}

  /** Whether {@code packet[offset, offset + length)} is long enough and says IP version 4. */
  public static boolean looksLikeIpv4(byte[] packet, int offset, int length) {
    return length >= MIN_HEADER_BYTES && (packet[offset] & 0xF0) >>> 4 == VERSION;
  }

  /** Whether the buffer's remaining bytes are long enough and say IP version 4. */
  public static boolean looksLikeIpv4(ByteBuffer packet) {
    return packet.remaining() >= MIN_HEADER_BYTES
        && (packet.get(packet.position()) & 0xF0) >>> 4 == VERSION;
  }

  /** The destination address bits; only after {@link #looksLikeIpv4} said yes. */
  public static int destinationBits(byte[] packet, int offset) {
    int at = offset + DESTINATION_OFFSET;
    return ((packet[at] & 0xFF) << 24) | ((packet[at + 1] & 0xFF) << 16)
        | ((packet[at + 2] & 0xFF) << 8) | (packet[at + 3] & 0xFF);
  }

  /** The destination address bits; only after {@link #looksLikeIpv4} said yes. */
  public static int destinationBits(ByteBuffer packet) {
    return packet.getInt(packet.position() + DESTINATION_OFFSET);
  }
}
