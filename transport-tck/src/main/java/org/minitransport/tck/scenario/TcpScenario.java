package org.minitransport.tck.scenario;

import java.util.Objects;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.tck.internal.TcpScenarioRunner;
import org.minitransport.tck.scenario.TcpApplication.Ending;

/**
 * One TCP exchange as data: a client host ({@link #CLIENT}) and a server host ({@link #SERVER}) on
 * a seeded simulated network, with the impairments of each direction, each side's {@link
 * TcpConfig} and its application. The client connects to {@link #PORT}; both applications then
 * write, read, pause and end as their {@link TcpApplication} says. A run is a pure function of the
 * scenario: {@link #run()} twice gives the same {@link TcpOutcome}, and the same capture byte for
 * byte. Scenarios are values: they print, compare, travel as JSON ({@link ScenarioJson}) and
 * shrink.
 *
 * @param seed the seed of everything random: the network's impairments, the ISN and port secrets,
 *     the applications' bytes and pauses
 * @param clientToServer the impairments of packets from the client to the server
 * @param serverToClient the impairments of packets from the server to the client
 * @param client the client side
 * @param server the server side
 * @param maxSteps the simulation's step budget: a run that takes more is a livelock
 */
public record TcpScenario(long seed, LinkConfig clientToServer, LinkConfig serverToClient,
    TcpPeer client, TcpPeer server, long maxSteps) implements Scenario<TcpOutcome> {

  /** The client's address. */
  public static final Ipv4Address CLIENT = Ipv4Address.parse("10.0.0.1");
  /** The server's address. */
  public static final Ipv4Address SERVER = Ipv4Address.parse("10.0.0.2");
  /** The port the server listens on. */
  public static final int PORT = 5001;
  /** The default step budget. */
  public static final long DEFAULT_MAX_STEPS = 3_000_000;

  /**
   * @throws IllegalArgumentException if both applications wait for the other's end of stream
   *     before they shut down (they would wait for ever, by design), or the step budget is not
   *     positive
   */
  public TcpScenario {
    Objects.requireNonNull(clientToServer, "clientToServer");
    Objects.requireNonNull(serverToClient, "serverToClient");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
    if (client.application().ending() == Ending.SHUTDOWN_AFTER_END_OF_STREAM
        && server.application().ending() == Ending.SHUTDOWN_AFTER_END_OF_STREAM) {
      throw new IllegalArgumentException("both applications wait for the other's end of stream "
          + "before they shut down: they would wait for ever");
    }
    if (maxSteps < 1) {
      throw new IllegalArgumentException("maxSteps " + maxSteps + " must be at least 1");
    }
  }

  /** The same impairments both ways, the default step budget. */
  public static TcpScenario of(long seed, LinkConfig link, TcpPeer client, TcpPeer server) {
    return new TcpScenario(seed, link, link, client, server, DEFAULT_MAX_STEPS);
  }

  /** Runs the scenario in virtual time with no capture. */
  public TcpOutcome run() {
    return run(RunOptions.DEFAULT);
  }

  /** Runs the scenario in virtual time, with a capture and hooks as {@code options} say. */
  @Override
  public TcpOutcome run(RunOptions options) {
    return TcpScenarioRunner.run(this, options);
  }
}
