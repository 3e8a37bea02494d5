package org.minitransport.tck.property;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * How many scenarios each property ran, as JSON: every property run writes a fragment under
 * {@code target/scenario-reports/} and rewrites the module's {@code target/scenario-report.json}
 * as the merge of all fragments there. Reports of shards merge the same way ({@link #merge},
 * {@link #main}), so a campaign over many machines ends in one report.
 *
 * <pre>{@code
 * { "properties": [ { "property": "TcpTransferProperties#…", "examples": 9000,
 *     "scenarios": 9000, "violations": 0, "wallMillis": 21000, "shards": ["0/1"],
 *     "seeds": [123], "failures": [] } ],
 *   "totals": { "examples": 12000, "scenarios": 12000, "violations": 0 } }
 * }</pre>
 *
 * The folder is {@code target} (relative to the module, where Maven runs tests) unless {@code
 * -Dminitransport.report.dir} names another. The first record of a test JVM drops fragments
 * written before that JVM started, so the report counts the current run only.
 */
public final class ScenarioReport {

  /** The system property naming the report folder. */
  public static final String DIRECTORY_PROPERTY = "minitransport.report.dir";
  /** The report's file name. */
  public static final String FILE_NAME = "scenario-report.json";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
      .create();

  /**
   * The counts of one property.
   *
   * @param property the property's name ({@code Class#method})
   * @param examples examples QuickTheories generated and ran
   * @param scenarios scenario runs, shrinking and captures included
   * @param violations examples that broke the property (a run stops at its first)
   * @param wallMillis wall-clock time spent
   * @param shards the shards that ran it ({@code i/N})
   * @param seeds the QuickTheories seed of each shard
   * @param failures the failure files written
   */
  public record PropertyCounts(String property, long examples, long scenarios, long violations,
      long wallMillis, List<String> shards, List<Long> seeds, List<String> failures) {

    PropertyCounts plus(PropertyCounts other) {
      return new PropertyCounts(property, examples + other.examples,
          scenarios + other.scenarios, violations + other.violations,
          wallMillis + other.wallMillis, union(shards, other.shards), union(seeds, other.seeds),
          union(failures, other.failures));
    }

    private static <T extends Comparable<T>> List<T> union(List<T> a, List<T> b) {
      TreeSet<T> all = new TreeSet<>(a);
      all.addAll(b);
      return List.copyOf(all);
    }
  }

  /** Sums over every property. */
  public record Totals(long examples, long scenarios, long violations) {}

  /** A report: per property, and the totals. */
  public record Report(List<PropertyCounts> properties, Totals totals) {

    /** The report of these properties, those of the same name summed. */
    public static Report of(List<PropertyCounts> entries) {
      Map<String, PropertyCounts> byName = new LinkedHashMap<>();
      for (PropertyCounts entry : entries) {
        byName.merge(entry.property(), entry, PropertyCounts::plus);
      }
      List<PropertyCounts> properties = new ArrayList<>(byName.values());
      properties.sort((a, b) -> a.property().compareTo(b.property()));
      return new Report(List.copyOf(properties), new Totals(
          properties.stream().mapToLong(PropertyCounts::examples).sum(),
          properties.stream().mapToLong(PropertyCounts::scenarios).sum(),
          properties.stream().mapToLong(PropertyCounts::violations).sum()));
    }

    /** The counts of {@code property}, if it ran. */
    public PropertyCounts property(String name) {
      return properties.stream().filter(p -> p.property().equals(name)).findFirst()
          .orElse(null);
    }
  }

  /** Directories whose fragments from earlier runs this JVM has already dropped. */
  private static final java.util.Set<Path> CLEANED = new java.util.HashSet<>();

  private ScenarioReport() {}

  /** The folder reports are written to. */
  public static Path directory() {
    return Path.of(System.getProperty(DIRECTORY_PROPERTY, "target"));
  }

  /**
   * Records one property run: writes its fragment and rewrites the module report as the merge of
   * every fragment (under a file lock, so parallel test JVMs of one module do not collide).
   */
  public static synchronized void record(PropertyCounts counts) {
    Path directory = directory();
    Path fragments = directory.resolve("scenario-reports");
    try {
      Files.createDirectories(fragments);
      dropEarlierRuns(fragments);
      String shard = counts.shards().isEmpty() ? "0-of-1"
          : counts.shards().get(0).replace('/', '-').replace("-", "-of-");
      Path fragment = fragments.resolve(fileName(counts.property()) + "." + shard + ".json");
      writeAtomically(fragment, GSON.toJson(Report.of(List.of(counts))));
      try (FileChannel lockFile = FileChannel.open(fragments.resolve(".lock"),
              StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = lockFile.lock()) {
        List<Path> all;
        try (Stream<Path> files = Files.list(fragments)) {
          all = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        writeAtomically(directory.resolve(FILE_NAME), GSON.toJson(merge(all)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the scenario report in " + directory, e);
    }
  }

  private static void dropEarlierRuns(Path fragments) throws IOException {
    if (!CLEANED.add(fragments.toAbsolutePath())) {
      return;
    }
    long jvmStartMillis = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    try (Stream<Path> files = Files.list(fragments)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        if (Files.getLastModifiedTime(file).toMillis() < jvmStartMillis) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /** Reads a report. */
  public static Report read(Path file) throws IOException {
    try {
      Report report = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Report.class);
      if (report == null || report.properties() == null) {
        throw new IOException(file + " is not a scenario report (no \"properties\")");
      }
      return report;
    } catch (JsonParseException e) {
      throw new IOException(file + " is not a scenario report: " + e.getMessage(), e);
    }
  }

  /** The merge of the reports in {@code files}: per property, the counts of every shard summed. */
  public static Report merge(List<Path> files) throws IOException {
    List<PropertyCounts> all = new ArrayList<>();
    for (Path file : files) {
      all.addAll(read(file).properties());
    }
    return Report.of(all);
  }

  /** Writes {@code report} to {@code file}. */
  public static void write(Path file, Report report) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    writeAtomically(file, GSON.toJson(report));
  }

  /**
   * Merges shard reports: {@code java -cp … org.minitransport.tck.property.ScenarioReport OUT IN
   * IN…}. Prints the totals; exits 1 if any property was violated, 2 on bad arguments.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: ScenarioReport OUT.json IN.json [IN.json ...]");
      System.exit(2);
    }
    List<Path> inputs = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      inputs.add(Path.of(args[i]));
    }
    Report merged = merge(inputs);
    write(Path.of(args[0]), merged);
    System.out.println(summary(merged));
    System.exit(merged.totals().violations() == 0 ? 0 : 1);
  }

  /** One line per property and the totals. */
  public static String summary(Report report) {
    StringBuilder out = new StringBuilder();
    for (PropertyCounts p : report.properties()) {
      out.append(String.format("%-100s %,10d examples %,10d scenarios %d violations (%d shards)%n",
          p.property(), p.examples(), p.scenarios(), p.violations(), p.shards().size()));
    }
    out.append(String.format("total: %,d examples, %,d scenarios, %d violations",
        report.totals().examples(), report.totals().scenarios(), report.totals().violations()));
    return out.toString();
  }

  private static String fileName(String property) {
    return property.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp" + ProcessHandle.current().pid());
    Files.writeString(temporary, text + "\n", StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
