package org.minitransport.benchmarks.tcp;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.minitransport.tcp.internal.ChunkedByteStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link ChunkedByteStream} throughput: each operation pushes one segment-sized chunk and takes it
 * out again, so bytes per operation = {@code segmentBytes} and Gbit/s = ops/s × segmentBytes × 8 /
 * 10⁹. The ring is 64 KiB and the chunk sizes do not divide it, so copies regularly straddle the
 * wrap.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ByteStreamBenchmark -f 1 -wi 2 -i 3 -w 1s -r
 * 1s</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ByteStreamBenchmark {

  @Param({"1460", "16384"})
  public int segmentBytes;

  private ChunkedByteStream stream;
  private byte[] chunk;
  private byte[] sink;

  @Setup
  public void setUp() {
    stream = new ChunkedByteStream(65_536 + 7);
    chunk = new byte[segmentBytes];
    sink = new byte[segmentBytes];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = (byte) i;
    }
  }

  /** Writer pushes a chunk; reader copies it out with {@code read(byte[], ...)}. */
  @Benchmark
  public int pushThenRead() {
    stream.push(chunk);
    return stream.read(sink, 0, sink.length);
  }

  /** Writer pushes a chunk; reader consumes it zero-copy with {@code peek()} and {@code pop()}. */
  @Benchmark
  public long pushThenPeekAndPop() {
    stream.push(chunk);
    long sum = 0;
    while (stream.bytesBuffered() > 0) {
      ByteBuffer front = stream.peek();
      sum += front.get(front.remaining() - 1);
      stream.pop(front.remaining());
    }
    return sum;
  }
}
