package org.minitransport.core.net.udp;

import org.minitransport.core.address.Ipv4Address;

/** Minimal IPv4 packets for the network: it reads only the version and destination. */
final class TestPackets {

  private TestPackets() {}

  /**
   * An IPv4 packet (RFC 791 §3.1 layout, IHL 5, protocol UDP) of {@code totalLength} bytes from
   * {@code source} to {@code destination}; the payload bytes are {@code marker}.
   */
  static byte[] ipv4(Ipv4Address source, Ipv4Address destination, int totalLength, int marker) {
    byte[] packet = new byte[totalLength];
    packet[0] = 0x45;
    packet[2] = (byte) (totalLength >>> 8);
    packet[3] = (byte) totalLength;
    packet[8] = 64;
    packet[9] = 17;
    source.writeTo(packet, 12);
    destination.writeTo(packet, 16);
    for (int i = 20; i < totalLength; i++) {
      packet[i] = (byte) marker;
    }
    return packet;
  }
}
