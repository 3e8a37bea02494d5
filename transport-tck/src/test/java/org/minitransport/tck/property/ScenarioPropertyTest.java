package org.minitransport.tck.property;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.tck.generators.TcpScenarios;
import org.minitransport.tck.scenario.RunOptions;
import org.minitransport.tck.scenario.ScenarioJson;
import org.minitransport.tck.scenario.TcpOutcome;
import org.minitransport.tck.scenario.TcpScenario;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.TcpSender;
import org.minitransport.tcp.component.TcpSenderFactory;
import org.minitransport.testkit.ExampleCounts;
import org.minitransport.testkit.ImpairmentGenerators;
import org.minitransport.testkit.Seeds;

/**
 * What a failing property gives a person: a deliberately false property ("nothing is ever
 * retransmitted") over impaired transfers must fail with the seed, a shrunk scenario simpler than
 * the one that failed first, that scenario as JSON in a file, a replay command, a pcap and the
 * last steps of each side; replaying the file reproduces the capture byte for byte; and the
 * scenario report counts the violation.
 */
class ScenarioPropertyTest {

  private static final String[] PROPERTIES = {ScenarioReport.DIRECTORY_PROPERTY, Seeds.PROPERTY,
      ExampleCounts.PROPERTY, Shard.PROPERTY, ScenarioProperty.REPLAY_PROPERTY};
  private final String[] saved = new String[PROPERTIES.length];

  @TempDir
  Path reports;

  @BeforeEach
  void isolate() {
    for (int i = 0; i < PROPERTIES.length; i++) {
      saved[i] = System.getProperty(PROPERTIES[i]);
      System.clearProperty(PROPERTIES[i]);
    }
    System.setProperty(ScenarioReport.DIRECTORY_PROPERTY, reports.toString());
    System.setProperty(Seeds.PROPERTY, "20260413");
  }

  @AfterEach
  void restore() {
    for (int i = 0; i < PROPERTIES.length; i++) {
      if (saved[i] == null) {
        System.clearProperty(PROPERTIES[i]);
      } else {
        System.setProperty(PROPERTIES[i], saved[i]);
      }
    }
  }

  private static ScenarioProperty<TcpScenario, TcpOutcome> falseProperty() {
    TcpConfig base = TcpScenarios.baseConfig().build();
    return ScenarioProperty.forAll(TcpScenarios.scenarios(16 * 1024,
            ImpairmentGenerators.TRANSPORT, base))
        .named("ScenarioPropertyTest#nothingIsEverRetransmitted")
        .examples(200)
        .shrinkingToward(base);
  }

  private static void nothingRetransmitted(TcpOutcome outcome) {
    assertEquals(0, outcome.retransmissions(), "retransmissions");
  }

  @Test
  void aFailureComesBackShrunkAsJsonWithAReplayCommandACaptureAndTheLastSteps() throws Exception {
    AssertionError error = assertThrows(AssertionError.class,
        () -> falseProperty().check(ScenarioPropertyTest::nothingRetransmitted));
    String message = error.getMessage();
    assertTrue(message.contains("QuickTheories seed " + (20260413L)), message);
    assertTrue(message.contains("-Dminitransport.seed=20260413"), message);
    Path json = path(message, "Shrunk in \\d+ runs to the scenario in (\\S+)");
    Path pcap = path(message, "Capture of the shrunk run: (\\S+)");
    assertTrue(message.contains("Replay it: java -jar demo-apps/target/minitransport.jar "
        + "scenario replay " + json), message);
    assertTrue(message.contains("-Dminitransport.replay=" + json), message);
    assertTrue(message.contains("last steps of client") && message.contains("last steps of server"),
        message);
    assertTrue(Files.size(pcap) > 24, "a pcap with packets: " + pcap);

    TcpScenario shrunk = (TcpScenario) ScenarioJson.read(json);
    TcpScenario original = (TcpScenario) ScenarioJson.read(json.resolveSibling("original.json"));
    assertTrue(complexity(shrunk) < complexity(original),
        "shrunk " + shrunk + "\n  is not simpler than " + original);
    assertTrue(shrunk.run().retransmissions() > 0, "the shrunk scenario still fails");

    Path replay = reports.resolve("replay.pcap");
    shrunk.run(RunOptions.DEFAULT.withPcap(replay));
    assertArrayEquals(Files.readAllBytes(pcap), Files.readAllBytes(replay),
        "the replay's capture is the failing run's, byte for byte");

    ScenarioReport.Report report = ScenarioReport.read(reports.resolve(ScenarioReport.FILE_NAME));
    ScenarioReport.PropertyCounts counts =
        report.property("ScenarioPropertyTest#nothingIsEverRetransmitted");
    assertEquals(1, counts.violations());
    assertEquals(java.util.List.of(json.toString()), counts.failures());
    assertTrue(counts.scenarios() > counts.examples(), "shrinking runs are counted: " + counts);
  }

  @Test
  void aFailureWithAStudentsComponentPrintsAReplayCommandThatLoadsItsClasses() throws Exception {
    TcpConfig base = TcpScenarios.baseConfig().sender(new ForwardingSenderFactory()).build();
    AssertionError error = assertThrows(AssertionError.class,
        () -> ScenarioProperty.forAll(TcpScenarios.scenarios(16 * 1024,
                ImpairmentGenerators.TRANSPORT, base))
            .named("ScenarioPropertyTest#studentsSenderNeverRetransmits")
            .examples(200)
            .shrinkRuns(5)
            .shrinkingToward(base)
            .check(ScenarioPropertyTest::nothingRetransmitted));
    String message = error.getMessage();
    Path json = path(message, "Shrunk in \\d+ runs to the scenario in (\\S+)");
    Path classes = Path.of(ForwardingSenderFactory.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    assertTrue(message.contains("Replay it: java -cp demo-apps/target/minitransport.jar"
        + java.io.File.pathSeparator + classes + " org.minitransport.demo.Minitransport scenario"
        + " replay " + json), message);
    TcpScenario read = (TcpScenario) ScenarioJson.read(json);
    assertEquals(ForwardingSenderFactory.class,
        read.client().config().components().sender().getClass(),
        "the file names the student's factory, and reading it back makes one");
  }

  @Test
  void theReferenceComponentsNeedNoClassPath() {
    assertEquals("", ScenarioProperty.studentClassPath(TcpScenario.of(1, LinkConfig.DEFAULT,
        new org.minitransport.tck.scenario.TcpPeer(TcpScenarios.baseConfig().build(),
            org.minitransport.tck.scenario.TcpApplication.writing(10)),
        new org.minitransport.tck.scenario.TcpPeer(TcpScenarios.baseConfig().build(),
            org.minitransport.tck.scenario.TcpApplication.writing(10)))));
  }

  /** A student's sender factory: a named class with a public no-argument constructor. */
  public static final class ForwardingSenderFactory implements TcpSenderFactory {
    @Override
    public TcpSender create(ByteStream outbound, Settings settings) {
      return ComponentFactories.reference().sender().create(outbound, settings);
    }
  }

  @Test
  void replayingTheFileRunsJustThatScenarioThroughTheCheck() throws Exception {
    AssertionError error = assertThrows(AssertionError.class,
        () -> falseProperty().check(ScenarioPropertyTest::nothingRetransmitted));
    Path json = path(error.getMessage(), "Shrunk in \\d+ runs to the scenario in (\\S+)");
    System.setProperty(ScenarioProperty.REPLAY_PROPERTY, json.toString());
    AssertionError replayed = assertThrows(AssertionError.class,
        () -> falseProperty().check(ScenarioPropertyTest::nothingRetransmitted));
    assertTrue(replayed.getMessage().startsWith("replayed " + json), replayed.getMessage());
    ScenarioProperty.Summary summary = falseProperty().check(outcome -> { });
    assertEquals(1, summary.examples(), "a replay runs one scenario");
  }

  @Test
  void shardsSplitTheExamplesAndTheirReportsAddUpToTheWhole() throws Exception {
    System.setProperty(ExampleCounts.PROPERTY, "2000");
    long whole = 0;
    for (int i = 0; i < 3; i++) {
      System.setProperty(Shard.PROPERTY, i + "/3");
      whole += ScenarioProperty.forAll(TcpScenarios.scenarios(1024, ImpairmentGenerators.MILD,
              TcpScenarios.baseConfig().build()))
          .named("ScenarioPropertyTest#sharded").examples(10).checkInvariants().examples();
    }
    assertEquals(10, whole);
    ScenarioReport.PropertyCounts counts = ScenarioReport.read(
        reports.resolve(ScenarioReport.FILE_NAME)).property("ScenarioPropertyTest#sharded");
    assertEquals(10, counts.examples());
    assertEquals(java.util.List.of("0/3", "1/3", "2/3"), counts.shards());
    assertEquals(3, counts.seeds().size(), "each shard draws from its own seed");
  }

  /** Impairments switched on (both ways) plus the bytes written and the pauses. */
  private static long complexity(TcpScenario s) {
    return impairments(s.clientToServer()) + impairments(s.serverToClient())
        + s.client().application().bytes() / 1024 + s.server().application().bytes() / 1024
        + s.client().application().pausePercent() + s.server().application().pausePercent();
  }

  private static int impairments(LinkConfig link) {
    LinkConfig d = LinkConfig.DEFAULT;
    int n = 0;
    n += link.lossProbability() != d.lossProbability() ? 1 : 0;
    n += !link.burstLoss().equals(d.burstLoss()) ? 1 : 0;
    n += link.duplicationProbability() != d.duplicationProbability() ? 1 : 0;
    n += link.reorderProbability() != d.reorderProbability() ? 1 : 0;
    n += link.jitterNs() != d.jitterNs() ? 1 : 0;
    n += link.corruptionProbability() != d.corruptionProbability() ? 1 : 0;
    n += link.bandwidthBitsPerSecond() != d.bandwidthBitsPerSecond() ? 1 : 0;
    n += link.mtu() != d.mtu() ? 1 : 0;
    n += link.delayNs() != d.delayNs() ? 1 : 0;
    return n;
  }

  private static Path path(String message, String regex) {
    Matcher m = Pattern.compile(regex).matcher(message);
    assertTrue(m.find(), "no " + regex + " in\n" + message);
    return Path.of(m.group(1));
  }
}
