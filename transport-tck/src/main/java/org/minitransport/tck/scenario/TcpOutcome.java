package org.minitransport.tck.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.minitransport.tcp.TcpCounters;

/**
 * The result of running a {@link TcpScenario}: what each application saw, what the endpoints
 * counted, and every invariant the run broke, ready to assert.
 *
 * <p>The invariants ({@link #violations()}) are {@code TcpConnection}'s guarantee clause by clause
 * (integrity, no silent loss, ending: see {@link Violation.Rule}), checked under the settings the
 * guarantee names (both applications shut down or abort, and read until the end of stream or a
 * failure; keep-alive on, if the scenario's configs have it); every port released; no exception
 * from a host; counters that add up (the network conserves packets, every packet a host sent
 * reached the network, every packet the network delivered reached a host, every packet a host
 * handed to TCP was counted by it); and no deadlock or livelock. An application that aborts is
 * exempt, as a reader, from reading everything: it chose to stop.
 *
 * @param scenario the scenario that ran
 * @param client what the client's application saw
 * @param server what the server's application saw
 * @param virtualTimeNs virtual time at the end of the run
 * @param steps simulation steps taken
 * @param clientCounters the client endpoint's TCP counters
 * @param serverCounters the server endpoint's TCP counters
 * @param violations every invariant broken, in the order found; empty if the run kept them all
 * @param transcript each side's last steps
 * @param pcap the capture, if the run was asked for one
 */
public record TcpOutcome(TcpScenario scenario, TcpSideOutcome client, TcpSideOutcome server,
    long virtualTimeNs, long steps, TcpCounters clientCounters, TcpCounters serverCounters,
    List<Violation> violations, Transcript transcript, Optional<Path> pcap) implements ScenarioOutcome {

  public TcpOutcome {
    violations = List.copyOf(violations);
  }

  /** Segments both endpoints retransmitted. */
  public long retransmissions() {
    return clientCounters.retransmittedSegments() + serverCounters.retransmittedSegments();
  }

  /** Bytes both applications read. */
  public long bytesRead() {
    return (long) client.read() + server.read();
  }

  /** Whether either application saw an error. */
  public boolean eitherFailed() {
    return client.sawError() || server.sawError();
  }

  @Override
  public String describe() {
    StringBuilder out = new StringBuilder(verdict());
    out.append("  client: ").append(client).append('\n');
    out.append("  server: ").append(server).append('\n');
    out.append("  ").append(String.format("%.3f", virtualTimeNs / 1e9)).append(" s virtual, ")
        .append(steps).append(" steps, ").append(retransmissions()).append(" retransmissions\n");
    out.append(ScenarioOutcome.captureAndTranscript(pcap, transcript));
    return out.toString();
  }

  @Override
  public String toString() {
    return "TcpOutcome[client " + client + "; server " + server + "; " + violations + "]";
  }
}
