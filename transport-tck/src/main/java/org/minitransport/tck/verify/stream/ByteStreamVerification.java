package org.minitransport.tck.verify.stream;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.ByteStreamFactory;
import org.minitransport.tcp.component.ByteStreamReader;
import org.minitransport.tcp.component.ByteStreamWriter;
import org.minitransport.tck.verify.Rule;
import org.minitransport.tck.verify.RuleExtension;
import org.minitransport.tck.verify.Script;
import org.minitransport.tck.verify.ScriptProperty;

/**
 * The verification suite of a {@link ByteStream} (rules BS-nn), after CS144 Minnow's byte-stream
 * checks: capacity, order, the end mark, misuse and the sticky error, all through the {@link
 * ByteStreamWriter} and {@link ByteStreamReader} views. Subclass it with one method, {@link
 * #factory()}, to check an implementation.
 *
 * <p>A TCP connection owns two such streams: its send buffer and its receive buffer, whose free
 * room is the window it advertises (RFC 9293 §3.8.6), so every rule here is also a rule of the
 * connection built on the stream.
 */
@ExtendWith(RuleExtension.class)
public abstract class ByteStreamVerification {

  /** The implementation under test. */
  protected abstract ByteStreamFactory factory();

  /** A script on a fresh stream of {@code capacity} bytes. */
  Script<ByteStream> stream(String name, int capacity) {
    return Script.of(name + " (capacity " + capacity + ")", factory().create(capacity));
  }

  @Test
  @Rule(id = "BS-01", cites = "contract: ByteStream, ByteStreamFactory",
      hint = "If this fails, check what a new stream reports: capacity() as given, all of it"
          + " available, nothing pushed, popped or buffered, open, not finished, no error")
  void startsEmptyOpenAndWithAllItsCapacityAvailable() {
    stream("a new stream", 15)
        .expect("capacity()", ByteStream::capacity, 15)
        .expect("writer().availableCapacity()", s -> s.writer().availableCapacity(), 15)
        .expect("writer().bytesPushed()", s -> s.writer().bytesPushed(), 0L)
        .expect("reader().bytesPopped()", s -> s.reader().bytesPopped(), 0L)
        .expect("reader().bytesBuffered()", s -> s.reader().bytesBuffered(), 0)
        .expect("reader().peek()", s -> text(s.reader().peek()), "")
        .expect("writer().isClosed()", s -> s.writer().isClosed(), false)
        .expect("reader().isFinished()", s -> s.reader().isFinished(), false)
        .expect("reader().hasError()", s -> s.reader().hasError(), false)
        .expect("writer().hasError()", s -> s.writer().hasError(), false);
  }

  @Test
  @Rule(id = "BS-02", cites = "contract: ByteStreamWriter.push",
      hint = "If this fails, check that push takes min(length, availableCapacity()) bytes, the"
          + " first ones, returns that count, and that availableCapacity() is capacity minus the"
          + " bytes buffered (not minus the bytes ever pushed)")
  void pushTakesOnlyWhatFitsAndSaysHowMuch() {
    Script<ByteStream> s = stream("push beyond the capacity", 3);
    s.expect("push \"cat\" takes", w -> w.writer().push(ascii("cat")), 3)
        .expect("writer().availableCapacity()", w -> w.writer().availableCapacity(), 0)
        .expect("push \"s\" takes", w -> w.writer().push(ascii("s")), 0)
        .expect("writer().bytesPushed()", w -> w.writer().bytesPushed(), 3L)
        .act("reader().pop(2)", w -> w.reader().pop(2))
        .expect("writer().availableCapacity()", w -> w.writer().availableCapacity(), 2)
        .expect("push \"xyz\" takes", w -> w.writer().push(ascii("xyz")), 2)
        .expect("writer().bytesPushed()", w -> w.writer().bytesPushed(), 5L)
        .expect("read everything", ByteStreamVerification::drain, "txy")
        .expect("push of 0 bytes takes", w -> w.writer().push(new byte[0]), 0)
        .expect("writer().bytesPushed()", w -> w.writer().bytesPushed(), 5L);
  }

  @Test
  @Rule(id = "BS-03", cites = "contract: ByteStreamReader (peek, pop)",
      hint = "If this fails, check that peek shows the front bytes without consuming them and"
          + " that pop removes exactly n bytes from the front, freeing n bytes of capacity")
  void peekShowsTheFrontAndPopConsumesIt() {
    stream("peek and pop", 8)
        .act("push \"hello\"", s -> s.writer().push(ascii("hello")))
        .expect("reader().peek() starts with", s -> prefix(s.reader().peek(), 1), "h")
        .expect("reader().peek() again starts with", s -> prefix(s.reader().peek(), 1), "h")
        .expect("reader().bytesBuffered()", s -> s.reader().bytesBuffered(), 5)
        .act("reader().pop(2)", s -> s.reader().pop(2))
        .expect("reader().peek() starts with", s -> prefix(s.reader().peek(), 1), "l")
        .expect("reader().bytesPopped()", s -> s.reader().bytesPopped(), 2L)
        .expect("reader().bytesBuffered()", s -> s.reader().bytesBuffered(), 3)
        .expect("writer().availableCapacity()", s -> s.writer().availableCapacity(), 5)
        .act("reader().pop(0)", s -> s.reader().pop(0))
        .expect("read everything", ByteStreamVerification::drain, "llo")
        .expect("reader().peek() once empty", s -> text(s.reader().peek()), "");
  }

  @Test
  @Rule(id = "BS-04", cites = "contract: ByteStream (one state, two views)",
      hint = "If this fails, check that writer() and reader() always return the same objects and"
          + " share one state: bytesPushed == bytesPopped + bytesBuffered, availableCapacity =="
          + " capacity - bytesBuffered")
  void bothViewsSeeOneState() {
    Script<ByteStream> s = stream("two views", 10);
    s.expectThat("writer() returns the same object twice", b -> b.writer() == b.writer())
        .expectThat("reader() returns the same object twice", b -> b.reader() == b.reader());
    int[][] steps = {{7, 0}, {0, 3}, {6, 0}, {0, 10}, {4, 2}};
    for (int[] step : steps) {
      s.act("push " + step[0] + " bytes", b -> b.writer().push(new byte[step[0]]))
          .act("pop " + Math.min(step[1], 10) + " bytes",
              b -> b.reader().pop(Math.min(step[1], b.reader().bytesBuffered())))
          .expectThat("bytesPushed == bytesPopped + bytesBuffered",
              b -> b.writer().bytesPushed()
                  == b.reader().bytesPopped() + b.reader().bytesBuffered())
          .expectThat("availableCapacity == capacity - bytesBuffered",
              b -> b.writer().availableCapacity() == b.capacity() - b.reader().bytesBuffered());
    }
    s.expect("writer().bytesPushed()", b -> b.writer().bytesPushed(), 17L)
        .expect("reader().bytesPopped()", b -> b.reader().bytesPopped(), 15L);
  }

  @Test
  @Rule(id = "BS-05", cites = "contract: ByteStreamWriter.close; RFC 9293 §3.9.1 (CLOSE)",
      hint = "If this fails, check that close() is idempotent, that a push of bytes after it"
          + " throws IllegalStateException (naming the bytes refused) and that pushing nothing"
          + " after it is harmless")
  void closeEndsTheStreamAndAPushAfterItIsMisuse() {
    stream("close", 8)
        .act("push \"hi\"", s -> s.writer().push(ascii("hi")))
        .act("writer().close()", s -> s.writer().close())
        .expect("writer().isClosed()", s -> s.writer().isClosed(), true)
        .act("writer().close() again", s -> s.writer().close())
        .expect("writer().isClosed()", s -> s.writer().isClosed(), true)
        .expectThrows("push \"more\" after close", IllegalStateException.class,
            s -> s.writer().push(ascii("more")))
        .expect("push of 0 bytes after close takes", s -> s.writer().push(new byte[0]), 0)
        .expect("writer().bytesPushed()", s -> s.writer().bytesPushed(), 2L)
        .expect("read everything", ByteStreamVerification::drain, "hi");
  }

  @Test
  @Rule(id = "BS-06", cites = "contract: ByteStreamReader.isFinished",
      hint = "If this fails, check that isFinished() needs both: the writer closed AND no byte"
          + " left buffered (a reader that stops at isFinished must not lose the tail)")
  void isFinishedOnlyOnceClosedAndDrained() {
    stream("finish", 8)
        .act("push \"ab\"", s -> s.writer().push(ascii("ab")))
        .expect("reader().isFinished() (open)", s -> s.reader().isFinished(), false)
        .act("writer().close()", s -> s.writer().close())
        .expect("reader().isFinished() (closed, 2 bytes buffered)",
            s -> s.reader().isFinished(), false)
        .act("reader().pop(1)", s -> s.reader().pop(1))
        .expect("reader().isFinished() (closed, 1 byte buffered)",
            s -> s.reader().isFinished(), false)
        .act("reader().pop(1)", s -> s.reader().pop(1))
        .expect("reader().isFinished() (closed, drained)", s -> s.reader().isFinished(), true);
    stream("drained but open", 8)
        .act("push \"ab\"", s -> s.writer().push(ascii("ab")))
        .act("reader().pop(2)", s -> s.reader().pop(2))
        .expect("reader().isFinished() (drained, open)", s -> s.reader().isFinished(), false)
        .act("writer().close()", s -> s.writer().close())
        .expect("reader().isFinished()", s -> s.reader().isFinished(), true);
  }

  @Test
  @Rule(id = "BS-07", cites = "contract: ByteStreamReader.pop",
      hint = "If this fails, check that pop(n) with n negative or above bytesBuffered() throws"
          + " IllegalArgumentException naming n, and pops nothing")
  void popOfMoreThanIsBufferedIsMisuseAndLosesNothing() {
    stream("pop misuse", 8)
        .act("push \"abc\"", s -> s.writer().push(ascii("abc")))
        .expectThrows("reader().pop(4)", IllegalArgumentException.class,
            s -> s.reader().pop(4), "4")
        .expectThrows("reader().pop(-1)", IllegalArgumentException.class,
            s -> s.reader().pop(-1), "-1")
        .expect("reader().bytesBuffered()", s -> s.reader().bytesBuffered(), 3)
        .expect("reader().bytesPopped()", s -> s.reader().bytesPopped(), 0L)
        .expect("read everything", ByteStreamVerification::drain, "abc");
  }

  @Test
  @Rule(id = "BS-08", cites = "contract: ByteStreamWriter.setError, ByteStreamReader.setError",
      hint = "If this fails, check that setError() from either view is seen by both, stays set,"
          + " and drops no buffered byte")
  void errorIsStickyVisibleThroughBothViewsAndDropsNothing() {
    stream("error from the writer", 8)
        .act("push \"ab\"", s -> s.writer().push(ascii("ab")))
        .act("writer().setError()", s -> s.writer().setError())
        .expect("writer().hasError()", s -> s.writer().hasError(), true)
        .expect("reader().hasError()", s -> s.reader().hasError(), true)
        .expect("reader().bytesBuffered()", s -> s.reader().bytesBuffered(), 2)
        .expect("read everything", ByteStreamVerification::drain, "ab")
        .expect("reader().hasError() after reading", s -> s.reader().hasError(), true);
    stream("error from the reader", 8)
        .act("reader().setError()", s -> s.reader().setError())
        .expect("writer().hasError()", s -> s.writer().hasError(), true)
        .expect("reader().hasError()", s -> s.reader().hasError(), true);
  }

  @Test
  @Rule(id = "BS-09", cites = "contract: ByteStreamWriter.push(byte[], int, int)",
      hint = "If this fails, check that push(data, offset, length) takes bytes from data[offset]"
          + " on, and that a range outside the array throws IndexOutOfBoundsException")
  void pushOfARangeTakesBytesFromTheOffset() {
    stream("push a range", 8)
        .expect("push \"xxabcxx\" offset 2 length 3 takes",
            s -> s.writer().push(ascii("xxabcxx"), 2, 3), 3)
        .expect("read everything", ByteStreamVerification::drain, "abc")
        .expectThrows("push offset 3 length 2 of a 4-byte array",
            IndexOutOfBoundsException.class, s -> s.writer().push(new byte[4], 3, 2))
        .expect("writer().bytesPushed()", s -> s.writer().bytesPushed(), 3L);
  }

  @Test
  @Rule(id = "BS-10", cites = "contract: ByteStreamReader.peek",
      hint = "If this fails, check that peek() returns a read-only view (asReadOnlyBuffer), so a"
          + " reader cannot change bytes still buffered")
  void peekIsReadOnly() {
    stream("read-only peek", 4)
        .act("push \"ab\"", s -> s.writer().push(ascii("ab")))
        .expect("reader().peek().isReadOnly()", s -> s.reader().peek().isReadOnly(), true)
        .expect("read everything", ByteStreamVerification::drain, "ab");
  }

  @Test
  @Rule(id = "BS-11", cites = "contract: ByteStream (a pipe, not a buffer of its capacity)",
      hint = "If this fails, check that the stream reuses its room: after thousands of pushes and"
          + " pops, far more bytes than the capacity, every byte comes out once, in order")
  void carriesFarMoreBytesThanItsCapacityInOrder() {
    long[] counts = new long[2]; // pushed, popped
    List<String> wrong = new ArrayList<>();
    stream("a long life", 7)
        .act("push 5 bytes and read 3, 5000 times", b -> {
          byte[] chunk = new byte[5];
          byte[] got = new byte[3];
          for (int round = 0; round < 5_000; round++) {
            for (int i = 0; i < chunk.length; i++) {
              chunk[i] = (byte) (counts[0] + i);
            }
            counts[0] += b.writer().push(chunk);
            int n = b.reader().read(got, 0, got.length);
            for (int i = 0; i < n; i++) {
              long index = counts[1]++;
              if (got[i] != (byte) index && wrong.size() < 3) {
                wrong.add("byte #" + index + " was " + got[i] + " in round " + round);
              }
            }
          }
        })
        .expect("bytes read out of order or changed", b -> wrong, List.of())
        .expect("writer().bytesPushed()", b -> b.writer().bytesPushed(), counts[0])
        .expect("reader().bytesPopped()", b -> b.reader().bytesPopped(), counts[1])
        .expect("reader().bytesBuffered()", b -> (long) b.reader().bytesBuffered(),
            counts[0] - counts[1]);
  }

  @Test
  @Rule(id = "BS-12", cites = "contract: ByteStreamReader.read, ByteStreamReader.copyAt",
      hint = "If this fails, check read (copies and pops up to length bytes) and copyAt (copies"
          + " from inside the buffered bytes without popping; the TCP sender retransmits from it)."
          + " A peek() that returns only part of the bytes needs its own copyAt")
  void readPopsWhatItCopiesAndCopyAtPopsNothing() {
    byte[] into = new byte[6];
    stream("read and copyAt", 8)
        .act("push \"abcdef\"", s -> s.writer().push(ascii("abcdef")))
        .act("reader().copyAt(2, into, 1, 3)", s -> s.reader().copyAt(2, into, 1, 3))
        .expect("into[1..4)", s -> new String(into, 1, 3, US_ASCII), "cde")
        .expect("reader().bytesBuffered() after copyAt", s -> s.reader().bytesBuffered(), 6)
        .expectThrows("reader().copyAt(4, into, 0, 3) (past the buffered bytes)",
            IllegalArgumentException.class, s -> s.reader().copyAt(4, into, 0, 3))
        .expect("reader().read(into, 0, 4) copies", s -> s.reader().read(into, 0, 4), 4)
        .expect("into[0..4)", s -> new String(into, 0, 4, US_ASCII), "abcd")
        .expect("reader().bytesPopped()", s -> s.reader().bytesPopped(), 4L)
        .expect("reader().read(into, 0, 6) copies", s -> s.reader().read(into, 0, 6), 2)
        .expect("reader().read(into, 0, 6) when empty copies", s -> s.reader().read(into, 0, 6),
            0);
  }

  @Test
  @Rule(id = "BS-13", cites = "contract: ByteStream, ByteStreamWriter, ByteStreamReader",
      hint = "If this fails, read the shortest failing script: after each push, pop, read, peek"
          + " or close the stream must agree with a bounded first-in first-out queue")
  void agreesWithABoundedQueueOnEveryScript() {
    ScriptProperty.of("pushes, pops, reads, peeks and closes agree with a bounded queue",
            () -> new StreamModelFixture(factory().create(StreamModelFixture.CAPACITY)),
            StreamModelFixture.operations())
        .length(1, 30)
        .examples(300)
        .check();
  }

  static byte[] ascii(String text) {
    return text.getBytes(US_ASCII);
  }

  static String text(ByteBuffer view) {
    ByteBuffer copy = view.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return new String(bytes, US_ASCII);
  }

  private static String prefix(ByteBuffer view, int n) {
    String all = text(view);
    return all.substring(0, Math.min(n, all.length()));
  }

  /**
   * Pops everything buffered and returns it as text (peek, pop, repeat); stops rather than loops
   * if peek shows nothing while bytes are buffered.
   */
  static String drain(ByteStream stream) {
    StringBuilder out = new StringBuilder();
    ByteStreamReader reader = stream.reader();
    while (reader.bytesBuffered() > 0) {
      ByteBuffer front = reader.peek();
      if (!front.hasRemaining()) {
        out.append("<peek() empty with ").append(reader.bytesBuffered())
            .append(" bytes buffered>");
        break;
      }
      int n = front.remaining();
      out.append(text(front));
      reader.pop(n);
    }
    return out.toString();
  }
}
