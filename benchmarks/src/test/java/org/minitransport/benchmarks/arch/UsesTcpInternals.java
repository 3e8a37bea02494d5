package org.minitransport.benchmarks.arch;

import org.minitransport.tcp.internal.SortedRunReassembler;

/** A deliberate violation for {@link InternalPackagesTest}: no benchmark, yet uses tcp.internal. */
final class UsesTcpInternals {

  private UsesTcpInternals() {}

  static Class<?> reassembler() {
    return SortedRunReassembler.class;
  }
}
