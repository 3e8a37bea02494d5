package org.minitransport.demo.starter;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a lab's starter: a small standalone Maven project that depends on the project's jars
 * (tcp-lite or transport-core and udp-lite; transport-tck for the tests), holding
 *
 * <ul>
 *   <li>per component, the reference class copied into package {@value #PACKAGE} under the
 *       student's name, its lab's {@code // BEGIN LAB n} regions replaced by {@code throw new
 *       UnsupportedOperationException("lab n: …")} (the student's skeleton: it implements the
 *       component's interface and compiles), the package-private helpers it needs, and a factory
 *       {@code lab.Student…Factory}, the class {@code minitransport grade} loads by default;
 *   <li>{@code LabRulesTest}, which runs the lab's verification suites against those factories
 *       through the JUnit Platform launcher, exactly as the grader does, one test per rule;
 *   <li>a {@code pom.xml} and a README with the commands.
 * </ul>
 *
 * <p>It reads the reference sources from a checkout of this repository, the same tree whose jars
 * the starter depends on (installed with {@code mvn -B -DskipTests install}).
 */
final class StarterProject {

  /** The starter's package: the grader's default factory classes live there. */
  static final String PACKAGE = "lab";

  /** The plugins a {@code mvn package} of the starter runs, at the versions the parent pins. */
  private static final List<String> PINNED_PLUGINS = List.of("maven-clean-plugin",
      "maven-resources-plugin", "maven-compiler-plugin", "maven-surefire-plugin",
      "maven-jar-plugin", "maven-install-plugin");

  private static final Pattern PACKAGE_LINE = Pattern.compile("(?m)^package ([\\w.]+);\\s*$");
  private static final Pattern IMPORT_LINE = Pattern.compile("(?m)^import [\\w.]+;\\s*$");
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "(?m)^public (?:(?:final|abstract|sealed|non-sealed) )*(?:class|interface|record|enum) ");

  private final Path repository;
  private final StarterLab lab;
  private final boolean keepSolutions;

  /**
   * @param repository the root of a checkout of this repository
   * @param keepSolutions keep the regions' code (the reference under the student's names, for an
   *     instructor's answer key and for proving the starter passes) instead of stubbing it
   */
  StarterProject(Path repository, StarterLab lab, boolean keepSolutions) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.lab = Objects.requireNonNull(lab, "lab");
    this.keepSolutions = keepSolutions;
  }

  /**
   * The starter's files, by path relative to its root.
   *
   * @throws IOException if a reference source cannot be read
   * @throws IllegalArgumentException if a source's regions are malformed, or a component's
   *     reference has no region of this lab (a starter that would hand out the solution)
   */
  Map<String, String> files() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("pom.xml", pom());
    files.put("README.md", readme());
    String main = "src/main/java/" + PACKAGE + "/";
    for (StarterComponent component : lab.components()) {
      Map<String, String> renames = new LinkedHashMap<>();
      renames.put(component.referenceClass(), component.studentClass());
      SolutionRegions reference = regions(component.referenceSource());
      if (reference.regionsOf(lab.number()).isEmpty()) {
        throw new IllegalArgumentException(component.referenceSource() + " has no BEGIN LAB "
            + lab.number() + " region: its starter would be the solution");
      }
      files.put(main + component.studentClass() + ".java",
          repackage(component.referenceSource(), reference, renames, component));
      for (String support : component.supportSources()) {
        files.put(main + StarterComponent.simpleName(support) + ".java",
            repackage(support, regions(support), renames, component));
      }
      files.put(main + component.factoryClass() + ".java", factory(component));
    }
    files.put("src/test/java/" + PACKAGE + "/LabRulesTest.java", rulesTest());
    return files;
  }

  /**
   * Writes the starter into {@code out}, which must not exist or be an empty directory.
   *
   * @return the files written, relative to {@code out}
   * @throws IOException if {@code out} is a file or a non-empty directory, or cannot be written
   */
  List<String> writeTo(Path out) throws IOException {
    if (Files.exists(out)) {
      if (!Files.isDirectory(out)) {
        throw new IOException(out + " is a file, not a directory");
      }
      try (Stream<Path> entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(out + " is not empty (the starter never overwrites files)");
        }
      }
    }
    Map<String, String> files = files();
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = out.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue(), UTF_8);
    }
    return new ArrayList<>(files.keySet());
  }

  private SolutionRegions regions(String source) throws IOException {
    Path path = repository.resolve(source);
    if (!Files.isRegularFile(path)) {
      throw new IOException("no reference source " + path + " (is " + repository
          + " a checkout of minitransport?)");
    }
    return SolutionRegions.parse(source, Files.readString(path, UTF_8));
  }

  /**
   * The source moved into package {@value #PACKAGE}: regions stubbed (or markers dropped),
   * classes renamed, and an import for every public type of the old package it names.
   */
  private String repackage(String source, SolutionRegions regions, Map<String, String> renames,
      StarterComponent component) throws IOException {
    String text = keepSolutions ? regions.withoutMarkers() : regions.stub(lab.number());
    Matcher packageLine = PACKAGE_LINE.matcher(text);
    if (!packageLine.find()) {
      throw new IllegalArgumentException(source + " has no package declaration");
    }
    String oldPackage = packageLine.group(1);
    for (Map.Entry<String, String> rename : renames.entrySet()) {
      text = text.replaceAll("\\b" + rename.getKey() + "\\b", rename.getValue());
    }
    Set<String> copied = new TreeSet<>(renames.values());
    for (String support : component.supportSources()) {
      copied.add(StarterComponent.simpleName(support));
    }
    Set<String> imports = new TreeSet<>();
    for (String type : publicTypesOf(repository.resolve(source).getParent())) {
      if (!copied.contains(type) && !renames.containsKey(type)
          && Pattern.compile("\\b" + type + "\\b").matcher(text).find()) {
        imports.add("import " + oldPackage + "." + type + ";");
      }
    }
    String header = "// Made by 'minitransport starter " + lab.name() + "' from " + source
        + ".\n";
    text = header + PACKAGE_LINE.matcher(text).replaceFirst("package " + PACKAGE + ";");
    if (!imports.isEmpty()) {
      String block = String.join("\n", imports) + "\n";
      Matcher lastImport = IMPORT_LINE.matcher(text);
      int at = -1;
      while (lastImport.find()) {
        at = lastImport.end();
      }
      if (at < 0) {
        Matcher pkg = PACKAGE_LINE.matcher(text);
        pkg.find();
        text = text.substring(0, pkg.end()) + "\n\n" + block + text.substring(pkg.end());
      } else {
        text = text.substring(0, at) + "\n" + block.stripTrailing() + text.substring(at);
      }
    }
    return text;
  }

  /** The public top-level types declared in {@code directory}'s sources. */
  private static List<String> publicTypesOf(Path directory) throws IOException {
    List<String> types = new ArrayList<>();
    try (Stream<Path> sources = Files.list(directory)) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        String name = source.getFileName().toString();
        if (!name.equals("package-info.java")
            && PUBLIC_TYPE.matcher(Files.readString(source, UTF_8)).find()) {
          types.add(name.substring(0, name.length() - ".java".length()));
        }
      }
    }
    return types;
  }

  private String factory(StarterComponent component) {
    String iface = component.factoryInterface();
    String simple = iface.substring(iface.lastIndexOf('.') + 1);
    Set<String> imports = new TreeSet<>(component.factoryImports());
    imports.add(iface);
    return "package " + PACKAGE + ";\n\n"
        + imports.stream().map(i -> "import " + i + ";").collect(Collectors.joining("\n"))
        + "\n\n/**\n"
        + " * Makes your {@link " + component.studentClass() + "}: the stack takes this factory"
        + " in place of the\n * reference's, and {@code minitransport grade "
        + component.gradedLab() + "} loads it by this name.\n */\n"
        + "public final class " + component.factoryClass() + " implements " + simple + " {\n\n"
        + "  @Override\n  " + component.factoryBody() + "\n}\n";
  }

  private String rulesTest() {
    StringBuilder methods = new StringBuilder();
    for (StarterComponent component : lab.components()) {
      methods.append("\n  /** {@code minitransport grade ").append(component.gradedLab())
          .append(" --classes target/classes}, one test per rule. */\n")
          .append("  @TestFactory\n  Stream<DynamicTest> ")
          .append(camel(component.gradedLab())).append("() {\n")
          .append("    return rules(\"").append(component.gradedLab()).append("\", \"")
          .append(component.factoryBinaryName()).append("\");\n  }\n");
    }
    return """
        package lab;

        import static org.junit.jupiter.api.DynamicTest.dynamicTest;

        import java.util.stream.Stream;
        import org.junit.jupiter.api.Assumptions;
        import org.junit.jupiter.api.DynamicTest;
        import org.junit.jupiter.api.TestFactory;
        import org.minitransport.tck.verify.GradedLab;
        import org.minitransport.tck.verify.GradedLabs;
        import org.minitransport.tck.verify.RuleResult;
        import org.minitransport.tck.verify.VerificationReport;
        import org.minitransport.tck.verify.VerificationRun;

        /**
         * This lab's verification suites against your classes, run exactly as {@code minitransport
         * grade} runs them (through the JUnit Platform launcher); each rule becomes one test whose
         * failure message is the rule's transcript and hint. Run: {@code mvn -B test}.
         */
        class LabRulesTest {
        %s
          private static Stream<DynamicTest> rules(String labName, String factoryClass) {
            GradedLab lab = GradedLabs.named(labName).orElseThrow(() -> new AssertionError(
                "this transport-tck has no lab '" + labName + "'; it has " + GradedLabs.names()));
            VerificationReport report = VerificationRun.run(
                labName, LabRulesTest.class.getClassLoader(), factoryClass, lab.suites());
            System.out.println(report.summary());
            return report.results().stream().map(rule -> dynamicTest(rule.title(), () -> check(rule)));
          }

          private static void check(RuleResult rule) {
            switch (rule.status()) {
              case PASSED -> { }
              case SKIPPED -> Assumptions.abort(rule.output());
              case FAILED -> throw new AssertionError(rule.output());
            }
          }
        }
        """.formatted(methods);
  }

  private static String camel(String name) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : name.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  private String pom() throws IOException {
    String parent = Files.readString(repository.resolve("pom.xml"), UTF_8);
    String version = match(parent,
        "<artifactId>minitransport-parent</artifactId>\\s*<version>([^<]+)</version>", "version");
    StringBuilder plugins = new StringBuilder();
    for (String plugin : PINNED_PLUGINS) {
      plugins.append("      <plugin>\n")
          .append("        <groupId>org.apache.maven.plugins</groupId>\n")
          .append("        <artifactId>").append(plugin).append("</artifactId>\n")
          .append("        <version>").append(match(parent, "<artifactId>" + plugin
              + "</artifactId>\\s*<version>([^<]+)</version>", plugin + " version"))
          .append("</version>\n")
          .append("      </plugin>\n");
    }
    Set<String> artifacts = new TreeSet<>();
    for (StarterComponent component : lab.components()) {
      artifacts.add(component.referenceSource().substring(
          0, component.referenceSource().indexOf('/')));
    }
    StringBuilder dependencies = new StringBuilder();
    for (String artifact : artifacts) {
      dependencies.append(dependency(artifact, "compile"));
    }
    dependencies.append(dependency("transport-tck", "test"));
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Made by 'minitransport starter %1$s': lab %2$d of minitransport, %3$s. -->
        <project xmlns="http://maven.apache.org/POM/4.0.0"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <groupId>lab</groupId>
          <artifactId>%4$s</artifactId>
          <version>1.0-SNAPSHOT</version>

          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
            <!-- The minitransport jars, installed from its checkout: mvn -B -DskipTests install -->
            <minitransport.version>%5$s</minitransport.version>
          </properties>

          <dependencies>
        %6$s  </dependencies>

          <build>
            <!-- The plugin versions minitransport's own build pins. -->
            <plugins>
        %7$s    </plugins>
          </build>
        </project>
        """.formatted(lab.name(), lab.number(), lab.title(), lab.artifactId(), version,
        dependencies, plugins);
  }

  private static String dependency(String artifactId, String scope) {
    return "    <dependency>\n"
        + "      <groupId>org.minitransport</groupId>\n"
        + "      <artifactId>" + artifactId + "</artifactId>\n"
        + "      <version>${minitransport.version}</version>\n"
        + (scope.equals("compile") ? "" : "      <scope>" + scope + "</scope>\n")
        + "    </dependency>\n";
  }

  private String readme() {
    StringBuilder classes = new StringBuilder();
    StringBuilder grade = new StringBuilder();
    for (StarterComponent component : lab.components()) {
      classes.append("* `src/main/java/lab/").append(component.studentClass())
          .append(".java`: yours to complete (from the reference `")
          .append(component.referenceClass()).append("`; every `UnsupportedOperationException`")
          .append(" marks a part to write). `").append(component.factoryClass())
          .append("` creates it for the stack and the grader.\n");
      grade.append("minitransport grade ").append(component.gradedLab())
          .append(" --classes target/classes\n");
    }
    return """
        # Lab %1$d: %2$s

        The assignment: `%3$s` in the minitransport repository.

        %4$s* `src/test/java/lab/LabRulesTest.java`: runs the lab's verification suites against your
          classes, one test per rule, as the grader does.

        ```sh
        mvn -B test                  # every rule: failures print the rule, its RFC section, a transcript and a hint
        mvn -B -q package -DskipTests
        %5$s```

        (`minitransport` is `java -jar demo-apps/target/minitransport.jar` in the minitransport
        checkout whose jars this project uses: `mvn -B -DskipTests install` there first.)
        """.formatted(lab.number(), lab.title(), lab.page(), classes, grade);
  }

  private static String match(String text, String regex, String what) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("the repository's pom.xml names no " + what);
    }
    return m.group(1);
  }
}
