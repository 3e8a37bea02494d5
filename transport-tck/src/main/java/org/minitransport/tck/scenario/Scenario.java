package org.minitransport.tck.scenario;

/**
 * A run described entirely by data: a record whose {@link #run} is a pure function of its
 * components (seeded, virtual time), so it can be printed, stored as JSON ({@link ScenarioJson}),
 * shrunk component by component and replayed byte for byte. {@link TcpScenario} and {@link
 * UdpScenario} are the built-in ones; a record of your own (a custom application protocol, say)
 * that implements this interface gets the same property runner, shrinking and failure reports.
 *
 * @param <O> what a run produces
 */
public interface Scenario<O extends ScenarioOutcome> {

  /** Runs the scenario with {@code options} (capture, transcript length, hook). */
  O run(RunOptions options);
}
