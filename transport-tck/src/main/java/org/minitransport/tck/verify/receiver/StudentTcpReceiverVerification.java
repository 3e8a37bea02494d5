package org.minitransport.tck.verify.receiver;

import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tcp.component.TcpReceiverFactory;
import org.minitransport.tck.verify.StudentFactory;

/**
 * {@link TcpReceiverVerification} against the factory the grader names ({@code minitransport grade
 * tcp-receiver --factory CLASS}), loaded from the student's classpath.
 */
@ExtendWith(StudentFactory.Resolver.class)
public class StudentTcpReceiverVerification extends TcpReceiverVerification {

  private final TcpReceiverFactory factory;

  public StudentTcpReceiverVerification(StudentFactory student) {
    this.factory = student.instantiate(TcpReceiverFactory.class);
  }

  @Override
  protected TcpReceiverFactory factory() {
    return factory;
  }
}
