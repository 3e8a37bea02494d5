package org.minitransport.tck.generators;

import java.time.Duration;
import java.util.List;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.tck.scenario.TcpApplication;
import org.minitransport.tck.scenario.TcpApplication.Ending;
import org.minitransport.tck.scenario.TcpPeer;
import org.minitransport.tck.scenario.TcpScenario;
import org.minitransport.tcp.LossRecoveryConfig;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.testkit.ImpairmentGenerators;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Generators of {@link TcpScenario}s: a seed, the impairments of each direction, and on each side
 * a random {@link TcpConfig} and a random {@link TcpApplication}.
 *
 * <pre>{@code
 * qt().forAll(TcpScenarios.scenarios(16 * 1024, ImpairmentGenerators.TRANSPORT,
 *         TcpScenarios.baseConfig().build()))
 *     .checkAssert(scenario -> scenario.run().assertInvariants());
 * }</pre>
 *
 * <p><b>Configurations.</b> {@link #configs} starts from a base and changes each setting of
 * {@link #CONFIG_SWITCHES} about half the time: buffer sizes, Nagle, SACK, timestamps, window
 * scaling, the congestion-control algorithm (any value of {@link
 * TcpConfig.CongestionAlgorithm}), delayed ACKs, the user timeout, the SYN-ACK retransmissions a
 * half-open connection makes before it gives up (1 to 8; under loss, a server may give up on a
 * handshake its client thinks complete) and SYN cookies (they act only when a listener's SYN
 * queue is full, so a property that floods the listener is what exercises them), and loss
 * recovery: half the sides keep the base's ({@link LossRecoveryConfig#linuxDefaults()} unless the
 * base says otherwise), the other half a random mix of its switches ({@link
 * #lossRecoveryMix}: SACK recovery, RACK-TLP, PRR's bound, D-SACK, undo, HyStart++ and pacing,
 * each flipped from the base half the time). A new switch of {@code TcpConfig} is one more line in that list;
 * every property that draws configurations covers it from then on. Each switch shrinks back to
 * the base's value, the loss-recovery switches one by one.
 *
 * <p><b>Applications.</b> Streams of 0 to {@code maxBytes} bytes, write and read sizes of 1 to
 * 20,000 bytes, pauses after up to 20 % of turns of up to 300 ms, and an ending: shut down after
 * writing (half the sides), after the peer's end of stream, or abort partway (one side in eight).
 */
public final class TcpScenarios {

  private static final long MS = 1_000_000L;

  /** One setting of {@link TcpConfig} that generated configurations vary. */
  @FunctionalInterface
  public interface ConfigSwitch {
    /** Sets the switch on {@code config} from {@code in}; {@code base} is the starting point. */
    void apply(TcpConfig base, TcpConfig.Builder config, RandomnessSource in);
  }

  /** The settings {@link #configs} varies, each changed from the base about half the time. */
  public static final List<ConfigSwitch> CONFIG_SWITCHES = List.of(
      (base, c, in) -> c.sendBufferBytes((int) between(in, 2, 128) * 1024),
      (base, c, in) -> c.receiveBufferBytes((int) between(in, 2, 128) * 1024),
      (base, c, in) -> c.noDelay(!base.noDelay()),
      (base, c, in) -> c.sack(!base.sack()),
      (base, c, in) -> c.timestamps(!base.timestamps()),
      (base, c, in) -> c.windowScaling(!base.windowScaling()),
      (base, c, in) -> c.congestionControl(oneOf(in, TcpConfig.CongestionAlgorithm.values())),
      (base, c, in) -> c.delayedAck(Duration.ofMillis(between(in, 0, 200))),
      (base, c, in) -> c.userTimeout(Duration.ofSeconds(between(in, 1, 300))),
      (base, c, in) -> c.synAckRetries((int) between(in, 1, 8)),
      (base, c, in) -> c.synCookies(!base.synCookies()),
      (base, c, in) -> c.lossRecovery(lossRecoveryMix(base.lossRecovery(), in)));

  private TcpScenarios() {}

  /**
   * What {@code TcpConnection}'s guarantee needs so that every run ends: keep-alive on (120 s
   * idle, 8 probes 30 s apart), so a side whose peer vanished finds out; and a 5 s MSL, which
   * keeps TIME-WAIT short in simulation steps.
   */
  public static TcpConfig.Builder baseConfig() {
    return TcpConfig.builder().msl(Duration.ofSeconds(5)).keepAlive(true)
        .keepAlive(Duration.ofSeconds(120), Duration.ofSeconds(30), 8);
  }

  /** Configurations: {@code base} with each of {@link #CONFIG_SWITCHES} changed half the time. */
  public static Gen<TcpConfig> configs(TcpConfig base) {
    return in -> {
      TcpConfig.Builder config = base.toBuilder();
      for (ConfigSwitch configSwitch : CONFIG_SWITCHES) {
        if (on(in)) {
          configSwitch.apply(base, config, in);
        }
      }
      return config.build();
    };
  }

  /**
   * A random mix of the loss-recovery switches: each of {@code base}'s flipped half the time (PRR
   * set to any of its bounds), each shrinking back to {@code base}'s value on its own.
   */
  public static LossRecoveryConfig lossRecoveryMix(LossRecoveryConfig base, RandomnessSource in) {
    LossRecoveryConfig mix = base;
    if (on(in)) {
      mix = mix.withSackRecovery(!base.sackRecovery());
    }
    if (on(in)) {
      mix = mix.withRackTlp(!base.rackTlp());
    }
    if (on(in)) {
      mix = mix.withPrr(oneOf(in, LossRecoveryConfig.Prr.values()));
    }
    if (on(in)) {
      mix = mix.withDsack(!base.dsack());
    }
    if (on(in)) {
      mix = mix.withUndo(!base.undo());
    }
    if (on(in)) {
      mix = mix.withHyStart(!base.hyStart());
    }
    if (on(in)) {
      mix = mix.withPacing(!base.pacing());
    }
    return mix;
  }

  /** Applications writing 0 to {@code maxBytes} bytes (see the class comment). */
  public static Gen<TcpApplication> applications(int maxBytes) {
    return in -> {
      int bytes = (int) between(in, 0, maxBytes);
      int writeChunk = (int) in.next(Constraint.between(1, 20_000).withShrinkPoint(16_384));
      int readChunk = (int) in.next(Constraint.between(1, 20_000).withShrinkPoint(16_384));
      boolean pauses = on(in);
      int pausePercent = pauses ? (int) between(in, 1, 20) : 0;
      long maxPauseNs = pauses ? between(in, 1, 300) * MS : 0;
      Ending ending = Ending.SHUTDOWN_AFTER_WRITING;
      int abortAfter = 0;
      if (on(in)) {
        ending = between(in, 0, 3) == 0 ? Ending.ABORT : Ending.SHUTDOWN_AFTER_END_OF_STREAM;
        abortAfter = ending == Ending.ABORT ? (int) between(in, 0, bytes) : 0;
      }
      return new TcpApplication(bytes, writeChunk, readChunk, pausePercent, maxPauseNs, ending,
          abortAfter);
    };
  }

  /** Sides: a configuration from {@link #configs} and an application. */
  public static Gen<TcpPeer> peers(int maxBytes, TcpConfig base) {
    return configs(base).zip(applications(maxBytes), TcpPeer::new);
  }

  /**
   * Scenarios: any seed, links of {@code links} each way (drawn separately), sides from {@link
   * #peers}. When both applications would wait for the other's end of stream, the client shuts
   * down after writing instead.
   */
  public static Gen<TcpScenario> scenarios(int maxBytes, ImpairmentGenerators.Profile links,
      TcpConfig base) {
    Gen<LinkConfig> link = links.links();
    Gen<TcpPeer> peer = peers(maxBytes, base);
    return in -> {
      long seed = in.next(Constraint.none());
      LinkConfig forth = link.generate(in);
      LinkConfig back = link.generate(in);
      TcpPeer client = peer.generate(in);
      TcpPeer server = peer.generate(in);
      if (client.application().ending() == Ending.SHUTDOWN_AFTER_END_OF_STREAM
          && server.application().ending() == Ending.SHUTDOWN_AFTER_END_OF_STREAM) {
        TcpApplication a = client.application();
        client = new TcpPeer(client.config(), new TcpApplication(a.bytes(), a.writeChunk(),
            a.readChunk(), a.pausePercent(), a.maxPauseNs(), Ending.SHUTDOWN_AFTER_WRITING, 0));
      }
      return new TcpScenario(seed, forth, back, client, server, TcpScenario.DEFAULT_MAX_STEPS);
    };
  }

  private static boolean on(RandomnessSource in) {
    return in.next(Constraint.between(0, 1).withShrinkPoint(0)) == 1;
  }

  private static long between(RandomnessSource in, long min, long max) {
    return in.next(Constraint.between(min, max).withShrinkPoint(min));
  }

  private static <T> T oneOf(RandomnessSource in, T[] values) {
    return values[(int) between(in, 0, values.length - 1)];
  }
}
