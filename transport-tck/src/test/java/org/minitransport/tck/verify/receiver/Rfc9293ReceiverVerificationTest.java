package org.minitransport.tck.verify.receiver;

import org.minitransport.tcp.component.TcpReceiverFactory;
import org.minitransport.tcp.internal.Rfc9293Receiver;

/** The receiver suite against the reference, {@code Rfc9293Receiver}: the TCK dogfooded. */
class Rfc9293ReceiverVerificationTest extends TcpReceiverVerification {

  @Override
  protected TcpReceiverFactory factory() {
    return Rfc9293Receiver::new;
  }
}
