package org.minitransport.benchmarks.tcp;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.tcp.wire.SackBlock;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpPacket;
import org.minitransport.tcp.wire.TcpSegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of the TCP segment codec on two typical segments: a full-sized data segment (1460
 * bytes of payload with timestamps, 1512 bytes in all) and a pure ACK carrying timestamps and three
 * SACK blocks (60 bytes, the largest header). "parse" is {@code TcpPacket.check} (lengths and the
 * pseudo-header checksum) plus {@code TcpSegment.parse} (options and a payload copy); "check" is
 * the zero-copy view alone; "emit" writes into a reused buffer, checksum included.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SegmentCodecBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SegmentCodecBenchmark {

  private static final Ipv4Address SOURCE = Ipv4Address.of(10, 0, 0, 1);
  private static final Ipv4Address DESTINATION = Ipv4Address.of(10, 0, 0, 2);

  private TcpSegment dataSegment;
  private TcpSegment sackAck;
  private byte[] dataBytes;
  private byte[] sackAckBytes;
  private byte[] out;

  @Setup
  public void setUp() {
    byte[] payload = new byte[1460];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31);
    }
    dataSegment = new TcpSegment(
        new TcpHeader(40000, 8080, 0xFFFF_0000L, 123_456_789L,
            TcpFlags.of(TcpFlags.PSH | TcpFlags.ACK), 502, 0,
            TcpOptions.NONE.withTimestamps(1_000_000, 2_000_000)),
        payload);
    sackAck = new TcpSegment(
        new TcpHeader(8080, 40000, 123_456_789L, 0xFFFF_0000L, TcpFlags.of(TcpFlags.ACK), 235, 0,
            TcpOptions.NONE.withTimestamps(2_000_001, 1_000_000).withSackBlocks(List.of(
                new SackBlock(0xFFFF_2000L, 0xFFFF_3000L),
                new SackBlock(0xFFFF_4000L, 0xFFFF_5000L),
                new SackBlock(0xFFFF_6000L, 0xFFFF_7000L)))));
    dataBytes = dataSegment.emit(SOURCE, DESTINATION);
    sackAckBytes = sackAck.emit(DESTINATION, SOURCE);
    out = new byte[2048];
  }

  @Benchmark
  public TcpSegment parseDataSegment() throws DecodeException {
    return TcpSegment.parse(TcpPacket.check(dataBytes, 0, dataBytes.length, SOURCE, DESTINATION));
  }

  @Benchmark
  public TcpSegment parseSackAck() throws DecodeException {
    return TcpSegment.parse(
        TcpPacket.check(sackAckBytes, 0, sackAckBytes.length, DESTINATION, SOURCE));
  }

  @Benchmark
  public TcpPacket checkDataSegment() throws DecodeException {
    return TcpPacket.check(dataBytes, 0, dataBytes.length, SOURCE, DESTINATION);
  }

  @Benchmark
  public int emitDataSegment() {
    return dataSegment.emit(out, 0, SOURCE, DESTINATION);
  }

  @Benchmark
  public int emitSackAck() {
    return sackAck.emit(out, 0, DESTINATION, SOURCE);
  }
}
