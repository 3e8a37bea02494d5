/**
 * Wire formats of the IP layer: the Internet checksum (RFC 1071) with the TCP/UDP
 * pseudo-header, IPv4 (RFC 791) and ICMP (RFC 792). Each codec comes as a checked view over bytes
 * and a validated value with parse and emit; decoding untrusted bytes only ever throws {@link
 * org.minitransport.core.wire.DecodeException}.
 */
package org.minitransport.core.wire;
