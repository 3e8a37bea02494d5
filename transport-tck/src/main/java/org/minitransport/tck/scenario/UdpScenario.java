package org.minitransport.tck.scenario;

import java.util.List;
import java.util.Objects;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.tck.internal.UdpScenarioRunner;

/**
 * UDP traffic as data: {@code hosts} hosts (10.0.0.1 …) with udp-lite, each with two sockets on
 * ports 5000 and 5001 bound to its own address or to the wildcard, on a seeded simulated network
 * whose every link has the impairments of {@link #link}, and the datagrams they send. With {@link
 * #reopenAfterClose} every socket is closed after the sends, opened again on the same endpoint,
 * and the sends are repeated with new bytes. A run is a pure function of the scenario.
 *
 * @param seed the seed of everything random: the network's impairments and the datagrams' bytes
 * @param link the impairments of every link
 * @param hosts how many hosts, 2 or more
 * @param wildcard per socket (host by host, socket by socket), whether it binds 0.0.0.0
 * @param sends the datagrams, in order
 * @param reopenAfterClose whether to close, reopen and send again
 * @param maxSteps the simulation's step budget
 */
public record UdpScenario(long seed, LinkConfig link, int hosts, List<Boolean> wildcard,
    List<UdpSend> sends, boolean reopenAfterClose, long maxSteps) implements Scenario<UdpOutcome> {

  /** The ports of each host's two sockets. */
  public static final List<Integer> PORTS = List.of(5000, 5001);

  /**
   * @throws IllegalArgumentException naming the bad value: fewer than 2 hosts, a wildcard list of
   *     the wrong length, or a send to or from a host that does not exist
   */
  public UdpScenario {
    Objects.requireNonNull(link, "link");
    wildcard = List.copyOf(wildcard);
    sends = List.copyOf(sends);
    if (hosts < 2 || hosts > 250) {
      throw new IllegalArgumentException("hosts " + hosts + " must be 2-250");
    }
    if (wildcard.size() != hosts * PORTS.size()) {
      throw new IllegalArgumentException("wildcard has " + wildcard.size() + " entries, "
          + hosts * PORTS.size() + " sockets need one each");
    }
    for (UdpSend send : sends) {
      if (send.fromHost() > hosts || send.toHost() > hosts) {
        throw new IllegalArgumentException(send + " names a host beyond the " + hosts);
      }
    }
    if (maxSteps < 1) {
      throw new IllegalArgumentException("maxSteps " + maxSteps + " must be at least 1");
    }
  }

  /** Host {@code n}'s address, 10.0.0.n. */
  public static Ipv4Address address(int n) {
    return Ipv4Address.of(10, 0, 0, n);
  }

  /** The endpoint others send to for socket {@code socket} of host {@code host}. */
  public static Endpoint endpoint(int host, int socket) {
    return new Endpoint(address(host), PORTS.get(socket));
  }

  /** Whether the link neither loses, duplicates, reorders, corrupts nor queues a packet. */
  public boolean linkIsClean() {
    return link.lossProbability() == 0 && !link.burstLoss().isActive()
        && link.duplicationProbability() == 0 && link.reorderProbability() == 0
        && link.corruptionProbability() == 0 && link.partitions().isEmpty()
        && link.bandwidthBitsPerSecond() == 0;
  }

  /** Runs the scenario in virtual time with no capture. */
  public UdpOutcome run() {
    return run(RunOptions.DEFAULT);
  }

  /** Runs the scenario in virtual time, with a capture and hooks as {@code options} say. */
  @Override
  public UdpOutcome run(RunOptions options) {
    return UdpScenarioRunner.run(this, options);
  }
}
