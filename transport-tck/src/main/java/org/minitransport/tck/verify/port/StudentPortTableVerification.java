package org.minitransport.tck.verify.port;

import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.core.port.PortTableFactory;
import org.minitransport.tck.verify.StudentFactory;

/**
 * {@link PortTableVerification} against the factory the grader names ({@code minitransport grade
 * port-table --factory CLASS}), loaded from the student's classpath.
 */
@ExtendWith(StudentFactory.Resolver.class)
public class StudentPortTableVerification extends PortTableVerification {

  private final PortTableFactory factory;

  public StudentPortTableVerification(StudentFactory student) {
    this.factory = student.instantiate(PortTableFactory.class);
  }

  @Override
  protected PortTableFactory factory() {
    return factory;
  }
}
