package org.minitransport.tck.verify.congestion;

import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.CongestionControlFactory;
import org.minitransport.tck.verify.StudentFactory;
import org.minitransport.tck.verify.connection.TcpConnectionVerification;

/**
 * {@link TcpConnectionVerification} with the student's congestion controller in an otherwise
 * reference stack ({@code minitransport grade congestion-control}).
 */
@ExtendWith(StudentFactory.Resolver.class)
public class StudentCongestionControlConnectionVerification extends TcpConnectionVerification {

  private final CongestionControlFactory factory;

  public StudentCongestionControlConnectionVerification(StudentFactory student) {
    this.factory = student.instantiate(CongestionControlFactory.class);
  }

  @Override
  protected ComponentFactories components() {
    return ComponentFactories.reference().withCongestionControl(factory);
  }
}
