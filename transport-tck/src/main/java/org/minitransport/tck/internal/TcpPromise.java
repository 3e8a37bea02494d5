package org.minitransport.tck.internal;

import java.util.List;
import org.minitransport.core.stack.Host;
import org.minitransport.tck.scenario.TcpSideOutcome;
import org.minitransport.tck.scenario.Violation;
import org.minitransport.tck.scenario.Violation.Rule;
import org.minitransport.tcp.TcpCounters;
import org.minitransport.tcp.TcpState;

/**
 * {@code TcpConnection}'s guarantee, clause by clause, for one direction of a finished run, and
 * the TCP counters that must add up. Clause 1 (every byte read once, in order, unchanged) is
 * checked byte by byte as the applications read; the rest here.
 */
final class TcpPromise {

  private TcpPromise() {}

  static void check(String direction, TcpSideOutcome writer, TcpSideOutcome reader,
      List<Violation> violations) {
    String got = direction + ": the reader got " + reader.read() + " of "
        + reader.expectedToRead() + " bytes" + (reader.endOfStream() ? " and EOF" : " without EOF")
        + " (writer " + writer.failure() + ", reader " + reader.failure() + ")";
    if (reader.finalState() != TcpState.CLOSED) {
      violations.add(new Violation(Rule.ENDING, direction + ": the reader's connection ended in "
          + reader.finalState() + ", not CLOSED"));
    }
    if (reader.aborted()) {
      return; // it chose to stop reading: clauses 2 and 3 do not bind it
    }
    if (!writer.sawError() && !reader.receivedEverything()) {
      violations.add(new Violation(Rule.NO_SILENT_LOSS, got + ": the writer's connection ended "
          + "without a failure, so the reader must have everything and the end of stream"));
    } else if (!reader.receivedEverything() && !(writer.sawError() && reader.sawError())) {
      violations.add(new Violation(Rule.NO_SILENT_LOSS,
          got + ", so both sides must see an error"));
    }
  }

  /**
   * Every packet the host handed to TCP was counted by it, and every packet the host sent is a
   * TCP segment or an ICMP message.
   */
  static void countersAddUp(Host host, TcpCounters tcp, String side, List<Violation> violations) {
    long sent = host.counters().sent();
    long expectedSent = tcp.outSegments() + host.counters().icmpOut();
    if (sent != expectedSent) {
      violations.add(new Violation(Rule.COUNTERS, side + " host sent " + sent
          + " packets, but TCP sent " + tcp.outSegments() + " segments and ICMP "
          + host.counters().icmpOut() + " messages"));
    }
    if (tcp.inSegments() > host.counters().delivered()) {
      violations.add(new Violation(Rule.COUNTERS, side + " TCP counted " + tcp.inSegments()
          + " segments in, but its host delivered only " + host.counters().delivered()));
    }
    if (tcp.retransmittedSegments() > tcp.outSegments()) {
      violations.add(new Violation(Rule.COUNTERS, side + " retransmitted "
          + tcp.retransmittedSegments() + " of " + tcp.outSegments() + " segments"));
    }
  }
}
