/**
 * {@code minitransport perf}, a throughput test in the manner of iperf3: the wire protocol
 * ({@link org.minitransport.demo.apps.perf.PerfProtocol}), the server that answers tests, and the
 * client run that drives parallel streams and reports intervals and a summary.
 */
package org.minitransport.demo.apps.perf;
