package org.minitransport.core.net;

import org.minitransport.core.address.Ipv4Address;

/**
 * One host's attachment to a {@link PacketNetwork}: its way to send, and its counters.
 * Thread-safe.
 */
public interface NetworkAttachment extends AutoCloseable {

  /** The virtual address this attachment owns. */
  Ipv4Address address();

  /**
   * The largest IPv4 packet, in bytes, that this attachment's outgoing links accept; a larger
   * packet is dropped and counted as {@link DropReason#OVERSIZE}.
   */
  int mtu();

  /**
   * Sends one IPv4 packet. The network copies what it needs before returning, so the caller may
   * reuse {@code packet}. Never throws for a bad packet: it is dropped and counted instead.
   */
  void send(byte[] packet, int offset, int length);

  /** Counters for packets this host sent and received. */
  TrafficCounters counters();

  /** Detaches: later sends are dropped and counted as {@link DropReason#DETACHED}. */
  @Override
  void close();
}
