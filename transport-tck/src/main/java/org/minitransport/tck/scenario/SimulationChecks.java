package org.minitransport.tck.scenario;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.minitransport.core.net.TrafficCounters;
import org.minitransport.core.stack.Host;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.tck.scenario.Violation.Rule;
import org.minitransport.testkit.Simulation;
import org.minitransport.testkit.TsharkVerdict;

/**
 * Invariants of any finished simulation, for scenarios of your own (the built-in ones check them
 * already): every port released, the network's and hosts' counters adding up, and tshark's
 * verdict on a capture. Each adds what it finds to a list of {@link Violation}s.
 *
 * <pre>{@code
 * List<Violation> violations = new ArrayList<>();
 * SimulationChecks.portsReleased(simulation, violations);
 * SimulationChecks.countersAddUp(simulation, violations);
 * }</pre>
 */
public final class SimulationChecks {

  private static final int STACK_LINES = 12;

  private SimulationChecks() {}

  /**
   * Every TCP and UDP port of every host is free again: the declared hosts and any a hook added
   * to the driver.
   */
  public static void portsReleased(Simulation sim, List<Violation> violations) {
    for (Host host : sim.driver().hosts()) {
      for (IpProtocol protocol : List.of(IpProtocol.TCP, IpProtocol.UDP)) {
        int left = host.portTable(protocol).size();
        if (left != 0) {
          violations.add(new Violation(Rule.PORTS_RELEASED, host.address() + " still has "
              + left + " " + protocol + " port(s) bound: "
              + host.portTable(protocol).snapshot()));
        }
      }
    }
  }

  /**
   * Once the simulation is idle: the network conserves packets (sent + duplicated = delivered +
   * dropped), every packet the hosts sent reached the network, every packet it delivered reached
   * a host, and each host delivered or dropped every packet it received. Every host the driver
   * runs counts, including any a hook added (an attacker on a host of its own).
   */
  public static void countersAddUp(Simulation sim, List<Violation> violations) {
    TrafficCounters network = sim.network().counters();
    if (network.sent() + network.duplicated() != network.delivered() + network.droppedTotal()) {
      violations.add(new Violation(Rule.COUNTERS, "the network lost track of packets: " + network));
    }
    long hostsSent = 0;
    long hostsReceived = 0;
    for (Host host : sim.driver().hosts()) {
      hostsSent += host.counters().sent();
      hostsReceived += host.counters().received();
      long accounted = host.counters().delivered() + host.counters().droppedIncoming();
      if (host.counters().received() != accounted) {
        violations.add(new Violation(Rule.COUNTERS, host.address() + " received "
            + host.counters().received() + " packets but delivered or dropped " + accounted
            + ": " + host.counters()));
      }
    }
    if (hostsSent != network.sent()) {
      violations.add(new Violation(Rule.COUNTERS, "the hosts sent " + hostsSent
          + " packets, the network took " + network.sent()));
    }
    if (hostsReceived != network.delivered()) {
      violations.add(new Violation(Rule.COUNTERS, "the network delivered " + network.delivered()
          + " packets, the hosts received " + hostsReceived));
    }
  }

  /** An exception and the first lines of its stack, for a violation. */
  public static String describe(Throwable e) {
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    String[] lines = text.toString().split("\n");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(STACK_LINES, lines.length); i++) {
      out.append(i == 0 ? "" : "\n      ").append(lines[i].strip());
    }
    return out.toString();
  }

  /**
   * tshark's verdict on {@code pcap}: every IPv4, TCP and UDP checksum right, nothing malformed,
   * no error (TCP-analysis warnings such as retransmissions are what impaired runs show, and are
   * allowed). Does nothing where tshark is not installed ({@link TsharkVerdict#locate()}).
   */
  public static void captureIsClean(Path pcap, List<Violation> violations) {
    if (TsharkVerdict.locate().isEmpty()) {
      return;
    }
    try {
      for (String problem : TsharkVerdict.judge(pcap).problemsBesidesTcpAnalysis()) {
        violations.add(new Violation(Rule.CAPTURE, pcap + " " + problem));
      }
    } catch (IOException e) {
      violations.add(new Violation(Rule.CAPTURE, "tshark could not judge " + pcap + ": "
          + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      violations.add(new Violation(Rule.CAPTURE, "interrupted while tshark judged " + pcap));
    }
  }
}
