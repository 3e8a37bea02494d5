/**
 * The machinery behind the scenario API: the runners that play a scenario on a simulation, the
 * scripted applications and the invariant checks, and the reference components the verification
 * suites build around the one they judge. Not API: use {@link
 * org.minitransport.tck.scenario.TcpScenario#run} and {@link
 * org.minitransport.tck.scenario.UdpScenario#run}.
 */
package org.minitransport.tck.internal;
