/**
 * tcp-lite's public API: what applications and other modules see of the TCP implementation.
 *
 * <p>So far this holds {@link org.minitransport.tcp.SeqNum}, the 32-bit sequence number value
 * type (RFC 9293 §3.4) that segments, traces and tests share. The engine pieces (byte stream,
 * reassembler, RTT estimator, congestion control, sender, receiver, connection) live in {@code
 * org.minitransport.tcp.internal} and are not API; the segment codec lives in {@code
 * org.minitransport.tcp.wire}.
 */
package org.minitransport.tcp;
