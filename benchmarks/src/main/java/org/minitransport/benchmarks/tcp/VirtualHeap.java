package org.minitransport.benchmarks.tcp;

import java.lang.management.ManagementFactory;

/** The heap in use after full collections: what objects still reachable occupy. */
final class VirtualHeap {

  private VirtualHeap() {}

  /** Used heap in bytes after three full collections (explicit GC is synchronous by default). */
  static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
