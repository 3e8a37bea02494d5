package org.minitransport.demo.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.minitransport.tck.property.ScenarioReport;
import org.minitransport.tck.scenario.RunOptions;
import org.minitransport.tck.scenario.Scenario;
import org.minitransport.tck.scenario.ScenarioJson;
import org.minitransport.tck.scenario.ScenarioOutcome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport scenario}: the command-line side of the property tests (transport-tck).
 * {@code replay FILE} runs a scenario file that a failing property wrote (TCP or UDP) exactly as
 * the test ran it, and prints its outcome, every broken invariant and the last steps of each
 * side; {@code merge-reports} adds up the {@code scenario-report.json} files of a sharded
 * campaign. Exit codes: 0 every invariant held, 1 one broke, 2 bad usage or an unreadable file.
 */
@Command(name = "scenario", mixinStandardHelpOptions = true,
    header = "Replays a property test's failing scenario, or merges a campaign's reports.",
    description = "Replay a property-test scenario, or merge the reports of a sharded campaign.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # a failing property printed this file and command; the same file, the same run",
        "  minitransport scenario replay target/scenario-failures/tcp/scenario.json --pcap run.pcap",
        "  # add up the reports of a campaign split into shards",
        "  minitransport scenario merge-reports -o total.json shard-*/scenario-report.json"},
    subcommands = {ScenarioCommand.Replay.class, ScenarioCommand.MergeReports.class})
public final class ScenarioCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a subcommand: replay FILE, or merge-reports -o OUT IN...");
  }

  /** {@code scenario replay FILE [--pcap OUT] [--tshark]}. */
  @Command(name = "replay", mixinStandardHelpOptions = true,
      footerHeading = "%nExamples:%n",
      footer = {"  minitransport scenario replay scenario.json --tshark"},
      description = "Run a scenario file (written by a failing property) in virtual time and "
          + "check its invariants; the same file gives the same run, byte for byte.")
  static final class Replay implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The scenario JSON file.")
    Path file;

    @Option(names = "--pcap", paramLabel = "OUT",
        description = "Write every packet the hosts send to this pcap file.")
    Path pcap;

    @Option(names = "--tshark",
        description = "Have tshark judge the capture (needs --pcap and tshark installed).")
    boolean tshark;

    @Override
    public Integer call() {
      Scenario<?> scenario;
      try {
        scenario = ScenarioJson.read(file);
      } catch (IOException e) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "cannot read the scenario file " + file + ": " + e);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            file + " is not a scenario file: " + e.getMessage());
      }
      if (tshark && pcap == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--tshark needs --pcap");
      }
      RunOptions options = RunOptions.DEFAULT.withTranscriptSteps(30);
      if (pcap != null) {
        options = tshark ? options.withTsharkVerdict(pcap) : options.withPcap(pcap);
      }
      ScenarioOutcome outcome = scenario.run(options);
      spec.commandLine().getOut().println("scenario " + file + " (" + scenario.getClass()
          .getSimpleName() + ")");
      spec.commandLine().getOut().print(outcome.describe());
      spec.commandLine().getOut().flush();
      return outcome.violations().isEmpty() ? 0 : 1;
    }
  }

  /** {@code scenario merge-reports -o OUT IN...}. */
  @Command(name = "merge-reports", mixinStandardHelpOptions = true,
      footerHeading = "%nExamples:%n",
      footer = {"  minitransport scenario merge-reports -o total.json a.json b.json"},
      description = "Add up scenario-report.json files (one per shard) into one report.")
  static final class MergeReports implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
        description = "Where to write the merged report.")
    Path output;

    @Parameters(arity = "1..*", paramLabel = "IN", description = "The shards' reports.")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException {
      for (Path input : inputs) {
        if (!Files.isReadable(input)) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "cannot read the report " + input);
        }
      }
      ScenarioReport.Report merged;
      try {
        merged = ScenarioReport.merge(inputs);
      } catch (IOException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      ScenarioReport.write(output, merged);
      spec.commandLine().getOut().println(ScenarioReport.summary(merged));
      spec.commandLine().getOut().flush();
      return merged.totals().violations() == 0 ? 0 : 1;
    }
  }
}
