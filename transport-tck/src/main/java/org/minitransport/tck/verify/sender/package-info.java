/**
 * The verification suite of a TCP sender ({@link org.minitransport.tcp.component.TcpSender}):
 * {@link org.minitransport.tck.verify.sender.TcpSenderVerification}, rules SEND-nn (RFC 9293,
 * RFC 6298, RFC 5681, RFC 6582).
 */
package org.minitransport.tck.verify.sender;
