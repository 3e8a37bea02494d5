package org.minitransport.demo.starter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.minitransport.tck.verify.GradedLab;
import org.minitransport.tck.verify.GradedLabs;
import org.minitransport.tck.verify.RuleResult;
import org.minitransport.tck.verify.VerificationReport;
import org.minitransport.tck.verify.VerificationRun;

/**
 * The CI proof of the starters, lab by lab: the generated project compiles (its classes and its
 * {@code LabRulesTest}) against the project's own classes; run through the grader's path ({@link
 * VerificationRun} over a class loader holding only the starter's classes), the stubbed starter
 * fails its lab's suites — most rules, each failure naming its rule id and the stub's {@code lab
 * n} — and the same project with the solutions kept
 * passes every rule, so the stubs are the only difference. (That the reference itself passes
 * every suite is the dogfooding tests' job, in transport-tck.)
 */
class StarterProjectTest {

  @TempDir
  Path temp;

  /** The repository root: the parent of this module, where Maven runs its tests. */
  static Path repository() {
    Path module = Path.of("").toAbsolutePath();
    return module.getParent();
  }

  @TestFactory
  Stream<DynamicNode> everyStarter() {
    return StarterLabs.all().stream().map(lab -> DynamicContainer.dynamicContainer(
        "lab " + lab.number() + " " + lab.name(), Stream.of(
            DynamicTest.dynamicTest("stubbed: compiles, fails the lab's rules",
                () -> stubbedStarterCompilesAndFails(lab)),
            DynamicTest.dynamicTest("solutions kept: compiles, passes every rule",
                () -> answerKeyCompilesAndPasses(lab)))));
  }

  private void stubbedStarterCompilesAndFails(StarterLab lab) throws Exception {
    Path root = temp.resolve("lab" + lab.number());
    Map<String, String> files = new StarterProject(repository(), lab, false).files();
    for (StarterComponent component : lab.components()) {
      String student = files.get("src/main/java/lab/" + component.studentClass() + ".java");
      assertTrue(student.contains("throw new UnsupportedOperationException(\"lab "
          + lab.number() + ": "), student);
      assertFalse(student.contains("BEGIN LAB") || student.contains("END LAB"), student);
    }
    Path classes = compile(root, lab, false);
    for (StarterComponent component : lab.components()) {
      Optional<VerificationReport> graded = grade(classes, component);
      assumeTrue(graded.isPresent(), "transport-tck has no graded lab '"
          + component.gradedLab() + "' yet: compiled only");
      VerificationReport report = graded.get();
      // The skeleton keeps constructors, fields and accessors, so a rule about the initial state
      // alone may pass; every rule that calls what the student writes must fail, and those are
      // most of them.
      assertTrue(report.failed() > report.passed(), () -> "the stubs passed "
          + report.passed() + " rules and failed only " + report.failed() + ":\n" + report.text());
      String prefix = rulePrefix(report);
      for (RuleResult failed : report.failures()) {
        assertTrue(failed.ruleId().startsWith(prefix), failed.ruleId());
        assertTrue(failed.output().startsWith("Rule " + failed.ruleId() + " failed"),
            failed.output());
        assertTrue(failed.output().contains("lab " + lab.number()), () ->
            "the failure should name the stub's 'lab " + lab.number() + "':\n" + failed.output());
      }
    }
  }

  private void answerKeyCompilesAndPasses(StarterLab lab) throws Exception {
    Path classes = compile(temp.resolve("key" + lab.number()), lab, true);
    for (StarterComponent component : lab.components()) {
      Optional<VerificationReport> graded = grade(classes, component);
      assumeTrue(graded.isPresent(), "transport-tck has no graded lab '"
          + component.gradedLab() + "' yet: compiled only");
      VerificationReport report = graded.get();
      assertTrue(report.allPassed() && report.maxScore() > 0, report::text);
    }
  }

  /** Writes the starter to {@code root} and compiles it; returns its classes directory. */
  private static Path compile(Path root, StarterLab lab, boolean keepSolutions)
      throws IOException {
    new StarterProject(repository(), lab, keepSolutions).writeTo(root);
    Path classes = root.resolve("target/classes");
    javac(root.resolve("src/main/java"), classes, System.getProperty("java.class.path"));
    javac(root.resolve("src/test/java"), root.resolve("target/test-classes"),
        classes + File.pathSeparator + System.getProperty("java.class.path"));
    return classes;
  }

  private static void javac(Path sources, Path classes, String classpath) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-nowarn",
        "-d", classes.toString(), "-cp", classpath));
    try (Stream<Path> files = Files.walk(sources)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
    }
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int code = compiler.run(null, errors, errors, args.toArray(String[]::new));
    assertEquals(0, code, () -> "javac failed on " + sources + ":\n" + errors);
  }

  /** The component's graded suites against the starter's factory, as the grader runs them. */
  private static Optional<VerificationReport> grade(Path classes, StarterComponent component)
      throws IOException {
    Optional<GradedLab> lab = GradedLabs.named(component.gradedLab());
    if (lab.isEmpty()) {
      return Optional.empty();
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        StarterProjectTest.class.getClassLoader())) {
      return Optional.of(VerificationRun.run(component.gradedLab(), loader,
          component.factoryBinaryName(), lab.get().suites()));
    }
  }

  private static String rulePrefix(VerificationReport report) {
    String first = report.results().get(0).ruleId();
    return first.substring(0, first.indexOf('-') + 1);
  }
}
