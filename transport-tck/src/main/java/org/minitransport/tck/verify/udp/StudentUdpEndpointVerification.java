package org.minitransport.tck.verify.udp;

import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tck.verify.StudentFactory;
import org.minitransport.udp.UdpEndpointFactory;

/**
 * {@link UdpEndpointVerification} against the factory the grader names ({@code minitransport
 * grade udp --factory CLASS}), loaded from the student's classpath.
 */
@ExtendWith(StudentFactory.Resolver.class)
public class StudentUdpEndpointVerification extends UdpEndpointVerification {

  private final UdpEndpointFactory factory;

  public StudentUdpEndpointVerification(StudentFactory student) {
    this.factory = student.instantiate(UdpEndpointFactory.class);
  }

  @Override
  protected UdpEndpointFactory factory() {
    return factory;
  }
}
