package org.minitransport.tck.verify.receiver;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.BitSet;
import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.TcpReceiver;
import org.minitransport.tcp.component.TcpReceiverMessage;
import org.minitransport.tcp.component.TcpSenderMessage;
import org.minitransport.tck.verify.Operation;
import org.minitransport.tck.verify.Script;
import org.quicktheories.core.Gen;

/**
 * The fixture of {@code RECV-17} and {@code RECV-19}: a receiver under test beside a model of RFC 9293's receiving
 * rules, and the operations a generated script is made of: the peer's SYN (with some data), data
 * segments anywhere in a {@link #LENGTH}-byte stream (in any order, repeated, straddling the
 * window, with the FIN when they reach the end), reads, and {@code send()}.
 *
 * <p>The ISN lies {@code 16} below 2^32, so every script that gets going crosses the wrap. The
 * model keeps the stored indices in a set (the window is [bytesPushed, bytesRead + capacity))
 * and the last right edge sent, and checks {@code send()}: ackno = ISN + 1 + bytes assembled (+ 1
 * for an assembled FIN), the window never more than the free room and the right edge never moving
 * left; with {@code predictsWindow} also the window exactly: the right edge stays where it was
 * until the free room would move it by min(capacity / 2, MSS) or more (RFC 9293 §3.8.6.2.2), then
 * offers all the free room.
 */
final class ReceptionModelFixture {

  static final long ISN = (1L << 32) - 16;
  static final int LENGTH = 40;
  static final int CAPACITY = 12;
  static final int MSS = 4;
  /** The SWS threshold: min(capacity / 2, MSS). */
  static final int THRESHOLD = Math.min(CAPACITY / 2, MSS);

  final ByteStream stream;
  final TcpReceiver receiver;
  private final SeqNum isn = SeqNum.ofUnsigned(ISN);
  private final BitSet stored = new BitSet();
  private boolean synSeen;
  private long pushed;
  private long popped;
  private long end = -1;
  /** The absolute right edge last sent, or -1 before the first send() with an ackno. */
  private long lastEdge = -1;
  private final boolean predictsWindow;

  /**
   * @param predictsWindow whether send()'s window must be exactly RFC 9293's SWS-avoiding one
   *     (RECV-19); otherwise any window that never moves the right edge left and never offers
   *     more than the free room will do (RECV-17)
   */
  ReceptionModelFixture(ByteStream stream, TcpReceiver receiver, boolean predictsWindow) {
    this.stream = stream;
    this.receiver = receiver;
    this.predictsWindow = predictsWindow;
  }

  /** The generator of operations. */
  static Gen<Operation<ReceptionModelFixture>> operations() {
    return integers().between(0, 9).zip(integers().between(0, LENGTH - 1),
        integers().between(0, CAPACITY + 2), integers().between(0, 1),
        ReceptionModelFixture::operation);
  }

  private static Operation<ReceptionModelFixture> operation(
      int kind, int first, int length, int flag) {
    return switch (kind) {
      case 0 -> {
        int len = Math.min(length, 3);
        yield named("SYN with " + len + " bytes", s -> s.subject().syn(s, len));
      }
      case 1, 2, 3, 4 -> {
        int len = Math.min(length, LENGTH - first);
        boolean fin = first + len == LENGTH && flag == 1;
        yield named("segment [" + first + ", " + (first + len) + ")" + (fin ? " FIN" : ""),
            s -> s.subject().segment(s, first, len, fin));
      }
      case 5, 6 -> named("read up to " + length + " bytes", s -> s.subject().read(s, length));
      default -> named("send()", s -> s.subject().send(s));
    };
  }

  private static String text(long first, int len) {
    StringBuilder out = new StringBuilder(len);
    for (long i = first; i < first + len; i++) {
      out.append((char) ('a' + i % 26));
    }
    return out.toString();
  }

  private void syn(Script<ReceptionModelFixture> s, int len) {
    String data = text(0, len);
    s.act("receive seqno " + isn + " SYN" + (len > 0 ? " \"" + data + "\"" : ""),
        f -> f.receiver.receive(new TcpSenderMessage(isn, true, data.getBytes(US_ASCII), false)));
    synSeen = true;
    insert(0, len, false);
    check(s);
  }

  private void segment(Script<ReceptionModelFixture> s, int first, int len, boolean fin) {
    String data = text(first, len);
    SeqNum seqno = isn.plus(1 + first);
    s.act("receive seqno ISN+" + (1 + first) + " (" + seqno + ")"
            + (len > 0 ? " \"" + data + "\"" : "") + (fin ? " FIN" : ""),
        f -> f.receiver.receive(new TcpSenderMessage(seqno, false, data.getBytes(US_ASCII), fin)));
    if (synSeen) {
      insert(first, len, fin);
    }
    check(s);
  }

  private void insert(long first, int len, boolean fin) {
    long firstUnacceptable = popped + CAPACITY;
    for (long i = Math.max(first, pushed); i < Math.min(first + len, firstUnacceptable); i++) {
      stored.set((int) i);
    }
    if (fin) {
      end = first + len;
    }
    while (stored.get((int) pushed)) {
      stored.clear((int) pushed);
      pushed++;
    }
  }

  private boolean finAssembled() {
    return end >= 0 && pushed == end;
  }

  private void read(Script<ReceptionModelFixture> s, int amount) {
    long n = Math.min(amount, pushed - popped);
    String expected = text(popped, (int) n);
    byte[] into = new byte[amount];
    s.expect("read up to " + amount + " bytes",
        f -> new String(into, 0, f.stream.reader().read(into, 0, amount), US_ASCII), expected);
    popped += n;
    check(s);
  }

  private void send(Script<ReceptionModelFixture> s) {
    TcpReceiverMessage m = s.get("send()", f -> f.receiver.send());
    if (!synSeen) {
      s.expect("ackno before the SYN", f -> m.ackno(), java.util.Optional.empty());
      return;
    }
    long rcvNxt = 1 + pushed + (finAssembled() ? 1 : 0);
    long free = CAPACITY - (pushed - popped);
    long candidate = rcvNxt + free;
    s.expect("ackno", f -> m.ackno().map(a -> "ISN+" + Integer.toUnsignedLong(a.minus(isn)))
        .orElse("none"), "ISN+" + rcvNxt);
    long edge = rcvNxt + m.windowBytes();
    if (lastEdge >= 0) {
      long before = lastEdge;
      s.expectThat("the right edge " + edge + " is not left of the last one sent, " + before,
          f -> edge >= before);
    }
    s.expectThat("window " + m.windowBytes() + " is at most the free room " + free,
        f -> m.windowBytes() <= free);
    if (!predictsWindow) {
      lastEdge = Math.max(lastEdge, edge);
      return;
    }
    if (lastEdge < 0 || candidate - lastEdge >= THRESHOLD) {
      s.expect("window (the free room: the SWS threshold " + THRESHOLD + " is reached)",
          f -> m.windowBytes(), free);
    } else if (lastEdge >= rcvNxt) {
      s.expect("window (held back: the free room would move the edge by "
          + (candidate - lastEdge) + " < " + THRESHOLD + ")", f -> m.windowBytes(),
          lastEdge - rcvNxt);
    }
    lastEdge = Math.max(lastEdge, edge);
  }

  private void check(Script<ReceptionModelFixture> s) {
    long expectPushed = pushed;
    boolean closed = finAssembled();
    s.expect("bytes assembled, FIN assembled",
        f -> java.util.List.of(f.stream.writer().bytesPushed(), f.stream.writer().isClosed()),
        java.util.List.of(expectPushed, closed));
  }

  private static Operation<ReceptionModelFixture> named(
      String name, Operation<ReceptionModelFixture> op) {
    return new Operation<>() {
      @Override
      public void run(Script<ReceptionModelFixture> script) {
        op.run(script);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
