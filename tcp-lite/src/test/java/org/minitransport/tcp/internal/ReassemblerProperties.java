package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.component.IndexRange;

/**
 * The SortedRunReassembler against a model that is too simple to be wrong: a boolean per stream index
 * saying "held" (stored or delivered), the window rule applied at each insert, and delivery of the
 * longest held prefix. Random substrings of a random stream arrive in random order, overlapping
 * and repeated, with random reads in between.
 */
class ReassemblerProperties {

  /**
   * Each scenario runs until the stream is finished (every eighth insert retransmits from the first
   * unassembled byte, so it always ends) and checks after every step: bytesPushed, bytesPending and
   * pendingRanges equal the model's, every byte read is the stream's byte at that index, the output
   * closes exactly when the end is known and reached, and it finishes exactly when also drained.
   */
  @Test
  void deliversExactlyWhatTheModelSaysAndNeverAWrongByte() {
    qt().withExamples(400)
        .forAll(longs().all(), integers().between(0, 400), integers().between(1, 64))
        .checkAssert(ReassemblerProperties::runScenario);
  }

  @Test
  void holdsForLongStreamsAndLargeCapacities() {
    qt().withExamples(200)
        .forAll(longs().all(), integers().between(0, 2000), integers().between(1, 300))
        .checkAssert(ReassemblerProperties::runScenario);
  }

  private static void runScenario(long seed, int length, int capacity) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] stream = new byte[length];
    for (int i = 0; i < length; i++) {
      stream[i] = (byte) random.nextInt(256);
    }
    ChunkedByteStream output = new ChunkedByteStream(capacity);
    SortedRunReassembler reassembler = new SortedRunReassembler(output);
    Model model = new Model(length, capacity);
    List<Byte> received = new ArrayList<>();

    int steps = 0;
    while (received.size() < length || !model.endKnown) {
      steps++;
      if (steps > 20_000) {
        throw new AssertionError("no progress after 20000 steps: " + reassembler);
      }
      boolean retransmitNext = random.nextInt(8) == 0;
      int first = retransmitNext ? (int) model.delivered : random.nextInt(length + 1);
      int maxLen = Math.max(1, Math.min(length - first, 2 * capacity));
      int len = first == length ? 0 : 1 + random.nextInt(maxLen);
      len = Math.min(len, length - first);
      boolean last = first + len == length;
      int padding = random.nextInt(3);
      byte[] data = new byte[padding + len + 1];
      System.arraycopy(stream, first, data, padding, len);

      reassembler.insert(first, data, padding, len, last);
      model.insert(first, len, last, output.bytesPopped());

      assertEquals(model.delivered, output.bytesPushed(), "bytesPushed");
      assertEquals(model.pendingCount(), reassembler.bytesPending(), "bytesPending");
      assertEquals(model.pendingRanges(), reassembler.pendingRanges(), "pendingRanges");
      assertEquals(model.endKnown && model.delivered == length, output.isClosed(), "isClosed");
      assertTrue(
          reassembler.bytesPending() + output.bytesBuffered() <= capacity,
          "stored plus buffered bytes exceed the capacity");

      if (random.nextInt(3) == 0) {
        byte[] dst = new byte[1 + random.nextInt(capacity + 1)];
        int n = output.read(dst, 0, dst.length);
        for (int i = 0; i < n; i++) {
          assertEquals(stream[received.size()], dst[i], "byte at index " + received.size());
          received.add(dst[i]);
        }
      }
      assertEquals(
          model.endKnown && received.size() == length, output.isFinished(), "isFinished");
    }
    assertTrue(output.isFinished());
  }

  /** The reference: one flag per index. */
  private static final class Model {
    final boolean[] held;
    final int length;
    final int capacity;
    long delivered;
    boolean endKnown;

    Model(int length, int capacity) {
      this.held = new boolean[length];
      this.length = length;
      this.capacity = capacity;
    }

    void insert(int first, int len, boolean last, long popped) {
      endKnown |= last;
      long windowEnd = popped + capacity;
      for (int i = first; i < first + len; i++) {
        if (i >= delivered && i < windowEnd) {
          held[i] = true;
        }
      }
      while (delivered < length && held[(int) delivered]) {
        delivered++;
      }
    }

    long pendingCount() {
      long n = 0;
      for (long i = delivered; i < length; i++) {
        n += held[(int) i] ? 1 : 0;
      }
      return n;
    }

    List<IndexRange> pendingRanges() {
      List<IndexRange> ranges = new ArrayList<>();
      int i = (int) delivered;
      while (i < length) {
        if (!held[i]) {
          i++;
          continue;
        }
        int start = i;
        while (i < length && held[i]) {
          i++;
        }
        ranges.add(new IndexRange(start, i));
      }
      return ranges;
    }
  }
}
