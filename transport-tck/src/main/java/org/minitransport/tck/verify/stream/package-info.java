/**
 * The verification suite of a {@link org.minitransport.tcp.component.ByteStream} (rules BS-nn):
 * {@link org.minitransport.tck.verify.stream.ByteStreamVerification}, subclassed with one factory
 * method, and {@link org.minitransport.tck.verify.stream.StudentByteStreamVerification}, the
 * grader's subclass. The rules come from the component contract (CS144 Minnow's ByteStream): a
 * bounded pipe with writer and reader views, an end mark and a sticky error.
 */
package org.minitransport.tck.verify.stream;
