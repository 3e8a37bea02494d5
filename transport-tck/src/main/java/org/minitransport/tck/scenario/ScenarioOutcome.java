package org.minitransport.tck.scenario;

import java.util.List;

/** What a {@link Scenario} run produced: its broken invariants and a description for a person. */
public interface ScenarioOutcome {

  /** Every invariant the run broke, in the order found; empty if it kept them all. */
  List<Violation> violations();

  /** The outcome, its violations, the capture's path and the transcript of the last steps. */
  String describe();

  /** Whether every invariant held. */
  default boolean holds() {
    return violations().isEmpty();
  }

  /** The rules broken. */
  default java.util.Set<Violation.Rule> brokenRules() {
    java.util.Set<Violation.Rule> rules = java.util.EnumSet.noneOf(Violation.Rule.class);
    violations().forEach(v -> rules.add(v.rule()));
    return rules;
  }

  /** "every invariant held", or a line "violated RULE: detail" per violation. */
  default String verdict() {
    StringBuilder out = new StringBuilder(holds() ? "every invariant held\n" : "");
    violations().forEach(v -> out.append("violated ").append(v).append('\n'));
    return out.toString();
  }

  /** The lines that close a description: the capture's path, if any, and the transcript. */
  static String captureAndTranscript(java.util.Optional<java.nio.file.Path> pcap,
      Transcript transcript) {
    return pcap.map(path -> "  capture: " + path.toAbsolutePath() + "\n").orElse("")
        + transcript;
  }

  /** Throws an {@link AssertionError} with {@link #describe()} unless no invariant was broken. */
  default void assertInvariants() {
    if (!holds()) {
      throw new AssertionError(describe());
    }
  }
}
