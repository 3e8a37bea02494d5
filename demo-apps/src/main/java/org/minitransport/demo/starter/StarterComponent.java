package org.minitransport.demo.starter;

import java.util.List;
import java.util.Objects;

/**
 * One class a student writes in a lab: the reference source it is made from, the names it gets in
 * the starter, and the factory through which the stack and the grader create it.
 *
 * @param gradedLab the name {@code minitransport grade} knows it by ({@code reassembler})
 * @param referenceSource the reference class's source, relative to the repository root
 * @param studentClass the class's simple name in the starter (package {@code lab})
 * @param supportSources package-private classes of the reference's package that it needs,
 *     copied into package {@code lab} as they are (their own regions stubbed too)
 * @param factoryInterface the factory interface's binary name ({@code
 *     org.minitransport.tcp.component.ReassemblerFactory})
 * @param factoryBody the factory's one method, as Java source
 * @param factoryImports types the factory method names, besides the factory interface
 */
record StarterComponent(String gradedLab, String referenceSource, String studentClass,
    List<String> supportSources, String factoryInterface, String factoryBody,
    List<String> factoryImports) {

  StarterComponent {
    Objects.requireNonNull(gradedLab, "gradedLab");
    Objects.requireNonNull(referenceSource, "referenceSource");
    Objects.requireNonNull(studentClass, "studentClass");
    supportSources = List.copyOf(supportSources);
    Objects.requireNonNull(factoryInterface, "factoryInterface");
    Objects.requireNonNull(factoryBody, "factoryBody");
    factoryImports = List.copyOf(factoryImports);
  }

  /** The factory class's simple name: the student class's, plus {@code Factory}. */
  String factoryClass() {
    return studentClass + "Factory";
  }

  /** The factory class's binary name, what {@code minitransport grade --factory} takes. */
  String factoryBinaryName() {
    return StarterProject.PACKAGE + "." + factoryClass();
  }

  /** The reference class's simple name, from its file name. */
  String referenceClass() {
    return simpleName(referenceSource);
  }

  static String simpleName(String sourcePath) {
    String file = sourcePath.substring(sourcePath.lastIndexOf('/') + 1);
    return file.substring(0, file.length() - ".java".length());
  }
}
