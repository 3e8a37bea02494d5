package org.minitransport.tck.verify.udp;

import static org.minitransport.tck.verify.udp.UdpBench.host;
import static org.minitransport.tck.verify.udp.UdpBench.peer;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import org.minitransport.tck.verify.Operation;
import org.minitransport.tck.verify.Script;
import org.minitransport.tck.verify.udp.UdpBench.Checksum;
import org.minitransport.udp.ReceivedDatagram;
import org.minitransport.udp.UdpSocket;
import org.quicktheories.core.Gen;

/**
 * The fixture of {@code UDP-15}: a bench with an unconnected socket on port 5000, a socket on
 * 5001 connected to the peer's port 53, and port 5002 unbound; each operation is one datagram
 * from the peer (source port 53 or 54, good, absent or bad checksum, possibly truncated) whose
 * fate the step states: which socket gets it, or which counter and whether an ICMP answer.
 */
final class UdpModelFixture {

  private static final int[] DESTINATIONS = {5000, 5001, 5002};
  private static final int[] SOURCES = {53, 54};

  final UdpBench bench;
  private final UdpSocket open;
  private final UdpSocket connected;
  private long inErrors;
  private long noPorts;
  private int unreachables;
  private int sequence;

  UdpModelFixture(UdpBench bench) {
    this.bench = bench;
    try {
      open = bench.udp().open(host(5000));
      connected = bench.udp().open(host(5001));
      connected.connect(peer(53));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the bench's sockets did not open: " + e, e);
    }
  }

  static Gen<Operation<UdpModelFixture>> operations() {
    return integers().between(0, SOURCES.length - 1).zip(
        integers().between(0, DESTINATIONS.length - 1),
        integers().between(0, Checksum.values().length - 1),
        booleans().all(),
        integers().between(0, 16),
        (src, dst, sum, truncated, length) -> datagram(
            SOURCES[src], DESTINATIONS[dst], Checksum.values()[sum], truncated && length > 0,
            length));
  }

  private static Operation<UdpModelFixture> datagram(
      int source, int destination, Checksum checksum, boolean truncated, int length) {
    String name = "peer sends " + length + " bytes from port " + source + " to " + destination
        + ", checksum " + checksum + (truncated ? ", length field 1 byte too long" : "");
    return new Operation<>() {
      @Override
      public void run(Script<UdpModelFixture> script) {
        script.subject().send(script, name, source, destination, checksum, truncated, length);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  private void send(Script<UdpModelFixture> s, String name, int source, int destination,
      Checksum checksum, boolean truncated, int length) {
    byte[] payload = new byte[length];
    Arrays.fill(payload, (byte) ('a' + sequence++ % 26));
    byte[] udp = UdpBench.segment(source, destination, payload, checksum);
    if (truncated) {
      UdpBench.put16(udp, 4, udp.length + 1);
    }
    s.act(name, f -> f.bench.inject(udp));
    UdpSocket taker = null;
    String fate;
    if (truncated) {
      inErrors++;
      fate = "dropped as truncated";
    } else if (checksum == Checksum.BAD) {
      inErrors++;
      fate = "dropped for its checksum";
    } else if (destination == 5000) {
      taker = open;
      fate = "delivered to " + host(5000);
    } else if (destination == 5001 && source == 53) {
      taker = connected;
      fate = "delivered to " + host(5001) + " (connected to " + peer(53) + ")";
    } else {
      noPorts++;
      unreachables++;
      fate = "refused with ICMP port unreachable";
    }
    String got = taker == open ? describe(payload, source) : null;
    String gotConnected = taker == connected ? describe(payload, source) : null;
    s.expect("(" + fate + ") socket " + host(5000) + " received", f -> take(open), got);
    s.expect("(" + fate + ") socket " + host(5001) + " received", f -> take(connected),
        gotConnected);
    long errors = inErrors;
    long refused = noPorts;
    int icmp = unreachables;
    s.expect("counters().inErrors()", f -> f.bench.endpoint().counters().inErrors(), errors);
    s.expect("counters().noPorts()", f -> f.bench.endpoint().counters().noPorts(), refused);
    s.expect("ICMP unreachables at the peer", f -> f.bench.unreachables().size(), icmp);
  }

  private static String describe(byte[] payload, int source) {
    return peer(source) + " " + payload.length + " bytes " + Arrays.toString(payload);
  }

  private static String take(UdpSocket socket) throws java.io.IOException {
    ReceivedDatagram d = socket.tryReceive();
    return d == null ? null : describe(d.data(), d.source().port());
  }
}
