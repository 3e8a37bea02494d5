package org.minitransport.benchmarks.tcp;

import java.net.BindException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.TcpEndpoint;
import org.minitransport.tcp.TcpListener;
import org.minitransport.tcp.TcpState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full-sized data segment through both hosts' engines, as the socket path moves it but without
 * threads, sockets or clocks: the client application writes one segment's worth of bytes, the
 * client's host emits the segment into an IPv4 packet, the packet is copied into a fresh array (as
 * the UDP network's receive loop copies each datagram out of its socket buffer), the server's host
 * validates it (IPv4 header checksum, TCP pseudo-header checksum, options) and its connection
 * puts the payload into the receive buffer, the server application reads it out, and the ACKs that
 * provokes (one per two segments) go back the same way. Virtual time advances 10 µs per segment.
 *
 * <p>The figure to compare across commits is {@code gc.alloc.rate.norm} (bytes allocated per
 * segment), which does not depend on the machine's load; throughput is segments per second, so
 * payload bytes per second = ops/s × {@code payloadBytes} (printed at setup):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SegmentPathBenchmark -prof gc -f 3 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class SegmentPathBenchmark {

  private static final Ipv4Address CLIENT = Ipv4Address.of(10, 0, 0, 1);
  private static final Ipv4Address SERVER = Ipv4Address.of(10, 0, 0, 2);
  private static final int PORT = 5001;
  private static final long STEP_NS = 10_000;

  /** The hosts' MTU: Ethernet's, and the large one of the socket-path table. */
  @Param({"1500", "65000"})
  public int mtu;

  private Host clientHost;
  private Host serverHost;
  private TcpEndpoint clientTcp;
  private TcpEndpoint serverTcp;
  private TcpConnection client;
  private TcpConnection server;
  private byte[] data;
  private byte[] sink;
  private long nowNs;

  @Setup
  public void connect() throws BindException {
    TcpConfig config = TcpConfig.builder()
        .sendBufferBytes(1 << 20).receiveBufferBytes(1 << 20).build();
    sink = new byte[1 << 20];
    clientHost = new Host(HostConfig.builder(CLIENT).mtu(mtu).build());
    serverHost = new Host(HostConfig.builder(SERVER).mtu(mtu).build());
    clientTcp = TcpEndpoint.install(clientHost, config, 1, 2);
    serverTcp = TcpEndpoint.install(serverHost, config, 3, 4);
    TcpListener listener = serverTcp.listen(new Endpoint(Ipv4Address.ANY, PORT), 4, false);
    client = clientTcp.connect(nowNs, null, new Endpoint(SERVER, PORT), null);
    for (int i = 0; i < 10 && client.state() != TcpState.ESTABLISHED; i++) {
      exchange();
    }
    server = serverTcp.accept(listener);
    if (server == null || client.state() != TcpState.ESTABLISHED) {
      throw new IllegalStateException("no connection after the handshake: " + client);
    }
    // One segment's payload: the MSS less the options every data segment carries (timestamps).
    data = new byte[client.sendMss()];
    Arrays.fill(data, (byte) 0x5A);
    client.write(nowNs, data, 0, data.length);
    clientTcp.flush(nowNs, client);
    byte[] first = clientHost.pollTransmit();
    int tcpHeaderBytes = ((first[20 + 12] & 0xFF) >>> 4) * 4;
    int payloadBytes = first.length - 20 - tcpHeaderBytes;
    serverHost.handlePacket(nowNs, first);
    exchange();
    data = Arrays.copyOf(data, payloadBytes);
    System.out.printf("%nSegmentPathBenchmark: MTU %d, %d payload bytes per segment%n", mtu,
        payloadBytes);
  }

  /** One full-sized segment from client to server, and whatever it provokes back. */
  @Benchmark
  public int oneSegment() {
    nowNs += STEP_NS;
    client.write(nowNs, data, 0, data.length);
    clientTcp.flush(nowNs, client);
    return exchange();
  }

  /** Delivers packets both ways until none is left; the server reads everything it gets. */
  private int exchange() {
    int read = 0;
    int moved;
    do {
      moved = deliver(clientHost, serverHost);
      if (server != null) {
        for (int n; (n = server.read(nowNs, sink, 0, sink.length)) > 0; ) {
          read += n;
        }
        serverTcp.flush(nowNs, server);
      }
      moved += deliver(serverHost, clientHost);
      moved += timeouts(clientHost) + timeouts(serverHost);
    } while (moved > 0);
    return read;
  }

  private int deliver(Host from, Host to) {
    int packets = 0;
    for (byte[] packet; (packet = from.pollTransmit()) != null; packets++) {
      // The UDP network's receive loop hands each datagram on as a fresh array.
      to.handlePacket(nowNs, Arrays.copyOf(packet, packet.length));
    }
    return packets;
  }

  private int timeouts(Host host) {
    if (host.pollTimeoutNs() > nowNs) {
      return 0;
    }
    host.handleTimeout(nowNs);
    return host.hasTransmit() ? 1 : 0;
  }
}
