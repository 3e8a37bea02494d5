/**
 * The verification suite of an {@link org.minitransport.tcp.component.RttEstimator} (rules
 * RTT-nn): {@link org.minitransport.tck.verify.rtt.RttEstimatorVerification}, subclassed with one
 * factory method, and {@link org.minitransport.tck.verify.rtt.StudentRttEstimatorVerification},
 * the grader's subclass. The rules come from RFC 6298 §2 (SRTT, RTTVAR, RTO and its bounds), §5.5
 * (backoff) and §5.7 (after a SYN timed out).
 */
package org.minitransport.tck.verify.rtt;
