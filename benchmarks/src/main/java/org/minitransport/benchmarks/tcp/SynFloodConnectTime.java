package org.minitransport.benchmarks.tcp;

import java.net.BindException;
import java.util.Locale;
import java.util.Random;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.stack.Host;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.TcpEndpoint;
import org.minitransport.tcp.TcpListener;
import org.minitransport.testkit.Simulation;
import org.minitransport.testkit.SimulationHarness;

/**
 * How long a legitimate client needs to connect while a listener is SYN-flooded, in virtual time
 * with tcp-lite's default configuration on both sides: {@code syns} SYNs from spoofed sources at
 * {@code rate} per second against backlog {@code backlog}, over a 20 ms round trip. One client
 * starts 10 s into the flood, one right after it ends; each is timed from its connect to the
 * server's accept. Also reported: the most connection objects the server held, and the post-GC
 * heap growth from before the flood to its end. The spoofed sources are random ports on the 254
 * addresses of 10.9.0.0/24: the simulated network keeps an object per destination it has seen,
 * and random addresses would measure that instead of the server.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * org.minitransport.benchmarks.tcp.SynFloodConnectTime [syns=100000] [rate=2000] [backlog=128]}
 */
public final class SynFloodConnectTime {

  private static final Ipv4Address CLIENT = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address SERVER = Ipv4Address.parse("10.0.0.2");
  private static final int PORT = 8080;
  private static final long GIVE_UP_NS = 900_000_000_000L;

  private SynFloodConnectTime() {}

  public static void main(String[] args) throws BindException {
    int syns = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int backlog = args.length > 2 ? Integer.parseInt(args[2]) : 128;
    long wallStart = System.nanoTime();
    try (Simulation simulation = SimulationHarness.builder().seed(1)
        .defaultLink(LinkConfig.builder().delayNs(10_000_000).build())
        .host(CLIENT).host(SERVER).maxSteps(Long.MAX_VALUE / 2).build()) {
      SimulationDriver sim = simulation.driver();
      Host clientHost = simulation.host(CLIENT);
      Host serverHost = simulation.host(SERVER);
      TcpEndpoint client = TcpEndpoint.install(clientHost, TcpConfig.defaults(), 1, 2);
      TcpEndpoint server = TcpEndpoint.install(serverHost, TcpConfig.defaults(), 3, 4);
      TcpListener listener = server.listen(new Endpoint(Ipv4Address.ANY, PORT), backlog, false);
      Timed during = new Timed();
      Timed after = new Timed();
      Random random = new Random(1);
      long intervalNs = 1_000_000_000L / rate;
      long heapBefore = VirtualHeap.usedAfterGc();
      int mostConnections = 0;
      for (int i = 0; i < syns; i++) {
        sim.runFor(intervalNs);
        Ipv4Address spoofed = new Ipv4Address(0x0A09_0000 | (1 + random.nextInt(254)));
        serverHost.handlePacket(sim.nowNs(), SpoofedPackets.syn(spoofed,
            1 + random.nextInt(65_535), SERVER, PORT, random.nextInt() & 0xFFFF_FFFFL));
        if ((long) i * intervalNs == 10_000_000_000L) {
          during.start(sim.nowNs(), client.connect(sim.nowNs(), null, new Endpoint(SERVER, PORT),
              null));
        }
        acceptAll(server, listener, sim.nowNs(), during, after);
        mostConnections = Math.max(mostConnections, server.connections().size());
      }
      long heapAtEnd = VirtualHeap.usedAfterGc();
      long floodEndNs = sim.nowNs();
      after.start(sim.nowNs(), client.connect(sim.nowNs(), null, new Endpoint(SERVER, PORT), null));
      while (!(during.resolved() && after.resolved()) && sim.nowNs() < floodEndNs + GIVE_UP_NS) {
        sim.runFor(1_000_000L);
        acceptAll(server, listener, sim.nowNs(), during, after);
      }
      System.out.printf(Locale.ROOT, "SYN flood: %,d spoofed SYNs at %,d/s against backlog %d,"
          + " 20 ms RTT, default TcpConfig (virtual time; %.1f s wall)%n", syns, rate, backlog,
          (System.nanoTime() - wallStart) / 1e9);
      System.out.printf(Locale.ROOT, "  client starting 10 s into the flood: %s%n", during);
      System.out.printf(Locale.ROOT, "  client starting right after the flood: %s%n", after);
      System.out.printf(Locale.ROOT,
          "  most connection objects on the server during the flood: %d%n", mostConnections);
      System.out.printf(Locale.ROOT, "  heap growth from before the flood to its end (post-GC):"
          + " %.1f MiB%n", (heapAtEnd - heapBefore) / 1024.0 / 1024.0);
      System.out.printf(Locale.ROOT, "  server counters: %s%n", server.counters());
    }
  }

  /** A client connection and when the server accepted it. */
  private static final class Timed {
    TcpConnection connection;
    long startNs;
    long acceptedNs = -1;
    long failedNs = -1;

    void start(long nowNs, TcpConnection c) {
      connection = c;
      startNs = nowNs;
    }

    boolean resolved() {
      return connection != null && (acceptedNs >= 0 || connection.failure().isPresent());
    }

    void noteFailure(long nowNs) {
      if (connection != null && failedNs < 0 && connection.failure().isPresent()) {
        failedNs = nowNs;
      }
    }

    @Override
    public String toString() {
      if (acceptedNs >= 0) {
        return String.format(Locale.ROOT, "accepted after %.3f s", (acceptedNs - startNs) / 1e9);
      }
      return connection == null ? "not started" : connection.failure().isPresent()
          ? String.format(Locale.ROOT, "gave up (%s) after %.0f s, never accepted",
              connection.failure().get(), (failedNs - startNs) / 1e9)
          : "not accepted within 900 s";
    }
  }

  private static void acceptAll(TcpEndpoint server, TcpListener listener, long nowNs,
      Timed... clients) {
    for (Timed timed : clients) {
      timed.noteFailure(nowNs);
    }
    for (TcpConnection c = server.accept(listener); c != null; c = server.accept(listener)) {
      for (Timed timed : clients) {
        if (timed.connection != null && timed.acceptedNs < 0
            && c.socketPair().remote().equals(timed.connection.socketPair().local())) {
          timed.acceptedNs = nowNs;
        }
      }
    }
  }
}
