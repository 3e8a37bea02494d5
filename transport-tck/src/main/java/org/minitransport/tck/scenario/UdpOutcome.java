package org.minitransport.tck.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.minitransport.core.net.TrafficCounters;

/**
 * The result of running a {@link UdpScenario}, with every invariant the run broke: every datagram
 * a socket received was sent to it from that source, unchanged, at most twice per send (one
 * duplicate); over a clean link every datagram arrives exactly once and in order per source;
 * closed sockets receive nothing and their ports can be bound again; every port is released at
 * the end; no host threw; every packet a host received is accounted for (dropped with a reason,
 * ICMP, or one UDP outcome), every queued datagram was read, and the network conserves packets.
 *
 * @param scenario the scenario that ran
 * @param datagramsSent datagrams the applications sent
 * @param datagramsReceived datagrams the applications read
 * @param network the network's counters at the end
 * @param violations every invariant broken; empty if the run kept them all
 * @param transcript each host's last steps
 * @param pcap the capture, if the run was asked for one
 */
public record UdpOutcome(UdpScenario scenario, long datagramsSent, long datagramsReceived,
    TrafficCounters network, List<Violation> violations, Transcript transcript,
    Optional<Path> pcap) implements ScenarioOutcome {

  public UdpOutcome {
    violations = List.copyOf(violations);
  }

  @Override
  public String describe() {
    StringBuilder out = new StringBuilder(verdict());
    out.append("  ").append(datagramsSent).append(" datagrams sent, ").append(datagramsReceived)
        .append(" received; network ").append(network).append('\n');
    out.append(ScenarioOutcome.captureAndTranscript(pcap, transcript));
    return out.toString();
  }
}
