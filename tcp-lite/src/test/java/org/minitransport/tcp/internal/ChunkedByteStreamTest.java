package org.minitransport.tcp.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.testkit.StepHarness;

/**
 * What only the reference stream has: its constructor, its {@link ByteBuffer} API, its chunks
 * and their memory. The ByteStream contract itself (capacity, order, close, misuse, error) is
 * checked through the interface by transport-tck's {@code ByteStreamVerification} (rules BS-nn),
 * which {@code ChunkedByteStreamVerificationTest} runs against this class.
 */
class ChunkedByteStreamTest {

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

  @Test
  void rejectsANonPositiveCapacity() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ChunkedByteStream(0));
    assertTrue(e.getMessage().contains("capacity 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ChunkedByteStream(-3));
  }

  @Nested
  class ByteBuffers {

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
    void pushOfAByteBufferAfterCloseIsMisuse() {
      ChunkedByteStream stream = new ChunkedByteStream(8);
      stream.close();
      assertThrows(IllegalStateException.class, () -> stream.push(ByteBuffer.wrap(ascii("x"))));
      assertEquals(0, stream.push(ByteBuffer.allocate(0)));
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
  }

  @Test
  void peekStopsWhereAChunkEndsAndShowsTheRestAfterPop() {
    new StepHarness<>("peek across a chunk boundary",
            new ChunkedByteStream(40, new ChunkPool(16, 4)))
        .action("push 14 bytes", s -> s.push(ascii("abcdefghijklmn")))
        .action("pop 12", s -> s.pop(12))
        .expect("push \"opqr\" takes", s -> s.push(ascii("opqr")), 4)
        .expect("bytesBuffered", ChunkedByteStream::bytesBuffered, 6)
        .expect("peek (front to the end of the chunk)", s -> text(s.peek()), "mnop")
        .action("pop 4", s -> s.pop(4))
        .expect("peek (the next chunk)", s -> text(s.peek()), "qr");
  }

  @Test
  void copyAtReachesPastWhatPeekShows() {
    ChunkedByteStream stream = new ChunkedByteStream(40, new ChunkPool(16, 4));
    stream.push(ascii("abcdefghijklmnopqrstu"));
    byte[] into = new byte[6];
    stream.copyAt(13, into, 0, 6);
    assertEquals("nopqrs", new String(into, US_ASCII));
    assertEquals(21, stream.bytesBuffered());
  }

  @Test
  void copyAtBeyondTheBufferedBytesNamesTheRange() {
    ChunkedByteStream stream = new ChunkedByteStream(40);
    stream.push(ascii("abcdef"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> stream.copyAt(3, new byte[8], 0, 5));
    assertTrue(e.getMessage().contains("[3, 8) of 6 buffered"), e.getMessage());
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
