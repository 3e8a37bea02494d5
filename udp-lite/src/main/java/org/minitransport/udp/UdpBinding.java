package org.minitransport.udp;

import org.minitransport.core.address.Endpoint;
import org.minitransport.core.port.PortBinding;
import org.minitransport.udp.internal.DatagramQueue;

/**
 * The engine's state for one open socket: its port-table entry, its receive buffer, its peer if
 * connected and its counters. Fields other than the queue and counters are written only on the
 * host thread; {@code remote} and {@code closed} are volatile so API threads can read them.
 */
final class UdpBinding {

  final DatagramQueue queue;
  /** Set right after the bind that makes this binding the entry's owner. */
  PortBinding<Object> port;
  final UdpCounters counters = new UdpCounters();
  volatile Endpoint remote;
  volatile boolean closed;

  UdpBinding(DatagramQueue queue) {
    this.queue = queue;
  }

  Endpoint local() {
    return port.local();
  }

  @Override
  public String toString() {
    Endpoint peer = remote;
    return "udp-socket " + port.local() + (peer == null ? "" : " -> " + peer);
  }
}
