/**
 * The teachable components of tcp-lite as small interfaces ("seams"), after the decomposition of
 * Stanford CS144's Minnow: a {@link org.minitransport.tcp.component.ByteStream} with writer and
 * reader views, a {@link org.minitransport.tcp.component.Reassembler} that writes into one, a
 * {@link org.minitransport.tcp.component.TcpReceiver} and a {@link
 * org.minitransport.tcp.component.TcpSender} that exchange plain message records ({@link
 * org.minitransport.tcp.component.TcpSenderMessage}, {@link
 * org.minitransport.tcp.component.TcpReceiverMessage}), an {@link
 * org.minitransport.tcp.component.RttEstimator} (RFC 6298) and a {@link
 * org.minitransport.tcp.component.CongestionControl} (RFC 5681, RFC 9438).
 *
 * <p>Each component has a factory interface ({@code ByteStreamFactory}, {@code
 * ReassemblerFactory}, …) that {@link org.minitransport.tcp.TcpConfig.Builder} takes, so that a
 * class written against these interfaces alone runs inside the real stack — over the simulated
 * network, UDP or a TUN device — in place of the reference implementation (the defaults).
 *
 * <p><b>Rules every component follows.</b> Components are sans-IO and single-threaded: no
 * threads, no clock and no randomness of their own. Time arrives as an argument in nanoseconds
 * ({@code nowNs}) from one monotonic clock; everything a component needs is an argument of its
 * factory or of its methods. Sequence numbers in messages are 32-bit wire values ({@link
 * org.minitransport.tcp.SeqNum}, Minnow's {@code Wrap32}); stream indices are 64-bit and start at
 * 0 with the first byte of data (RFC 9293 §3.4).
 *
 * <p><b>Optional extras.</b> What a student need not implement — SACK ranges (RFC 2018), D-SACK
 * (RFC 2883), urgent data (RFC 9293 §3.8.5), loss-recovery hooks (RFC 6675, RFC 8985, RFC 6937),
 * timestamps-based RTT samples (RFC 7323) — are {@code default} methods or extension fields with
 * a neutral default (no SACK blocks, no urgent data, no undo) that the stack copes with.
 */
package org.minitransport.tcp.component;
