package org.minitransport.demo.simulate;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The largest Java heap in use seen during a run, sampled at most every 10 ms of wall time from
 * the simulation loop. It includes garbage not yet collected, so it is an upper bound on what the
 * run needs: the figure to compare with the heap a machine gives Java ({@code -Xmx}).
 */
final class HeapPeak {

  private static final long SAMPLE_INTERVAL_NS = 10_000_000L;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private long lastSampleNs = System.nanoTime() - SAMPLE_INTERVAL_NS;
  private long peakBytes;
  private final long startBytes = memory.getHeapMemoryUsage().getUsed();

  /** Samples the heap if 10 ms have passed since the last sample. */
  void maybeSample() {
    long nowNs = System.nanoTime();
    if (nowNs - lastSampleNs >= SAMPLE_INTERVAL_NS) {
      lastSampleNs = nowNs;
      sample();
    }
  }

  /** Samples the heap now. */
  void sample() {
    peakBytes = Math.max(peakBytes, memory.getHeapMemoryUsage().getUsed());
  }

  long peakBytes() {
    return peakBytes;
  }

  /** The heap in use when this sampler was made (before the run). */
  long startBytes() {
    return startBytes;
  }
}
