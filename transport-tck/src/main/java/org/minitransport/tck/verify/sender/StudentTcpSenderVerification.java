package org.minitransport.tck.verify.sender;

import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tcp.component.TcpSenderFactory;
import org.minitransport.tck.verify.StudentFactory;

/**
 * {@link TcpSenderVerification} against the factory the grader names ({@code minitransport grade
 * tcp-sender --factory CLASS}), loaded from the student's classpath.
 */
@ExtendWith(StudentFactory.Resolver.class)
public class StudentTcpSenderVerification extends TcpSenderVerification {

  private final TcpSenderFactory factory;

  public StudentTcpSenderVerification(StudentFactory student) {
    this.factory = student.instantiate(TcpSenderFactory.class);
  }

  @Override
  protected TcpSenderFactory sender() {
    return factory;
  }
}
