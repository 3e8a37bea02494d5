package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.tcp.internal.ByteStreamTest.ascii;
import static org.minitransport.tcp.internal.ByteStreamTest.drain;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.component.IndexRange;
import org.minitransport.testkit.StepHarness;

class ReassemblerTest {

  private static StepHarness<SortedRunReassembler> script(String title, int capacity) {
    return new StepHarness<>(title, new SortedRunReassembler(new ChunkedByteStream(capacity)));
  }

  private static String insertLabel(long index, String data, boolean last) {
    return "insert \"" + data + "\" @ " + index + (last ? " (last)" : "");
  }

  /** Script steps shared by the scenarios below. */
  private static StepHarness<SortedRunReassembler> insert(
      StepHarness<SortedRunReassembler> s, long index, String data, boolean last) {
    return s.action(insertLabel(index, data, last), r -> r.insert(index, ascii(data), last));
  }

  /** The stream a reassembler under test writes into (the reference stream is its own writer). */
  private static ChunkedByteStream output(SortedRunReassembler r) {
    return (ChunkedByteStream) r.writer();
  }

  private static String read(SortedRunReassembler r) {
    return drain(output(r));
  }

  @Nested
  class InOrder {

    @Test
    void deliversContiguousSubstringsAtOnce() {
      StepHarness<SortedRunReassembler> s = script("in order", 65000);
      insert(s, 0, "abcd", false)
          .expect("bytesPushed", r -> output(r).bytesPushed(), 4L)
          .expect("bytesPending", SortedRunReassembler::bytesPending, 0L);
      insert(s, 4, "efgh", false)
          .expect("read", ReassemblerTest::read, "abcdefgh")
          .expect("isClosed", r -> output(r).isClosed(), false);
    }

    @Test
    void ignoresBytesThatWereAlreadyDelivered() {
      StepHarness<SortedRunReassembler> s = script("old retransmission", 65000);
      insert(s, 0, "abcd", false).expect("read", ReassemblerTest::read, "abcd");
      insert(s, 0, "abcd", false)
          .expect("bytesPushed", r -> output(r).bytesPushed(), 4L)
          .expect("read", ReassemblerTest::read, "");
      insert(s, 2, "cdef", false).expect("read (only the new part)", ReassemblerTest::read, "ef");
    }
  }

  @Nested
  class OutOfOrder {

    @Test
    void holdsALaterSubstringUntilTheGapFills() {
      StepHarness<SortedRunReassembler> s = script("gap", 65000);
      insert(s, 3, "def", false)
          .expect("bytesPushed", r -> output(r).bytesPushed(), 0L)
          .expect("bytesPending", SortedRunReassembler::bytesPending, 3L)
          .expect("pendingRanges", SortedRunReassembler::pendingRanges, List.of(new IndexRange(3, 6)));
      insert(s, 0, "abc", false)
          .expect("bytesPending", SortedRunReassembler::bytesPending, 0L)
          .expect("read", ReassemblerTest::read, "abcdef")
          .expect("pendingRanges", SortedRunReassembler::pendingRanges, List.of());
    }

    @Test
    void countsDuplicatedPendingBytesOnce() {
      StepHarness<SortedRunReassembler> s = script("duplicates", 65000);
      insert(s, 2, "cd", false);
      insert(s, 2, "cd", false).expect("bytesPending", SortedRunReassembler::bytesPending, 2L);
      insert(s, 3, "d", false).expect("bytesPending", SortedRunReassembler::bytesPending, 2L);
      insert(s, 0, "ab", false)
          .expect("read", ReassemblerTest::read, "abcd")
          .expect("bytesPending", SortedRunReassembler::bytesPending, 0L);
    }

    @Test
    void mergesOverlappingSubstringsOnEitherSide() {
      StepHarness<SortedRunReassembler> s = script("overlaps", 65000);
      insert(s, 1, "b", false);
      insert(s, 3, "d", false);
      insert(s, 6, "g", false)
          .expect("bytesPending", SortedRunReassembler::bytesPending, 3L)
          .expect(
              "pendingRanges",
              SortedRunReassembler::pendingRanges,
              List.of(new IndexRange(1, 2), new IndexRange(3, 4), new IndexRange(6, 7)));
      insert(s, 1, "bcdef", false)
          .expect("bytesPending", SortedRunReassembler::bytesPending, 6L)
          .expect("pendingRanges", SortedRunReassembler::pendingRanges, List.of(new IndexRange(1, 7)));
      insert(s, 0, "a", false)
          .expect("read", ReassemblerTest::read, "abcdefg")
          .expect("bytesPending", SortedRunReassembler::bytesPending, 0L);
    }

    @Test
    void anInOrderSubstringThatCoversPendingBytesDeliversEachOnce() {
      StepHarness<SortedRunReassembler> s = script("cover", 65000);
      insert(s, 2, "cd", false);
      insert(s, 7, "hi", false);
      insert(s, 0, "abcdefg", false)
          .expect("bytesPending", SortedRunReassembler::bytesPending, 0L)
          .expect("read", ReassemblerTest::read, "abcdefghi");
    }

    @Test
    void reportsTheMaximalStoredRunsInOrder() {
      SortedRunReassembler r = new SortedRunReassembler(new ChunkedByteStream(100));
      r.insert(10, ascii("kl"), false);
      r.insert(12, ascii("mn"), false);
      r.insert(14, ascii("o"), false);
      r.insert(20, ascii("u"), false);
      assertEquals(List.of(new IndexRange(10, 15), new IndexRange(20, 21)), r.pendingRanges());
    }
  }

  @Nested
  class Window {

    @Test
    void discardsBytesBeyondTheOutputsFreeCapacity() {
      StepHarness<SortedRunReassembler> s = script("capacity 2", 2);
      insert(s, 0, "ab", false).expect("bytesPushed", r -> output(r).bytesPushed(), 2L);
      insert(s, 2, "c", false)
          .expect("bytesPushed (no room)", r -> output(r).bytesPushed(), 2L)
          .expect("bytesPending (discarded)", SortedRunReassembler::bytesPending, 0L)
          .expect("read", ReassemblerTest::read, "ab");
      insert(s, 0, "abc", false)
          .expect("bytesPushed", r -> output(r).bytesPushed(), 3L)
          .expect("read", ReassemblerTest::read, "c");
    }

    @Test
    void storesOutOfOrderBytesOnlyInsideTheWindow() {
      StepHarness<SortedRunReassembler> s = script("capacity 4", 4);
      insert(s, 2, "cdefgh", false)
          .expect("firstUnacceptableIndex", SortedRunReassembler::firstUnacceptableIndex, 4L)
          .expect("bytesPending (c and d only)", SortedRunReassembler::bytesPending, 2L);
      insert(s, 0, "ab", false)
          .expect("read", ReassemblerTest::read, "abcd")
          .expect("firstUnacceptableIndex after the read", SortedRunReassembler::firstUnacceptableIndex, 8L);
      insert(s, 4, "efghij", false).expect("read", ReassemblerTest::read, "efgh");
    }

    @Test
    void theWindowShrinksWhileTheReaderLags() {
      StepHarness<SortedRunReassembler> s = script("lagging reader", 4);
      insert(s, 0, "ab", false)
          .expect("firstUnassembledIndex", SortedRunReassembler::firstUnassembledIndex, 2L)
          .expect("firstUnacceptableIndex", SortedRunReassembler::firstUnacceptableIndex, 4L);
      insert(s, 3, "dxyz", false).expect("bytesPending", SortedRunReassembler::bytesPending, 1L);
      insert(s, 2, "c", false)
          .expect("output is full", r -> output(r).availableCapacity(), 0)
          .expect("read", ReassemblerTest::read, "abcd");
    }
  }

  @Nested
  class End {

    @Test
    void closesWhenTheLastSubstringArrivesInOrder() {
      StepHarness<SortedRunReassembler> s = script("last in order", 65000);
      insert(s, 0, "abc", true)
          .expect("isClosed", r -> output(r).isClosed(), true)
          .expect("read", ReassemblerTest::read, "abc")
          .expect("isFinished", r -> output(r).isFinished(), true);
    }

    @Test
    void waitsForTheGapWhenTheLastSubstringArrivesFirst() {
      StepHarness<SortedRunReassembler> s = script("last first", 65000);
      insert(s, 2, "c", true)
          .expect("isClosed", r -> output(r).isClosed(), false)
          .expect("endIndex", SortedRunReassembler::endIndex, Optional.of(3L));
      insert(s, 1, "b", false).expect("isClosed", r -> output(r).isClosed(), false);
      insert(s, 0, "a", false)
          .expect("isClosed", r -> output(r).isClosed(), true)
          .expect("read", ReassemblerTest::read, "abc");
    }

    @Test
    void anEmptyLastSubstringClosesOnceEverythingBeforeItArrived() {
      StepHarness<SortedRunReassembler> s = script("empty last", 65000);
      insert(s, 0, "ab", false);
      insert(s, 2, "", true).expect("isClosed", r -> output(r).isClosed(), true);
      StepHarness<SortedRunReassembler> early = script("empty last, early", 65000);
      insert(early, 2, "", true).expect("isClosed", r -> output(r).isClosed(), false);
      insert(early, 0, "ab", false).expect("isClosed", r -> output(r).isClosed(), true);
    }

    @Test
    void remembersTheEndEvenWhenTheLastBytesDidNotFit() {
      StepHarness<SortedRunReassembler> s = script("last beyond the window", 2);
      insert(s, 0, "abc", true)
          .expect("isClosed", r -> output(r).isClosed(), false)
          .expect("read", ReassemblerTest::read, "ab");
      insert(s, 2, "c", false)
          .expect("isClosed", r -> output(r).isClosed(), true)
          .expect("read", ReassemblerTest::read, "c")
          .expect("isFinished", r -> output(r).isFinished(), true);
    }

    @Test
    void discardsBytesBeyondTheEndAndKeepsTheFirstEnd() {
      StepHarness<SortedRunReassembler> s = script("bytes past the end", 65000);
      insert(s, 5, "fgh", false).expect("bytesPending", SortedRunReassembler::bytesPending, 3L);
      insert(s, 3, "de", true)
          .expect("bytesPending (f, g, h dropped)", SortedRunReassembler::bytesPending, 2L)
          .expect("endIndex", SortedRunReassembler::endIndex, Optional.of(5L));
      insert(s, 4, "exyz", true)
          .expect("endIndex (first end wins)", SortedRunReassembler::endIndex, Optional.of(5L))
          .expect("bytesPending", SortedRunReassembler::bytesPending, 2L);
      insert(s, 0, "abc", false)
          .expect("read", ReassemblerTest::read, "abcde")
          .expect("isFinished", r -> output(r).isFinished(), true);
    }

    @Test
    void trimsAPendingRunThatStraddlesTheEnd() {
      StepHarness<SortedRunReassembler> s = script("straddling run", 65000);
      insert(s, 2, "cdef", false);
      insert(s, 4, "", true)
          .expect("bytesPending", SortedRunReassembler::bytesPending, 2L)
          .expect("pendingRanges", SortedRunReassembler::pendingRanges, List.of(new IndexRange(2, 4)));
      insert(s, 0, "ab", false)
          .expect("read", ReassemblerTest::read, "abcd")
          .expect("isClosed", r -> output(r).isClosed(), true);
    }
  }

  @Nested
  class Misuse {

    @Test
    void rejectsANegativeIndex() {
      SortedRunReassembler r = new SortedRunReassembler(new ChunkedByteStream(8));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> r.insert(-1, ascii("a"), false));
      assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void rejectsAnIndexWhoseEndOverflows() {
      SortedRunReassembler r = new SortedRunReassembler(new ChunkedByteStream(8));
      assertThrows(
          IllegalArgumentException.class, () -> r.insert(Long.MAX_VALUE, ascii("ab"), false));
    }

    @Test
    void rejectsARangeOutsideTheArray() {
      SortedRunReassembler r = new SortedRunReassembler(new ChunkedByteStream(8));
      assertThrows(IndexOutOfBoundsException.class, () -> r.insert(0, new byte[3], 2, 2, false));
    }
  }

  @Test
  void insertsFromAnOffsetInsideALargerArray() {
    SortedRunReassembler r = new SortedRunReassembler(new ChunkedByteStream(16));
    byte[] segment = ascii("HDRcdeTRL");
    r.insert(2, segment, 3, 3, false);
    r.insert(0, ascii("ab"), false);
    assertEquals("abcde", read(r));
  }
}
