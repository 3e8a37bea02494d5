package org.minitransport.tck.verify.connection;

import org.minitransport.tcp.component.ComponentFactories;

/** The connection suite against the reference components: the TCK dogfooded. */
class ReferenceConnectionVerificationTest extends TcpConnectionVerification {

  @Override
  protected ComponentFactories components() {
    return ComponentFactories.reference();
  }
}
