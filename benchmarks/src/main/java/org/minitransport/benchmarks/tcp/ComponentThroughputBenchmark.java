package org.minitransport.benchmarks.tcp;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.ByteStreamFactory;
import org.minitransport.tcp.component.ByteStreamReader;
import org.minitransport.tcp.component.ByteStreamWriter;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.Reassembler;
import org.minitransport.tcp.component.ReassemblerFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Byte stream and reassembler throughput through the component interfaces ({@link
 * ByteStreamFactory}, {@link ReassemblerFactory}), so that a student's class (labs 1 and 2,
 * {@code docs/labs/}) is measured the same way as the reference, side by side in one run: put its
 * classes on the class path and name its factory in a parameter, next to {@code reference}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar:../lab2/target/classes org.openjdk.jmh.Main \
 *   ComponentThroughputBenchmark -p reassembler=reference,lab.StudentReassemblerFactory \
 *   -f 1 -wi 2 -i 5 -w 1s -r 1s
 * </pre>
 *
 * <p>Each operation moves {@code segmentBytes} (the swapped-pairs case twice that), so Gbit/s =
 * ops/s × bytes per operation × 8 / 10⁹. The reassembler writes into the reference byte stream,
 * which its reader drains after every operation, so only the reassembler differs between rows.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ComponentThroughputBenchmark {

  /** The factory a parameter names: {@code reference}, or a class with a no-argument constructor. */
  static <F> F factory(String name, Class<F> type, F reference) {
    if (name.equals("reference")) {
      return reference;
    }
    try {
      return type.cast(Class.forName(name).getConstructor().newInstance());
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException("cannot make a " + type.getSimpleName() + " from " + name
          + " (a public class with a public no-argument constructor, on the class path): " + e,
          e);
    }
  }

  /** A byte stream of 64 KiB + 7 (so that chunk-sized copies straddle its internal edges). */
  @State(Scope.Thread)
  public static class Stream {

    @Param({"reference"})
    public String byteStream;

    @Param({"1460"})
    public int segmentBytes;

    ByteStreamWriter writer;
    ByteStreamReader reader;
    byte[] chunk;
    byte[] sink;

    @Setup
    public void setUp() {
      ByteStreamFactory factory = factory(byteStream, ByteStreamFactory.class,
          ComponentFactories.reference().byteStream());
      ByteStream stream = factory.create(65_536 + 7);
      writer = stream.writer();
      reader = stream.reader();
      chunk = new byte[segmentBytes];
      sink = new byte[segmentBytes];
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] = (byte) i;
      }
    }
  }

  /** A reassembler over a 1 MiB reference byte stream. */
  @State(Scope.Thread)
  public static class Reassembly {

    @Param({"reference"})
    public String reassembler;

    @Param({"1460"})
    public int segmentBytes;

    Reassembler target;
    ByteStreamReader output;
    byte[] segment;
    long nextIndex;

    @Setup
    public void setUp() {
      ComponentFactories reference = ComponentFactories.reference();
      ReassemblerFactory factory =
          factory(reassembler, ReassemblerFactory.class, reference.reassembler());
      ByteStream stream = reference.byteStream().create(1 << 20);
      target = factory.create(stream.writer());
      output = stream.reader();
      segment = new byte[segmentBytes];
      for (int i = 0; i < segment.length; i++) {
        segment[i] = (byte) i;
      }
      nextIndex = 0;
    }
  }

  /** Push a segment, copy it out with {@code read}. */
  @Benchmark
  public int byteStreamPushThenRead(Stream s) {
    s.writer.push(s.chunk, 0, s.chunk.length);
    return s.reader.read(s.sink, 0, s.sink.length);
  }

  /** Push a segment, consume it zero-copy with {@code peek} and {@code pop}. */
  @Benchmark
  public long byteStreamPushThenPeekAndPop(Stream s) {
    s.writer.push(s.chunk, 0, s.chunk.length);
    long sum = 0;
    while (s.reader.bytesBuffered() > 0) {
      ByteBuffer front = s.reader.peek();
      sum += front.get(front.remaining() - 1);
      s.reader.pop(front.remaining());
    }
    return sum;
  }

  /** One segment at the next index: the common case. */
  @Benchmark
  public long reassemblerInOrder(Reassembly r) {
    r.target.insert(r.nextIndex, r.segment, 0, r.segment.length, false);
    r.nextIndex += r.segment.length;
    r.output.pop(r.output.bytesBuffered());
    return r.output.bytesPopped();
  }

  /** Segment k+1, then segment k: every other segment is stored, then delivered. */
  @Benchmark
  public long reassemblerSwappedPairs(Reassembly r) {
    r.target.insert(r.nextIndex + r.segment.length, r.segment, 0, r.segment.length, false);
    r.target.insert(r.nextIndex, r.segment, 0, r.segment.length, false);
    r.nextIndex += 2L * r.segment.length;
    r.output.pop(r.output.bytesBuffered());
    return r.output.bytesPopped();
  }
}
