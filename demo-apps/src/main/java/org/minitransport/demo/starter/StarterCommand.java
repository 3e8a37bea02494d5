package org.minitransport.demo.starter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport starter <lab> --out DIR}: writes a lab's starter project (see {@link
 * StarterProject}) from the reference sources of a checkout of this repository. Exit codes: 0
 * written, 1 the sources could not be read or the output written, 2 bad usage (an unknown lab, an
 * output directory that is not empty, a directory that is not a checkout).
 */
@Command(name = "starter", mixinStandardHelpOptions = true,
    header = "Writes a lab's starter project: the reference with the student's parts stubbed.",
    description = {
        "Write the starter of a lab (docs/labs/): a small Maven project depending on the "
            + "minitransport jars, with the reference classes of the lab copied into package "
            + "'lab' under the student's names and every '// BEGIN LAB n' region replaced by "
            + "throw new UnsupportedOperationException(\"lab n: ...\"), a factory per class (what "
            + "'minitransport grade' loads), and a test that runs the lab's verification suites.",
        "Labs with a starter: 1 byte-stream, 2 reassembler, 3 tcp-receiver, 4 tcp-sender, "
            + "6 ports-and-udp."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  # in a checkout of minitransport, after: mvn -B -DskipTests install",
        "  minitransport starter reassembler --out ../lab2",
        "  minitransport starter 4 --out /tmp/lab4 --repo ~/src/minitransport",
        "  # the answer key: the same project with the reference code kept (it passes every rule)",
        "  minitransport starter reassembler --out /tmp/lab2-key --keep-solutions"})
public final class StarterCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<lab>",
      description = "The lab, by number or name: 1 byte-stream, 2 reassembler, 3 tcp-receiver, "
          + "4 tcp-sender, 6 ports-and-udp.")
  String labName;

  @Option(names = "--out", required = true, paramLabel = "<dir>",
      description = "Where to write the project: a new or empty directory (required).")
  Path out;

  @Option(names = "--repo", paramLabel = "<dir>", defaultValue = ".",
      description = "The minitransport checkout to read the reference sources from "
          + "(default: the current directory).")
  Path repository;

  @Option(names = "--keep-solutions",
      description = "Keep the reference code in the regions instead of stubbing it: the "
          + "instructor's answer key.")
  boolean keepSolutions;

  @Override
  public Integer call() {
    StarterLab lab = StarterLabs.find(labName).orElseThrow(() ->
        new CommandLine.ParameterException(spec.commandLine(), "no starter for lab '" + labName
            + "': the labs with a starter are " + StarterLabs.names()
            + " (labs 0, 5 and 7 start from the command line and your earlier labs; see"
            + " docs/labs/)"));
    Path root = repository.toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("pom.xml"))
        || !Files.isDirectory(root.resolve("tcp-lite/src/main/java"))) {
      throw new CommandLine.ParameterException(spec.commandLine(), root
          + " is not a minitransport checkout (no pom.xml and tcp-lite/src there); give --repo");
    }
    if (Files.exists(out) && !isEmptyDirectory(out)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out
          + " exists and is not an empty directory (the starter never overwrites files)");
    }
    PrintWriter stdout = spec.commandLine().getOut();
    List<String> written;
    try {
      written = new StarterProject(root, lab, keepSolutions).writeTo(out);
    } catch (IOException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("minitransport: cannot write the starter of lab "
          + lab.number() + ": " + e.getMessage());
      return 1;
    }
    stdout.println("lab " + lab.number() + " (" + lab.name() + "): wrote " + written.size()
        + " files to " + out + (keepSolutions ? " (solutions kept)" : ""));
    for (String file : written) {
      stdout.println("  " + file);
    }
    stdout.println("next: cd " + out + " && mvn -B test   (needs the minitransport jars: "
        + "mvn -B -DskipTests install in " + root + ")");
    return 0;
  }

  private static boolean isEmptyDirectory(Path path) {
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (var entries = Files.list(path)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
