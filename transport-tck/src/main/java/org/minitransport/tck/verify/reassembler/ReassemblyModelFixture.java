package org.minitransport.tck.verify.reassembler;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.IndexRange;
import org.minitransport.tcp.component.Reassembler;
import org.minitransport.tck.verify.Operation;
import org.minitransport.tck.verify.Script;
import org.quicktheories.core.Gen;

/**
 * The fixture of {@code REASM-16} and {@code REASM-17}: a reassembler under test beside a model
 * of the contract, and the operations a generated script is made of. The stream being reassembled
 * has a fixed length and bytes whose values depend on their index, so a byte delivered at the
 * wrong place shows; the operations insert any substring of it (in any order, overlapping,
 * repeated, past the window, marked last when it reaches the end, some through the ranged insert
 * from inside a larger array), retransmit from the first unassembled byte, and read.
 *
 * <p>The model keeps the stored indices in a set: an insert stores each index inside the window
 * [bytesPushed, bytesRead + capacity) not yet pushed, then pushes the run that starts at
 * bytesPushed; the writer closes once the end is known and reached. Once the reassembler reports
 * any {@code pendingRanges()} (the optional SACK support), they must always be the model's runs.
 */
final class ReassemblyModelFixture {

  final ByteStream stream;
  final Reassembler reassembler;
  private final int length;
  private final int capacity;
  private final BitSet stored = new BitSet();
  private long pushed;
  private long popped;
  private long end = -1;
  private boolean reportsRanges;

  ReassemblyModelFixture(int length, int capacity, ByteStream stream, Reassembler reassembler) {
    this.length = length;
    this.capacity = capacity;
    this.stream = stream;
    this.reassembler = reassembler;
  }

  /** The generator of operations on a stream of {@code length} bytes, window {@code capacity}. */
  static Gen<Operation<ReassemblyModelFixture>> operations(int length, int capacity) {
    return integers().between(0, 6).zip(integers().between(0, length - 1),
        integers().between(0, capacity + 3), integers().between(0, 2),
        (kind, first, len, flag) -> operation(length, kind, first, len, flag));
  }

  static byte byteAt(long index) {
    return (byte) ('a' + index % 26);
  }

  private static Operation<ReassemblyModelFixture> operation(
      int streamLength, int kind, int first, int length, int flag) {
    if (kind == 5) {
      return named("read up to " + length + " bytes", s -> s.subject().read(s, length));
    }
    if (kind == 6) {
      return named("retransmit " + length + " bytes from the first unassembled",
          s -> s.subject().insert(s, (int) s.subject().pushed, length, flag));
    }
    return named("insert [" + first + ", " + Math.min(first + length, streamLength) + ")"
        + (flag == 1 ? " (last if it reaches the end)" : "")
        + (flag == 2 ? " (ranged)" : ""), s -> s.subject().insert(s, first, length, flag));
  }

  /** Inserts [first, first + len) clipped to the stream; flag 1: last at the end, 2: ranged. */
  private void insert(Script<ReassemblyModelFixture> s, int first, int wanted, int flag) {
    int len = Math.max(0, Math.min(wanted, length - first));
    boolean last = first + len == length && flag == 1;
    byte[] data = new byte[len];
    for (int i = 0; i < len; i++) {
      data[i] = byteAt(first + i);
    }
    String label = "insert \"" + new String(data, US_ASCII) + "\" @ " + first
        + (last ? " (last)" : "");
    if (flag == 2) {
      byte[] padded = new byte[len + 3];
      System.arraycopy(data, 0, padded, 2, len);
      s.act(label + " from inside a larger array",
          f -> f.reassembler.insert(first, padded, 2, len, false));
    } else {
      s.act(label, f -> f.reassembler.insert(first, data, last));
    }
    long firstUnacceptable = popped + capacity;
    for (long i = Math.max(first, pushed); i < Math.min(first + len, firstUnacceptable); i++) {
      stored.set((int) i);
    }
    if (last) {
      end = first + len;
    }
    while (stored.get((int) pushed)) {
      stored.clear((int) pushed);
      pushed++;
    }
    check(s);
  }

  private void read(Script<ReassemblyModelFixture> s, int amount) {
    long n = Math.min(amount, pushed - popped);
    StringBuilder expected = new StringBuilder();
    for (long i = popped; i < popped + n; i++) {
      expected.append((char) byteAt(i));
    }
    byte[] into = new byte[amount];
    s.expect("read up to " + amount + " bytes",
        f -> new String(into, 0, f.stream.reader().read(into, 0, amount), US_ASCII),
        expected.toString());
    popped += n;
    check(s);
  }

  private void check(Script<ReassemblyModelFixture> s) {
    long expectPushed = pushed;
    long expectPending = stored.cardinality();
    boolean closed = end >= 0 && pushed == end;
    s.expect("bytesPushed, bytesPending, isClosed",
        f -> List.of(f.stream.writer().bytesPushed(), f.reassembler.bytesPending(),
            f.stream.writer().isClosed()),
        List.of(expectPushed, expectPending, closed));
    reportsRanges |= !reassembler.pendingRanges().isEmpty();
    if (reportsRanges) {
      s.expect("pendingRanges()", f -> f.reassembler.pendingRanges(), runs());
    }
  }

  /** The model's stored runs, ascending and maximal. */
  private List<IndexRange> runs() {
    List<IndexRange> runs = new ArrayList<>();
    int from = stored.nextSetBit(0);
    while (from >= 0) {
      int to = stored.nextClearBit(from);
      runs.add(new IndexRange(from, to));
      from = stored.nextSetBit(to);
    }
    return runs;
  }

  private static Operation<ReassemblyModelFixture> named(
      String name, Operation<ReassemblyModelFixture> op) {
    return new Operation<>() {
      @Override
      public void run(Script<ReassemblyModelFixture> script) {
        op.run(script);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
