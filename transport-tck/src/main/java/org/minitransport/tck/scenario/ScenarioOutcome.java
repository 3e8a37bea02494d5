package org.minitransport.tck.scenario;

import java.util.List;

/** What a {@link Scenario} run produced: its broken invariants and a description for a person. */
public interface ScenarioOutcome {

  /** Every invariant the run broke, in the order found; empty if it kept them all. */
  List<Violation> violations();

  /** The outcome, its violations, the capture's path and the transcript of the last steps. */
  String describe();

  /** Throws an {@link AssertionError} with {@link #describe()} unless no invariant was broken. */
  default void assertInvariants() {
    if (!violations().isEmpty()) {
      throw new AssertionError(describe());
    }
  }
}
