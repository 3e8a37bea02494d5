package org.minitransport.tck.verify.reassembler;

import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tcp.component.ReassemblerFactory;
import org.minitransport.tck.verify.StudentFactory;

/**
 * {@link ReassemblerVerification} against the factory the grader names ({@code minitransport grade
 * reassembler --factory CLASS}), loaded from the student's classpath.
 */
@ExtendWith(StudentFactory.Resolver.class)
public class StudentReassemblerVerification extends ReassemblerVerification {

  private final ReassemblerFactory factory;

  public StudentReassemblerVerification(StudentFactory student) {
    this.factory = student.instantiate(ReassemblerFactory.class);
  }

  @Override
  protected ReassemblerFactory factory() {
    return factory;
  }
}
