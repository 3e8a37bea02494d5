package org.minitransport.testkit;

import java.util.Objects;
import java.util.function.LongConsumer;
import org.minitransport.core.stack.HostContext;
import org.minitransport.core.stack.ProtocolHandler;
import org.minitransport.core.wire.Ipv4Packet;

/**
 * A timer on a simulated host, for test code that must act at a virtual time (an application
 * waking from a pause, an attacker's next forged segment): a protocol handler whose only job is
 * its deadline, so the simulation driver steps to it. Register it with {@code
 * host.register(timer)} under an IPv4 protocol number reserved for experiments (253 or 254, RFC
 * 3692); packets that arrive for that number are ignored.
 *
 * <pre>{@code
 * HostTimer wakeup = new HostTimer(253, nowNs -> app.act(nowNs));
 * host.register(wakeup);
 * wakeup.wakeAt(sim.nowNs() + 5_000_000);
 * }</pre>
 */
public final class HostTimer implements ProtocolHandler {

  private final int protocolNumber;
  private final LongConsumer onFire;
  private long deadlineNs = Long.MAX_VALUE;

  /**
   * @param protocolNumber the IPv4 protocol number the host files this handler under
   * @param onFire called with the time when the deadline comes (after it is cleared, so it may
   *     set the next one)
   */
  public HostTimer(int protocolNumber, LongConsumer onFire) {
    this.protocolNumber = protocolNumber;
    this.onFire = Objects.requireNonNull(onFire, "onFire");
  }

  /** Asks to fire at {@code atNs}; an earlier pending deadline wins. */
  public void wakeAt(long atNs) {
    deadlineNs = Math.min(deadlineNs, atNs);
  }

  /** Fires no more until the next {@link #wakeAt}. */
  public void cancel() {
    deadlineNs = Long.MAX_VALUE;
  }

  @Override
  public int protocolNumber() {
    return protocolNumber;
  }

  @Override
  public void attach(HostContext context) {}

  @Override
  public void handlePacket(long nowNs, Ipv4Packet packet) {}

  @Override
  public long pollTimeoutNs() {
    return deadlineNs;
  }

  @Override
  public void handleTimeout(long nowNs) {
    if (deadlineNs <= nowNs) {
      deadlineNs = Long.MAX_VALUE;
      onFire.accept(nowNs);
    }
  }
}
