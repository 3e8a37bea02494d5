package org.minitransport.tck.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.driver.SimulationStalledException;
import org.minitransport.core.stack.Host;
import org.minitransport.tck.scenario.RunOptions;
import org.minitransport.tck.scenario.SimulationChecks;
import org.minitransport.tck.scenario.TcpOutcome;
import org.minitransport.tck.scenario.TcpScenario;
import org.minitransport.tck.scenario.TcpSideOutcome;
import org.minitransport.tck.scenario.Transcript;
import org.minitransport.tck.scenario.Violation;
import org.minitransport.tck.scenario.Violation.Rule;
import org.minitransport.tcp.TcpEndpoint;
import org.minitransport.tcp.TcpListener;
import org.minitransport.tcp.TcpState;
import org.minitransport.testkit.Simulation;
import org.minitransport.testkit.SimulationHarness;

/**
 * Plays a {@link TcpScenario} on a {@link SimulationHarness} simulation: the server listens, the
 * client connects, both scripted applications act after every step until both connections are
 * CLOSED, then the run drains, closes the listener and checks the invariants.
 */
public final class TcpScenarioRunner {

  private TcpScenarioRunner() {}

  public static TcpOutcome run(TcpScenario scenario, RunOptions options) {
    SimulationHarness.Builder builder = SimulationHarness.builder()
        .seed(scenario.seed())
        .defaultLink(scenario.clientToServer())
        .link(TcpScenario.CLIENT, TcpScenario.SERVER, scenario.clientToServer())
        .link(TcpScenario.SERVER, TcpScenario.CLIENT, scenario.serverToClient())
        .host(TcpScenario.CLIENT)
        .host(TcpScenario.SERVER)
        .maxSteps(scenario.maxSteps());
    Optional<Path> pcap = options.pcapPath();
    if (pcap.isPresent()) {
      createFolderOf(pcap.get());
      builder.capturePcap(pcap.get());
    }
    Transcript transcript = new Transcript(options.transcriptSteps());
    List<Violation> violations = new ArrayList<>();
    TcpOutcome outcome;
    try (Simulation sim = builder.build()) {
      Host clientHost = sim.host(TcpScenario.CLIENT);
      Host serverHost = sim.host(TcpScenario.SERVER);
      long seed = scenario.seed();
      TcpEndpoint clientTcp = TcpEndpoint.install(clientHost, scenario.client().config(), seed, 1);
      TcpEndpoint serverTcp = TcpEndpoint.install(serverHost, scenario.server().config(), ~seed,
          2);
      byte[] clientData = data(scenario.client().application().bytes(), seed * 31 + 1);
      byte[] serverData = data(scenario.server().application().bytes(), seed * 31 + 2);
      Random random = new Random(seed);
      ScriptedTcpApplication client = new ScriptedTcpApplication("client",
          scenario.client().application(), clientData, serverData, clientTcp,
          new Random(random.nextLong()), transcript);
      ScriptedTcpApplication server = new ScriptedTcpApplication("server",
          scenario.server().application(), serverData, clientData, serverTcp,
          new Random(random.nextLong()), transcript);
      clientHost.register(client.timer);
      serverHost.register(server.timer);
      options.beforeStart().accept(sim);
      TcpListener listener;
      try {
        listener = serverTcp.listen(new Endpoint(org.minitransport.core.address.Ipv4Address.ANY,
            TcpScenario.PORT), 4, false);
        client.connection = clientTcp.connect(sim.nowNs(), null,
            new Endpoint(TcpScenario.SERVER, TcpScenario.PORT), null);
      } catch (BindException e) {
        throw new IllegalStateException("a fresh host refused a bind: " + e.getMessage(), e);
      }
      try {
        boolean finished = sim.runUntil(() -> {
          long now = sim.nowNs();
          if (server.connection == null) {
            server.connection = serverTcp.accept(listener);
          }
          client.act(now);
          server.act(now);
          return bothClosed(client, server) || broken(client, server);
        });
        if (!finished && !broken(client, server)) {
          // Idle: fine only if the client gave up before the server ever accepted.
          if (server.connection == null) {
            server.connection = serverTcp.accept(listener);
          }
          boolean clientGaveUp = client.connection.failure().isPresent()
              && server.connection == null;
          if (!clientGaveUp) {
            violations.add(new Violation(Rule.DEADLOCK, "the simulation went idle at "
                + sim.nowNs() + " ns with " + client + " and " + server));
          }
        }
        if (!broken(client, server)) {
          sim.runUntilIdle();
          client.drain(sim.nowNs());
          server.drain(sim.nowNs());
          serverTcp.closeListener(sim.nowNs(), listener);
          sim.runUntilIdle();
        }
      } catch (SimulationStalledException e) {
        violations.add(new Violation(Rule.LIVELOCK, e.getMessage() + " with " + client + " and "
            + server));
      } catch (RuntimeException e) {
        violations.add(new Violation(Rule.HOST_EXCEPTION, SimulationChecks.describe(e)));
      }
      for (ScriptedTcpApplication app : List.of(client, server)) {
        if (app.integrityProblem != null) {
          violations.add(new Violation(Rule.INTEGRITY, app.integrityProblem));
        }
      }
      TcpSideOutcome clientOutcome = client.outcome();
      TcpSideOutcome serverOutcome = server.outcome();
      boolean settled = violations.isEmpty();
      if (settled) {
        TcpPromise.check("client -> server", clientOutcome, serverOutcome, violations);
        TcpPromise.check("server -> client", serverOutcome, clientOutcome, violations);
        SimulationChecks.portsReleased(sim, violations);
        SimulationChecks.countersAddUp(sim, violations);
        TcpPromise.countersAddUp(clientHost, clientTcp.counters(), "client", violations);
        TcpPromise.countersAddUp(serverHost, serverTcp.counters(), "server", violations);
      }
      outcome = new TcpOutcome(scenario, clientOutcome, serverOutcome, sim.nowNs(),
          sim.driver().totalSteps(), clientTcp.counters(), serverTcp.counters(), violations,
          transcript, pcap);
    }
    if (options.tsharkVerdict() && pcap.isPresent()) {
      List<Violation> judged = new ArrayList<>(outcome.violations());
      SimulationChecks.captureIsClean(pcap.get(), judged);
      outcome = new TcpOutcome(scenario, outcome.client(), outcome.server(),
          outcome.virtualTimeNs(), outcome.steps(), outcome.clientCounters(),
          outcome.serverCounters(), judged, transcript, pcap);
    }
    return outcome;
  }

  private static boolean bothClosed(ScriptedTcpApplication client, ScriptedTcpApplication server) {
    return client.connection.state() == TcpState.CLOSED && server.connection != null
        && server.connection.state() == TcpState.CLOSED;
  }

  private static boolean broken(ScriptedTcpApplication client, ScriptedTcpApplication server) {
    return client.integrityProblem != null || server.integrityProblem != null;
  }

  /** {@code length} pseudo-random bytes from {@code seed}. */
  static byte[] data(int length, long seed) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    return data;
  }

  static void createFolderOf(Path file) {
    Path folder = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create " + folder, e);
    }
  }
}
