/**
 * The verification suite of the UDP endpoint (rules UDP-01 to UDP-16): {@link
 * org.minitransport.tck.verify.udp.UdpEndpointVerification}, subclassed with one factory method,
 * run inside the real stack on a simulated network and judged on the wire by a raw peer ({@link
 * org.minitransport.tck.verify.udp.UdpBench}); {@link
 * org.minitransport.tck.verify.udp.StudentUdpEndpointVerification} is the grader's subclass.
 */
package org.minitransport.tck.verify.udp;
