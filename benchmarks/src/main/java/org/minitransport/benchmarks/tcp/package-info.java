/**
 * JMH microbenchmarks for tcp-lite: the segment codec (parse and emit) and, later, the engine
 * pieces. Run with {@code java -jar benchmarks/target/benchmarks.jar <name>}.
 */
package org.minitransport.benchmarks.tcp;
