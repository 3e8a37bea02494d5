/**
 * The verification suite of the port table (rules PORT-01 to PORT-12): {@link
 * org.minitransport.tck.verify.port.PortTableVerification}, subclassed with one factory method;
 * {@link org.minitransport.tck.verify.port.StudentPortTableVerification} is the grader's subclass.
 */
package org.minitransport.tck.verify.port;
