package org.minitransport.tck.verify.reassembler;

import static org.quicktheories.generators.SourceDSL.integers;

import java.util.BitSet;
import java.util.List;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.Reassembler;
import org.minitransport.tck.verify.Operation;
import org.minitransport.tck.verify.Script;
import org.quicktheories.core.Gen;

/**
 * The fixture of {@code REASM-16}: a reassembler under test beside a model of the contract, and
 * the operations a generated script is made of. The stream being reassembled is {@link #LENGTH}
 * bytes whose values depend on their index, so a byte delivered at the wrong place shows; the
 * operations insert any substring of it (in any order, overlapping, repeated, past the window,
 * marked last when it reaches the end) and read from the output.
 *
 * <p>The model keeps the stored indices in a set: an insert stores each index inside the window
 * [bytesPushed, bytesPushed + availableCapacity) not yet pushed, then pushes the run that starts
 * at bytesPushed; the writer closes once the end is known and reached.
 */
final class ReassemblyModelFixture {

  /** Length of the stream being reassembled. */
  static final int LENGTH = 30;
  /** Capacity of the output: well below the stream, so the window matters. */
  static final int CAPACITY = 8;

  final ByteStream stream;
  final Reassembler reassembler;
  private final BitSet stored = new BitSet();
  private long pushed;
  private long popped;
  private long end = -1;

  ReassemblyModelFixture(ByteStream stream, Reassembler reassembler) {
    this.stream = stream;
    this.reassembler = reassembler;
  }

  /** The generator of operations. */
  static Gen<Operation<ReassemblyModelFixture>> operations() {
    return integers().between(0, 4).zip(integers().between(0, LENGTH - 1),
        integers().between(0, CAPACITY + 3), integers().between(0, 1),
        ReassemblyModelFixture::operation);
  }

  static byte byteAt(long index) {
    return (byte) ('a' + index % 26);
  }

  private static Operation<ReassemblyModelFixture> operation(
      int kind, int first, int length, int flag) {
    if (kind == 4) {
      int n = length;
      return named("read up to " + n + " bytes", s -> s.subject().read(s, n));
    }
    int len = Math.min(length, LENGTH - first);
    boolean last = first + len == LENGTH && flag == 1;
    return named("insert [" + first + ", " + (first + len) + ")" + (last ? " (last)" : ""),
        s -> s.subject().insert(s, first, len, last));
  }

  private void insert(Script<ReassemblyModelFixture> s, int first, int len, boolean last) {
    byte[] data = new byte[len];
    for (int i = 0; i < len; i++) {
      data[i] = byteAt(first + i);
    }
    s.act("insert \"" + new String(data, java.nio.charset.StandardCharsets.US_ASCII) + "\" @ "
        + first + (last ? " (last)" : ""), f -> f.reassembler.insert(first, data, last));
    long firstUnacceptable = popped + CAPACITY;
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
        f -> new String(into, 0, f.stream.reader().read(into, 0, amount),
            java.nio.charset.StandardCharsets.US_ASCII), expected.toString());
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
