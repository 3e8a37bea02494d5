package org.minitransport.tck.verify;

import java.util.List;
import java.util.Objects;

/**
 * One lab the grader knows: its name on the command line, the factory interface a student's class
 * implements, the default name of that class, and the suites that grade it (each a {@code
 * Student…Verification} class that takes a {@link StudentFactory}).
 *
 * @param name the lab's name ({@code port-table})
 * @param factoryType the interface the student's factory implements
 * @param defaultFactoryClass the factory class name the starter uses, used when none is given
 * @param suites the graded suite classes, run in this order
 */
public record GradedLab(
    String name, Class<?> factoryType, String defaultFactoryClass, List<Class<?>> suites) {

  public GradedLab {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(factoryType, "factoryType");
    Objects.requireNonNull(defaultFactoryClass, "defaultFactoryClass");
    suites = List.copyOf(suites);
    if (suites.isEmpty()) {
      throw new IllegalArgumentException("lab " + name + " has no suites");
    }
  }
}
