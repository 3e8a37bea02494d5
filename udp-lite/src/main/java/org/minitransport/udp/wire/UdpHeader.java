package org.minitransport.udp.wire;

import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.InternetChecksum;
import org.minitransport.core.wire.IpProtocol;

/**
 * The fields of a UDP header that a sender chooses (RFC 768): the two ports. Length and checksum
 * follow from the payload and the pseudo-header and are computed by {@link #emit}.
 *
 * @param sourcePort 0–65535 (0 = "no reply port", allowed by RFC 768)
 * @param destinationPort 0–65535
 */
public record UdpHeader(int sourcePort, int destinationPort) {

  /** The largest UDP payload: 65535 − 8 (UDP header) − 20 (IPv4 header). */
  public static final int MAX_PAYLOAD = 65_535 - UdpPacket.HEADER_LENGTH - 20;

  public UdpHeader {
    Endpoint.checkPort(sourcePort);
    Endpoint.checkPort(destinationPort);
  }

  /** Parses the header of a checked datagram. */
  public static UdpHeader parse(UdpPacket packet) {
    return new UdpHeader(packet.sourcePort(), packet.destinationPort());
  }

  /**
   * Writes header and payload into {@code out} at {@code outOffset} and returns the bytes written
   * (8 + {@code length}). The checksum covers the pseudo-header of {@code source} and {@code
   * destination}; a computed 0 is sent as 0xFFFF (RFC 768), so 0 on the wire always means
   * "none".
   *
   * @throws IllegalArgumentException if the payload exceeds {@link #MAX_PAYLOAD} or {@code out}
   *     is too small; both name the sizes
   */
  public int emit(byte[] out, int outOffset, byte[] payload, int offset, int length,
      Ipv4Address source, Ipv4Address destination) {
    if (length > MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "UDP payload of " + length + " bytes exceeds the maximum " + MAX_PAYLOAD);
    }
    int udpLength = UdpPacket.HEADER_LENGTH + length;
    if (out.length - outOffset < udpLength) {
      throw new IllegalArgumentException(
          "output has " + (out.length - outOffset) + " bytes, the datagram needs " + udpLength);
    }
    writeUint16(out, outOffset, sourcePort);
    writeUint16(out, outOffset + 2, destinationPort);
    writeUint16(out, outOffset + 4, udpLength);
    writeUint16(out, outOffset + 6, 0);
    System.arraycopy(payload, offset, out, outOffset + UdpPacket.HEADER_LENGTH, length);
    int checksum = InternetChecksum.transportChecksum(
        source, destination, IpProtocol.UDP.number(), out, outOffset, udpLength);
    writeUint16(out, outOffset + 6, checksum == 0 ? 0xFFFF : checksum);
    return udpLength;
  }

  /** Header and payload as a new array; see {@link #emit(byte[], int, byte[], int, int, Ipv4Address, Ipv4Address)}. */
  public byte[] toBytes(byte[] payload, Ipv4Address source, Ipv4Address destination) {
    byte[] out = new byte[UdpPacket.HEADER_LENGTH + payload.length];
    emit(out, 0, payload, 0, payload.length, source, destination);
    return out;
  }

  private static void writeUint16(byte[] b, int i, int value) {
    b[i] = (byte) (value >>> 8);
    b[i + 1] = (byte) value;
  }
}
