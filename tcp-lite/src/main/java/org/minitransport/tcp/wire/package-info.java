/**
 * The TCP segment wire format: the fixed header of RFC 9293 §3.1, the options of RFC 9293 §3.2
 * (EOL, NOP, MSS), RFC 7323 (window scale, timestamps) and RFC 2018 (SACK-permitted, SACK), and
 * the checksum over the IPv4 pseudo-header (RFC 9293 §3.1).
 *
 * <p>Two halves, as elsewhere in this stack:
 *
 * <ul>
 *   <li>{@link org.minitransport.tcp.wire.TcpPacket} is a checked, zero-copy view over received
 *       bytes: {@link org.minitransport.tcp.wire.TcpPacket#check} validates the lengths and the
 *       checksum once, then every header field is one accessor away.
 *   <li>{@link org.minitransport.tcp.wire.TcpSegment} (a {@link
 *       org.minitransport.tcp.wire.TcpHeader} with its {@link
 *       org.minitransport.tcp.wire.TcpOptions} plus the payload) is a validated value with {@code
 *       parse} and {@code emit}.
 * </ul>
 *
 * <p>Decoding untrusted bytes only ever throws {@link
 * org.minitransport.core.wire.DecodeException}; building or emitting an illegal value throws
 * {@link IllegalArgumentException} naming the value and the rule.
 *
 * <p>Sequence, acknowledgment, SACK-edge and timestamp values are 32-bit unsigned numbers and
 * are carried here as {@code long} values in {@code 0 .. 2^32-1}; this package does no sequence
 * arithmetic. The codec is deliberately free of connection semantics: it accepts any option on
 * any segment (RFC 9293 §3.2, MUST-4), and rules such as "MSS only on a SYN" or "window scale
 * only when both sides sent it" belong to the connection.
 */
package org.minitransport.tcp.wire;
