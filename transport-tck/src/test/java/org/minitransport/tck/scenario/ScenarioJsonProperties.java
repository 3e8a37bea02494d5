package org.minitransport.tck.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;
import org.minitransport.tck.generators.TcpScenarios;
import org.minitransport.tck.generators.UdpScenarios;
import org.minitransport.testkit.ImpairmentGenerators;

/** Scenarios survive JSON exactly, and a bad file is an error that names the problem. */
class ScenarioJsonProperties {

  @Test
  void everyTcpScenarioReadsBackEqual() {
    qt().withExamples(300)
        .forAll(TcpScenarios.scenarios(100_000, ImpairmentGenerators.TRANSPORT
            .withPartitions(3, 5_000_000_000L, 1_000_000, 9_000_000_000L),
            TcpScenarios.baseConfig().build()))
        .checkAssert(s -> assertEquals(s, ScenarioJson.fromJson(ScenarioJson.toJson(s))));
  }

  @Test
  void everyUdpScenarioReadsBackEqual() {
    qt().withExamples(300)
        .forAll(UdpScenarios.scenarios(ImpairmentGenerators.harsh(), 30))
        .checkAssert(s -> assertEquals(s, ScenarioJson.fromJson(ScenarioJson.toJson(s))));
  }

  @Test
  void aBadFileIsAnErrorNamingTheProblem() {
    assertMessage("not JSON", "{{{");
    assertMessage("needs \"type\" and \"scenario\"", "{\"scenario\": {}}");
    assertMessage("java.lang.String is not a record", 
        "{\"type\": \"java.lang.String\", \"scenario\": {}}");
    assertMessage("no.Such is not on the class path",
        "{\"type\": \"no.Such\", \"scenario\": {}}");
    String json = ScenarioJson.toJson(TcpScenario.of(1, org.minitransport.core.net.sim.LinkConfig
        .DEFAULT, new TcpPeer(TcpScenarios.baseConfig().build(), TcpApplication.writing(10)),
        new TcpPeer(TcpScenarios.baseConfig().build(), TcpApplication.writing(10))));
    assertMessage("mtu 9 must be between 68 and 65535", json.replace("\"mtu\": 1500",
        "\"mtu\": 9"));
  }

  private static void assertMessage(String expected, String json) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ScenarioJson.fromJson(json));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
