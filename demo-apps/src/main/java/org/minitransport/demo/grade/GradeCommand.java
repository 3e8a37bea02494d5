package org.minitransport.demo.grade;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.minitransport.tck.verify.GradedLab;
import org.minitransport.tck.verify.GradedLabs;
import org.minitransport.tck.verify.StudentFactory;
import org.minitransport.tck.verify.VerificationReport;
import org.minitransport.tck.verify.VerificationRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport grade LAB --classes DIR|JAR}: runs the lab's verification suites (from
 * transport-tck's {@link GradedLabs}) through the JUnit Platform launcher against the student's
 * factory class, loaded from the given classes, and prints every rule passed or failed (failures
 * with their transcript and hint) and the score; {@code --json} also writes Gradescope's {@code
 * results.json}. Exit codes: 0 every rule passed, 1 a rule failed, 2 bad usage (an unknown lab,
 * a missing classpath, a factory class that cannot be loaded or does not fit).
 *
 * <p>Why a command rather than a Maven goal: the grader runs where the student's classes are, in
 * an autograder container with a JDK and this one jar, and needs no build of the student's
 * project; a Maven goal would need the student's build to be a Maven build.
 */
@Command(name = "grade", mixinStandardHelpOptions = true,
    header = "Grades a student's component with its lab's verification suite.",
    description = "Run a lab's verification suites against the student's factory class (loaded "
        + "from --classes) and print each rule, passed or failed with its transcript and hint, "
        + "and the score. Labs: byte-stream, reassembler, tcp-receiver, rtt, port-table, udp.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # grade a compiled solution; the factory class defaults to the starter's",
        "  minitransport grade port-table --classes build/classes",
        "  # name the factory, and write Gradescope's results.json",
        "  minitransport grade udp --classes student.jar --factory edu.Udp --json results.json",
        "Exit codes: 0 every rule passed, 1 a rule failed, 2 bad usage."})
public final class GradeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<lab>",
      description = "The lab to grade: port-table or udp.")
  String labName;

  @Option(names = "--classes", required = true, paramLabel = "<dir|jar>",
      description = "The student's compiled classes: a directory or a jar (required).")
  Path classes;

  @Option(names = "--factory", paramLabel = "<class>",
      description = "The student's factory class (default: the lab's starter class, "
          + "lab.StudentPortTableFactory or lab.StudentUdpEndpointFactory).")
  String factory;

  @Option(names = "--json", paramLabel = "<file>",
      description = "Also write the results as Gradescope's results.json to this file.")
  Path json;

  @Override
  public Integer call() throws IOException {
    GradedLab lab = GradedLabs.named(labName).orElseThrow(() -> usage(
        "unknown lab '" + labName + "': the labs are " + GradedLabs.names()));
    if (!Files.isDirectory(classes) && !(Files.isRegularFile(classes)
        && classes.getFileName().toString().endsWith(".jar"))) {
      throw usage("--classes " + classes + " is neither a directory nor a .jar file");
    }
    String factoryClass = factory != null ? factory : lab.defaultFactoryClass();
    try (URLClassLoader loader = new URLClassLoader(
        "student", new URL[] {url(classes)}, GradeCommand.class.getClassLoader())) {
      try {
        new StudentFactory(factoryClass, loader).load(lab.factoryType());
      } catch (IllegalArgumentException e) {
        throw usage("--factory: " + e.getMessage());
      }
      VerificationReport report = VerificationRun.run(
          "grade " + lab.name() + ": " + factoryClass + " from " + classes, loader, factoryClass,
          lab.suites());
      PrintWriter out = spec.commandLine().getOut();
      out.print(report.text());
      out.flush();
      if (json != null) {
        Files.writeString(json, report.gradescopeJson(), StandardCharsets.UTF_8);
      }
      return report.allPassed() ? 0 : 1;
    }
  }

  private URL url(Path path) {
    try {
      return path.toAbsolutePath().toUri().toURL();
    } catch (MalformedURLException e) {
      throw usage("--classes " + path + " is not a usable path: " + e.getMessage());
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
