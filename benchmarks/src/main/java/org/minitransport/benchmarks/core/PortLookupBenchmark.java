package org.minitransport.benchmarks.core;

import java.net.BindException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.address.SocketPair;
import org.minitransport.core.port.PortBinding;
import org.minitransport.core.port.PortState;
import org.minitransport.core.port.HashedPortTable;
import org.minitransport.core.port.PortTable;
import org.minitransport.core.port.PortTableConfig;
import org.minitransport.core.wire.IpProtocol;
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
 * Demultiplexing cost of {@link PortTable#lookup(int, int, int, int)} with {@code bindings}
 * entries: mostly accepted connections on a few listener ports of four local addresses, plus
 * listeners (wildcard and specific). Each invocation looks up the next of a pre-built, shuffled
 * set of segments: 3/4 hit a connection exactly, 1/8 fall through to a listener (new SYNs), 1/8
 * match nothing. Reported as average time per lookup.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PortLookupBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PortLookupBenchmark {

  private static final int LISTENER_PORTS = 64;
  private static final int PROBES = 1 << 16;

  @Param({"100000"})
  public int bindings;

  private PortTable<Integer> table;
  private final int[] localAddresses = new int[PROBES];
  private final int[] localPorts = new int[PROBES];
  private final int[] remoteAddresses = new int[PROBES];
  private final int[] remotePorts = new int[PROBES];
  private int next;

  @Setup
  public void fill() throws BindException {
    SplittableRandom random = new SplittableRandom(20_240_601L);
    table =
        new HashedPortTable<>(
            IpProtocol.TCP,
            PortTableConfig.builder().privileged(true).secretFrom(random).build());
    int[] locals = new int[4];
    for (int i = 0; i < locals.length; i++) {
      locals[i] = Ipv4Address.of(10, 0, 0, i + 1).bits();
    }
    int owner = 0;
    for (int p = 0; p < LISTENER_PORTS; p++) {
      int port = 1000 + p;
      if (p % 2 == 0) {
        table.bind(new Endpoint(Ipv4Address.ANY, port), owner++).setState(PortState.LISTEN);
      } else {
        for (int local : locals) {
          table.bind(new Endpoint(new Ipv4Address(local), port), owner++)
              .setState(PortState.LISTEN);
        }
      }
    }
    int[][] connections = new int[bindings][];
    int connected = 0;
    while (table.size() < bindings) {
      int local = locals[random.nextInt(locals.length)];
      int port = 1000 + random.nextInt(LISTENER_PORTS);
      int remote = 0xC6120000 | random.nextInt(1 << 16); // 198.18.0.0/15, benchmarking space
      int remotePort = 1024 + random.nextInt(64_512);
      try {
        PortBinding<Integer> binding =
            table.bindConnected(
                new SocketPair(
                    new Endpoint(new Ipv4Address(local), port),
                    new Endpoint(new Ipv4Address(remote), remotePort)),
                owner++);
        connections[connected++] = new int[] {local, port, remote, remotePort};
        binding.setState(PortState.ESTABLISHED);
      } catch (BindException duplicatePair) {
        // drawn twice; draw again
      }
    }
    for (int i = 0; i < PROBES; i++) {
      int kind = random.nextInt(8);
      if (kind < 6) {
        int[] c = connections[random.nextInt(connected)];
        set(i, c[0], c[1], c[2], c[3]);
      } else if (kind == 6) {
        set(i, locals[random.nextInt(4)], 1000 + random.nextInt(LISTENER_PORTS),
            0xC6130000 | random.nextInt(1 << 16), 1024 + random.nextInt(64_512));
      } else {
        set(i, locals[random.nextInt(4)], 5000 + random.nextInt(1000),
            0xC6130000 | random.nextInt(1 << 16), 1024 + random.nextInt(64_512));
      }
    }
  }

  private void set(int i, int localAddress, int localPort, int remoteAddress, int remotePort) {
    localAddresses[i] = localAddress;
    localPorts[i] = localPort;
    remoteAddresses[i] = remoteAddress;
    remotePorts[i] = remotePort;
  }

  @Benchmark
  public PortBinding<Integer> lookup() {
    int i = next;
    next = (i + 1) & (PROBES - 1);
    return table.lookup(localAddresses[i], localPorts[i], remoteAddresses[i], remotePorts[i]);
  }
}
