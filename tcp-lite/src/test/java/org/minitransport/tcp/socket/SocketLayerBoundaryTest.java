package org.minitransport.tcp.socket;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The split between tcp-lite's engine and its sockets (issue 12), as quinn-proto and quinn: the
 * engine never depends on the socket layer, and the socket layer uses only the engine's API, not
 * its internals.
 */
class SocketLayerBoundaryTest {

  private static final String SOCKETS = "org.minitransport.tcp.socket..";

  /** The engine: everything of tcp-lite but the socket layer. */
  static final ArchRule ENGINE_DOES_NOT_USE_SOCKETS = noClasses()
      .that().resideInAnyPackage("org.minitransport.tcp", "org.minitransport.tcp.component..",
          "org.minitransport.tcp.wire..", "org.minitransport.tcp.internal..")
      .should().dependOnClassesThat().resideInAPackage(SOCKETS)
      .because("the sans-IO engine runs without threads; sockets are layered on it");

  static final ArchRule SOCKETS_USE_ONLY_THE_ENGINES_API = noClasses()
      .that().resideInAPackage(SOCKETS)
      .should().dependOnClassesThat().resideInAPackage("org.minitransport.tcp.internal..")
      .because("the socket layer is an application of the engine's public API");

  private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.minitransport.tcp");

  @Test
  void theEngineDoesNotDependOnTheSocketLayer() {
    ENGINE_DOES_NOT_USE_SOCKETS.check(MAIN_CLASSES);
  }

  @Test
  void theSocketLayerUsesOnlyTheEnginesApi() {
    SOCKETS_USE_ONLY_THE_ENGINES_API.check(MAIN_CLASSES);
  }

  @Test
  void anEngineClassThatUsesASocketClassIsReported() {
    // Some tests in the engine's package (HostileInputTest, PluggableComponentsTest) drive the
    // stack through this package's ExchangeHandlers: over the test classes the rule must fail.
    JavaClasses testClasses = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
        .importPackages("org.minitransport.tcp");
    EvaluationResult result = ENGINE_DOES_NOT_USE_SOCKETS.evaluate(testClasses);
    String report = result.getFailureReport().toString();
    assertTrue(result.hasViolation() && report.contains("HostileInputTest")
        && report.contains(ExchangeHandlers.class.getName()), report);
  }
}
