package org.minitransport.tck.verify.congestion;

import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tcp.component.CongestionControlFactory;
import org.minitransport.tck.verify.StudentFactory;

/**
 * {@link CongestionControlVerification} against the factory the grader names ({@code
 * minitransport grade congestion-control --factory CLASS}), loaded from the student's classpath.
 * The lab is NewReno with Reno growth (RFC 5681, RFC 6582), so CUBIC's rules are skipped.
 */
@ExtendWith(StudentFactory.Resolver.class)
public class StudentCongestionControlVerification extends CongestionControlVerification {

  private final CongestionControlFactory factory;

  public StudentCongestionControlVerification(StudentFactory student) {
    this.factory = student.instantiate(CongestionControlFactory.class);
  }

  @Override
  protected CongestionControlFactory congestionControl() {
    return factory;
  }
}
