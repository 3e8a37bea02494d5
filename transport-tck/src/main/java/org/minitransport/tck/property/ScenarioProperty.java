package org.minitransport.tck.property;

import static org.quicktheories.QuickTheory.qt;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.security.CodeSource;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.minitransport.tck.scenario.RunOptions;
import org.minitransport.tck.scenario.Scenario;
import org.minitransport.tck.scenario.ScenarioJson;
import org.minitransport.tck.scenario.ScenarioOutcome;
import org.minitransport.tck.scenario.TcpScenario;
import org.minitransport.tck.scenario.UdpScenario;
import org.minitransport.tck.scenario.Violation;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.testkit.ExampleCounts;
import org.minitransport.testkit.Seeds;
import org.quicktheories.core.Gen;

/**
 * A property over generated scenarios, run at scale and failing in a way a person can act on.
 *
 * <pre>{@code
 * ScenarioProperty.forAll(TcpScenarios.scenarios(16 * 1024, ImpairmentGenerators.TRANSPORT,
 *         TcpScenarios.baseConfig().build()))
 *     .examples(9_000)
 *     .check(TcpOutcome::assertInvariants);
 * }</pre>
 *
 * <p><b>Scale.</b> {@link #examples} is the count at the default knob; {@code
 * -Dminitransport.examples=N} scales every property ({@link ExampleCounts}), {@code -Psoak} runs
 * ten times as many, and {@code -Dminitransport.shard=i/N} runs this process's share ({@link
 * Shard}). QuickTheories draws the examples from the campaign seed ({@code -Dminitransport.seed},
 * else a fresh one) plus the shard's index. Every run is counted in {@code
 * target/scenario-report.json} ({@link ScenarioReport}).
 *
 * <p><b>Failures.</b> The first scenario that fails is shrunk ({@link ScenarioShrinker}: towards
 * the simplest values, keeping only candidates that break the same rules), then run once more
 * with a capture, and the error names: the seed and the flags that rerun the property, the shrunk
 * scenario as JSON and the file holding it, a one-line command that replays it (the
 * {@code minitransport scenario replay} command for TCP and UDP scenarios; for any scenario,
 * Maven with {@code -Dminitransport.replay=FILE}, which runs just that scenario through this
 * property's check), the pcap of the failing run, and the last steps of each side. Scenarios are
 * pure functions of their data, so the replay reproduces the run byte for byte.
 *
 * @param <S> the scenario type
 * @param <O> what a run of it produces
 */
public final class ScenarioProperty<S extends Scenario<O>, O extends ScenarioOutcome> {

  /** The system property naming a scenario file to replay instead of generating examples. */
  public static final String REPLAY_PROPERTY = "minitransport.replay";

  private static final int DEFAULT_SHRINK_RUNS = 200;

  private final Gen<S> scenarios;
  private String name;
  private int examplesAtBaseline = 100;
  private int shrinkRuns = DEFAULT_SHRINK_RUNS;
  private RunOptions options = RunOptions.DEFAULT;
  private final List<Object> simplest = new ArrayList<>();

  private ScenarioProperty(Gen<S> scenarios) {
    this.scenarios = Objects.requireNonNull(scenarios, "scenarios");
  }

  /** A property over the scenarios {@code scenarios} generates. */
  public static <S extends Scenario<O>, O extends ScenarioOutcome> ScenarioProperty<S, O> forAll(
      Gen<S> scenarios) {
    return new ScenarioProperty<>(scenarios);
  }

  /** Names the property in reports and commands (default: the calling {@code Class#method}). */
  public ScenarioProperty<S, O> named(String value) {
    this.name = Objects.requireNonNull(value, "value");
    return this;
  }

  /** How many examples at the default knob ({@link ExampleCounts#BASELINE}); default 100. */
  public ScenarioProperty<S, O> examples(int countAtBaseline) {
    if (countAtBaseline < 1) {
      throw new IllegalArgumentException("examples " + countAtBaseline + " must be at least 1");
    }
    this.examplesAtBaseline = countAtBaseline;
    return this;
  }

  /** The most scenario runs shrinking a failure may take (default 200). */
  public ScenarioProperty<S, O> shrinkRuns(int runs) {
    this.shrinkRuns = runs;
    return this;
  }

  /**
   * Values shrinking moves records towards, one per record type (e.g. the base {@code
   * TcpConfig}); {@code LinkConfig.DEFAULT} is always one.
   */
  public ScenarioProperty<S, O> shrinkingToward(Object... values) {
    simplest.addAll(List.of(values));
    return this;
  }

  /** Run options for every example (a hook, the transcript length); the capture is set here. */
  public ScenarioProperty<S, O> runOptions(RunOptions value) {
    this.options = Objects.requireNonNull(value, "value");
    return this;
  }

  /** Checks {@link ScenarioOutcome#assertInvariants()} for every example. */
  public Summary checkInvariants() {
    return check(ScenarioOutcome::assertInvariants);
  }

  /** What a property run did. */
  public record Summary(String property, long examples, long scenarios, long seed, Shard shard) {}

  /**
   * Runs every example of this shard and checks each outcome with {@code invariant} (which throws
   * an {@link AssertionError} or any exception to say the outcome is wrong).
   *
   * @throws AssertionError the failure report, if an example failed
   */
  public Summary check(Consumer<? super O> invariant) {
    Objects.requireNonNull(invariant, "invariant");
    String property = name != null ? name : callerName();
    String replay = System.getProperty(REPLAY_PROPERTY);
    if (replay != null && !replay.isBlank()) {
      return replay(property, Path.of(replay), invariant);
    }
    Shard shard = Shard.current();
    long campaignSeed = Seeds.pick();
    long seed = shard.seed(campaignSeed);
    int total = ExampleCounts.scaled(examplesAtBaseline);
    int mine = shard.share(total);
    Run run = new Run(invariant);
    long started = System.nanoTime();
    String failureFile = null;
    try {
      if (mine > 0) {
        qt().withFixedSeed(seed).withExamples(mine).withShrinkCycles(0)
            .forAll(scenarios)
            .checkAssert(run::example);
      }
    } catch (AssertionError | RuntimeException e) {
      if (run.failing == null) {
        throw e;
      }
      FailureReport report = new FailureReport(property, seed, shard, campaignSeed, total,
          run.examples, run.failing, run.failure, invariant);
      failureFile = report.scenarioFile.toString();
      throw report.toError(run);
    } finally {
      ScenarioReport.record(new ScenarioReport.PropertyCounts(property, run.examples,
          run.scenarios, run.failing == null ? 0 : 1,
          (System.nanoTime() - started) / 1_000_000, List.of(shard.toString()), List.of(seed),
          failureFile == null ? List.of() : List.of(failureFile)));
    }
    return new Summary(property, run.examples, run.scenarios, seed, shard);
  }

  /** Runs one scenario from a file through this property's check. */
  @SuppressWarnings("unchecked")
  private Summary replay(String property, Path file, Consumer<? super O> invariant) {
    Scenario<?> read;
    try {
      read = ScenarioJson.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the scenario " + file, e);
    }
    Class<?>[] generated = new Class<?>[1];
    qt().withFixedSeed(1).withExamples(1).forAll(scenarios)
        .checkAssert(s -> generated[0] = s.getClass());
    Assumptions.assumeTrue(generated[0] == read.getClass(), "replaying a "
        + read.getClass().getSimpleName() + "; " + property + " checks "
        + generated[0].getSimpleName() + "s");
    S scenario = (S) read;
    Path pcap = ScenarioReport.directory().resolve("scenario-replays")
        .resolve(file.getFileName().toString().replaceAll("\\.json$", "") + ".pcap");
    O outcome = scenario.run(options.withPcap(pcap));
    try {
      invariant.accept(outcome);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("replayed " + file.toAbsolutePath() + " through " + property
          + ": it fails\n" + message(e) + "\n" + outcome.describe(), e);
    }
    System.out.println("replayed " + file.toAbsolutePath() + " through " + property
        + ": it holds; capture " + pcap.toAbsolutePath());
    return new Summary(property, 1, 1, 0, Shard.WHOLE);
  }

  /** The examples of one property run. */
  private final class Run {
    final Consumer<? super O> invariant;
    long examples;
    long scenarios;
    S failing;
    Throwable failure;

    Run(Consumer<? super O> invariant) {
      this.invariant = invariant;
    }

    void example(S scenario) {
      examples++;
      scenarios++;
      try {
        invariant.accept(scenario.run(options));
      } catch (AssertionError | RuntimeException e) {
        failing = scenario;
        failure = e;
        throw e;
      }
    }
  }

  /** The shrunk failure, its files and the message that says what to do. */
  private final class FailureReport {
    final Path folder;
    final Path scenarioFile;
    final Path pcap;
    final S original;
    final S shrunk;
    final int shrinkRuns;
    final Throwable firstFailure;
    final Throwable shrunkFailure;
    final O shrunkOutcome;
    final String property;
    final long seed;
    final Shard shard;
    final long campaignSeed;
    final int total;
    final long exampleNumber;

    FailureReport(String property, long seed, Shard shard, long campaignSeed, int total,
        long exampleNumber, S failing, Throwable failure, Consumer<? super O> invariant) {
      this.property = property;
      this.seed = seed;
      this.shard = shard;
      this.campaignSeed = campaignSeed;
      this.total = total;
      this.exampleNumber = exampleNumber;
      this.original = failing;
      this.firstFailure = failure;
      Set<Violation.Rule> rules = rules(failing.run(options));
      ScenarioShrinker shrinker = new ScenarioShrinker(simplest);
      ScenarioShrinker.Result<S> result = shrinker.shrink(failing,
          candidate -> failsTheSameWay(candidate, rules, failure, invariant),
          ScenarioProperty.this.shrinkRuns);
      this.shrunk = result.smallest();
      this.shrinkRuns = result.runs();
      this.folder = ScenarioReport.directory().resolve("scenario-failures")
          .resolve(property.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + seed);
      this.scenarioFile = folder.resolve("scenario.json");
      this.pcap = folder.resolve("capture.pcap");
      try {
        Files.createDirectories(folder); // a scenario of your own may not create it
      } catch (IOException e) {
        throw new UncheckedIOException("could not create " + folder, e);
      }
      this.shrunkOutcome = shrunk.run(options.withPcap(pcap).withTranscriptSteps(30));
      Throwable again = null;
      try {
        invariant.accept(shrunkOutcome);
      } catch (AssertionError | RuntimeException e) {
        again = e;
      }
      this.shrunkFailure = again;
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("property", property);
      extra.put("seed", seed);
      extra.put("shard", shard.toString());
      extra.put("failure", again == null ? "(did not fail again)" : firstLine(again));
      try {
        ScenarioJson.write(scenarioFile, shrunk, extra);
        ScenarioJson.write(folder.resolve("original.json"), original, extra);
      } catch (IOException e) {
        throw new UncheckedIOException("could not write the failure to " + folder, e);
      }
    }

    boolean failsTheSameWay(S candidate, Set<Violation.Rule> rules, Throwable failure,
        Consumer<? super O> invariant) {
      O outcome = candidate.run(options);
      try {
        invariant.accept(outcome);
        return false;
      } catch (AssertionError | RuntimeException e) {
        return rules.isEmpty() ? e.getClass() == failure.getClass()
            : rules.equals(rules(outcome));
      }
    }

    AssertionError toError(Run run) {
      run.scenarios += shrinkRuns + 2;
      String module = Path.of("").toAbsolutePath().getFileName().toString();
      String testFilter = property;
      String json = ScenarioJson.toJson(shrunk);
      StringBuilder out = new StringBuilder();
      out.append("Property ").append(property).append(" failed at example ").append(exampleNumber)
          .append(" of this shard's ").append(shard.share(total)).append(" (shard ").append(shard)
          .append(", QuickTheories seed ").append(seed).append(").\n");
      out.append("First failure: ").append(firstLine(firstFailure)).append('\n');
      out.append("Shrunk in ").append(shrinkRuns).append(" runs to the scenario in ")
          .append(scenarioFile.toAbsolutePath()).append(" (the original is beside it):\n")
          .append(json).append('\n');
      if (original instanceof TcpScenario || original instanceof UdpScenario) {
        String classPath = studentClassPath(shrunk);
        out.append(classPath.isEmpty() ? "Replay it: java -jar demo-apps/target/minitransport.jar"
                : "Replay it: java -cp demo-apps/target/minitransport.jar" + classPath
                    + " org.minitransport.demo.Minitransport")
            .append(" scenario replay ").append(scenarioFile.toAbsolutePath())
            .append(" --pcap replay.pcap\n");
      }
      out.append("Re-check it: mvn -B -pl ").append(module).append(" -am test -Dtest='")
          .append(testFilter).append("' -Dsurefire.failIfNoSpecifiedTests=false -D")
          .append(REPLAY_PROPERTY).append('=').append(scenarioFile.toAbsolutePath()).append('\n');
      out.append("Rerun the property: mvn -B -pl ").append(module).append(" -am test -Dtest='")
          .append(testFilter).append("' -Dsurefire.failIfNoSpecifiedTests=false -D")
          .append(Seeds.PROPERTY).append('=').append(campaignSeed).append(" -D")
          .append(ExampleCounts.PROPERTY).append('=').append(System.getProperty(
              ExampleCounts.PROPERTY, String.valueOf(ExampleCounts.knob())))
          .append(" -D").append(Shard.PROPERTY).append('=').append(shard).append('\n');
      out.append("Capture of the shrunk run: ").append(pcap.toAbsolutePath()).append('\n');
      if (shrunkFailure == null) {
        out.append("(the shrunk scenario did not fail again: the check is not a function of the "
            + "scenario alone)\n");
      } else {
        out.append("Its failure: ").append(firstLine(shrunkFailure)).append('\n');
      }
      out.append(shrunkOutcome.describe());
      AssertionError error = new AssertionError(out.toString(), firstFailure);
      System.err.println(out);
      return error;
    }
  }

  private static Set<Violation.Rule> rules(ScenarioOutcome outcome) {
    return outcome.brokenRules();
  }

  private static String firstLine(Throwable e) {
    String message = message(e);
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /**
   * {@code SimpleClass#method} of the test method that called (a helper it calls may build the
   * property), else of the first caller outside this package.
   */
  private static String callerName() {
    List<StackWalker.StackFrame> outside = StackWalker.getInstance(
            StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(frames -> frames
            .filter(f -> !f.getClassName().startsWith(ScenarioProperty.class.getPackageName()))
            .toList());
    StackWalker.StackFrame caller = outside.stream().filter(ScenarioProperty::isTestMethod)
        .findFirst().orElse(outside.isEmpty() ? null : outside.get(0));
    if (caller == null) {
      return "unnamed";
    }
    String className = caller.getClassName();
    return className.substring(className.lastIndexOf('.') + 1) + "#" + caller.getMethodName();
  }

  /** Whether the frame's method is a test (annotated with JUnit's {@code @Test} or the like). */
  private static boolean isTestMethod(StackWalker.StackFrame frame) {
    for (java.lang.reflect.Method method : frame.getDeclaringClass().getDeclaredMethods()) {
      if (method.getName().equals(frame.getMethodName())) {
        for (java.lang.annotation.Annotation annotation : method.getAnnotations()) {
          if (annotation.annotationType().getSimpleName().endsWith("Test")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Where the classes of a TCP scenario's own (non-reference) component factories come from, as
   * class-path entries each starting with the path separator, so the replay command can load
   * them; empty for the reference components.
   */
  static String studentClassPath(Scenario<?> scenario) {
    if (!(scenario instanceof TcpScenario tcp)) {
      return "";
    }
    Set<String> entries = new LinkedHashSet<>();
    for (TcpConfig config : List.of(tcp.client().config(), tcp.server().config())) {
      ComponentFactories factories = config.components();
      for (Object factory : List.of(factories.byteStream(), factories.reassembler(),
          factories.receiver(), factories.sender(), factories.rttEstimator(),
          factories.congestionControl())) {
        if (ComponentFactories.isReference(factory)) {
          continue;
        }
        CodeSource source = factory.getClass().getProtectionDomain().getCodeSource();
        if (source != null && "file".equals(source.getLocation().getProtocol())) {
          try {
            entries.add(File.pathSeparator + Path.of(source.getLocation().toURI()).toString());
          } catch (URISyntaxException | IllegalArgumentException e) {
            entries.add(File.pathSeparator + source.getLocation().getPath());
          }
        }
      }
    }
    return String.join("", entries);
  }
}
