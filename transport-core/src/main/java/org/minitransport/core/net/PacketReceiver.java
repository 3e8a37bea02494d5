package org.minitransport.core.net;

/**
 * Where a network hands the IPv4 packets addressed to one attached host.
 *
 * <p>Called on the network's delivery thread (the simulation thread, or a network I/O thread);
 * implementations must be quick and, for real-time networks, thread-safe (typically they enqueue
 * the packet for the host's event loop). The receiver owns {@code packet} after the call.
 */
@FunctionalInterface
public interface PacketReceiver {

  /** One whole IPv4 packet, exactly as it crossed the network (possibly corrupted). */
  void receive(byte[] packet);
}
