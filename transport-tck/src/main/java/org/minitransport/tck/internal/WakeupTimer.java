package org.minitransport.tck.internal;

import org.minitransport.core.stack.HostContext;
import org.minitransport.core.stack.ProtocolHandler;
import org.minitransport.core.wire.Ipv4Packet;

/**
 * Wakes a paused application: a protocol handler whose only job is a timer on its host, so the
 * simulation steps to the end of the pause. It takes IPv4 protocol 253, reserved for experiments
 * (RFC 3692), and ignores any packet that arrives for it.
 */
final class WakeupTimer implements ProtocolHandler {

  static final int PROTOCOL = 253;

  private long wakeNs = Long.MAX_VALUE;

  /** Asks to be woken at {@code atNs} (the earliest of all requests wins). */
  void wakeAt(long atNs) {
    wakeNs = Math.min(wakeNs, atNs);
  }

  @Override
  public int protocolNumber() {
    return PROTOCOL;
  }

  @Override
  public void attach(HostContext context) {}

  @Override
  public void handlePacket(long nowNs, Ipv4Packet packet) {}

  @Override
  public long pollTimeoutNs() {
    return wakeNs;
  }

  @Override
  public void handleTimeout(long nowNs) {
    if (wakeNs <= nowNs) {
      wakeNs = Long.MAX_VALUE;
    }
  }
}
