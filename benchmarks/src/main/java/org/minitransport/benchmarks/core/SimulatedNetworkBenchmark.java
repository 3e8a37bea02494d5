package org.minitransport.benchmarks.core;

import java.util.concurrent.TimeUnit;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.time.VirtualClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Packets per second through a {@link SimulatedNetwork} on one thread in virtual time: host A
 * sends a burst of packets to host B over a clean 1 ms link, then the driver advances the clock and
 * delivers them. Each operation is one packet (send + delivery).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SimulatedNetworkBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SimulatedNetworkBenchmark {

  private static final int BURST = 64;
  private static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

  @Param({"64", "1500"})
  public int packetBytes;

  private VirtualClock clock;
  private SimulatedNetwork network;
  private NetworkAttachment hostA;
  private byte[] packet;
  private long received;

  @Setup(Level.Trial)
  public void setUp() {
    clock = new VirtualClock();
    network = new SimulatedNetwork(1, clock, LinkConfig.DEFAULT);
    hostA = network.attach(A, p -> received++);
    network.attach(B, p -> received++);
    packet = minimalIpv4Packet(A, B, packetBytes);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    network.close();
  }

  @Benchmark
  @OperationsPerInvocation(BURST)
  public void sendAndDeliver(Blackhole blackhole) {
    for (int i = 0; i < BURST; i++) {
      hostA.send(packet, 0, packet.length);
      clock.advanceBy(1_000);
    }
    long nextNs = network.nextEventNs();
    clock.advanceTo(Math.max(clock.nanoTime(), nextNs + BURST * 1_000L));
    blackhole.consume(network.deliverDue(clock.nanoTime()));
  }

  /** A version-4, IHL-5 UDP-protocol header with a valid header checksum, zero payload. */
  static byte[] minimalIpv4Packet(Ipv4Address from, Ipv4Address to, int length) {
    byte[] bytes = new byte[length];
    bytes[0] = 0x45;
    bytes[2] = (byte) (length >>> 8);
    bytes[3] = (byte) length;
    bytes[8] = 64;
    bytes[9] = 17;
    from.writeTo(bytes, 12);
    to.writeTo(bytes, 16);
    int sum = 0;
    for (int i = 0; i < 20; i += 2) {
      sum += ((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF);
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    int checksum = ~sum & 0xFFFF;
    bytes[10] = (byte) (checksum >>> 8);
    bytes[11] = (byte) checksum;
    return bytes;
  }
}
