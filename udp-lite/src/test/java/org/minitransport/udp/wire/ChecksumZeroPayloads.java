package org.minitransport.udp.wire;

import java.util.Arrays;
import org.minitransport.core.address.Ipv4Address;

/**
 * Test support: payloads whose UDP checksum computes to exactly 0, the case RFC 768 makes the
 * sender transmit as 0xFFFF, and an obviously-correct reference checksum to check against.
 */
public final class ChecksumZeroPayloads {

  private ChecksumZeroPayloads() {}

  /** {@code prefix} plus two bytes that make the datagram's checksum compute to exactly 0. */
  public static byte[] solve(int sourcePort, int destinationPort, byte[] prefix,
      Ipv4Address source, Ipv4Address destination) {
    // Keep the solving word 16-bit aligned: pad an odd prefix with one byte.
    byte[] payload = Arrays.copyOf(prefix, (prefix.length + 1) / 2 * 2 + 2);
    byte[] wire = new byte[8 + payload.length];
    wire[0] = (byte) (sourcePort >>> 8);
    wire[1] = (byte) sourcePort;
    wire[2] = (byte) (destinationPort >>> 8);
    wire[3] = (byte) destinationPort;
    wire[4] = (byte) (wire.length >>> 8);
    wire[5] = (byte) wire.length;
    System.arraycopy(payload, 0, wire, 8, payload.length);
    int folded = 0xFFFF & ~referenceChecksum(wire, source, destination); // sum with last word 0
    int word = 0xFFFF - folded; // one's-complement: folded + word = 0xFFFF, checksum 0
    payload[payload.length - 2] = (byte) (word >>> 8);
    payload[payload.length - 1] = (byte) word;
    return payload;
  }

  /** RFC 1071 done the slow, obvious way, as a reference: 16-bit words, end-around carry. */
  public static int referenceChecksum(byte[] udp, Ipv4Address source, Ipv4Address destination) {
    byte[] all = new byte[12 + udp.length + (udp.length & 1)];
    source.writeTo(all, 0);
    destination.writeTo(all, 4);
    all[9] = 17;
    all[10] = (byte) (udp.length >>> 8);
    all[11] = (byte) udp.length;
    System.arraycopy(udp, 0, all, 12, udp.length);
    int sum = 0;
    for (int i = 0; i < all.length; i += 2) {
      sum += ((all[i] & 0xFF) << 8) | (all[i + 1] & 0xFF);
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return ~sum & 0xFFFF;
  }

}
