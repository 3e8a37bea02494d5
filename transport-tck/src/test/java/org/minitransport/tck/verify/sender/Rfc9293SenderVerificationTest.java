package org.minitransport.tck.verify.sender;

import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.TcpSenderFactory;

/** The sender suite against the reference, {@code Rfc9293Sender}: the TCK dogfooded. */
class Rfc9293SenderVerificationTest extends TcpSenderVerification {

  @Override
  protected TcpSenderFactory sender() {
    return ComponentFactories.reference().sender();
  }
}
