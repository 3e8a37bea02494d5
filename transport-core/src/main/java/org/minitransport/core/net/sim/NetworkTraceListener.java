package org.minitransport.core.net.sim;

/**
 * Observes every packet event in a {@link SimulatedNetwork}: for recording traces in tests, or a
 * capture of what was delivered. Without a listener the network builds no events at all.
 *
 * <p>Called while the network holds its lock, in the order the events happen, from the sending
 * thread or the delivery thread: keep it quick, do not call back into the network, and make it
 * thread-safe if the network runs in real time.
 */
@FunctionalInterface
public interface NetworkTraceListener {

  /** One event; {@code event.packet()} is only valid during this call (see {@link TraceEvent}). */
  void onEvent(TraceEvent event);
}
