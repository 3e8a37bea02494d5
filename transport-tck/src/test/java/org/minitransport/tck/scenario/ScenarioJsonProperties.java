package org.minitransport.tck.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;
import org.minitransport.tck.generators.TcpScenarios;
import org.minitransport.tck.generators.UdpScenarios;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.TcpSender;
import org.minitransport.tcp.component.TcpSenderFactory;
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

  @Test
  void aStudentsFactoryReadsBackByItsClassName() {
    TcpScenario scenario = withSender(new CountingSenderFactory());
    String json = ScenarioJson.toJson(scenario);
    assertTrue(json.contains(CountingSenderFactory.class.getName()), json);

    TcpScenario read = (TcpScenario) ScenarioJson.fromJson(json);
    TcpSenderFactory sender = read.client().config().components().sender();
    assertEquals(CountingSenderFactory.class, sender.getClass());
    assertEquals(ComponentFactories.reference().receiver(),
        read.client().config().components().receiver());
    int before = CountingSenderFactory.made.get();
    assertTrue(read.run(RunOptions.DEFAULT).violations().isEmpty());
    assertTrue(CountingSenderFactory.made.get() >= before + 2,
        "the replayed run should have built its senders with the named factory");
  }

  @Test
  void aFactoryThatIsCodeOnlyIsAnErrorSayingHowToReplayIt() {
    TcpSenderFactory reference = ComponentFactories.reference().sender();
    TcpSenderFactory lambda = (outbound, settings) -> reference.create(outbound, settings);
    assertMessage("needs a public no-argument constructor",
        ScenarioJson.toJson(withSender(lambda)));
    assertMessage("lab.NoSuchFactory is not on the class path: put the folder or jar",
        ScenarioJson.toJson(withSender(new CountingSenderFactory()))
            .replace(CountingSenderFactory.class.getName(), "lab.NoSuchFactory"));
    assertMessage("java.lang.String does not implement " + TcpSenderFactory.class.getName(),
        ScenarioJson.toJson(withSender(new CountingSenderFactory()))
            .replace(CountingSenderFactory.class.getName(), "java.lang.String"));
  }

  private static TcpScenario withSender(TcpSenderFactory sender) {
    TcpConfig config = TcpScenarios.baseConfig().sender(sender).build();
    return TcpScenario.of(3, org.minitransport.core.net.sim.LinkConfig.DEFAULT,
        new TcpPeer(config, TcpApplication.writing(3000)),
        new TcpPeer(config, TcpApplication.writing(2000)));
  }

  /** A student's sender factory: a named class with a public no-argument constructor. */
  public static final class CountingSenderFactory implements TcpSenderFactory {
    static final java.util.concurrent.atomic.AtomicInteger made =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public TcpSender create(ByteStream outbound, Settings settings) {
      made.incrementAndGet();
      return ComponentFactories.reference().sender().create(outbound, settings);
    }
  }

  private static void assertMessage(String expected, String json) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ScenarioJson.fromJson(json));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
