/**
 * The verification suite of a whole TCP connection built from component factories: {@link
 * org.minitransport.tck.verify.connection.TcpConnectionVerification}, rules CONN-nn (the RFC 9293
 * state machine script by script, then end to end: random impairments, tshark, the Linux kernel).
 */
package org.minitransport.tck.verify.connection;
