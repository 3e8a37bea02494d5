package org.minitransport.core.driver;

/**
 * A simulation ran out of its step budget before its goal was reached: usually a livelock (two
 * engines re-arming timers or bouncing packets forever). The message says how far it got.
 */
public final class SimulationStalledException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SimulationStalledException(String message) {
    super(message);
  }
}
