package org.minitransport.core.time;

/**
 * A monotonic source of "now" in nanoseconds. Engines never read a clock themselves; drivers read
 * one of these and pass {@code nowNs} in. Values are only meaningful relative to each other.
 */
@FunctionalInterface
public interface NanoClock {

  /** The current time in nanoseconds; never decreases between calls. */
  long nanoTime();

  /** The JVM's monotonic clock ({@link System#nanoTime()}). */
  static NanoClock system() {
    return System::nanoTime;
  }
}
