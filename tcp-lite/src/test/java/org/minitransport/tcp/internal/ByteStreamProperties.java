package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/**
 * ChunkedByteStream against a model: an unbounded {@code ArrayDeque<Byte>} plus the capacity rule.
 * The stream borrows 16-byte chunks, so pushes and reads cross chunk boundaries all the time, and
 * its memory is checked too: whole chunks for what it buffers, none when it is empty.
 */
class ByteStreamProperties {

  @Test
  void behavesLikeABoundedQueueUnderRandomPushPopPeekAndRead() {
    qt().withExamples(300)
        .forAll(
            integers().between(1, 40),
            lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 200))
        .checkAssert(
            (capacity, ops) -> {
              ChunkPool pool = new ChunkPool(16, 2);
              ChunkedByteStream stream = new ChunkedByteStream(capacity, pool);
              ArrayDeque<Byte> model = new ArrayDeque<>();
              long pushed = 0;
              long popped = 0;
              for (int op : ops) {
                int amount = (op >>> 3) % (2 * capacity + 2);
                switch (op & 7) {
                  case 0, 1 -> {
                    byte[] src = new byte[amount];
                    for (int i = 0; i < amount; i++) {
                      src[i] = (byte) (pushed + i);
                    }
                    int taken = stream.push(src);
                    assertEquals(Math.min(amount, capacity - model.size()), taken);
                    for (int i = 0; i < taken; i++) {
                      model.addLast(src[i]);
                    }
                    pushed += taken;
                  }
                  case 2 -> {
                    ByteBuffer src = ByteBuffer.allocate(amount);
                    for (int i = 0; i < amount; i++) {
                      src.put(i, (byte) (pushed + i));
                    }
                    int taken = stream.push(src);
                    assertEquals(taken, src.position());
                    for (int i = 0; i < taken; i++) {
                      model.addLast(src.get(i));
                    }
                    pushed += taken;
                  }
                  case 3 -> {
                    int n = Math.min(amount, model.size());
                    stream.pop(n);
                    for (int i = 0; i < n; i++) {
                      model.removeFirst();
                    }
                    popped += n;
                  }
                  case 4 -> {
                    byte[] dst = new byte[amount + 2];
                    int n = stream.read(dst, 1, amount);
                    assertEquals(Math.min(amount, model.size()), n);
                    for (int i = 0; i < n; i++) {
                      assertEquals(model.removeFirst(), dst[1 + i]);
                    }
                    popped += n;
                  }
                  case 5 -> {
                    ByteBuffer dst = ByteBuffer.allocate(amount);
                    int n = stream.read(dst);
                    assertEquals(Math.min(amount, model.size()), n);
                    for (int i = 0; i < n; i++) {
                      assertEquals(model.removeFirst(), dst.get(i));
                    }
                    popped += n;
                  }
                  case 6 -> {
                    int from = model.isEmpty() ? 0 : (op >>> 9) % (model.size() + 1);
                    int len = Math.min(amount, model.size() - from);
                    byte[] dst = new byte[len];
                    stream.copyAt(from, dst, 0, len);
                    Iterator<Byte> expected = model.iterator();
                    for (int i = 0; i < from; i++) {
                      expected.next();
                    }
                    for (int i = 0; i < len; i++) {
                      assertEquals(expected.next(), dst[i]);
                    }
                  }
                  default -> {
                    ByteBuffer front = stream.peek();
                    assertEquals(model.isEmpty(), front.remaining() == 0);
                    Iterator<Byte> expected = model.iterator();
                    while (front.hasRemaining()) {
                      assertEquals(expected.next(), front.get());
                    }
                  }
                }
                assertEquals(model.size(), stream.bytesBuffered());
                assertEquals(capacity - model.size(), stream.availableCapacity());
                assertEquals(pushed, stream.bytesPushed());
                assertEquals(popped, stream.bytesPopped());
                long chunks = stream.allocatedBytes() / 16;
                assertEquals(stream.allocatedBytes(), pool.bytesInUse());
                assertEquals(model.isEmpty(), chunks == 0, "memory iff bytes are buffered");
                assertEquals(true, chunks <= (capacity + 15) / 16 + 1, "at most capacity + 1 chunk");
                assertEquals(true, chunks * 16 < model.size() + 32, "no more than it needs");
              }
              stream.close();
              assertEquals(model.isEmpty(), stream.isFinished());
              byte[] rest = new byte[capacity];
              int n = stream.read(rest, 0, capacity);
              for (int i = 0; i < n; i++) {
                assertEquals(model.removeFirst(), rest[i]);
              }
              assertEquals(true, stream.isFinished());
            });
  }
}
