/**
 * tcp-lite's sans-IO engine: {@link org.minitransport.tcp.TcpEndpoint} (one host's TCP layer),
 * {@link org.minitransport.tcp.TcpConnection} (the RFC 9293 state machine), {@link
 * org.minitransport.tcp.TcpListener}, {@link org.minitransport.tcp.TcpConfig}, {@link
 * org.minitransport.tcp.SeqNum}, the counters and the {@link org.minitransport.tcp.TcpInfo}
 * snapshot. They do no I/O, start no threads and read no clock: every input carries its {@code
 * nowNs}, and outputs are polled (the contract of quinn-proto), so one engine runs unchanged in a
 * one-thread simulation, under a real-time event loop and inside a test that feeds it segments one
 * by one. They are not thread-safe: one thread (the host's) makes every call.
 *
 * <p>The rest of tcp-lite is layered on or plugged into this package: the component interfaces a
 * student implements in {@link org.minitransport.tcp.component}, the segment codec in {@link
 * org.minitransport.tcp.wire}, the pieces the engine is built from in {@code
 * org.minitransport.tcp.internal} (not API), and the sockets applications program against, which
 * own the threads, in {@link org.minitransport.tcp.socket}.
 */
package org.minitransport.tcp;
