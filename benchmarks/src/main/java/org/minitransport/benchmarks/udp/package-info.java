/**
 * Throughput of udp-lite: through the simulated network on one thread, and over the UDP network on
 * loopback beside a raw {@link java.nio.channels.DatagramChannel} measured in the same run.
 */
package org.minitransport.benchmarks.udp;
