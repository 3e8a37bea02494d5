package org.minitransport.benchmarks.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.benchmarks.tcp.ReassemblerBenchmark;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.internal.SortedRunReassembler;

/**
 * {@link InternalPackages}' rule over the main classes of every module (this module's test class
 * path holds them all), and proof on hand-picked classes that it finds a violation and lets the
 * stated exceptions through.
 */
class InternalPackagesTest {

  @Test
  void noModuleUsesAnotherModulesInternalPackages() {
    JavaClasses mainClasses = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.minitransport");
    for (String module : new String[] {"core", "udp", "tcp", "testkit", "tck", "demo",
        "benchmarks"}) {
      Optional<String> root = Optional.of("org.minitransport." + module);
      assertTrue(mainClasses.stream()
              .anyMatch(c -> InternalPackages.module(c.getPackageName()).equals(root)),
          "the class path lacks module org.minitransport." + module + ": the check would be empty");
    }
    InternalPackages.onlyTheirOwnModuleUsesInternalPackages().check(mainClasses);
  }

  @Nested
  class TheRuleItself {

    @Test
    void reportsAClassOfAnotherModuleThatUsesAnInternalClass() {
      EvaluationResult result = evaluate(UsesTcpInternals.class);

      assertTrue(result.hasViolation(), "a violation went unreported");
      String report = result.getFailureReport().toString();
      assertTrue(report.contains(UsesTcpInternals.class.getName())
          && report.contains(SortedRunReassembler.class.getName())
          && report.contains("internal to org.minitransport.tcp"), report);
    }

    @Test
    void letsAModuleUseItsOwnInternalPackages() {
      assertFalse(evaluate(TcpConnection.class).hasViolation());
    }

    @Test
    void letsAJmhMicrobenchmarkOfAnInternalClassThrough() {
      assertFalse(evaluate(ReassemblerBenchmark.class).hasViolation());
      assertFalse(evaluate(BenchmarksTcpInternals.class, BenchmarksTcpInternals.Fixture.class)
          .hasViolation());
    }

    @Test
    void namesModulesByTheirRootPackage() {
      assertEquals(Optional.of("org.minitransport.core"),
          InternalPackages.module("org.minitransport.core.stack.internal"));
      assertEquals(Optional.empty(), InternalPackages.module("com.example.internal"));
      assertTrue(InternalPackages.isInternal("org.minitransport.core.net.sim.internal"));
      assertFalse(InternalPackages.isInternal("org.minitransport.tcp.internalized"));
    }

    private EvaluationResult evaluate(Class<?>... classes) {
      // An exception is filtered out before the check, so these sets may leave nothing to check.
      return InternalPackages.onlyTheirOwnModuleUsesInternalPackages().allowEmptyShould(true)
          .evaluate(new ClassFileImporter().importClasses(classes));
    }
  }
}
