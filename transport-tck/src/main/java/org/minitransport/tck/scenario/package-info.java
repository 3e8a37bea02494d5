/**
 * The scenario API: runs described entirely by data, played in virtual time on a seeded
 * simulation, with their invariants checked. {@link org.minitransport.tck.scenario.TcpScenario}
 * (a client and a server, impairments each way, a {@code TcpConfig} and an application on each
 * side) gives a {@link org.minitransport.tck.scenario.TcpOutcome}; {@link
 * org.minitransport.tck.scenario.UdpScenario} a {@link org.minitransport.tck.scenario.UdpOutcome}.
 * Each outcome lists every broken invariant ({@link org.minitransport.tck.scenario.Violation}),
 * keeps the last steps of each side ({@link org.minitransport.tck.scenario.Transcript}) and the
 * capture's path. A record of your own implementing {@link
 * org.minitransport.tck.scenario.Scenario} gets the same treatment; {@link
 * org.minitransport.tck.scenario.SimulationChecks} gives it the generic invariants, and {@link
 * org.minitransport.tck.scenario.ScenarioJson} stores any scenario as JSON.
 */
package org.minitransport.tck.scenario;
