package org.minitransport.tck.tcp;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.net.sim.GilbertElliottLoss;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.tck.generators.TcpScenarios;
import org.minitransport.tck.property.ScenarioProperty;
import org.minitransport.tck.scenario.RunOptions;
import org.minitransport.tck.scenario.TcpApplication;
import org.minitransport.tck.scenario.TcpApplication.Ending;
import org.minitransport.tck.scenario.TcpOutcome;
import org.minitransport.tck.scenario.TcpPeer;
import org.minitransport.tck.scenario.TcpScenario;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.testkit.ExampleCounts;
import org.minitransport.testkit.ImpairmentGenerators;

/**
 * End-to-end properties of tcp-lite over the simulated network, on the scenario API: random byte
 * streams in both directions, random application behaviour (write and read sizes, pauses,
 * half-close before or after the peer's end of stream, abort partway), random impairments each way
 * ({@link ImpairmentGenerators#TRANSPORT}: loss 0–30 % independent and in Gilbert–Elliott bursts,
 * duplication, reordering, single-bit corruption, delay and jitter, MTU 576–9000, limited bandwidth
 * with a tail-drop queue; partitions in one property) and a random {@link TcpConfig} on each side
 * ({@link TcpScenarios#CONFIG_SWITCHES}: buffers, Nagle, SACK, timestamps, window scaling, every
 * congestion-control algorithm, delayed ACK, user timeout, SYN-ACK retries, SYN cookies, and loss
 * recovery: half of the sides with Linux's (SACK recovery, RACK-TLP, PRR, D-SACK, undo,
 * HyStart++), half with a random mix of those switches; a new switch added there is covered here
 * at once). One property floods the listener with SYNs, so
 * handshakes meet a full SYN queue and SYN cookies (or their absence) matter.
 *
 * <p>The rule is the guarantee stated in {@code TcpConnection}'s class comment, checked to the
 * letter by {@link TcpOutcome#assertInvariants()} under the settings that comment names (keep-alive
 * on, both applications shut down or abort and read until the end of stream or a failure), with
 * every port released, no host exception, counters that add up, no deadlock and no livelock.
 *
 * <p>Counts are for the default knob ({@link ExampleCounts}): 10,000 transfers per {@code mvn
 * verify}, 100,000 with {@code -Psoak}. A failure comes back shrunk, as JSON, with a replay command,
 * a pcap and the last steps of each side ({@link ScenarioProperty}).
 */
class TcpTransferProperties {

  private static final long MS = 1_000_000L;

  /** The promise of {@code TcpConnection} over 8,900 small impaired transfers per run. */
  @Test
  void everyByteArrivesOnceAndInOrderOrBothSidesFailAndEverythingCloses() {
    List<TcpOutcome> outcomes = thePromiseHolds(16 * 1024, 8_900);
    assertTheExamplesWereNotTrivial(outcomes, 2_000);
    assertFailuresAreRare(outcomes);
  }

  /** The same promise over fewer, larger transfers, where windows fill and recoveries overlap. */
  @Test
  void largerTransfersKeepThePromiseToo() {
    List<TcpOutcome> outcomes = thePromiseHolds(100 * 1024, 300);
    assertTheExamplesWereNotTrivial(outcomes, 16_000);
    assertFailuresAreRare(outcomes);
  }

  /** Checks every invariant over streams of up to {@code maxBytes}; returns the outcomes. */
  private static List<TcpOutcome> thePromiseHolds(int maxBytes, int examples) {
    List<TcpOutcome> outcomes = new ArrayList<>();
    TcpConfig base = TcpScenarios.baseConfig().build();
    ScenarioProperty.forAll(TcpScenarios.scenarios(maxBytes, ImpairmentGenerators.TRANSPORT, base))
        .examples(examples)
        .shrinkingToward(base)
        .check(outcome -> {
          outcome.assertInvariants();
          outcomes.add(outcome);
        });
    return outcomes;
  }

  /**
   * Partitions of 0.1–90 s starting in the first 5 s (where the short transfers are) with R2 = 4
   * and a quick keep-alive: every transfer ends in full delivery or a failure on both sides.
   */
  @Test
  void temporaryPartitionsWithALowR2EndInFullDeliveryOrFailureOnBothSides() {
    TcpConfig impatient = TcpScenarios.baseConfig().retries(2, 4).synRetries(3)
        .keepAlive(Duration.ofSeconds(5), Duration.ofSeconds(1), 3).build();
    ImpairmentGenerators.Profile partitioned = ImpairmentGenerators.TRANSPORT.withMaxLoss(0.10)
        .withPartitions(3, 5_000 * MS, 100 * MS, 90_000 * MS);
    List<TcpOutcome> outcomes = new ArrayList<>();
    ScenarioProperty.forAll(TcpScenarios.scenarios(32 * 1024, partitioned, impatient))
        .examples(500)
        .shrinkingToward(impatient)
        .check(outcome -> {
          outcome.assertInvariants();
          outcomes.add(outcome);
        });
    long failed = outcomes.stream().filter(TcpTransferProperties::failedWithoutAborting).count();
    assertTrue(failed > 0 && failed < outcomes.size(),
        "the generator should produce both failures and full deliveries, got " + failed + " of "
            + outcomes.size() + " failing");
  }

  /**
   * Handshakes through a full SYN queue: before the client's first SYN, a flood of 16 SYNs from a
   * host that never answers fills the server's SYN queue (16 half-open connections), and 100 more
   * follow over 5 s. With SYN cookies (a random half of the servers, from {@link
   * TcpScenarios#CONFIG_SWITCHES}) the client gets in through a cookie; without them it gets in
   * once the flood's half-open connections run out of SYN-ACK retransmissions (1 to 8 of them,
   * also drawn), or gives up first. A cookie is checked against the sequence number of the
   * segment that brings it back, so when the client's first segment after the SYN-ACK is lost and
   * a later one arrives first, the listener answers with a RST, as Linux does. Either way the
   * promise holds, and both paths occur.
   */
  @Test
  void handshakesThatMeetAFullSynQueueKeepThePromise() {
    TcpConfig base = TcpScenarios.baseConfig().build();
    List<TcpOutcome> outcomes = new ArrayList<>();
    List<SynFlooder> flooders = new ArrayList<>();
    ScenarioProperty.forAll(TcpScenarios.scenarios(16 * 1024, ImpairmentGenerators.TRANSPORT, base))
        .examples(300)
        .shrinkingToward(base)
        .runOptions(RunOptions.DEFAULT.withBeforeStart(sim -> flooders.add(SynFlooder.install(
            sim, new Endpoint(TcpScenario.SERVER, TcpScenario.PORT), 16, 116, 50 * MS))))
        .check(outcome -> {
          outcome.assertInvariants();
          outcomes.add(outcome);
        });
    long byCookie = outcomes.stream()
        .filter(o -> o.serverCounters().syncookiesRecv() > 0 && o.bytesRead() > 0).count();
    long afterTheFlood = outcomes.stream()
        .filter(o -> o.serverCounters().syncookiesSent() == 0 && !o.eitherFailed()
            && o.client().receivedEverything() && o.server().receivedEverything())
        .count();
    assertTrue(byCookie > outcomes.size() / 10 && afterTheFlood > outcomes.size() / 20,
        "connections through a cookie: " + byCookie + ", after the flood without cookies: "
            + afterTheFlood + ", of " + outcomes.size() + "; the last flood: "
            + flooders.get(flooders.size() - 1));
  }

  /**
   * Replays the class of failure CI hit (issue 9, finding 12): the client is in FIN-WAIT-2 and
   * has read every byte, the server in LAST-ACK loses every retransmission of its FIN in a burst;
   * the client gives up on keep-alive, and the server's next FIN draws a RST from the client's
   * host. The server used to close quietly on that RST, so the client saw TIMED_OUT without end
   * of stream while the server saw no error at all.
   */
  @Test
  void aWriterInLastAckWhoseFinNeverArrivedSeesTheResetOfAPeerThatGaveUp() {
    LinkConfig link = LinkConfig.builder()
        .burstLoss(new GilbertElliottLoss(0.12962962962962965, 1 / 3.0, 0.0, 1.0))
        .duplicationProbability(0.03).reordering(0.02, 37 * MS).delayNs(16 * MS)
        .jitterNs(3 * MS).bandwidthBitsPerSecond(42_000_000).queueCapacityPackets(104)
        .corruption(0.012, 1).mtu(5048).build();
    TcpPeer client = new TcpPeer(TcpScenarios.baseConfig()
        .sendBufferBytes(60 * 1024).receiveBufferBytes(17 * 1024).sack(false).timestamps(false)
        .windowScaling(false).delayedAck(Duration.ofMillis(78)).build(),
        new TcpApplication(96_680, 13_442, 4_811, 16, 90 * MS, Ending.SHUTDOWN_AFTER_WRITING, 0));
    TcpPeer server = new TcpPeer(TcpScenarios.baseConfig()
        .sendBufferBytes(37 * 1024).receiveBufferBytes(80 * 1024).windowScaling(false)
        .delayedAck(Duration.ofMillis(44)).build(),
        new TcpApplication(22_568, 19_015, 8_176, 16, 170 * MS,
            Ending.SHUTDOWN_AFTER_END_OF_STREAM, 0));
    TcpScenario.of(7_181_432_864_821_819_199L, link, client, server).run().assertInvariants();
  }

  /** Far more and larger transfers, only with {@code -Psoak} (400 of up to 1 MiB there). */
  @Test
  void soakLargeTransfersKeepThePromise() {
    assumeTrue(Boolean.getBoolean("minitransport.soak"), "soak runs only with -Psoak");
    TcpConfig base = TcpScenarios.baseConfig().build();
    ScenarioProperty.forAll(TcpScenarios.scenarios(1024 * 1024, ImpairmentGenerators.TRANSPORT,
            base))
        .examples(40)
        .shrinkingToward(base)
        .checkInvariants();
  }

  /** Guards against a generator that quietly stopped producing real work. */
  private static void assertTheExamplesWereNotTrivial(List<TcpOutcome> outcomes,
      long minBytesPerExample) {
    long bytes = outcomes.stream().mapToLong(TcpOutcome::bytesRead).sum();
    long retransmissions = outcomes.stream().mapToLong(TcpOutcome::retransmissions).sum();
    long aborts = outcomes.stream()
        .filter(o -> o.client().aborted() || o.server().aborted()).count();
    assertTrue(bytes > outcomes.size() * minBytesPerExample, "too few bytes moved: " + bytes);
    assertTrue(retransmissions > outcomes.size(), "too few retransmissions: " + retransmissions);
    assertTrue(aborts > outcomes.size() / 50, "too few aborts: " + aborts);
  }

  /** Without partitions and with R2 = 15, a failure needs a long run of bad luck: few may fail. */
  private static void assertFailuresAreRare(List<TcpOutcome> outcomes) {
    long failed = outcomes.stream().filter(TcpTransferProperties::failedWithoutAborting).count();
    assertTrue(failed * 4 < outcomes.size(),
        failed + " of " + outcomes.size() + " transfers failed without a partition");
  }

  private static boolean failedWithoutAborting(TcpOutcome outcome) {
    return outcome.eitherFailed() && !outcome.client().aborted() && !outcome.server().aborted();
  }
}
