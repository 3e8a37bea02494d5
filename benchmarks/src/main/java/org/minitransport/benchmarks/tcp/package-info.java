/**
 * JMH microbenchmarks for tcp-lite: the segment codec (parse and emit) and the engine pieces
 * (byte stream, reassembler). Throughput benchmarks report operations per second; each states its
 * bytes per operation, so Gbit/s = ops/s × bytes per op × 8 / 10⁹. Run with {@code java -jar
 * benchmarks/target/benchmarks.jar <name>}.
 */
package org.minitransport.benchmarks.tcp;
