package org.minitransport.tck.verify.stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tcp.component.ByteStreamFactory;
import org.minitransport.tck.verify.StudentFactory;

/**
 * {@link ByteStreamVerification} against the factory the grader names ({@code minitransport grade
 * byte-stream --factory CLASS}), loaded from the student's classpath.
 */
@ExtendWith(StudentFactory.Resolver.class)
public class StudentByteStreamVerification extends ByteStreamVerification {

  private final ByteStreamFactory factory;

  public StudentByteStreamVerification(StudentFactory student) {
    this.factory = student.instantiate(ByteStreamFactory.class);
  }

  @Override
  protected ByteStreamFactory factory() {
    return factory;
  }
}
