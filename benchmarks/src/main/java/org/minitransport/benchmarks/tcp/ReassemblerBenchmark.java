package org.minitransport.benchmarks.tcp;

import java.util.concurrent.TimeUnit;
import org.minitransport.tcp.internal.ChunkedByteStream;
import org.minitransport.tcp.internal.SortedRunReassembler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link SortedRunReassembler} throughput over a 1 MiB receive buffer that the reader drains after
 * every operation.
 *
 * <ul>
 *   <li>{@code inOrder}: one segment per operation at the next index (the common case); bytes per
 *       operation = {@code segmentBytes}.
 *   <li>{@code swappedPairs}: segment k+1 then segment k per operation, so every other segment is
 *       stored and then delivered (the out-of-order path); bytes per operation = 2 × {@code
 *       segmentBytes}.
 * </ul>
 *
 * <p>Gbit/s = ops/s × bytes per op × 8 / 10⁹.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ReassemblerBenchmark -f 1 -wi 2 -i 3 -w 1s -r
 * 1s</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReassemblerBenchmark {

  @Param({"1000", "1460"})
  public int segmentBytes;

  private SortedRunReassembler reassembler;
  private ChunkedByteStream output;
  private byte[] segment;
  private long nextIndex;

  @Setup
  public void setUp() {
    output = new ChunkedByteStream(1 << 20);
    reassembler = new SortedRunReassembler(output);
    segment = new byte[segmentBytes];
    for (int i = 0; i < segment.length; i++) {
      segment[i] = (byte) i;
    }
    nextIndex = 0;
  }

  @Benchmark
  public long inOrder() {
    reassembler.insert(nextIndex, segment, 0, segment.length, false);
    nextIndex += segment.length;
    output.pop(output.bytesBuffered());
    return output.bytesPopped();
  }

  @Benchmark
  public long swappedPairs() {
    reassembler.insert(nextIndex + segment.length, segment, 0, segment.length, false);
    reassembler.insert(nextIndex, segment, 0, segment.length, false);
    nextIndex += 2L * segment.length;
    output.pop(output.bytesBuffered());
    return output.bytesPopped();
  }
}
