package org.minitransport.tck.verify.sender;

import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.TcpSenderFactory;
import org.minitransport.tck.verify.StudentFactory;
import org.minitransport.tck.verify.connection.TcpConnectionVerification;

/**
 * {@link TcpConnectionVerification} with the student's sender in an otherwise reference stack
 * ({@code minitransport grade tcp-sender}): the per-state scripts and the end-to-end runs.
 */
@ExtendWith(StudentFactory.Resolver.class)
public class StudentSenderConnectionVerification extends TcpConnectionVerification {

  private final TcpSenderFactory factory;

  public StudentSenderConnectionVerification(StudentFactory student) {
    this.factory = student.instantiate(TcpSenderFactory.class);
  }

  @Override
  protected ComponentFactories components() {
    return ComponentFactories.reference().withSender(factory);
  }
}
