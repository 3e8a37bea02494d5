package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.minitransport.tcp.internal.ChunkedByteStreamTest.ascii;
import static org.minitransport.tcp.internal.ChunkedByteStreamTest.drain;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.component.IndexRange;
import org.minitransport.testkit.StepHarness;

/**
 * What the reference reassembler does beyond the Reassembler contract: its end index and window
 * accessors, the end it keeps when two disagree, and its overflow check. The contract itself
 * (order, overlaps, window, end, misuse, stored runs) is checked through the interface by
 * transport-tck's {@code ReassemblerVerification} (rules REASM-nn), which {@code
 * SortedRunReassemblerVerificationTest} runs against this class.
 */
class SortedRunReassemblerTest {

  private static StepHarness<SortedRunReassembler> script(String title, int capacity) {
    return new StepHarness<>(title, new SortedRunReassembler(new ChunkedByteStream(capacity)));
  }

  private static StepHarness<SortedRunReassembler> insert(
      StepHarness<SortedRunReassembler> s, long index, String data, boolean last) {
    return s.action("insert \"" + data + "\" @ " + index + (last ? " (last)" : ""),
        r -> r.insert(index, ascii(data), last));
  }

  private static ChunkedByteStream output(SortedRunReassembler r) {
    return (ChunkedByteStream) r.writer();
  }

  private static String read(SortedRunReassembler r) {
    return drain(output(r));
  }

  @Test
  void reportsItsWindowAsItsReaderLags() {
    StepHarness<SortedRunReassembler> s = script("window accessors", 4);
    insert(s, 0, "ab", false)
        .expect("firstUnassembledIndex", SortedRunReassembler::firstUnassembledIndex, 2L)
        .expect("firstUnacceptableIndex", SortedRunReassembler::firstUnacceptableIndex, 4L)
        .expect("read", SortedRunReassemblerTest::read, "ab")
        .expect("firstUnacceptableIndex after the read",
            SortedRunReassembler::firstUnacceptableIndex, 6L);
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
        .expect("read", SortedRunReassemblerTest::read, "abcde")
        .expect("isFinished", r -> output(r).isFinished(), true);
  }

  @Test
  void trimsAPendingRunThatStraddlesTheEnd() {
    StepHarness<SortedRunReassembler> s = script("straddling run", 65000);
    insert(s, 2, "cdef", false);
    insert(s, 4, "", true)
        .expect("bytesPending", SortedRunReassembler::bytesPending, 2L)
        .expect("pendingRanges", SortedRunReassembler::pendingRanges,
            List.of(new IndexRange(2, 4)));
    insert(s, 0, "ab", false)
        .expect("read", SortedRunReassemblerTest::read, "abcd")
        .expect("isClosed", r -> output(r).isClosed(), true);
  }

  @Test
  void rejectsAnIndexWhoseEndOverflows() {
    SortedRunReassembler r = new SortedRunReassembler(new ChunkedByteStream(8));
    assertThrows(
        IllegalArgumentException.class, () -> r.insert(Long.MAX_VALUE, ascii("ab"), false));
  }

  @Test
  void acceptsASubstringEndingExactlyAtTheLargestIndex() {
    StepHarness<SortedRunReassembler> s = script("the largest end", 8);
    insert(s, Long.MAX_VALUE - 2, "xy", false)
        .expect("bytesPending (far beyond the window: discarded)",
            SortedRunReassembler::bytesPending, 0L);
  }

  @Test
  void knowsNoEndUntilALastSubstringArrives() {
    StepHarness<SortedRunReassembler> s = script("no end yet", 8);
    s.expect("endIndex", SortedRunReassembler::endIndex, Optional.empty());
    insert(s, 0, "ab", false)
        .expect("endIndex", SortedRunReassembler::endIndex, Optional.empty());
  }

  @Test
  void ignoresAnEndBelowTheBytesAlreadyPushed() {
    StepHarness<SortedRunReassembler> s = script("an end that cannot be", 16);
    insert(s, 0, "abcdef", false);
    insert(s, 0, "abc", true)
        .expect("endIndex (3 < 6 bytes already pushed: ignored)",
            SortedRunReassembler::endIndex, Optional.empty())
        .expect("isClosed", r -> output(r).isClosed(), false);
    insert(s, 6, "gh", true)
        .expect("read", SortedRunReassemblerTest::read, "abcdefgh")
        .expect("isFinished", r -> output(r).isFinished(), true);
  }
}
