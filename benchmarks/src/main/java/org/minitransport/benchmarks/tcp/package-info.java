/**
 * JMH microbenchmarks for tcp-lite's engine pieces. Throughput benchmarks report operations per
 * second; each states its bytes per operation, so Gbit/s = ops/s × bytes per op × 8 / 10⁹.
 */
package org.minitransport.benchmarks.tcp;
