package org.minitransport.benchmarks.arch;

import org.minitransport.tcp.internal.SortedRunReassembler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A JMH microbenchmark of an internal class, with a nested state class, for {@link
 * InternalPackagesTest}: the exception the rule allows. Never run (it lives in the test tree).
 */
public class BenchmarksTcpInternals {

  /** State nested in the benchmark: part of the exception too. */
  @State(Scope.Thread)
  public static class Fixture {
    Class<?> measured = SortedRunReassembler.class;
  }

  @Benchmark
  public Object reassemblerClass(Fixture fixture) {
    return fixture.measured;
  }
}
