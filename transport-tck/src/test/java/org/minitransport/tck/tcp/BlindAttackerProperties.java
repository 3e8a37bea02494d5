package org.minitransport.tck.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.tck.scenario.RunOptions;
import org.minitransport.tck.scenario.TcpApplication;
import org.minitransport.tck.scenario.TcpApplication.Ending;
import org.minitransport.tck.scenario.TcpOutcome;
import org.minitransport.tck.scenario.TcpPeer;
import org.minitransport.tck.scenario.TcpScenario;
import org.minitransport.tck.scenario.Violation;
import org.minitransport.tck.tcp.BlindAttacker.Kind;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.TcpCounters;
import org.minitransport.tcp.TcpEndpoint;
import org.minitransport.tcp.TcpState;
import org.minitransport.testkit.ExampleCounts;
import org.minitransport.testkit.Simulation;
import org.minitransport.testkit.SimulationHarness;
import org.quicktheories.core.Gen;

/**
 * An off-path attacker who knows a connection's 4-tuple but not its sequence numbers (RFC 5961
 * §1's blind attacker) sends RSTs, SYNs, pure ACKs, data and FINs with uniformly random SEQ, ACK,
 * window and, in some runs, random timestamps, spoofed from either end. The properties:
 *
 * <ul>
 *   <li>it never ends, stalls or corrupts a transfer: both applications read every byte the other
 *       wrote, in order and unchanged (checked byte by byte), and the end of stream, with no
 *       failure on either side, well within the step budget;
 *   <li>the ACKs it provokes stay within the per-connection challenge-ACK limit (RFC 5961 §7): on
 *       an idle connection, where everything the two ends send is provoked, they send at most the
 *       bucket's burst plus its rate per second of attack.
 * </ul>
 *
 * <p>Seeded and replayable with {@code -DQT_SEED=N}; example counts scale with {@code
 * -Dminitransport.examples=N}.
 */
class BlindAttackerProperties {

  private static final long MS = 1_000_000L;
  private static final Ipv4Address ATTACKER = Ipv4Address.parse("10.0.0.66");
  private static final Ipv4Address SPOOFER = Ipv4Address.parse("10.0.0.67");
  private static final Endpoint SERVER = new Endpoint(TcpScenario.SERVER, TcpScenario.PORT);

  /** What the attacker does. */
  record Attack(Set<Kind> kinds, boolean timestamps, long intervalNs) {
    @Override
    public String toString() {
      return "Attack[" + kinds + (timestamps ? " with timestamps" : "") + " every "
          + intervalNs / 1000 + " µs]";
    }
  }

  /** A transfer under attack. */
  record AttackedTransfer(TcpScenario transfer, Attack attack) {}

  @Test
  void aBlindAttackerNeverEndsStallsOrCorruptsATransfer() {
    List<Long> attackSegments = new ArrayList<>();
    qt().withExamples(ExampleCounts.scaled(40)).withShrinkCycles(20)
        .forAll(transfersUnderAttack())
        .checkAssert(scenario -> {
          TcpScenario transfer = scenario.transfer();
          BlindAttacker[] attacker = new BlindAttacker[1];
          TcpOutcome outcome = transfer.run(RunOptions.DEFAULT.withBeforeStart(sim ->
              attacker[0] = install(sim.driver(), sim.host(TcpScenario.CLIENT), transfer.seed(),
                  scenario.attack())));
          String context = "\n  " + scenario + "\n  " + attacker[0] + "\n  " + outcome.describe();
          // The attacker's packets enter the network through a raw attachment, not a host, so
          // the host-versus-network packet counts are the one invariant that cannot add up here.
          assertTrue(outcome.violations().stream()
              .allMatch(v -> v.rule() == Violation.Rule.COUNTERS), "invariants" + context);
          assertTrue(outcome.client().receivedEverything() && outcome.server().receivedEverything(),
              "every byte and the end of stream, both ways" + context);
          assertTrue(!outcome.client().sawError() && !outcome.server().sawError(),
              "no failure on either side" + context);
          assertTrue(outcome.virtualTimeNs() < 300_000 * MS, "no stall" + context);
          assertWithinChallengeRate(outcome.clientCounters(), transfer.client().config(),
              outcome.virtualTimeNs(), context);
          assertWithinChallengeRate(outcome.serverCounters(), transfer.server().config(),
              outcome.virtualTimeNs(), context);
          attackSegments.add(attacker[0].segmentsSent);
        });
    long total = attackSegments.stream().mapToLong(Long::longValue).sum();
    assertTrue(total > 100L * attackSegments.size(), "too few forged segments: " + total);
  }

  @Test
  void onAnIdleConnectionTheAcksABlindAttackerProvokesStayWithinTheChallengeAckRate() {
    qt().withExamples(ExampleCounts.scaled(40)).withShrinkCycles(20)
        .forAll(longs().all(), attacks(), integers().between(1, 20), booleans().all())
        .checkAssert((seed, attack, perSecond, timestamps) -> {
          TcpConfig config = TcpConfig.builder().challengeAcksPerSecond(perSecond)
              .timestamps(timestamps).build();
          try (Simulation sim = SimulationHarness.builder().seed(seed)
              .defaultLink(LinkConfig.builder().delayNs(2 * MS).build())
              .host(TcpScenario.CLIENT).host(TcpScenario.SERVER).maxSteps(200_000).build()) {
            Host clientHost = sim.host(TcpScenario.CLIENT);
            TcpEndpoint clientTcp = TcpEndpoint.install(clientHost, config, seed, 11);
            TcpEndpoint serverTcp = TcpEndpoint.install(sim.host(TcpScenario.SERVER), config,
                seed, 22);
            try {
              serverTcp.listen(Endpoint.of("0.0.0.0", TcpScenario.PORT), 4, false);
              TcpConnection client = clientTcp.connect(sim.nowNs(), null, SERVER, null);
              sim.runUntil(() -> client.state() == TcpState.ESTABLISHED);
              sim.runUntilIdle();
            } catch (java.net.BindException e) {
              throw new AssertionError(e);
            }
            long sentBefore = clientTcp.counters().outSegments()
                + serverTcp.counters().outSegments();
            long attackEndsNs = sim.nowNs() + 3_000 * MS;
            BlindAttacker attacker = install(sim.driver(), clientHost, seed, attack,
                attackEndsNs);
            sim.runUntilIdle();
            long provoked = clientTcp.counters().outSegments()
                + serverTcp.counters().outSegments() - sentBefore;
            long bound = 2 * (perSecond + (long) Math.ceil(perSecond * attacker.attackSeconds()));
            assertTrue(attacker.segmentsSent >= 500, attacker.toString());
            assertTrue(provoked <= bound, provoked + " segments provoked by " + attacker
                + " within " + attacker.attackSeconds() + " s; the limit of " + perSecond
                + "/s allows " + bound + " for both ends");
            assertEquals(TcpState.ESTABLISHED, clientTcp.connections().get(0).state());
          }
        });
  }

  /**
   * Each connection has its own bucket: at most its burst plus its rate per second. Besides the
   * transfer's own connection, a server may hold embryos that forged SYNs opened at its listener
   * once the real connection had closed there (while the client sat in TIME-WAIT).
   */
  private static void assertWithinChallengeRate(TcpCounters counters, TcpConfig config,
      long durationNs, String context) {
    int perSecond = config.challengeAcksPerSecond();
    long connections = counters.activeOpens() + counters.passiveOpens();
    long bound = connections * (perSecond + (long) Math.ceil(perSecond * durationNs / 1e9));
    assertTrue(counters.challengeAcks() <= bound, counters.challengeAcks()
        + " challenge ACKs in " + durationNs / 1e9 + " s at " + perSecond + "/s over "
        + connections + " connections" + context);
  }

  private static BlindAttacker install(SimulationDriver sim, Host client, long seed,
      Attack attack) {
    return install(sim, client, seed, attack, 600_000 * MS);
  }

  private static BlindAttacker install(SimulationDriver sim, Host client, long seed,
      Attack attack, long giveUpNs) {
    Host attackerHost = sim.addHost(HostConfig.of(ATTACKER));
    BlindAttacker attacker = new BlindAttacker(sim.network(), SPOOFER, client, SERVER, ~seed,
        attack.intervalNs(), attack.kinds(), attack.timestamps(), giveUpNs);
    attackerHost.register(attacker.timer());
    return attacker;
  }

  // ------------------------------------------------------------------ generators

  static Gen<Attack> attacks() {
    return integers().between(1, 31).zip(booleans().all(), integers().between(200, 5_000),
        (mask, timestamps, intervalUs) -> {
          Set<Kind> kinds = EnumSet.noneOf(Kind.class);
          for (Kind k : Kind.values()) {
            if ((mask & (1 << k.ordinal())) != 0) {
              kinds.add(k);
            }
          }
          return new Attack(kinds, timestamps, intervalUs * 1_000L);
        });
  }

  private record Knobs(int bufferKb, int optionBits, int challengesPerSecond) {}

  private static Gen<TcpPeer> sides(Ending ending) {
    Gen<Knobs> knobs = integers().between(16, 128).zip(integers().between(0, 7),
        integers().between(1, 20), Knobs::new);
    return integers().between(8 * 1024, 64 * 1024).zip(integers().between(100, 20_000),
        knobs, (bytes, chunk, k) -> new TcpPeer(
            TcpConfig.builder().msl(Duration.ofSeconds(2))
                .sendBufferBytes(k.bufferKb() * 1024).receiveBufferBytes(k.bufferKb() * 1024)
                .sack((k.optionBits() & 1) != 0).timestamps((k.optionBits() & 2) != 0)
                .windowScaling((k.optionBits() & 4) != 0)
                .challengeAcksPerSecond(k.challengesPerSecond()).build(),
            new TcpApplication(bytes, chunk, chunk, 0, 0, ending, 0)));
  }

  static Gen<LinkConfig> links() {
    return integers().between(1, 20).zip(integers().between(-20, 20),
        (delayMs, lossPermille) -> LinkConfig.builder().delayNs(delayMs * MS)
            .lossProbability(Math.max(0, lossPermille) / 1000.0).build());
  }

  static Gen<AttackedTransfer> transfersUnderAttack() {
    return longs().all().zip(links(), sides(Ending.SHUTDOWN_AFTER_WRITING),
        sides(Ending.SHUTDOWN_AFTER_END_OF_STREAM), attacks(),
        (seed, link, client, server, attack) -> new AttackedTransfer(
            new TcpScenario(seed, link, link, client, server, 3_000_000), attack));
  }
}
