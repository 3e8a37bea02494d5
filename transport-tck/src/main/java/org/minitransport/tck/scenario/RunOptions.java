package org.minitransport.tck.scenario;

import java.nio.file.Path;
import java.util.Optional;
import org.minitransport.testkit.Simulation;

/**
 * How to run a scenario: where to write a pcap of it (none by default), how many of each side's
 * last steps to keep for the transcript, and a hook that sees the simulation before anything is
 * sent (to add an attacker host, say). Immutable; build variants with the {@code with…} methods.
 *
 * @param pcap where to write the capture of every packet the hosts send, or null
 * @param transcriptSteps how many of each side's last steps {@link Transcript} keeps
 * @param beforeStart called once the hosts and their transports exist, before the first packet
 * @param tsharkVerdict whether tshark judges the capture ({@link SimulationChecks#captureIsClean});
 *     a problem it finds is a {@link Violation.Rule#CAPTURE} violation
 */
public record RunOptions(Path pcap, int transcriptSteps, BeforeStart beforeStart,
    boolean tsharkVerdict) {

  /** A hook on the simulation of a run, called before the first packet is sent. */
  @FunctionalInterface
  public interface BeforeStart {
    void accept(Simulation simulation);
  }

  /** No capture, the last 25 steps of each side, no hook. */
  public static final RunOptions DEFAULT = new RunOptions(null, 25, simulation -> { }, false);

  public RunOptions {
    if (transcriptSteps < 0) {
      throw new IllegalArgumentException("transcriptSteps " + transcriptSteps + " must be >= 0");
    }
    if (beforeStart == null) {
      beforeStart = simulation -> { };
    }
  }

  /** The same options, capturing to {@code path} (its folder is created). */
  public RunOptions withPcap(Path path) {
    return new RunOptions(path, transcriptSteps, beforeStart, tsharkVerdict);
  }

  /** The same options, keeping the last {@code steps} steps of each side. */
  public RunOptions withTranscriptSteps(int steps) {
    return new RunOptions(pcap, steps, beforeStart, tsharkVerdict);
  }

  /** The same options with {@code hook} called before the first packet. */
  public RunOptions withBeforeStart(BeforeStart hook) {
    return new RunOptions(pcap, transcriptSteps, hook, tsharkVerdict);
  }

  /**
   * The same options with tshark judging the capture at {@code path} (where tshark is installed;
   * elsewhere the verdict is skipped).
   */
  public RunOptions withTsharkVerdict(Path path) {
    return new RunOptions(path, transcriptSteps, beforeStart, true);
  }

  public Optional<Path> pcapPath() {
    return Optional.ofNullable(pcap);
  }
}
