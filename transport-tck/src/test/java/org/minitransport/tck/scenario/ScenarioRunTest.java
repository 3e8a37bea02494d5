package org.minitransport.tck.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.tck.generators.TcpScenarios;
import org.minitransport.tck.scenario.TcpApplication.Ending;
import org.minitransport.testkit.Simulation;
import org.minitransport.testkit.SimulationHarness;
import org.minitransport.testkit.TsharkVerdict;
import org.minitransport.udp.UdpService;

/** Runs of single scenarios: pure functions of their data, judged by tshark, checks that bite. */
class ScenarioRunTest {

  private static final long MS = 1_000_000;

  private static TcpScenario lossy(TcpApplication client, TcpApplication server) {
    LinkConfig link = LinkConfig.builder().delayNs(10 * MS).lossProbability(0.05)
        .duplicationProbability(0.02).reordering(0.03, 15 * MS).corruption(0.01, 1).build();
    return TcpScenario.of(2026, link, new TcpPeer(TcpScenarios.baseConfig().build(), client),
        new TcpPeer(TcpScenarios.baseConfig().build(), server));
  }

  @Test
  void aRunIsAPureFunctionOfTheScenario(@TempDir Path dir) throws Exception {
    TcpScenario scenario = lossy(TcpApplication.writing(60_000), TcpApplication.writing(7_000));
    TcpOutcome first = scenario.run(RunOptions.DEFAULT.withPcap(dir.resolve("1.pcap")));
    TcpOutcome second = scenario.run(RunOptions.DEFAULT.withPcap(dir.resolve("2.pcap")));
    assertTrue(first.holds(), first.describe());
    assertTrue(first.retransmissions() > 0, "the link is lossy");
    assertEquals(first.describe().replace("1.pcap", "2.pcap"), second.describe());
    assertArrayEquals(Files.readAllBytes(dir.resolve("1.pcap")),
        Files.readAllBytes(dir.resolve("2.pcap")));
  }

  @Test
  void tsharkFindsNothingWrongWithAnImpairedTransfer(@TempDir Path dir) {
    assumeTrue(TsharkVerdict.locate().isPresent(), TsharkVerdict.INSTALL_HINT);
    TcpOutcome outcome = lossy(TcpApplication.writing(30_000), TcpApplication.writing(30_000))
        .run(RunOptions.DEFAULT.withTsharkVerdict(dir.resolve("judged.pcap")));
    assertTrue(outcome.holds(), outcome.describe());
  }

  @Test
  void anApplicationThatAbortsEndsBothSidesAndIsExemptFromReadingEverything() {
    TcpOutcome outcome = lossy(
        new TcpApplication(50_000, 1_000, 1_000, 0, 0, Ending.ABORT, 20_000),
        TcpApplication.writing(50_000)).run();
    assertTrue(outcome.holds(), outcome.describe());
    assertTrue(outcome.client().aborted(), outcome.describe());
    assertEquals(20_000, outcome.client().written());
    assertTrue(outcome.server().sawError(), "the peer of an abort sees the reset");
    assertFalse(outcome.server().receivedEverything());
  }

  @Test
  void aPortLeftBoundIsAViolation() throws Exception {
    List<Violation> violations = new ArrayList<>();
    try (Simulation sim = SimulationHarness.builder().seed(1).host("10.0.0.1").build()) {
      UdpService udp = UdpService.install(sim.host("10.0.0.1"), sim.driver().executor());
      udp.open(Endpoint.parse("10.0.0.1:5000"));
      SimulationChecks.portsReleased(sim, violations);
      SimulationChecks.countersAddUp(sim, violations);
    }
    assertEquals(1, violations.size(), violations.toString());
    assertEquals(Violation.Rule.PORTS_RELEASED, violations.get(0).rule());
    assertTrue(violations.get(0).detail().contains("10.0.0.1"), violations.toString());
  }
}
