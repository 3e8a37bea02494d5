package org.minitransport.tck.verify.port;

import org.minitransport.core.port.PortTableFactory;

/** The port-table suite against the reference, {@code HashedPortTable}: the TCK dogfooded. */
class HashedPortTableVerificationTest extends PortTableVerification {

  @Override
  protected PortTableFactory factory() {
    return PortTableFactory.REFERENCE;
  }
}
