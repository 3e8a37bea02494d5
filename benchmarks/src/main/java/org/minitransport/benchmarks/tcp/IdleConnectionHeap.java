package org.minitransport.benchmarks.tcp;

import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * Heap per tcp-lite connection that holds no data, in virtual time on one thread (so only the
 * engine's own objects are counted, not threads or sockets): {@code N} connections that have
 * exchanged a 100-byte request and reply and gone idle, then {@code N} half-open connections
 * (SYN-RECEIVED, from spoofed SYNs). Each figure is the post-GC heap growth divided by the
 * connection ends it holds.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * org.minitransport.benchmarks.tcp.IdleConnectionHeap [connections=1000] [bufferBytes=262144]}
 * (the default buffers are tcp-lite's default send and receive buffers, 256 KiB each).
 */
public final class IdleConnectionHeap {

  private static final Ipv4Address CLIENT = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address SERVER = Ipv4Address.parse("10.0.0.2");
  private static final int PORT = 5001;

  private IdleConnectionHeap() {}

  public static void main(String[] args) throws BindException {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int buffers = args.length > 1 ? Integer.parseInt(args[1]) : 256 * 1024;
    TcpConfig config = TcpConfig.builder().sendBufferBytes(buffers).receiveBufferBytes(buffers)
        .build();
    try (Simulation simulation = SimulationHarness.builder().seed(1)
        .defaultLink(LinkConfig.builder().delayNs(1_000_000).build())
        .host(CLIENT).host(SERVER).maxSteps(Long.MAX_VALUE / 2).build()) {
      SimulationDriver sim = simulation.driver();
      Host clientHost = simulation.host(CLIENT);
      Host serverHost = simulation.host(SERVER);
      TcpEndpoint client = TcpEndpoint.install(clientHost, config, 1, 2);
      TcpEndpoint server = TcpEndpoint.install(serverHost, config, 3, 4);
      TcpListener listener = server.listen(new Endpoint(Ipv4Address.ANY, PORT), count, false);
      TcpListener halfOpenListener = server.listen(new Endpoint(Ipv4Address.ANY, PORT + 1), count,
          false);
      long before = VirtualHeap.usedAfterGc();

      List<TcpConnection> clients = new ArrayList<>(count);
      List<TcpConnection> accepted = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        clients.add(client.connect(sim.nowNs(), null, new Endpoint(SERVER, PORT), null));
      }
      sim.runUntil(() -> {
        for (TcpConnection c = server.accept(listener); c != null; c = server.accept(listener)) {
          accepted.add(c);
        }
        return accepted.size() == count;
      });
      byte[] message = new byte[100];
      byte[] sink = new byte[100];
      for (TcpConnection c : clients) {
        c.write(sim.nowNs(), message, 0, message.length);
        client.flush(sim.nowNs(), c);
      }
      sim.runFor(100_000_000L);
      for (TcpConnection c : accepted) {
        c.read(sim.nowNs(), sink, 0, sink.length);
        c.write(sim.nowNs(), message, 0, message.length);
        server.flush(sim.nowNs(), c);
      }
      sim.runFor(100_000_000L);
      for (TcpConnection c : clients) {
        c.read(sim.nowNs(), sink, 0, sink.length);
        client.flush(sim.nowNs(), c);
      }
      sim.runFor(1_000_000_000L); // delayed ACKs and window updates go out; all is quiet
      long idle = VirtualHeap.usedAfterGc();

      for (int i = 0; i < count; i++) {
        serverHost.handlePacket(sim.nowNs(), spoofedSyn(i));
      }
      long halfOpen = VirtualHeap.usedAfterGc();
      if (halfOpenListener.halfOpenConnections() != count) {
        throw new IllegalStateException(
            "expected " + count + " half-open, got " + halfOpenListener.halfOpenConnections());
      }

      System.out.printf(Locale.ROOT, "tcp-lite heap per connection end, %d connections,"
          + " %d-byte send and receive buffers (virtual time, one thread)%n", count, buffers);
      System.out.printf(Locale.ROOT, "  idle (after a 100-byte request and reply): %.1f KiB%n",
          (idle - before) / 1024.0 / (2.0 * count));
      System.out.printf(Locale.ROOT, "  half-open (SYN-RECEIVED):                  %.1f KiB%n",
          (halfOpen - idle) / 1024.0 / count);
      System.out.printf(Locale.ROOT, "  (%d + %d connections still referenced)%n",
          clients.size() + accepted.size(), server.connections().size());
    }
  }

  /** A SYN from a spoofed source with a different port each time, straight into the host. */
  private static byte[] spoofedSyn(int i) {
    return SpoofedPackets.syn(new Ipv4Address(0x0A09_0000 | (1 + i / 60_000)),
        1024 + i % 60_000, SERVER, PORT + 1, i * 1000L);
  }
}
