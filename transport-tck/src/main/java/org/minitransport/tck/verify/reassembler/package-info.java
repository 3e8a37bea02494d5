/**
 * The verification suite of a {@link org.minitransport.tcp.component.Reassembler} (rules
 * REASM-nn): {@link org.minitransport.tck.verify.reassembler.ReassemblerVerification}, subclassed
 * with one factory method, and {@link
 * org.minitransport.tck.verify.reassembler.StudentReassemblerVerification}, the grader's subclass.
 * The rules come from RFC 9293 §3.10.7.4 (the seventh and eighth steps: segment text and FIN), the
 * window of §3.8.6 and the component contract (CS144 Minnow's Reassembler).
 */
package org.minitransport.tck.verify.reassembler;
