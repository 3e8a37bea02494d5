package org.minitransport.tck.internal;

import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationStalledException;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostDropReason;
import org.minitransport.tck.scenario.RunOptions;
import org.minitransport.tck.scenario.SimulationChecks;
import org.minitransport.tck.scenario.Transcript;
import org.minitransport.tck.scenario.UdpOutcome;
import org.minitransport.tck.scenario.UdpScenario;
import org.minitransport.tck.scenario.UdpSend;
import org.minitransport.tck.scenario.Violation;
import org.minitransport.tck.scenario.Violation.Rule;
import org.minitransport.testkit.Simulation;
import org.minitransport.testkit.SimulationHarness;
import org.minitransport.udp.ReceivedDatagram;
import org.minitransport.udp.UdpCounters;
import org.minitransport.udp.UdpService;
import org.minitransport.udp.UdpSocket;

/**
 * Plays a {@link UdpScenario}: opens the sockets, sends the datagrams with their gaps while every
 * socket drains what arrived, then checks each socket's inbox against what was sent to it.
 */
public final class UdpScenarioRunner {

  /** What one receiving socket was sent and what it got, in one round. */
  private static final class Inbox {
    final Map<String, Integer> sentCounts = new HashMap<>();
    final List<ReceivedDatagram> sentInOrder = new ArrayList<>();
    final List<ReceivedDatagram> received = new ArrayList<>();
  }

  private final UdpScenario scenario;
  private final Simulation sim;
  private final Transcript transcript;
  private final List<Violation> violations;
  private final List<UdpService> services = new ArrayList<>();
  private final UdpSocket[][] sockets;
  private final Map<Endpoint, Inbox> inboxes = new HashMap<>();
  private long sent;
  private long received;

  private UdpScenarioRunner(UdpScenario scenario, Simulation sim, Transcript transcript,
      List<Violation> violations) {
    this.scenario = scenario;
    this.sim = sim;
    this.transcript = transcript;
    this.violations = violations;
    this.sockets = new UdpSocket[scenario.hosts()][UdpScenario.PORTS.size()];
  }

  public static UdpOutcome run(UdpScenario scenario, RunOptions options) {
    SimulationHarness.Builder builder = SimulationHarness.builder()
        .seed(scenario.seed()).defaultLink(scenario.link()).maxSteps(scenario.maxSteps());
    for (int h = 1; h <= scenario.hosts(); h++) {
      builder.host(UdpScenario.address(h));
    }
    Optional<Path> pcap = options.pcapPath();
    if (pcap.isPresent()) {
      TcpScenarioRunner.createFolderOf(pcap.get());
      builder.capturePcap(pcap.get());
    }
    Transcript transcript = new Transcript(options.transcriptSteps());
    List<Violation> violations = new ArrayList<>();
    UdpOutcome outcome;
    try (Simulation sim = builder.build()) {
      UdpScenarioRunner run = new UdpScenarioRunner(scenario, sim, transcript, violations);
      try {
        for (Host host : sim.hosts()) {
          run.services.add(UdpService.install(host, sim.driver().executor()));
        }
        options.beforeStart().accept(sim);
        run.round(scenario.seed() ^ 0x5eed);
        if (scenario.reopenAfterClose() && violations.isEmpty()) {
          UdpSocket[][] old = run.closeAll();
          run.round(~scenario.seed());
          run.assertClosedSocketsReceiveNothing(old);
        }
        run.closeAll();
        SimulationChecks.portsReleased(sim, violations);
        SimulationChecks.countersAddUp(sim, violations);
        run.countersAddUp();
      } catch (SimulationStalledException e) {
        violations.add(new Violation(Rule.LIVELOCK, e.getMessage()));
      } catch (IOException | RuntimeException e) {
        violations.add(new Violation(Rule.HOST_EXCEPTION, SimulationChecks.describe(e)));
      }
      outcome = new UdpOutcome(scenario, run.sent, run.received, sim.network().counters(),
          violations, transcript, pcap);
    }
    if (options.tsharkVerdict() && pcap.isPresent()) {
      SimulationChecks.captureIsClean(pcap.get(), violations);
      outcome = new UdpOutcome(scenario, outcome.datagramsSent(), outcome.datagramsReceived(),
          outcome.network(), violations, transcript, pcap);
    }
    return outcome;
  }

  /** Opens every socket, sends everything, drains, and checks the inboxes. */
  private void round(long payloadSeed) throws IOException {
    inboxes.clear();
    for (int h = 1; h <= scenario.hosts(); h++) {
      for (int s = 0; s < UdpScenario.PORTS.size(); s++) {
        Ipv4Address local = scenario.wildcard().get((h - 1) * UdpScenario.PORTS.size() + s)
            ? Ipv4Address.ANY : UdpScenario.address(h);
        sockets[h - 1][s] = services.get(h - 1)
            .open(new Endpoint(local, UdpScenario.PORTS.get(s)));
      }
    }
    SplittableRandom random = new SplittableRandom(payloadSeed);
    for (UdpSend send : scenario.sends()) {
      sim.runFor(send.gapNs());
      drainAll();
      UdpService from = services.get(send.fromHost() - 1);
      byte[] data = new byte[Math.min(send.length(), from.maxPayload())];
      random.nextBytes(data);
      Endpoint source = UdpScenario.endpoint(send.fromHost(), send.fromSocket());
      Endpoint destination = UdpScenario.endpoint(send.toHost(), send.toSocket());
      sockets[send.fromHost() - 1][send.fromSocket()].send(destination, data);
      transcript.record("host " + send.fromHost(), sim.nowNs(), "send %d bytes %s -> %s",
          data.length, source, destination);
      Inbox inbox = inboxes.computeIfAbsent(destination, d -> new Inbox());
      ReceivedDatagram expected = new ReceivedDatagram(source, data);
      inbox.sentCounts.merge(key(expected), 1, Integer::sum);
      inbox.sentInOrder.add(expected);
      sent++;
    }
    sim.runUntilIdle();
    drainAll();
    checkInboxes();
  }

  private void drainAll() throws IOException {
    for (int h = 1; h <= scenario.hosts(); h++) {
      for (int s = 0; s < UdpScenario.PORTS.size(); s++) {
        Endpoint at = UdpScenario.endpoint(h, s);
        Inbox inbox = inboxes.computeIfAbsent(at, d -> new Inbox());
        for (ReceivedDatagram d = sockets[h - 1][s].tryReceive(); d != null;
            d = sockets[h - 1][s].tryReceive()) {
          inbox.received.add(d);
          received++;
          transcript.record("host " + h, sim.nowNs(), "received %d bytes at %s from %s",
              d.data().length, at, d.source());
        }
      }
    }
  }

  private void checkInboxes() {
    for (Map.Entry<Endpoint, Inbox> entry : inboxes.entrySet()) {
      Inbox inbox = entry.getValue();
      Map<String, Integer> seen = new HashMap<>();
      for (ReceivedDatagram got : inbox.received) {
        Integer sentCount = inbox.sentCounts.get(key(got));
        if (sentCount == null) {
          violations.add(new Violation(Rule.INTEGRITY, entry.getKey() + " got " + got.data().length
              + " bytes from " + got.source() + " that nobody sent it"));
          continue;
        }
        int copies = seen.merge(key(got), 1, Integer::sum);
        if (copies > 2 * sentCount) {
          violations.add(new Violation(Rule.INTEGRITY, entry.getKey() + " got " + copies
              + " copies of a datagram from " + got.source() + " sent " + sentCount + " time(s)"));
        }
      }
      if (scenario.linkIsClean()) {
        Map<Endpoint, List<ReceivedDatagram>> sentBySource = bySource(inbox.sentInOrder);
        Map<Endpoint, List<ReceivedDatagram>> gotBySource = bySource(inbox.received);
        if (!sentBySource.equals(gotBySource)) {
          violations.add(new Violation(Rule.EXACTLY_ONCE, entry.getKey() + " got "
              + inbox.received.size() + " datagrams of the " + inbox.sentInOrder.size()
              + " sent to it over a clean link, or in another order per source"));
        }
      }
    }
  }

  private static Map<Endpoint, List<ReceivedDatagram>> bySource(List<ReceivedDatagram> list) {
    Map<Endpoint, List<ReceivedDatagram>> map = new HashMap<>();
    list.forEach(d -> map.computeIfAbsent(d.source(), s -> new ArrayList<>()).add(d));
    return map;
  }

  private UdpSocket[][] closeAll() {
    UdpSocket[][] old = new UdpSocket[scenario.hosts()][];
    for (int h = 0; h < scenario.hosts(); h++) {
      old[h] = sockets[h].clone();
      for (UdpSocket socket : sockets[h]) {
        if (socket != null) {
          socket.close();
        }
      }
    }
    return old;
  }

  private void assertClosedSocketsReceiveNothing(UdpSocket[][] old) {
    for (UdpSocket[] host : old) {
      for (UdpSocket socket : host) {
        try {
          socket.tryReceive();
          violations.add(new Violation(Rule.PORTS_RELEASED,
              socket + " still receives after close"));
        } catch (SocketException expected) {
          // closed, as it should be
        } catch (IOException e) {
          violations.add(new Violation(Rule.HOST_EXCEPTION, SimulationChecks.describe(e)));
        }
      }
    }
  }

  /**
   * Every packet a host received ended in exactly one bucket (a host-level drop, ICMP, or a UDP
   * outcome), the applications read every datagram UDP queued, and UDP sent every datagram.
   */
  private void countersAddUp() {
    long udpIn = 0;
    long udpOut = 0;
    for (int h = 1; h <= scenario.hosts(); h++) {
      Host host = sim.hosts().get(h - 1);
      UdpCounters udp = services.get(h - 1).counters();
      udpIn += udp.inDatagrams();
      udpOut += udp.outDatagrams();
      long accounted = host.counters().dropped(HostDropReason.BAD_IPV4)
          + host.counters().dropped(HostDropReason.WRONG_DESTINATION)
          + host.counters().dropped(HostDropReason.UNKNOWN_PROTOCOL)
          + host.counters().icmpIn() + udp.inDatagrams() + udp.inErrors() + udp.noPorts();
      if (host.counters().received() != accounted) {
        violations.add(new Violation(Rule.COUNTERS, host.address() + " received "
            + host.counters().received() + " packets; drops, ICMP and UDP account for "
            + accounted));
      }
    }
    if (udpIn != received) {
      violations.add(new Violation(Rule.COUNTERS, "UDP queued " + udpIn
          + " datagrams, the applications read " + received));
    }
    if (udpOut != sent) {
      violations.add(new Violation(Rule.COUNTERS, "the applications sent " + sent
          + " datagrams, UDP counted " + udpOut));
    }
  }

  private static String key(ReceivedDatagram datagram) {
    return datagram.source() + "|" + HexFormat.of().formatHex(datagram.data());
  }
}
