package org.minitransport.benchmarks.core;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.minitransport.core.wire.InternetChecksum;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the RFC 1071 Internet checksum ({@link InternetChecksum#compute}). Each
 * benchmark declares one operation per byte and reports per nanosecond, so the score reads
 * directly as bytes/ns = GB/s.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ChecksumBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChecksumBenchmark {

  private static final int MTU = 1_500;
  private static final int LARGE = 65_536;
  private static final int LARGE_SEGMENT = 64_980;

  private byte[] mtuPacket;
  private byte[] largeBuffer;

  @Setup
  public void fill() {
    SplittableRandom random = new SplittableRandom(42);
    mtuPacket = new byte[MTU];
    largeBuffer = new byte[LARGE];
    for (int i = 0; i < LARGE; i++) {
      largeBuffer[i] = (byte) random.nextInt();
    }
    System.arraycopy(largeBuffer, 0, mtuPacket, 0, MTU);
  }

  /** A full Ethernet-MTU packet. Score: GB/s. */
  @Benchmark
  @OperationsPerInvocation(MTU)
  public int checksum1500Bytes() {
    return InternetChecksum.compute(mtuPacket, 0, MTU);
  }

  /** A 64 KiB buffer, the largest IPv4 packet size class. Score: GB/s. */
  @Benchmark
  @OperationsPerInvocation(LARGE)
  public int checksum64KiB() {
    return InternetChecksum.compute(largeBuffer, 0, LARGE);
  }

  /**
   * A TCP segment in a 65,000-byte IPv4 packet (the socket path's large MTU), 64,980 bytes from
   * an even offset as a receiver sums it. Score: GB/s.
   */
  @Benchmark
  @OperationsPerInvocation(LARGE_SEGMENT)
  public int checksumSegmentOfMtu65000() {
    return InternetChecksum.compute(largeBuffer, 20, LARGE_SEGMENT);
  }

  /** 1500 bytes starting at an odd offset, the unaligned case. Score: GB/s. */
  @Benchmark
  @OperationsPerInvocation(MTU - 1)
  public int checksum1499BytesAtOddOffset() {
    return InternetChecksum.compute(mtuPacket, 1, MTU - 1);
  }
}
