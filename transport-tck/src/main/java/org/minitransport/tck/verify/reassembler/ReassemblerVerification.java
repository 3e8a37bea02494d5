package org.minitransport.tck.verify.reassembler;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.ByteStreamFactory;
import org.minitransport.tcp.component.IndexRange;
import org.minitransport.tcp.component.Reassembler;
import org.minitransport.tcp.component.ReassemblerFactory;
import org.minitransport.tck.internal.ReferenceComponents;
import org.minitransport.tck.verify.Rule;
import org.minitransport.tck.verify.RuleExtension;
import org.minitransport.tck.verify.Script;
import org.minitransport.tck.verify.ScriptProperty;

/**
 * The verification suite of a {@link Reassembler} (rules REASM-nn), after CS144 Minnow's
 * reassembler checks: substrings in any order, overlapping, repeated or reaching past the window
 * come out of the stream once, in order, and the end closes it (RFC 9293 §3.10.7.4, seventh step;
 * the window of §3.8.6). Subclass it with one method, {@link #factory()}. The reassembler writes
 * into the reference byte stream ({@link #streams()}), so only the reassembler is judged.
 */
@ExtendWith(RuleExtension.class)
public abstract class ReassemblerVerification {

  /** The implementation under test. */
  protected abstract ReassemblerFactory factory();

  /** The streams the reassembler writes into; the reference unless overridden. */
  protected ByteStreamFactory streams() {
    return ReferenceComponents.byteStreams();
  }

  /** A reassembler and the stream it writes into. */
  record Assembly(ByteStream stream, Reassembler reassembler) {
    long pushed() {
      return stream.writer().bytesPushed();
    }

    long pending() {
      return reassembler.bytesPending();
    }

    boolean closed() {
      return stream.writer().isClosed();
    }

    /** Pops everything buffered and returns it as text. */
    String read() {
      byte[] all = new byte[stream.reader().bytesBuffered()];
      int n = stream.reader().read(all, 0, all.length);
      return new String(all, 0, n, US_ASCII);
    }
  }

  /** A script on a fresh reassembler writing into a fresh stream of {@code capacity} bytes. */
  Script<Assembly> assembly(String name, int capacity) {
    ByteStream stream = streams().create(capacity);
    return Script.of(name + " (capacity " + capacity + ")",
        new Assembly(stream, factory().create(stream.writer())));
  }

  static Script<Assembly> insert(Script<Assembly> s, long index, String data, boolean last) {
    return s.act("insert \"" + data + "\" @ " + index + (last ? " (last)" : ""),
        a -> a.reassembler().insert(index, data.getBytes(US_ASCII), last));
  }

  @Test
  @Rule(id = "REASM-01", cites = "RFC 9293 §3.10.7.4 (seventh step); contract: Reassembler",
      hint = "If this fails, check that a substring starting at the first unassembled index is"
          + " pushed to the writer at once, and that writer() is the stream given to the factory")
  void deliversContiguousSubstringsAtOnce() {
    Script<Assembly> s = assembly("in order", 65_000);
    s.expectThat("writer() is the output given to the factory",
        a -> a.reassembler().writer() == a.stream().writer());
    insert(s, 0, "abcd", false)
        .expect("bytesPushed", Assembly::pushed, 4L)
        .expect("bytesPending", Assembly::pending, 0L);
    insert(s, 4, "efgh", false)
        .expect("read", Assembly::read, "abcdefgh")
        .expect("isClosed", Assembly::closed, false);
    insert(s, 8, "", false).expect("bytesPushed", Assembly::pushed, 8L);
  }

  @Test
  @Rule(id = "REASM-02", cites = "RFC 9293 §3.10.7.4 (seventh step); contract: Reassembler",
      hint = "If this fails, check that a substring after a gap is stored (bytesPending counts it)"
          + " and pushed, with everything stored after it, once the gap fills")
  void holdsALaterSubstringUntilTheGapFills() {
    Script<Assembly> s = assembly("gap", 65_000);
    insert(s, 3, "def", false)
        .expect("bytesPushed", Assembly::pushed, 0L)
        .expect("bytesPending", Assembly::pending, 3L);
    insert(s, 8, "i", false)
        .expect("bytesPending", Assembly::pending, 4L);
    insert(s, 0, "abc", false)
        .expect("bytesPushed", Assembly::pushed, 6L)
        .expect("bytesPending", Assembly::pending, 1L)
        .expect("read", Assembly::read, "abcdef");
    insert(s, 6, "gh", false)
        .expect("read", Assembly::read, "ghi")
        .expect("bytesPending", Assembly::pending, 0L);
  }

  @Test
  @Rule(id = "REASM-03", cites = "RFC 9293 §3.10.7.4 (trimming to the window); contract:"
      + " Reassembler",
      hint = "If this fails, check that bytes below the first unassembled index (an old"
          + " retransmission) are ignored, and that only the new tail of an overlapping substring"
          + " is pushed")
  void ignoresBytesAlreadyDelivered() {
    Script<Assembly> s = assembly("old retransmissions", 65_000);
    insert(s, 0, "abcd", false).expect("read", Assembly::read, "abcd");
    insert(s, 0, "abcd", false)
        .expect("bytesPushed", Assembly::pushed, 4L)
        .expect("bytesPending", Assembly::pending, 0L)
        .expect("read", Assembly::read, "");
    insert(s, 2, "cdef", false)
        .expect("read (only the new part)", Assembly::read, "ef")
        .expect("bytesPushed", Assembly::pushed, 6L);
    insert(s, 1, "b", false).expect("bytesPending", Assembly::pending, 0L);
  }

  @Test
  @Rule(id = "REASM-04", cites = "contract: Reassembler.bytesPending",
      hint = "If this fails, check that bytesPending counts each stored index once, however often"
          + " and in whatever overlapping pieces it arrived")
  void countsEachPendingIndexOnce() {
    Script<Assembly> s = assembly("duplicates", 65_000);
    insert(s, 2, "cd", false).expect("bytesPending", Assembly::pending, 2L);
    insert(s, 2, "cd", false).expect("bytesPending", Assembly::pending, 2L);
    insert(s, 3, "d", false).expect("bytesPending", Assembly::pending, 2L);
    insert(s, 3, "def", false).expect("bytesPending", Assembly::pending, 4L);
    insert(s, 1, "bcdefg", false).expect("bytesPending", Assembly::pending, 6L);
    insert(s, 0, "a", false)
        .expect("read", Assembly::read, "abcdefg")
        .expect("bytesPending", Assembly::pending, 0L);
  }

  @Test
  @Rule(id = "REASM-05", cites = "RFC 9293 §3.10.7.4 (seventh step); contract: Reassembler",
      hint = "If this fails, check how a substring that overlaps stored runs on either side, or"
          + " covers several of them, is merged: every byte must come out exactly once")
  void mergesOverlapsAndDeliversEachByteOnce() {
    Script<Assembly> s = assembly("overlaps", 65_000);
    insert(s, 1, "b", false);
    insert(s, 3, "d", false);
    insert(s, 6, "g", false).expect("bytesPending", Assembly::pending, 3L);
    insert(s, 2, "cde", false).expect("bytesPending", Assembly::pending, 5L);
    insert(s, 5, "fgh", false).expect("bytesPending", Assembly::pending, 7L);
    insert(s, 0, "abcdefghij", false)
        .expect("read", Assembly::read, "abcdefghij")
        .expect("bytesPending", Assembly::pending, 0L);
    insert(s, 12, "mn", false);
    insert(s, 15, "p", false);
    insert(s, 10, "klmnopq", false)
        .expect("read (one substring over two stored runs)", Assembly::read, "klmnopq")
        .expect("bytesPending", Assembly::pending, 0L);
  }

  @Test
  @Rule(id = "REASM-06", cites = "RFC 9293 §3.8.6, §3.10.7.4; contract: Reassembler (window)",
      hint = "If this fails, check that bytes at or beyond firstUnacceptable = bytesPushed +"
          + " availableCapacity are discarded (not stored), and accepted once reads open room")
  void discardsBytesBeyondTheWindowAndTakesThemOnceItOpens() {
    Script<Assembly> s = assembly("a full window", 2);
    insert(s, 0, "ab", false).expect("bytesPushed", Assembly::pushed, 2L);
    insert(s, 2, "c", false)
        .expect("bytesPushed (no room)", Assembly::pushed, 2L)
        .expect("bytesPending (discarded)", Assembly::pending, 0L)
        .expect("read", Assembly::read, "ab");
    insert(s, 3, "d", false).expect("bytesPending (inside the window now)", Assembly::pending, 1L);
    insert(s, 0, "abc", false)
        .expect("bytesPushed", Assembly::pushed, 4L)
        .expect("read", Assembly::read, "cd");
  }

  @Test
  @Rule(id = "REASM-07", cites = "RFC 9293 §3.8.6, §3.10.7.4; contract: Reassembler (window)",
      hint = "If this fails, check the window edge: the last acceptable index is bytesPushed +"
          + " availableCapacity - 1, inclusive; bytes up to it are kept, not one more and not one"
          + " fewer (an off-by-one here loses a byte the sender will not resend soon)")
  void keepsEveryByteUpToTheWindowEdge() {
    Script<Assembly> s = assembly("the window edge", 4);
    insert(s, 1, "bcdefg", false)
        .expect("bytesPending (b, c, d: indices 1-3 of window [0, 4))", Assembly::pending, 3L);
    insert(s, 0, "a", false)
        .expect("bytesPushed", Assembly::pushed, 4L)
        .expect("read", Assembly::read, "abcd");
    insert(s, 4, "efgh", false)
        .expect("bytesPushed (a whole window at its edge)", Assembly::pushed, 8L);
    Script<Assembly> lag = assembly("a lagging reader", 4);
    insert(lag, 0, "ab", false);
    insert(lag, 3, "dxyz", false)
        .expect("bytesPending (only d: the window is [2, 4) while ab is unread)",
            Assembly::pending, 1L);
    insert(lag, 2, "c", false)
        .expect("output availableCapacity", a -> a.stream().writer().availableCapacity(), 0)
        .expect("read", Assembly::read, "abcd");
  }

  @Test
  @Rule(id = "REASM-08", cites = "contract: Reassembler (isLastSubstring); RFC 9293 §3.10.7.4"
      + " (eighth step, FIN)",
      hint = "If this fails, check that the writer is closed as soon as the last substring's"
          + " bytes, and all before them, have been pushed")
  void closesWhenTheLastSubstringArrivesInOrder() {
    Script<Assembly> s = assembly("last in order", 65_000);
    insert(s, 0, "ab", false).expect("isClosed", Assembly::closed, false);
    insert(s, 2, "c", true)
        .expect("isClosed", Assembly::closed, true)
        .expect("read", Assembly::read, "abc")
        .expect("isFinished", a -> a.stream().reader().isFinished(), true);
  }

  @Test
  @Rule(id = "REASM-09", cites = "contract: Reassembler (isLastSubstring); RFC 9293 §3.10.7.4"
      + " (eighth step: FIN only once all before it is received)",
      hint = "If this fails, check that an early last substring is remembered and closes the"
          + " writer only once every byte before the end has been pushed, not before")
  void closesOnlyOnceTheGapBeforeAnEarlyEndFills() {
    Script<Assembly> s = assembly("last first", 65_000);
    insert(s, 2, "c", true).expect("isClosed", Assembly::closed, false);
    insert(s, 1, "b", false).expect("isClosed", Assembly::closed, false);
    insert(s, 0, "a", false)
        .expect("isClosed", Assembly::closed, true)
        .expect("read", Assembly::read, "abc");
  }

  @Test
  @Rule(id = "REASM-10", cites = "contract: Reassembler (a zero-length last substring)",
      hint = "If this fails, check that an empty last substring sets the end at its index: it"
          + " closes at once if everything before was pushed, or later when it is")
  void anEmptyLastSubstringMarksTheEnd() {
    Script<Assembly> s = assembly("empty last", 65_000);
    insert(s, 0, "ab", false);
    insert(s, 2, "", true).expect("isClosed", Assembly::closed, true);
    Script<Assembly> early = assembly("empty last, early", 65_000);
    insert(early, 2, "", true).expect("isClosed", Assembly::closed, false);
    insert(early, 0, "ab", false)
        .expect("isClosed", Assembly::closed, true)
        .expect("read", Assembly::read, "ab");
    Script<Assembly> empty = assembly("empty stream", 65_000);
    insert(empty, 0, "", true).expect("isClosed", Assembly::closed, true);
  }

  @Test
  @Rule(id = "REASM-11", cites = "contract: Reassembler (the end is known even when bytes were"
      + " discarded)",
      hint = "If this fails, check that the end of the stream is firstIndex + data.length of the"
          + " last substring even when some of its bytes lay beyond the window and were dropped")
  void remembersTheEndWhenTheLastBytesDidNotFit() {
    Script<Assembly> s = assembly("last beyond the window", 2);
    insert(s, 0, "abc", true)
        .expect("isClosed", Assembly::closed, false)
        .expect("read", Assembly::read, "ab");
    insert(s, 2, "c", false)
        .expect("isClosed", Assembly::closed, true)
        .expect("read", Assembly::read, "c")
        .expect("isFinished", a -> a.stream().reader().isFinished(), true);
  }

  @Test
  @Rule(id = "REASM-12", cites = "contract: Reassembler.insert",
      hint = "If this fails, check that a negative first index throws IllegalArgumentException"
          + " naming it, and changes nothing")
  void rejectsANegativeIndexNamingIt() {
    Script<Assembly> s = assembly("negative index", 8);
    insert(s, 0, "a", false);
    s.expectThrows("insert \"b\" @ -1", IllegalArgumentException.class,
            a -> a.reassembler().insert(-1, "b".getBytes(US_ASCII), false), "-1")
        .expect("bytesPushed", Assembly::pushed, 1L)
        .expect("bytesPending", Assembly::pending, 0L)
        .expect("isClosed", Assembly::closed, false);
  }

  @Test
  @Rule(id = "REASM-13", cites = "contract: Reassembler.insert(long, byte[], int, int, boolean)",
      hint = "If this fails, check the ranged insert (the receiver passes a segment's payload"
          + " this way): it inserts data[offset, offset + length) at firstIndex, and throws"
          + " IndexOutOfBoundsException for a range outside the array")
  void insertsARangeOfALargerArray() {
    byte[] segment = "HDRcdeTRL".getBytes(US_ASCII);
    Script<Assembly> s = assembly("ranged insert", 16);
    s.act("insert \"HDRcdeTRL\"[3, 6) @ 2", a -> a.reassembler().insert(2, segment, 3, 3, false))
        .expect("bytesPending", Assembly::pending, 3L);
    insert(s, 0, "ab", false).expect("read", Assembly::read, "abcde");
    s.act("insert \"HDRcdeTRL\"[6, 9) @ 5 (last)",
            a -> a.reassembler().insert(5, segment, 6, 3, true))
        .expect("read", Assembly::read, "TRL")
        .expect("isClosed", Assembly::closed, true);
    Script<Assembly> bad = assembly("ranged insert outside the array", 8);
    bad.expectThrows("insert new byte[3][2, 4) @ 0", IndexOutOfBoundsException.class,
            a -> a.reassembler().insert(0, new byte[3], 2, 2, false))
        .expect("bytesPushed", Assembly::pushed, 0L)
        .expect("bytesPending", Assembly::pending, 0L);
  }

  @Test
  @Rule(id = "REASM-14", cites = "contract: Reassembler (stored plus buffered ≤ capacity);"
      + " RFC 9293 §3.8.6",
      hint = "If this fails, check that out-of-order bytes are stored only inside the window, so"
          + " that stored plus buffered bytes never exceed the stream's capacity, whatever arrives")
  void neverHoldsMoreThanTheCapacity() {
    Script<Assembly> s = assembly("a flood of out-of-order bytes", 6);
    insert(s, 0, "ab", false);
    for (int first = 3; first < 40; first += 5) {
      insert(s, first, "xxxxxxxxxx", false)
          .expectThat("bytesPending + bytesBuffered ≤ capacity 6",
              a -> a.pending() + a.stream().reader().bytesBuffered() <= 6);
    }
    s.expect("bytesPending (indices 3-5 only)", Assembly::pending, 3L);
  }

  @Test
  @Rule(id = "REASM-15", cites = "RFC 2018 §4 (optional: SACK); contract:"
      + " Reassembler.pendingRanges",
      hint = "If this fails, check pendingRanges(): the stored runs, ascending, maximal (touching"
          + " runs joined), above bytesPushed, adding up to bytesPending. Skipped if it stays"
          + " empty (the default: no SACK)")
  void reportsStoredRunsAsMaximalAscendingRanges() {
    Script<Assembly> s = assembly("stored runs", 100);
    insert(s, 10, "kl", false);
    Assumptions.assumeFalse(s.subject().reassembler().pendingRanges().isEmpty(),
        "pendingRanges() is not implemented (optional: the connection sends no SACK blocks)");
    insert(s, 12, "mn", false);
    insert(s, 14, "o", false);
    insert(s, 20, "u", false)
        .expect("pendingRanges", a -> a.reassembler().pendingRanges(),
            List.of(new IndexRange(10, 15), new IndexRange(20, 21)));
    insert(s, 0, "abcdefghijk", false)
        .expect("pendingRanges (the first run was delivered)",
            a -> a.reassembler().pendingRanges(), List.of(new IndexRange(20, 21)));
    insert(s, 16, "qrst", false)
        .expect("pendingRanges", a -> a.reassembler().pendingRanges(),
            List.of(new IndexRange(16, 21)));
  }

  @Test
  @Rule(id = "REASM-16", cites = "contract: Reassembler; RFC 9293 §3.10.7.4",
      hint = "If this fails, read the shortest failing script: after each insert (any order,"
          + " overlapping, past the window, with or without the end) or read, the bytes pushed,"
          + " bytesPending, the end and pendingRanges (if implemented) must agree with a model"
          + " that stores indices in a set")
  void agreesWithTheModelOnEveryInsertOrder() {
    ScriptProperty.of("inserts in any order and reads agree with the model",
            () -> fixture(30, 8), ReassemblyModelFixture.operations(30, 8))
        .length(1, 30)
        .examples(300)
        .check();
  }

  @Test
  @Rule(id = "REASM-17", cites = "contract: Reassembler; RFC 9293 §3.10.7.4",
      hint = "If this fails, read the shortest failing script: on a long stream with a large"
          + " window, many stored runs must be merged, delivered and counted exactly as the model"
          + " says (look for runs lost or joined wrongly when a substring spans several of them)")
  void agreesWithTheModelOnLongStreamsWithManyStoredRuns() {
    ScriptProperty.of("long streams with many stored runs agree with the model",
            () -> fixture(600, 120), ReassemblyModelFixture.operations(600, 120))
        .length(20, 100)
        .examples(60)
        .check();
  }

  private ReassemblyModelFixture fixture(int length, int capacity) {
    ByteStream stream = streams().create(capacity);
    return new ReassemblyModelFixture(length, capacity, stream,
        factory().create(stream.writer()));
  }
}
