/**
 * The verification suite of a {@link org.minitransport.tcp.component.TcpReceiver} (rules
 * RECV-nn): {@link org.minitransport.tck.verify.receiver.TcpReceiverVerification}, subclassed with
 * one factory method, and {@link
 * org.minitransport.tck.verify.receiver.StudentTcpReceiverVerification}, the grader's subclass.
 * The rules come from RFC 9293 §3.4 (sequence numbers), §3.8.6 (the window, never shrunk,
 * silly-window avoidance) and §3.10.7 (processing SYN, text and FIN), and from the component
 * contract (CS144 Minnow's TCPReceiver).
 */
package org.minitransport.tck.verify.receiver;
