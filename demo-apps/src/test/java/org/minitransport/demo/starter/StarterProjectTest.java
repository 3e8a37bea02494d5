package org.minitransport.demo.starter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.minitransport.demo.Minitransport;
import org.minitransport.tck.verify.GradedLabs;

/**
 * The CI proof of the starters, lab by lab: the generated project compiles (its classes and its
 * {@code LabRulesTest}) with {@code javac} against the project's own classes; graded by {@code
 * minitransport grade LAB --classes DIR --json FILE} in a JVM of its own, the stubbed starter
 * fails its lab's suites — most rules, each failure naming its rule id and the stub's {@code lab
 * n} — and the same project with the solutions kept passes every rule, so the stubs are the
 * only difference. Compiling and grading run in processes of their own: a JVM that ran them was
 * left too slow for the real-time tests that came after it on a loaded machine. (That the reference itself passes
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
      Optional<JsonObject> graded = grade(classes, component);
      assumeTrue(graded.isPresent(), "transport-tck has no graded lab '"
          + component.gradedLab() + "' yet: compiled only");
      JsonObject report = graded.get();
      List<JsonObject> failed = tests(report, "failed");
      int passed = tests(report, "passed").size();
      // The skeleton keeps constructors, fields and accessors, so a rule about the initial state
      // alone may pass; every rule that calls what the student writes must fail, and those are
      // most of them.
      assertTrue(failed.size() > passed, () -> "the stubs passed " + passed
          + " rules and failed only " + failed.size() + ":\n" + report);
      for (JsonObject rule : failed) {
        String id = rule.get("name").getAsString().split(" ")[0];
        String output = rule.get("output").getAsString();
        // A lab may grade with more than one suite (the sender's, then the connection's).
        assertTrue(id.matches("[A-Z]+-[0-9]+"), id);
        assertTrue(output.startsWith("Rule " + id + " failed"), output);
        assertTrue(output.contains("lab " + lab.number()), () ->
            "the failure should name the stub's 'lab " + lab.number() + "':\n" + output);
      }
    }
  }

  private void answerKeyCompilesAndPasses(StarterLab lab) throws Exception {
    Path classes = compile(temp.resolve("key" + lab.number()), lab, true);
    for (StarterComponent component : lab.components()) {
      Optional<JsonObject> graded = grade(classes, component);
      assumeTrue(graded.isPresent(), "transport-tck has no graded lab '"
          + component.gradedLab() + "' yet: compiled only");
      JsonObject report = graded.get();
      assertTrue(tests(report, "failed").isEmpty() && !tests(report, "passed").isEmpty(),
          report::toString);
    }
  }

  /** Writes the starter to {@code root} and compiles it; returns its classes directory. */
  private static Path compile(Path root, StarterLab lab, boolean keepSolutions)
      throws IOException, InterruptedException {
    new StarterProject(repository(), lab, keepSolutions).writeTo(root);
    Path classes = root.resolve("target/classes");
    javac(root.resolve("src/main/java"), classes, System.getProperty("java.class.path"));
    javac(root.resolve("src/test/java"), root.resolve("target/test-classes"),
        classes + File.pathSeparator + System.getProperty("java.class.path"));
    return classes;
  }

  private static void javac(Path sources, Path classes, String classpath)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(tool("javac"), "--release", "17",
        "-proc:none", "-nowarn", "-J-Xmx256m", "-d", classes.toString(), "-cp", classpath));
    try (Stream<Path> files = Files.walk(sources)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> command.add(p.toString()));
    }
    Result result = run(command);
    assertEquals(0, result.code(), () -> "javac failed on " + sources + ":\n" + result.output());
  }

  /**
   * The component's graded suites against the starter's factory, run by {@code minitransport grade
   * LAB --classes DIR --json FILE} in a JVM of its own (what an instructor runs); its results.json.
   */
  private static Optional<JsonObject> grade(Path classes, StarterComponent component)
      throws IOException, InterruptedException {
    if (GradedLabs.named(component.gradedLab()).isEmpty()) {
      return Optional.empty();
    }
    Path json = classes.resolveSibling(component.gradedLab() + ".json");
    Result result = run(List.of(tool("java"), "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), Minitransport.class.getName(), "grade",
        component.gradedLab(), "--classes", classes.toString(), "--json", json.toString()));
    assertTrue(result.code() == 0 || result.code() == 1, result::output);
    return Optional.of(JsonParser.parseString(Files.readString(json)).getAsJsonObject());
  }

  private static List<JsonObject> tests(JsonObject report, String status) {
    List<JsonObject> found = new ArrayList<>();
    for (JsonElement test : report.getAsJsonArray("tests")) {
      // A skipped rule (max_score 0) has no status in Gradescope's format.
      JsonElement testStatus = test.getAsJsonObject().get("status");
      if (testStatus != null && testStatus.getAsString().equals(status)) {
        found.add(test.getAsJsonObject());
      }
    }
    return found;
  }

  /** A JDK tool beside this JVM ({@code java}, {@code javac}). */
  private static String tool(String name) {
    Path path = Path.of(System.getProperty("java.home"), "bin", name);
    assumeTrue(Files.isExecutable(path), "no " + path + " (a JRE, not a JDK)");
    return path.toString();
  }

  private record Result(int code, String output) {}

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    return new Result(process.waitFor(), command.get(0) + ":\n" + output);
  }
}
