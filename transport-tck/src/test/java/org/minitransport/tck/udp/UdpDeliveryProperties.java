package org.minitransport.tck.udp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minitransport.core.net.DropReason;
import org.minitransport.tck.generators.UdpScenarios;
import org.minitransport.tck.property.ScenarioProperty;
import org.minitransport.tck.scenario.UdpOutcome;
import org.minitransport.testkit.ExampleCounts;
import org.minitransport.testkit.ImpairmentGenerators;

/**
 * udp-lite over the simulated network in virtual time, on the scenario API, under random
 * impairments and random traffic between 2–3 hosts with two sockets each (bound to the host's
 * address or the wildcard), some closed and reopened on the same ports halfway. The invariants
 * ({@link UdpOutcome}): every datagram a socket reads was sent to it from that source, unchanged,
 * at most once plus one duplicate per send; over clean links every datagram arrives exactly once,
 * in order per source, with its boundaries; closed sockets receive nothing and their ports bind
 * again; every port is released at the end; no host throws; every arrival is accounted for.
 *
 * <p>Counts are for the default knob ({@link ExampleCounts}): 2,000 scenarios per {@code mvn
 * verify}, 20,000 with {@code -Psoak}.
 */
class UdpDeliveryProperties {

  @Test
  void underImpairmentsEveryDeliveredDatagramIsOneThatWasSentToThatSocketFromItsSource() {
    List<UdpOutcome> outcomes = new ArrayList<>();
    ScenarioProperty.forAll(UdpScenarios.scenarios(
            // One flipped bit per corrupted packet: the checksum catches every such error, while
            // two can cancel out (RFC 1071), which no checksum-only protocol survives.
            ImpairmentGenerators.HARSH.withMtu(576, 1500).withMaxCorruptedBits(1).links(), 30))
        .examples(1_400)
        .check(outcome -> {
          outcome.assertInvariants();
          outcomes.add(outcome);
        });
    // Not vacuous: across the examples every impairment happened and corruption reached UDP.
    assertTrue(outcomes.stream().anyMatch(o -> o.network().dropped(DropReason.LOSS) > 0),
        "no run lost a packet");
    assertTrue(outcomes.stream().anyMatch(o -> o.network().duplicated() > 0),
        "no run duplicated a packet");
    assertTrue(outcomes.stream().anyMatch(o -> o.network().reordered() > 0),
        "no run reordered a packet");
    assertTrue(outcomes.stream().anyMatch(o -> o.network().corrupted() > 0),
        "no run corrupted a packet");
  }

  @Test
  void withoutImpairmentsEveryDatagramArrivesExactlyOnceInOrderWithItsBoundaries() {
    List<UdpOutcome> outcomes = new ArrayList<>();
    ScenarioProperty.forAll(UdpScenarios.scenarios(ImpairmentGenerators.none(), 30))
        .examples(600)
        .check(outcome -> {
          outcome.assertInvariants();
          outcomes.add(outcome);
        });
    assertTrue(outcomes.stream().allMatch(o -> o.scenario().linkIsClean()),
        "the clean generator made an impaired link");
    assertTrue(outcomes.stream().filter(o -> o.scenario().reopenAfterClose()).count()
        > outcomes.size() / 4, "too few scenarios closed and reopened their sockets");
    long sent = outcomes.stream().mapToLong(UdpOutcome::datagramsSent).sum();
    long received = outcomes.stream().mapToLong(UdpOutcome::datagramsReceived).sum();
    assertTrue(sent > 0 && sent == received, sent + " sent, " + received + " received");
  }
}
