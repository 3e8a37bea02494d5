package org.minitransport.tck.verify.stream;

import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tck.verify.Operation;
import org.minitransport.tck.verify.Script;
import org.quicktheories.core.Gen;

/**
 * The fixture of {@code BS-13}: a stream under test beside its model, a bounded first-in
 * first-out queue, and the operations a generated script is made of (push, pop, read, peek,
 * copyAt, close). Byte values count up, so a lost, repeated or reordered byte shows. Every
 * operation states what the model expects after it.
 */
final class StreamModelFixture {

  /** Small, so that scripts fill the stream often. */
  static final int CAPACITY = 11;

  final ByteStream stream;
  private final ArrayDeque<Byte> model = new ArrayDeque<>();
  private long pushed;
  private long popped;
  private boolean closed;

  StreamModelFixture(ByteStream stream) {
    this.stream = stream;
  }

  /** The generator of operations. */
  static Gen<Operation<StreamModelFixture>> operations() {
    return integers().between(0, 9).zip(integers().between(0, 2 * CAPACITY + 1),
        integers().between(0, CAPACITY), StreamModelFixture::operation);
  }

  private static Operation<StreamModelFixture> operation(int kind, int amount, int from) {
    return switch (kind) {
      case 0, 1, 2 -> named("push " + amount + " bytes", s -> s.subject().push(s, amount));
      case 3, 4 -> named("pop up to " + amount + " bytes", s -> s.subject().pop(s, amount));
      case 5 -> named("read up to " + amount + " bytes", s -> s.subject().read(s, amount));
      case 6 -> named("peek", s -> s.subject().peek(s));
      case 7 -> named("copyAt " + from + ", up to " + amount + " bytes",
          s -> s.subject().copyAt(s, from, amount));
      case 8 -> named("close", s -> s.subject().close(s));
      default -> named("read all", s -> s.subject().read(s, 2 * CAPACITY));
    };
  }

  private void push(Script<StreamModelFixture> s, int amount) {
    byte[] data = new byte[amount];
    for (int i = 0; i < amount; i++) {
      data[i] = (byte) (pushed + i);
    }
    if (closed && amount > 0) {
      s.expectThrows("push " + amount + " bytes after close", IllegalStateException.class,
          f -> f.stream.writer().push(data));
      return;
    }
    int fits = Math.min(amount, CAPACITY - model.size());
    s.expect("push " + amount + " bytes takes", f -> f.stream.writer().push(data), fits);
    for (int i = 0; i < fits; i++) {
      model.addLast(data[i]);
    }
    pushed += fits;
    checkCounters(s);
  }

  private void pop(Script<StreamModelFixture> s, int amount) {
    int n = Math.min(amount, model.size());
    s.act("reader().pop(" + n + ")", f -> f.stream.reader().pop(n));
    for (int i = 0; i < n; i++) {
      model.removeFirst();
    }
    popped += n;
    checkCounters(s);
  }

  private void read(Script<StreamModelFixture> s, int amount) {
    byte[] into = new byte[amount];
    int n = Math.min(amount, model.size());
    s.expect("reader().read(" + amount + ") copies", f -> f.stream.reader().read(into, 0, amount),
        n);
    List<Byte> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      expected.add(model.removeFirst());
    }
    s.expect("the bytes read", f -> bytes(into, n), expected);
    popped += n;
    checkCounters(s);
  }

  private void peek(Script<StreamModelFixture> s) {
    ByteBuffer front = s.get("reader().peek()", f -> describe(f.stream.reader().peek()));
    int n = front.remaining();
    s.expectThat("peek shows at least one byte iff any is buffered",
        f -> model.isEmpty() ? n == 0 : n >= 1 && n <= model.size());
    List<Byte> expected = new ArrayList<>(model).subList(0, Math.min(n, model.size()));
    s.expect("the bytes peeked", f -> bytes(front), expected);
    checkCounters(s);
  }

  private void copyAt(Script<StreamModelFixture> s, int from, int amount) {
    int start = Math.min(from, model.size());
    int n = Math.min(amount, model.size() - start);
    byte[] into = new byte[n];
    s.act("reader().copyAt(" + start + ", " + n + " bytes)",
        f -> f.stream.reader().copyAt(start, into, 0, n));
    s.expect("the bytes copied", f -> bytes(into, n),
        new ArrayList<>(model).subList(start, start + n));
    checkCounters(s);
  }

  private void close(Script<StreamModelFixture> s) {
    s.act("writer().close()", f -> f.stream.writer().close());
    closed = true;
    checkCounters(s);
  }

  private void checkCounters(Script<StreamModelFixture> s) {
    long expectPushed = pushed;
    long expectPopped = popped;
    int buffered = model.size();
    boolean finished = closed && model.isEmpty();
    s.expect("bytesPushed, bytesPopped, bytesBuffered, availableCapacity, isFinished",
        f -> List.of(f.stream.writer().bytesPushed(), f.stream.reader().bytesPopped(),
            (long) f.stream.reader().bytesBuffered(),
            (long) f.stream.writer().availableCapacity(), f.stream.reader().isFinished()),
        List.of(expectPushed, expectPopped, (long) buffered, (long) (CAPACITY - buffered),
            finished));
  }

  private static ByteBuffer describe(ByteBuffer view) {
    return view.duplicate();
  }

  private static List<Byte> bytes(byte[] from, int n) {
    List<Byte> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(from[i]);
    }
    return out;
  }

  private static List<Byte> bytes(ByteBuffer view) {
    ByteBuffer copy = view.duplicate();
    List<Byte> out = new ArrayList<>(copy.remaining());
    while (copy.hasRemaining()) {
      out.add(copy.get());
    }
    return out;
  }

  private static Operation<StreamModelFixture> named(
      String name, Operation<StreamModelFixture> op) {
    return new Operation<>() {
      @Override
      public void run(Script<StreamModelFixture> script) {
        op.run(script);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
