package org.minitransport.benchmarks.core;

import java.util.concurrent.TimeUnit;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Header;
import org.minitransport.core.wire.Ipv4Packet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IPv4 header codec rates: validating and parsing a received 1500-byte packet, and emitting a
 * header (with its checksum). Score: operations per microsecond (×10⁶ = per second).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar Ipv4CodecBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Ipv4CodecBenchmark {

  private final Ipv4Header header = new Ipv4Header(0, 4242, true, 64, IpProtocol.TCP.number(),
      Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"));
  private byte[] packet;
  private byte[] emitBuffer;

  @Setup
  public void build() {
    packet = header.toPacket(new byte[1_480], 0, 1_480);
    emitBuffer = new byte[Ipv4Header.LENGTH];
  }

  /** {@link Ipv4Packet#check} then {@link Ipv4Header#parse}: the receive path. */
  @Benchmark
  public Ipv4Header checkAndParse() throws DecodeException {
    return Ipv4Header.parse(Ipv4Packet.check(packet, 0, packet.length));
  }

  /** {@link Ipv4Packet#check} alone: the view the demux reads fields from. */
  @Benchmark
  public int check() throws DecodeException {
    return Ipv4Packet.check(packet, 0, packet.length).protocol();
  }

  /** {@link Ipv4Header#emit} of a 20-byte header with its checksum: the send path. */
  @Benchmark
  public byte[] emit() {
    header.emit(emitBuffer, 0, 1_480);
    return emitBuffer;
  }
}
