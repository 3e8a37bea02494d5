package org.minitransport.tcp.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.testkit.StepHarness;

class ByteStreamTest {

  static byte[] ascii(String s) {
    return s.getBytes(US_ASCII);
  }

  static String text(ByteBuffer view) {
    byte[] copy = new byte[view.remaining()];
    view.duplicate().get(copy);
    return new String(copy, US_ASCII);
  }

  /** Pops everything buffered and returns it as text (peek, pop, repeat). */
  static String drain(ChunkedByteStream stream) {
    StringBuilder out = new StringBuilder();
    while (stream.bytesBuffered() > 0) {
      ByteBuffer front = stream.peek();
      out.append(text(front));
      stream.pop(front.remaining());
    }
    return out.toString();
  }

  @Nested
  class Construction {

    @Test
    void rejectsANonPositiveCapacity() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new ChunkedByteStream(0));
      assertTrue(e.getMessage().contains("capacity 0"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> new ChunkedByteStream(-3));
    }

    @Test
    void startsEmptyOpenAndWithFullCapacity() {
      new StepHarness<>("new stream", new ChunkedByteStream(15))
          .expect("availableCapacity", ChunkedByteStream::availableCapacity, 15)
          .expect("bytesBuffered", ChunkedByteStream::bytesBuffered, 0)
          .expect("bytesPushed", ChunkedByteStream::bytesPushed, 0L)
          .expect("bytesPopped", ChunkedByteStream::bytesPopped, 0L)
          .expect("isClosed", ChunkedByteStream::isClosed, false)
          .expect("isFinished", ChunkedByteStream::isFinished, false)
          .expect("hasError", ChunkedByteStream::hasError, false)
          .expect("peek", s -> text(s.peek()), "");
    }
  }

  @Nested
  class Writer {

    @Test
    void pushTakesOnlyWhatFitsAndSaysHowMuch() {
      new StepHarness<>("push beyond capacity", new ChunkedByteStream(2))
          .expect("push \"cat\" takes", s -> s.push(ascii("cat")), 2)
          .expect("availableCapacity", ChunkedByteStream::availableCapacity, 0)
          .expect("push \"t\" takes", s -> s.push(ascii("t")), 0)
          .expect("bytesPushed", ChunkedByteStream::bytesPushed, 2L)
          .expect("peek", s -> text(s.peek()), "ca")
          .action("pop 1", s -> s.pop(1))
          .expect("push \"tx\" takes", s -> s.push(ascii("tx")), 1)
          .expect("drain", ByteStreamTest::drain, "at");
    }

    @Test
    void pushOfARangeTakesBytesFromTheOffset() {
      ChunkedByteStream stream = new ChunkedByteStream(8);
      assertEquals(3, stream.push(ascii("xxabcxx"), 2, 3));
      assertEquals("abc", drain(stream));
      assertThrows(IndexOutOfBoundsException.class, () -> stream.push(new byte[4], 3, 2));
    }

    @Test
    void pushOfAByteBufferAdvancesItByTheBytesTaken() {
      ChunkedByteStream stream = new ChunkedByteStream(4);
      ByteBuffer src = ByteBuffer.wrap(ascii("abcdef"));
      assertEquals(4, stream.push(src));
      assertEquals(4, src.position());
      stream.pop(3);
      assertEquals(2, stream.push(src));
      assertEquals(6, src.position());
      assertEquals("def", drain(stream));
    }

    @Test
    void pushAfterCloseIsMisuse() {
      ChunkedByteStream stream = new ChunkedByteStream(8);
      stream.push(ascii("hi"));
      stream.close();
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> stream.push(ascii("more")));
      assertTrue(e.getMessage().contains("closed") && e.getMessage().contains("4"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> stream.push(ByteBuffer.wrap(ascii("x"))));
    }

    @Test
    void pushingNothingAfterCloseIsHarmless() {
      ChunkedByteStream stream = new ChunkedByteStream(8);
      stream.close();
      assertEquals(0, stream.push(new byte[0]));
      assertEquals(0, stream.push(ByteBuffer.allocate(0)));
    }

    @Test
    void closeIsIdempotent() {
      ChunkedByteStream stream = new ChunkedByteStream(8);
      stream.close();
      stream.close();
      assertTrue(stream.isFinished());
    }
  }

  @Nested
  class Reader {

    @Test
    void peekShowsTheFrontWithoutConsumingIt() {
      new StepHarness<>("peek", new ChunkedByteStream(8))
          .action("push \"hello\"", s -> s.push(ascii("hello")))
          .expect("peek", s -> text(s.peek()), "hello")
          .expect("peek again", s -> text(s.peek()), "hello")
          .expect("bytesBuffered", ChunkedByteStream::bytesBuffered, 5)
          .action("pop 2", s -> s.pop(2))
          .expect("peek", s -> text(s.peek()), "llo")
          .expect("bytesPopped", ChunkedByteStream::bytesPopped, 2L);
    }

    @Test
    void peekIsReadOnly() {
      ChunkedByteStream stream = new ChunkedByteStream(4);
      stream.push(ascii("ab"));
      assertThrows(ReadOnlyBufferException.class, () -> stream.peek().put((byte) 'z'));
      assertEquals("ab", drain(stream));
    }

    @Test
    void peekStopsWhereAChunkEndsAndShowsTheRestAfterPop() {
      new StepHarness<>("peek across a chunk boundary", new ChunkedByteStream(40, new ChunkPool(16, 4)))
          .action("push 14 bytes", s -> s.push(ascii("abcdefghijklmn")))
          .action("pop 12", s -> s.pop(12))
          .expect("push \"opqr\" takes", s -> s.push(ascii("opqr")), 4)
          .expect("bytesBuffered", ChunkedByteStream::bytesBuffered, 6)
          .expect("peek (front to the end of the chunk)", s -> text(s.peek()), "mnop")
          .action("pop 4", s -> s.pop(4))
          .expect("peek (the next chunk)", s -> text(s.peek()), "qr");
    }

    @Test
    void readCopiesAcrossTheWrapAndPops() {
      ChunkedByteStream stream = new ChunkedByteStream(4);
      stream.push(ascii("abc"));
      stream.pop(3);
      stream.push(ascii("wxyz"));
      byte[] dst = new byte[6];
      assertEquals(4, stream.read(dst, 1, 5));
      assertArrayEquals(new byte[] {0, 'w', 'x', 'y', 'z', 0}, dst);
      assertEquals(0, stream.bytesBuffered());
      assertEquals(7, stream.bytesPopped());
      assertEquals(0, stream.read(dst, 0, 6));
    }

    @Test
    void readIntoAByteBufferStopsWhenItIsFull() {
      ChunkedByteStream stream = new ChunkedByteStream(8);
      stream.push(ascii("abcdef"));
      ByteBuffer dst = ByteBuffer.allocate(4);
      assertEquals(4, stream.read(dst));
      assertEquals("abcd", new String(dst.array(), US_ASCII));
      assertEquals("ef", drain(stream));
    }

    @Test
    void popRejectsMoreThanIsBufferedNamingBothNumbers() {
      ChunkedByteStream stream = new ChunkedByteStream(8);
      stream.push(ascii("abc"));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stream.pop(4));
      assertTrue(e.getMessage().contains("4") && e.getMessage().contains("3"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> stream.pop(-1));
      assertEquals(3, stream.bytesBuffered());
    }

    @Test
    void isFinishedOnlyOnceClosedAndDrained() {
      new StepHarness<>("finish", new ChunkedByteStream(8))
          .action("push \"ab\"", s -> s.push(ascii("ab")))
          .action("close", ChunkedByteStream::close)
          .expect("isClosed", ChunkedByteStream::isClosed, true)
          .expect("isFinished", ChunkedByteStream::isFinished, false)
          .action("pop 1", s -> s.pop(1))
          .expect("isFinished", ChunkedByteStream::isFinished, false)
          .action("pop 1", s -> s.pop(1))
          .expect("isFinished", ChunkedByteStream::isFinished, true)
          .expect("bytesPushed", ChunkedByteStream::bytesPushed, 2L)
          .expect("bytesPopped", ChunkedByteStream::bytesPopped, 2L);
    }
  }

  @Nested
  class Errors {

    @Test
    void errorIsStickyAndKeepsBufferedBytes() {
      new StepHarness<>("error", new ChunkedByteStream(8))
          .action("push \"ab\"", s -> s.push(ascii("ab")))
          .action("setError", ChunkedByteStream::setError)
          .expect("hasError", ChunkedByteStream::hasError, true)
          .expect("bytesBuffered", ChunkedByteStream::bytesBuffered, 2)
          .action("pop 2", s -> s.pop(2))
          .expect("hasError still", ChunkedByteStream::hasError, true);
    }
  }

  @Test
  void carriesFarMoreBytesThanItsCapacityInOrder() {
    ChunkedByteStream stream = new ChunkedByteStream(7);
    byte[] chunk = new byte[5];
    byte[] got = new byte[3];
    long next = 0;
    long expected = 0;
    for (int round = 0; round < 10_000; round++) {
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] = (byte) (next + i);
      }
      next += stream.push(chunk);
      int n = stream.read(got, 0, got.length);
      for (int i = 0; i < n; i++) {
        assertEquals((byte) expected++, got[i]);
      }
    }
    assertEquals(next, stream.bytesPushed());
    assertEquals(expected, stream.bytesPopped());
    assertEquals(next - expected, stream.bytesBuffered());
  }

  @Nested
  class Memory {

    @Test
    void holdsNoMemoryUntilBytesArriveAndGivesItAllBackWhenDrained() {
      ChunkPool pool = new ChunkPool(16, 8);
      ChunkedByteStream stream = new ChunkedByteStream(1000, pool);
      assertEquals(0, stream.allocatedBytes(), "an idle stream costs no buffer memory");
      stream.push(new byte[40]);
      assertEquals(48, stream.allocatedBytes(), "three 16-byte chunks for 40 bytes");
      assertEquals(48, pool.bytesInUse());
      stream.pop(20);
      assertEquals(32, stream.allocatedBytes(), "the first chunk went back once emptied");
      stream.pop(20);
      assertEquals(0, stream.allocatedBytes());
      assertEquals(0, pool.bytesInUse());
      assertEquals(3, pool.idleChunks(), "kept for the next burst");
    }

    @Test
    void growsToTheFullCapacityAndNoFurther() {
      ChunkPool pool = new ChunkPool(16, 0);
      ChunkedByteStream stream = new ChunkedByteStream(100, pool);
      assertEquals(100, stream.push(new byte[500]));
      assertEquals(112, stream.allocatedBytes(), "capacity rounded up to whole chunks");
      stream.pop(15);
      assertEquals(15, stream.push(new byte[500]), "fifteen bytes of room again");
      assertEquals(128, stream.allocatedBytes(), "at most capacity plus one chunk");
      byte[] out = new byte[100];
      assertEquals(100, stream.read(out, 0, 100));
      assertEquals(0, stream.allocatedBytes());
      assertEquals(0, pool.idleChunks(), "a pool that keeps nothing");
    }

    @Test
    void manyStreamsShareOnePoolAndReuseItsChunks() {
      ChunkPool pool = new ChunkPool(16, 2);
      ChunkedByteStream a = new ChunkedByteStream(64, pool);
      ChunkedByteStream b = new ChunkedByteStream(64, pool);
      a.push(ascii("0123456789abcdef-"));
      b.push(ascii("x"));
      assertEquals(48, pool.bytesInUse());
      assertEquals("0123456789abcdef-", drain(a));
      assertEquals(2, pool.idleChunks());
      b.push(ascii("0123456789abcdefghijklmnopqrstuvwxyz"));
      assertEquals(0, pool.idleChunks(), "b took the chunks a gave back");
      assertEquals("x0123456789abcdefghijklmnopqrstuvwxyz", drain(b));
    }
  }
}
