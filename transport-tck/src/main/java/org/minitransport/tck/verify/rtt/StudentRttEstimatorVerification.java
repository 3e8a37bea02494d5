package org.minitransport.tck.verify.rtt;

import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tcp.component.RttEstimatorFactory;
import org.minitransport.tck.verify.StudentFactory;

/**
 * {@link RttEstimatorVerification} against the factory the grader names ({@code minitransport grade
 * rtt --factory CLASS}), loaded from the student's classpath.
 */
@ExtendWith(StudentFactory.Resolver.class)
public class StudentRttEstimatorVerification extends RttEstimatorVerification {

  private final RttEstimatorFactory factory;

  public StudentRttEstimatorVerification(StudentFactory student) {
    this.factory = student.instantiate(RttEstimatorFactory.class);
  }

  @Override
  protected RttEstimatorFactory factory() {
    return factory;
  }
}
