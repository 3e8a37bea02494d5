/**
 * The verification suite of a congestion controller ({@link
 * org.minitransport.tcp.component.CongestionControl}): {@link
 * org.minitransport.tck.verify.congestion.CongestionControlVerification}, rules CC-nn (RFC 5681,
 * RFC 3465, RFC 6582, RFC 9438).
 */
package org.minitransport.tck.verify.congestion;
