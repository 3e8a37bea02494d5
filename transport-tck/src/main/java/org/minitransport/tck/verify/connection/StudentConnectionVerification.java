package org.minitransport.tck.verify.connection;

import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tck.verify.StudentFactory;

/**
 * {@link TcpConnectionVerification} with the student's {@link ComponentSet} ({@code minitransport
 * grade tcp-connection --factory CLASS}), loaded from the student's classpath.
 */
@ExtendWith(StudentFactory.Resolver.class)
public class StudentConnectionVerification extends TcpConnectionVerification {

  private final ComponentFactories components;

  public StudentConnectionVerification(StudentFactory student) {
    this.components = student.instantiate(ComponentSet.class).components();
  }

  @Override
  protected ComponentFactories components() {
    return components;
  }
}
