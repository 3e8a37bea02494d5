package org.minitransport.core.net.sim;

import org.minitransport.core.address.Ipv4Address;

/**
 * Minimal IPv4 packets built by hand (the networks read only the version and destination), for
 * the tests of every network of this package and its neighbours.
 */
public final class TestPackets {

  private TestPackets() {}

  /**
   * A version-4, IHL-5 packet of {@code length} bytes from {@code from} to {@code to}, protocol
   * 17, whose payload starts with {@code marker} (big-endian) so tests can tell packets apart.
   */
  public static byte[] ipv4(Ipv4Address from, Ipv4Address to, int length, int marker) {
    return ipv4(from, to, length, marker, 17);
  }

  /** {@link #ipv4(Ipv4Address, Ipv4Address, int, int)} with IPv4 protocol {@code protocol}. */
  public static byte[] ipv4(Ipv4Address from, Ipv4Address to, int length, int marker,
      int protocol) {
    if (length < 24) {
      throw new IllegalArgumentException("test packets need at least 24 bytes, not " + length);
    }
    byte[] packet = new byte[length];
    packet[0] = 0x45;
    packet[2] = (byte) (length >>> 8);
    packet[3] = (byte) length;
    packet[8] = 64;
    packet[9] = (byte) protocol;
    from.writeTo(packet, 12);
    to.writeTo(packet, 16);
    packet[20] = (byte) (marker >>> 24);
    packet[21] = (byte) (marker >>> 16);
    packet[22] = (byte) (marker >>> 8);
    packet[23] = (byte) marker;
    return packet;
  }

  /** The marker written by {@link #ipv4}. */
  public static int marker(byte[] packet) {
    return ((packet[20] & 0xFF) << 24) | ((packet[21] & 0xFF) << 16)
        | ((packet[22] & 0xFF) << 8) | (packet[23] & 0xFF);
  }
}
