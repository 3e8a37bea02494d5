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
import org.minitransport.testkit.StepHarness;

class ReassemblerTest {

  private static StepHarness<Reassembler> script(String title, int capacity) {
    return new StepHarness<>(title, new Reassembler(new ByteStream(capacity)));
  }

  private static String insertLabel(long index, String data, boolean last) {
    return "insert \"" + data + "\" @ " + index + (last ? " (last)" : "");
  }

  /** Script steps shared by the scenarios below. */
  private static StepHarness<Reassembler> insert(
      StepHarness<Reassembler> s, long index, String data, boolean last) {
    return s.action(insertLabel(index, data, last), r -> r.insert(index, ascii(data), last));
  }

  private static String read(Reassembler r) {
    return drain(r.output());
  }

  @Nested
  class InOrder {

    @Test
    void deliversContiguousSubstringsAtOnce() {
      StepHarness<Reassembler> s = script("in order", 65000);
      insert(s, 0, "abcd", false)
          .expect("bytesPushed", r -> r.output().bytesPushed(), 4L)
          .expect("bytesPending", Reassembler::bytesPending, 0L);
      insert(s, 4, "efgh", false)
          .expect("read", ReassemblerTest::read, "abcdefgh")
          .expect("isClosed", r -> r.output().isClosed(), false);
    }

    @Test
    void ignoresBytesThatWereAlreadyDelivered() {
      StepHarness<Reassembler> s = script("old retransmission", 65000);
      insert(s, 0, "abcd", false).expect("read", ReassemblerTest::read, "abcd");
      insert(s, 0, "abcd", false)
          .expect("bytesPushed", r -> r.output().bytesPushed(), 4L)
          .expect("read", ReassemblerTest::read, "");
      insert(s, 2, "cdef", false).expect("read (only the new part)", ReassemblerTest::read, "ef");
    }
  }

  @Nested
  class OutOfOrder {

    @Test
    void holdsALaterSubstringUntilTheGapFills() {
      StepHarness<Reassembler> s = script("gap", 65000);
      insert(s, 3, "def", false)
          .expect("bytesPushed", r -> r.output().bytesPushed(), 0L)
          .expect("bytesPending", Reassembler::bytesPending, 3L)
          .expect("pendingRanges", Reassembler::pendingRanges, List.of(new ByteRange(3, 6)));
      insert(s, 0, "abc", false)
          .expect("bytesPending", Reassembler::bytesPending, 0L)
          .expect("read", ReassemblerTest::read, "abcdef")
          .expect("pendingRanges", Reassembler::pendingRanges, List.of());
    }

    @Test
    void countsDuplicatedPendingBytesOnce() {
      StepHarness<Reassembler> s = script("duplicates", 65000);
      insert(s, 2, "cd", false);
      insert(s, 2, "cd", false).expect("bytesPending", Reassembler::bytesPending, 2L);
      insert(s, 3, "d", false).expect("bytesPending", Reassembler::bytesPending, 2L);
      insert(s, 0, "ab", false)
          .expect("read", ReassemblerTest::read, "abcd")
          .expect("bytesPending", Reassembler::bytesPending, 0L);
    }

    @Test
    void mergesOverlappingSubstringsOnEitherSide() {
      StepHarness<Reassembler> s = script("overlaps", 65000);
      insert(s, 1, "b", false);
      insert(s, 3, "d", false);
      insert(s, 6, "g", false)
          .expect("bytesPending", Reassembler::bytesPending, 3L)
          .expect(
              "pendingRanges",
              Reassembler::pendingRanges,
              List.of(new ByteRange(1, 2), new ByteRange(3, 4), new ByteRange(6, 7)));
      insert(s, 1, "bcdef", false)
          .expect("bytesPending", Reassembler::bytesPending, 6L)
          .expect("pendingRanges", Reassembler::pendingRanges, List.of(new ByteRange(1, 7)));
      insert(s, 0, "a", false)
          .expect("read", ReassemblerTest::read, "abcdefg")
          .expect("bytesPending", Reassembler::bytesPending, 0L);
    }

    @Test
    void anInOrderSubstringThatCoversPendingBytesDeliversEachOnce() {
      StepHarness<Reassembler> s = script("cover", 65000);
      insert(s, 2, "cd", false);
      insert(s, 7, "hi", false);
      insert(s, 0, "abcdefg", false)
          .expect("bytesPending", Reassembler::bytesPending, 0L)
          .expect("read", ReassemblerTest::read, "abcdefghi");
    }

    @Test
    void findsTheMaximalRunContainingAnIndex() {
      Reassembler r = new Reassembler(new ByteStream(100));
      r.insert(10, ascii("kl"), false);
      r.insert(12, ascii("mn"), false);
      r.insert(14, ascii("o"), false);
      r.insert(20, ascii("u"), false);
      assertEquals(Optional.of(new ByteRange(10, 15)), r.pendingRangeContaining(12));
      assertEquals(Optional.of(new ByteRange(10, 15)), r.pendingRangeContaining(14));
      assertEquals(Optional.of(new ByteRange(20, 21)), r.pendingRangeContaining(20));
      assertEquals(Optional.empty(), r.pendingRangeContaining(15));
      assertEquals(Optional.empty(), r.pendingRangeContaining(0));
      assertEquals(List.of(new ByteRange(10, 15), new ByteRange(20, 21)), r.pendingRanges());
    }
  }

  @Nested
  class Window {

    @Test
    void discardsBytesBeyondTheOutputsFreeCapacity() {
      StepHarness<Reassembler> s = script("capacity 2", 2);
      insert(s, 0, "ab", false).expect("bytesPushed", r -> r.output().bytesPushed(), 2L);
      insert(s, 2, "c", false)
          .expect("bytesPushed (no room)", r -> r.output().bytesPushed(), 2L)
          .expect("bytesPending (discarded)", Reassembler::bytesPending, 0L)
          .expect("read", ReassemblerTest::read, "ab");
      insert(s, 0, "abc", false)
          .expect("bytesPushed", r -> r.output().bytesPushed(), 3L)
          .expect("read", ReassemblerTest::read, "c");
    }

    @Test
    void storesOutOfOrderBytesOnlyInsideTheWindow() {
      StepHarness<Reassembler> s = script("capacity 4", 4);
      insert(s, 2, "cdefgh", false)
          .expect("firstUnacceptableIndex", Reassembler::firstUnacceptableIndex, 4L)
          .expect("bytesPending (c and d only)", Reassembler::bytesPending, 2L);
      insert(s, 0, "ab", false)
          .expect("read", ReassemblerTest::read, "abcd")
          .expect("firstUnacceptableIndex after the read", Reassembler::firstUnacceptableIndex, 8L);
      insert(s, 4, "efghij", false).expect("read", ReassemblerTest::read, "efgh");
    }

    @Test
    void theWindowShrinksWhileTheReaderLags() {
      StepHarness<Reassembler> s = script("lagging reader", 4);
      insert(s, 0, "ab", false)
          .expect("firstUnassembledIndex", Reassembler::firstUnassembledIndex, 2L)
          .expect("firstUnacceptableIndex", Reassembler::firstUnacceptableIndex, 4L);
      insert(s, 3, "dxyz", false).expect("bytesPending", Reassembler::bytesPending, 1L);
      insert(s, 2, "c", false)
          .expect("output is full", r -> r.output().availableCapacity(), 0)
          .expect("read", ReassemblerTest::read, "abcd");
    }
  }

  @Nested
  class End {

    @Test
    void closesWhenTheLastSubstringArrivesInOrder() {
      StepHarness<Reassembler> s = script("last in order", 65000);
      insert(s, 0, "abc", true)
          .expect("isClosed", r -> r.output().isClosed(), true)
          .expect("read", ReassemblerTest::read, "abc")
          .expect("isFinished", r -> r.output().isFinished(), true);
    }

    @Test
    void waitsForTheGapWhenTheLastSubstringArrivesFirst() {
      StepHarness<Reassembler> s = script("last first", 65000);
      insert(s, 2, "c", true)
          .expect("isClosed", r -> r.output().isClosed(), false)
          .expect("endIndex", Reassembler::endIndex, Optional.of(3L));
      insert(s, 1, "b", false).expect("isClosed", r -> r.output().isClosed(), false);
      insert(s, 0, "a", false)
          .expect("isClosed", r -> r.output().isClosed(), true)
          .expect("read", ReassemblerTest::read, "abc");
    }

    @Test
    void anEmptyLastSubstringClosesOnceEverythingBeforeItArrived() {
      StepHarness<Reassembler> s = script("empty last", 65000);
      insert(s, 0, "ab", false);
      insert(s, 2, "", true).expect("isClosed", r -> r.output().isClosed(), true);
      StepHarness<Reassembler> early = script("empty last, early", 65000);
      insert(early, 2, "", true).expect("isClosed", r -> r.output().isClosed(), false);
      insert(early, 0, "ab", false).expect("isClosed", r -> r.output().isClosed(), true);
    }

    @Test
    void remembersTheEndEvenWhenTheLastBytesDidNotFit() {
      StepHarness<Reassembler> s = script("last beyond the window", 2);
      insert(s, 0, "abc", true)
          .expect("isClosed", r -> r.output().isClosed(), false)
          .expect("read", ReassemblerTest::read, "ab");
      insert(s, 2, "c", false)
          .expect("isClosed", r -> r.output().isClosed(), true)
          .expect("read", ReassemblerTest::read, "c")
          .expect("isFinished", r -> r.output().isFinished(), true);
    }

    @Test
    void discardsBytesBeyondTheEndAndKeepsTheFirstEnd() {
      StepHarness<Reassembler> s = script("bytes past the end", 65000);
      insert(s, 5, "fgh", false).expect("bytesPending", Reassembler::bytesPending, 3L);
      insert(s, 3, "de", true)
          .expect("bytesPending (f, g, h dropped)", Reassembler::bytesPending, 2L)
          .expect("endIndex", Reassembler::endIndex, Optional.of(5L));
      insert(s, 4, "exyz", true)
          .expect("endIndex (first end wins)", Reassembler::endIndex, Optional.of(5L))
          .expect("bytesPending", Reassembler::bytesPending, 2L);
      insert(s, 0, "abc", false)
          .expect("read", ReassemblerTest::read, "abcde")
          .expect("isFinished", r -> r.output().isFinished(), true);
    }

    @Test
    void trimsAPendingRunThatStraddlesTheEnd() {
      StepHarness<Reassembler> s = script("straddling run", 65000);
      insert(s, 2, "cdef", false);
      insert(s, 4, "", true)
          .expect("bytesPending", Reassembler::bytesPending, 2L)
          .expect("pendingRanges", Reassembler::pendingRanges, List.of(new ByteRange(2, 4)));
      insert(s, 0, "ab", false)
          .expect("read", ReassemblerTest::read, "abcd")
          .expect("isClosed", r -> r.output().isClosed(), true);
    }
  }

  @Nested
  class Misuse {

    @Test
    void rejectsANegativeIndex() {
      Reassembler r = new Reassembler(new ByteStream(8));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> r.insert(-1, ascii("a"), false));
      assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void rejectsAnIndexWhoseEndOverflows() {
      Reassembler r = new Reassembler(new ByteStream(8));
      assertThrows(
          IllegalArgumentException.class, () -> r.insert(Long.MAX_VALUE, ascii("ab"), false));
    }

    @Test
    void rejectsARangeOutsideTheArray() {
      Reassembler r = new Reassembler(new ByteStream(8));
      assertThrows(IndexOutOfBoundsException.class, () -> r.insert(0, new byte[3], 2, 2, false));
    }
  }

  @Test
  void insertsFromAnOffsetInsideALargerArray() {
    Reassembler r = new Reassembler(new ByteStream(16));
    byte[] segment = ascii("HDRcdeTRL");
    r.insert(2, segment, 3, 3, false);
    r.insert(0, ascii("ab"), false);
    assertEquals("abcde", read(r));
  }
}
