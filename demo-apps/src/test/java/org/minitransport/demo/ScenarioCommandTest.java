package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.demo.CommandLineHarness.Run;
import org.minitransport.tck.generators.TcpScenarios;
import org.minitransport.tck.property.ScenarioReport;
import org.minitransport.tck.scenario.RunOptions;
import org.minitransport.tck.scenario.ScenarioJson;
import org.minitransport.tck.scenario.TcpApplication;
import org.minitransport.tck.scenario.TcpPeer;
import org.minitransport.tck.scenario.TcpScenario;
import org.minitransport.tck.scenario.UdpScenario;
import org.minitransport.tck.scenario.UdpSend;

/**
 * {@code minitransport scenario}: replaying a scenario file gives the run the test had, byte for
 * byte, and says which invariants held; shard reports merge; bad input is a usage error naming
 * it.
 */
class ScenarioCommandTest {

  private static TcpScenario lossyTransfer() {
    LinkConfig lossy = LinkConfig.builder().delayNs(5_000_000).lossProbability(0.05).build();
    return TcpScenario.of(99, lossy,
        new TcpPeer(TcpScenarios.baseConfig().build(), TcpApplication.writing(40_000)),
        new TcpPeer(TcpScenarios.baseConfig().build(), TcpApplication.writing(3_000)));
  }

  @Test
  void replayReproducesTheRunByteForByteAndSaysEveryInvariantHeld(@TempDir Path dir)
      throws Exception {
    TcpScenario scenario = lossyTransfer();
    Path file = dir.resolve("scenario.json");
    ScenarioJson.write(file, scenario, Map.of("property", "ScenarioCommandTest"));
    Path asTested = dir.resolve("as-tested.pcap");
    scenario.run(RunOptions.DEFAULT.withPcap(asTested));

    Path replayed = dir.resolve("replayed.pcap");
    Run run = CommandLineHarness.run("scenario", "replay", file.toString(), "--pcap",
        replayed.toString());

    assertEquals(0, run.exitCode(), run.transcript());
    assertTrue(run.out().contains("every invariant held"), run.transcript());
    assertTrue(run.out().contains("last steps of client"), run.transcript());
    assertArrayEquals(Files.readAllBytes(asTested), Files.readAllBytes(replayed),
        "the replay's capture is the tested run's, byte for byte");
  }

  @Test
  void aScenarioThatBreaksAnInvariantExitsOneAndNamesTheRule(@TempDir Path dir)
      throws Exception {
    // A clean link with 2-bit corruption on every packet: some corrupted datagrams pass the UDP
    // checksum (RFC 1071), so a socket receives bytes nobody sent it.
    LinkConfig flipping = LinkConfig.builder().corruption(1.0, 2).build();
    List<UdpSend> sends = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      sends.add(new UdpSend(1, 0, 2, 0, 200, 0));
    }
    UdpScenario scenario = new UdpScenario(5, flipping, 2, List.of(false, false, false, false),
        sends, false, 1_000_000);
    Path file = dir.resolve("udp.json");
    ScenarioJson.write(file, scenario, Map.of());

    Run run = CommandLineHarness.run("scenario", "replay", file.toString());

    assertEquals(1, run.exitCode(), run.transcript());
    assertTrue(run.out().contains("violated INTEGRITY"), run.transcript());
  }

  @Test
  void shardReportsMergeIntoOne(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    ScenarioReport.write(a, ScenarioReport.Report.of(List.of(new ScenarioReport.PropertyCounts(
        "P#x", 600, 600, 0, 1, List.of("0/2"), List.of(1L), List.of()))));
    ScenarioReport.write(b, ScenarioReport.Report.of(List.of(new ScenarioReport.PropertyCounts(
        "P#x", 400, 400, 0, 1, List.of("1/2"), List.of(2L), List.of()))));
    Path merged = dir.resolve("merged.json");

    Run run = CommandLineHarness.run("scenario", "merge-reports", "-o", merged.toString(),
        a.toString(), b.toString());

    assertEquals(0, run.exitCode(), run.transcript());
    assertTrue(run.out().contains("total: 1,000 examples"), run.transcript());
    assertEquals(1_000, ScenarioReport.read(merged).property("P#x").examples());
  }

  @Test
  void aFileThatIsNotAScenarioIsAUsageErrorNamingIt(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"type\": \"java.lang.String\", \"scenario\": {}}");
    Run run = CommandLineHarness.run("scenario", "replay", bad.toString());
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("bad.json is not a scenario file"), run.transcript());

    Run missing = CommandLineHarness.run("scenario", "replay", dir.resolve("none.json").toString());
    assertEquals(2, missing.exitCode(), missing.transcript());
    assertTrue(missing.err().contains("none.json"), missing.transcript());
  }
}
