package org.minitransport.tck.verify.reassembler;

import org.minitransport.tcp.component.ReassemblerFactory;
import org.minitransport.tcp.internal.SortedRunReassembler;

/** The reassembler suite against the reference, {@code SortedRunReassembler}: the TCK dogfooded. */
class SortedRunReassemblerVerificationTest extends ReassemblerVerification {

  @Override
  protected ReassemblerFactory factory() {
    return SortedRunReassembler::new;
  }
}
