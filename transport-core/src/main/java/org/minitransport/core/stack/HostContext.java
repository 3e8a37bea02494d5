package org.minitransport.core.stack;

import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.port.PortTable;
import org.minitransport.core.wire.Ipv4Packet;

/**
 * What a {@link Host} offers the protocol handlers plugged into it: its address, its port table
 * for the handler's protocol, and the way out to the network.
 */
public interface HostContext {

  /** This host's IPv4 address. */
  Ipv4Address address();

  /** The largest IPv4 packet the host's link carries (RFC 1122 §3.3.3: no fragmentation here). */
  int mtu();

  /**
   * The port table of the calling handler's protocol; TCP and UDP ports are separate.
   *
   * @throws IllegalArgumentException naming the protocol number if it is neither TCP nor UDP
   */
  PortTable<Object> portTable();

  /**
   * Queues one transport segment for sending: the host prepends a 20-byte IPv4 header (RFC 791)
   * with this host as source, and the driver later takes the packet with {@link
   * Host#pollTransmit()}. The host copies the bytes; the caller may reuse the array.
   *
   * @throws IllegalArgumentException if the packet would exceed {@link #mtu()}
   */
  void transmit(Ipv4Address destination, byte[] segment, int offset, int length);

  /** Writes one transport segment of a length stated beforehand into the array it is given. */
  @FunctionalInterface
  interface SegmentWriter {
    /** Writes the whole segment into {@code packet} from {@code offset} on. */
    void writeAt(byte[] packet, int offset);
  }

  /**
   * Queues one transport segment of {@code length} bytes that {@code writer} writes straight into
   * the outgoing IPv4 packet, behind the header the host prepends: no copy of the segment is made
   * (the bulk path's one copy from the send buffer to the datagram). Otherwise as {@link
   * #transmit(Ipv4Address, byte[], int, int)}. The default writes into an array of its own and
   * transmits that.
   *
   * @throws IllegalArgumentException if the packet would exceed {@link #mtu()}
   */
  default void transmit(Ipv4Address destination, int length, SegmentWriter writer) {
    byte[] segment = new byte[length];
    writer.writeAt(segment, 0);
    transmit(destination, segment, 0, length);
  }

  /**
   * Answers {@code offending} with an ICMP port unreachable (type 3, code 3; RFC 1122 §4.1.3.1),
   * subject to the host's ICMP error rate limit (RFC 1812 §4.3.2.8).
   */
  void sendPortUnreachable(long nowNs, Ipv4Packet offending);
}
