package org.minitransport.tck.verify.receiver;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.ByteStreamFactory;
import org.minitransport.tcp.component.Reassembler;
import org.minitransport.tcp.component.ReassemblerFactory;
import org.minitransport.tcp.component.TcpReceiver;
import org.minitransport.tcp.component.TcpReceiverFactory;
import org.minitransport.tcp.component.TcpReceiverMessage;
import org.minitransport.tcp.component.TcpSenderMessage;
import org.minitransport.tcp.wire.SackBlock;
import org.minitransport.tck.internal.ReferenceComponents;
import org.minitransport.tck.verify.Rule;
import org.minitransport.tck.verify.RuleExtension;
import org.minitransport.tck.verify.Script;
import org.minitransport.tck.verify.ScriptProperty;

/**
 * The verification suite of a {@link TcpReceiver} (rules RECV-nn), after CS144 Minnow's receiver
 * checks and beyond them: sequence numbers and their wrap (RFC 9293 §3.4), the SYN, data and FIN
 * of the segment text processing (§3.10.7.4, seventh and eighth steps), the receive window
 * (§3.8.6), its right edge that never moves left (§3.8.6.2) and the receiver's silly-window
 * avoidance and window updates (§3.8.6.2.2). Subclass it with one method, {@link #factory()}.
 *
 * <p>The receiver feeds the reference reassembler writing into the reference stream ({@link
 * #reassemblers()}, {@link #streams()}), so only the receiver is judged. Segments reach it as
 * {@link TcpSenderMessage}s that passed the connection's acceptability test; what the receiver
 * still owns of that test is where each byte goes, and that bytes outside the window change
 * nothing.
 */
@ExtendWith(RuleExtension.class)
public abstract class TcpReceiverVerification {

  /** The implementation under test. */
  protected abstract TcpReceiverFactory factory();

  /** The inbound streams; the reference unless overridden. */
  protected ByteStreamFactory streams() {
    return ReferenceComponents.byteStreams();
  }

  /** The reassemblers the receiver feeds; the reference unless overridden. */
  protected ReassemblerFactory reassemblers() {
    return ReferenceComponents.reassemblers();
  }

  /** A receiver, its reassembler and inbound stream, the peer's ISN and the last edge sent. */
  static final class Reception {
    final ByteStream stream;
    final Reassembler reassembler;
    final TcpReceiver receiver;
    final SeqNum isn;
    final TcpReceiverFactory.Settings settings;

    Reception(ByteStream stream, Reassembler reassembler, TcpReceiver receiver, SeqNum isn,
        TcpReceiverFactory.Settings settings) {
      this.stream = stream;
      this.reassembler = reassembler;
      this.receiver = receiver;
      this.isn = isn;
      this.settings = settings;
    }

    /** Sequence number {@code offset} after the ISN (0 is the SYN, 1 the first data byte). */
    SeqNum seq(long offset) {
      return isn.plus(offset);
    }

    long pushed() {
      return stream.writer().bytesPushed();
    }

    String read(int n) {
      byte[] into = new byte[n];
      int got = stream.reader().read(into, 0, n);
      return new String(into, 0, got, US_ASCII);
    }
  }

  /** A script on a fresh receiver: {@code capacity} bytes of buffer, MSS {@code mss}. */
  Script<Reception> reception(String name, long isn, int capacity, int mss) {
    return reception(name, isn, capacity, mss, false);
  }

  /** The same, with D-SACK reporting asked for ({@code Settings.dsack()}) or not. */
  Script<Reception> reception(String name, long isn, int capacity, int mss, boolean dsack) {
    ByteStream stream = streams().create(capacity);
    Reassembler reassembler = reassemblers().create(stream.writer());
    TcpReceiverFactory.Settings settings = new TcpReceiverFactory.Settings(capacity, mss, dsack);
    TcpReceiver receiver = factory().create(reassembler, settings);
    return Script.of(name + " (ISN " + isn + ", capacity " + capacity + ", MSS " + mss
            + (dsack ? ", D-SACK on" : "") + ")",
        new Reception(stream, reassembler, receiver, SeqNum.ofUnsigned(isn), settings));
  }

  Script<Reception> reception(String name, long isn) {
    return reception(name, isn, 4000, 1000);
  }

  static String describe(long offset, boolean syn, String data, boolean fin) {
    return "receive seqno ISN+" + offset + (syn ? " SYN" : "")
        + (data.isEmpty() ? "" : " \"" + data + "\"") + (fin ? " FIN" : "");
  }

  /** The peer's segment at {@code ISN + offset}. */
  static Script<Reception> segment(Script<Reception> s, long offset, boolean syn, String data,
      boolean fin) {
    return s.act(describe(offset, syn, data, fin), r -> r.receiver.receive(
        new TcpSenderMessage(r.seq(offset), syn, data.getBytes(US_ASCII), fin)));
  }

  static Script<Reception> data(Script<Reception> s, long offset, String data) {
    return segment(s, offset, false, data, false);
  }

  /**
   * Calls {@code send()} once (it may commit the window it reports) and expects its ackno (as
   * ISN + n, or none) and window.
   */
  static Script<Reception> expectSend(Script<Reception> s, Long acknoOffset, long window) {
    return s.expect("send()", r -> show(r, r.receiver.send()), show(s.subject(),
        new TcpReceiverMessage(acknoOffset == null ? Optional.empty()
            : Optional.of(s.subject().seq(acknoOffset)), window, false)));
  }

  /** Calls {@code send()} once and expects its ackno (ISN + n), whatever the window. */
  static Script<Reception> expectAckno(Script<Reception> s, long acknoOffset) {
    return s.expect("send().ackno()", r -> r.receiver.send().ackno()
        .map(a -> "ISN+" + Integer.toUnsignedLong(a.minus(r.isn))).orElse("none"),
        "ISN+" + acknoOffset);
  }

  /** A message as "ackno=ISN+n window=w" (and " rst"), readable in a transcript. */
  static String show(Reception r, TcpReceiverMessage m) {
    String ackno = m.ackno().map(a -> "ISN+" + Integer.toUnsignedLong(a.minus(r.isn))
        + " (" + a + ")").orElse("none");
    return "ackno=" + ackno + " window=" + m.windowBytes() + (m.rst() ? " rst" : "");
  }

  static String text(int n) {
    StringBuilder out = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      out.append((char) ('a' + i % 26));
    }
    return out.toString();
  }

  @Test
  @Rule(id = "RECV-01", cites = "RFC 9293 §3.10.7.2, §3.10.7.3 (LISTEN, SYN-SENT: only a SYN"
      + " starts the stream); contract: TcpReceiver",
      hint = "If this fails, check that until a SYN arrives send() has no ackno and receive()"
          + " ignores segments without SYN (their bytes go nowhere)")
  void ignoresSegmentsBeforeTheSyn() {
    Script<Reception> s = reception("before the SYN", 1000);
    expectSend(s, null, 4000);
    data(s, 1, "abc")
        .expect("bytesPushed", Reception::pushed, 0L);
    segment(s, 4, false, "", true)
        .expect("isClosed", r -> r.stream.writer().isClosed(), false);
    expectSend(s, null, 4000);
  }

  @Test
  @Rule(id = "RECV-02", cites = "RFC 9293 §3.4; §3.10.7.2, §3.10.7.3 (RCV.NXT = SEG.SEQ + 1 on"
      + " the SYN)",
      hint = "If this fails, check that the SYN's seqno is kept as the ISN and that ackno is then"
          + " ISN + 1: the SYN occupies one sequence number, data starts after it")
  void acknowledgesTheSynAtIsnPlusOne() {
    Script<Reception> s = reception("the SYN", 3_000_000_000L);
    segment(s, 0, true, "", false);
    expectSend(s, 1L, 4000);
    expectSend(s, 1L, 4000);
  }

  @Test
  @Rule(id = "RECV-03", cites = "RFC 9293 §3.4, §3.10.7.4 (seventh step)",
      hint = "If this fails, check the stream index of a payload: seqno - ISN - 1 (the SYN takes"
          + " sequence number ISN), and that ackno = ISN + 1 + bytes assembled")
  void deliversInOrderDataAndAdvancesTheAckno() {
    Script<Reception> s = reception("in-order data", 77);
    segment(s, 0, true, "", false);
    data(s, 1, "abcd").expect("bytesPushed", Reception::pushed, 4L);
    expectSend(s, 5L, 3996);
    data(s, 5, "efg");
    expectSend(s, 8L, 3993);
    s.expect("read", r -> r.read(10), "abcdefg");
  }

  @Test
  @Rule(id = "RECV-04", cites = "RFC 9293 §3.10.7.2, §3.10.7.3 (text on a SYN is queued), §3.4",
      hint = "If this fails, check a SYN that carries data (and a FIN): its first payload byte is"
          + " stream index 0, at seqno ISN + 1")
  void deliversDataCarriedOnTheSyn() {
    Script<Reception> s = reception("SYN with data", 4_294_967_290L);
    segment(s, 0, true, "hello", false).expect("read", r -> r.read(10), "hello");
    expectSend(s, 6L, 4000);
    Script<Reception> f = reception("SYN with data and FIN", 5);
    segment(f, 0, true, "hi", true)
        .expect("isClosed", r -> r.stream.writer().isClosed(), true);
    expectAckno(f, 4L);
  }

  @Test
  @Rule(id = "RECV-05", cites = "RFC 9293 §3.10.7.4 (eighth step: FIN only once all before it"
      + " is received), §3.4",
      hint = "If this fails, check that the FIN adds 1 to ackno only once every byte before it"
          + " has been assembled (the writer is closed), not when it arrives after a gap")
  void acknowledgesTheFinOnlyOnceEverythingBeforeItArrived() {
    Script<Reception> s = reception("FIN after a gap", 9);
    segment(s, 0, true, "", false);
    data(s, 1, "ab");
    segment(s, 4, false, "d", true);
    expectAckno(s, 3L);
    s.expect("isClosed", r -> r.stream.writer().isClosed(), false);
    data(s, 3, "c");
    expectAckno(s, 6L);
    s.expect("isClosed", r -> r.stream.writer().isClosed(), true);
    Script<Reception> bare = reception("a bare FIN", 9);
    segment(bare, 0, true, "", false);
    data(bare, 1, "ab");
    segment(bare, 3, false, "", true);
    expectAckno(bare, 4L);
  }

  @Test
  @Rule(id = "RECV-06", cites = "RFC 9293 §3.10.7.4 (seventh step: out-of-order text is held;"
      + " RCV.NXT advances over contiguous text only)",
      hint = "If this fails, check that a segment after a gap leaves ackno at the gap, and that"
          + " filling the gap moves ackno past everything held")
  void holdsOutOfOrderDataAndAcknowledgesOnlyTheContiguousPart() {
    Script<Reception> s = reception("out of order", 123_456);
    segment(s, 0, true, "", false);
    data(s, 4, "def");
    expectSend(s, 1L, 4000);
    data(s, 9, "ij");
    expectSend(s, 1L, 4000);
    data(s, 1, "abc");
    expectSend(s, 7L, 3994);
    data(s, 7, "gh");
    expectSend(s, 11L, 3990);
    s.expect("read", r -> r.read(20), "abcdefghij");
  }

  @Test
  @Rule(id = "RECV-07", cites = "RFC 9293 §3.4 (sequence numbers modulo 2^32)",
      hint = "If this fails, check the unwrap: take the 64-bit absolute sequence number nearest"
          + " the next one expected (SeqNum.unwrap(isn, checkpoint)), so the stream continues"
          + " across 2^32 - 1 -> 0")
  void followsSequenceNumbersAcrossTheWrap() {
    Script<Reception> s = reception("across the wrap", 4_294_967_293L);
    segment(s, 0, true, "", false);
    data(s, 1, "ab");
    expectSend(s, 3L, 3998);
    data(s, 3, "cdef");
    expectSend(s, 7L, 3994);
    data(s, 9, "ij");
    data(s, 7, "gh");
    expectSend(s, 11L, 3990);
    s.expect("read", r -> r.read(20), "abcdefghij");
  }

  @Test
  @Rule(id = "RECV-08", cites = "RFC 9293 §3.10.7.4 (duplicates carry nothing new)",
      hint = "If this fails, check that a retransmitted SYN (same ISN, perhaps with its data"
          + " again) neither moves the ISN nor delivers bytes twice")
  void ignoresARetransmittedSyn() {
    Script<Reception> s = reception("SYN again", 50);
    segment(s, 0, true, "abc", false);
    data(s, 4, "de");
    segment(s, 0, true, "abc", false);
    expectSend(s, 6L, 3995);
    s.expect("read", r -> r.read(10), "abcde");
    data(s, 6, "f");
    expectAckno(s, 7L);
  }

  @Test
  @Rule(id = "RECV-09", cites = "RFC 9293 §3.10.7.4 (first step: trim to the window; seventh:"
      + " process the text in the window)",
      hint = "If this fails, check a segment that straddles an edge: bytes below RCV.NXT are old"
          + " (even one on the SYN's own sequence number), bytes at or past RCV.NXT + window are"
          + " dropped, only those in between are delivered")
  void deliversOnlyTheBytesInsideTheWindow() {
    Script<Reception> s = reception("straddling segments", 700, 10, 4);
    segment(s, 0, true, "", false);
    data(s, 1, "abcd");
    data(s, 3, "cdefgh").expect("read (old part dropped)", r -> r.read(20), "abcdefgh");
    expectSend(s, 9L, 10);
    data(s, 9, "ijklmnopqrstu");
    expectSend(s, 19L, 0);
    s.expect("read (only ten bytes fit)", r -> r.read(20), "ijklmnopqr");
    expectSend(s, 19L, 10);
    data(s, 19, "s");
    expectSend(s, 20L, 9);
    Script<Reception> syn = reception("a segment from the SYN's number, without SYN", 4_294_967_295L);
    segment(syn, 0, true, "", false);
    data(syn, 0, "Xab")
        .expect("read (X sat on the SYN's number: old)", r -> r.read(10), "ab");
    expectAckno(syn, 3L);
    segment(syn, 0, false, "", true)
        .expect("isClosed (a FIN on the SYN's own number is no FIN)",
            r -> r.stream.writer().isClosed(), false);
    expectAckno(syn, 3L);
  }

  @Test
  @Rule(id = "RECV-10", cites = "RFC 9293 §3.8.6 (RCV.WND is the free buffer room)",
      hint = "If this fails, check that window = the room left in the inbound stream"
          + " (writer().availableCapacity()): it falls as unread bytes arrive and rises as they"
          + " are read")
  void advertisesTheRoomLeftInTheStream() {
    Script<Reception> s = reception("the window", 31, 1000, 100);
    segment(s, 0, true, "", false);
    expectSend(s, 1L, 1000);
    data(s, 1, text(300));
    expectSend(s, 301L, 700);
    s.act("read 300 bytes", r -> r.read(300));
    expectSend(s, 301L, 1000);
  }

  @Test
  @Rule(id = "RECV-11", cites = "RFC 9293 §3.8.6 (SHLD-14: do not shrink the window, i.e. move"
      + " its right edge RCV.NXT + RCV.WND left); contract: TcpReceiver.send",
      hint = "If this fails, check that out-of-order bytes held by the reassembler do not shrink"
          + " the window: they lie inside it already, and ackno + window never moves back")
  void neverShrinksTheWindow() {
    Script<Reception> s = reception("no shrinking", 9_000, 100, 10);
    segment(s, 0, true, "", false);
    expectSend(s, 1L, 100);
    data(s, 41, text(30));
    expectSend(s, 1L, 100);
    data(s, 1, text(20));
    expectSend(s, 21L, 80);
    data(s, 91, text(10));
    expectSend(s, 21L, 80);
  }

  @Test
  @Rule(id = "RECV-12", cites = "RFC 9293 §3.8.6.2.2 (receiver SWS avoidance, MUST-39)",
      hint = "If this fails, check silly-window avoidance: keep ackno + window fixed until reads"
          + " free at least min(capacity / 2, MSS) beyond it, then offer all the free room")
  void opensTheWindowOnlyInStepsOfAtLeastMinOfHalfTheBufferAndTheMss() {
    Script<Reception> s = reception("silly window", 0, 1000, 100);
    segment(s, 0, true, "", false);
    data(s, 1, text(1000));
    expectSend(s, 1001L, 0);
    s.act("read 50 bytes", r -> r.read(50));
    expectSend(s, 1001L, 0);
    s.act("read 49 bytes", r -> r.read(49));
    expectSend(s, 1001L, 0);
    s.act("read 1 byte (100 free: one MSS)", r -> r.read(1));
    expectSend(s, 1001L, 100);
    s.act("read 10 bytes", r -> r.read(10));
    expectSend(s, 1001L, 100);
    Script<Reception> small = reception("a buffer smaller than two MSS", 0, 100, 536);
    segment(small, 0, true, "", false);
    data(small, 1, text(100));
    expectSend(small, 101L, 0);
    small.act("read 49 bytes", r -> r.read(49));
    expectSend(small, 101L, 0);
    small.act("read 1 byte (50 free: half the buffer)", r -> r.read(1));
    expectSend(small, 101L, 50);
  }

  @Test
  @Rule(id = "RECV-13", cites = "RFC 9293 §3.8.6.2.2 (send a window update once the window"
      + " opens by the SWS threshold); contract: TcpReceiver.windowUpdateWorthSending",
      hint = "If this fails, check windowUpdateWorthSending(): once reads free min(capacity / 2,"
          + " MSS) beyond the last right edge sent, it must say true, or a sender stuck at a zero"
          + " window waits for its persist timer")
  void asksForAWindowUpdateOnceReadsOpenTheWindow() {
    Script<Reception> s = reception("window update", 0, 1000, 100);
    segment(s, 0, true, "", false);
    data(s, 1, text(1000));
    expectSend(s, 1001L, 0);
    s.act("read 100 bytes (one MSS)", r -> r.read(100))
        .expect("windowUpdateWorthSending()", r -> r.receiver.windowUpdateWorthSending(), true);
    expectSend(s, 1001L, 100);
    s.act("read 300 bytes", r -> r.read(300))
        .expect("windowUpdateWorthSending()", r -> r.receiver.windowUpdateWorthSending(), true);
    expectSend(s, 1001L, 400);
    Script<Reception> small = reception("window update, a buffer smaller than two MSS", 0, 100,
        536);
    segment(small, 0, true, "", false);
    data(small, 1, text(100));
    expectSend(small, 101L, 0);
    small.act("read 50 bytes (half the buffer)", r -> r.read(50))
        .expect("windowUpdateWorthSending()", r -> r.receiver.windowUpdateWorthSending(), true);
    expectSend(small, 101L, 50);
  }

  @Test
  @Rule(id = "RECV-14", cites = "RFC 9293 §3.8.6.2.2; RFC 5681 §2 (an ACK that changes"
      + " nothing is a duplicate ACK)",
      hint = "If this fails, check that windowUpdateWorthSending() is true only when send()"
          + " would move ackno + window right: an update that repeats the last window looks like"
          + " a duplicate ACK to the sender (override the default when send() holds the window"
          + " back)")
  void asksForAWindowUpdateOnlyWhenTheWindowWouldMove() {
    Script<Reception> s = reception("no empty window updates", 0, 1000, 100);
    segment(s, 0, true, "", false);
    data(s, 1, text(1000));
    expectSend(s, 1001L, 0);
    long[] lastEdge = {1001};
    int[] reads = {10, 30, 100, 5, 500, 1, 354};
    for (int n : reads) {
      s.act("read " + n + " bytes", r -> r.read(n));
      boolean worth = s.get("windowUpdateWorthSending()",
          r -> r.receiver.windowUpdateWorthSending());
      long edge = s.get("right edge (ackno + window) of send()",
          r -> edge(r, r.receiver.send()));
      s.expectThat("a window update was asked for only if the right edge moved (from "
              + lastEdge[0] + " to " + edge + ")", r -> !worth || edge > lastEdge[0]);
      lastEdge[0] = edge;
    }
  }

  @Test
  @Rule(id = "RECV-15", cites = "contract: TcpReceiver.send (rst); RFC 9293 §3.10.7.4",
      hint = "If this fails, check that send().rst() is the inbound stream's hasError()")
  void reportsAStreamErrorAsRst() {
    Script<Reception> s = reception("stream error", 1);
    segment(s, 0, true, "", false);
    s.expect("send().rst()", r -> r.receiver.send().rst(), false)
        .act("inbound reader().setError()", r -> r.stream.reader().setError())
        .expect("send().rst()", r -> r.receiver.send().rst(), true);
  }

  @Test
  @Rule(id = "RECV-16", cites = "RFC 7323 §2.3 (scaling is the connection's job);"
      + " contract: TcpReceiverMessage.windowBytes",
      hint = "If this fails, check that the window is in bytes, neither scaled nor capped at"
          + " 65535: the connection scales it for the wire")
  void reportsTheWindowUnscaledAndUncapped() {
    Script<Reception> s = reception("a large buffer", 4_000_000_000L, 1 << 20, 1460);
    segment(s, 0, true, "", false);
    expectSend(s, 1L, 1 << 20);
    data(s, 1, text(1000));
    expectSend(s, 1001L, (1 << 20) - 1000);
  }

  @Test
  @Rule(id = "RECV-18", cites = "contract: TcpReceiver.send (the connection may call it more"
      + " than once per segment)",
      hint = "If this fails, check that send() reports the state now and changes nothing a"
          + " second call would see: two calls in a row return the same message, also right after"
          + " reads opened the window")
  void reportsTheSameMessageWhenAskedTwice() {
    Script<Reception> s = reception("send() twice", 4_294_967_000L, 1000, 100);
    segment(s, 0, true, "", false);
    sendTwice(s);
    data(s, 1, text(1000));
    data(s, 1200, text(50));
    sendTwice(s);
    s.act("read 40 bytes", r -> r.read(40));
    sendTwice(s);
    s.act("read 500 bytes", r -> r.read(500));
    sendTwice(s);
    segment(s, 1001, false, "", true);
    sendTwice(s);
  }

  /** Calls send() twice in a row and expects the second message to equal the first. */
  static Script<Reception> sendTwice(Script<Reception> s) {
    String first = s.get("send()", r -> show(r, r.receiver.send()));
    return s.expect("send() again", r -> show(r, r.receiver.send()), first);
  }

  @Test
  @Rule(id = "RECV-17", cites = "RFC 9293 §3.4, §3.8.6, §3.10.7.4",
      hint = "If this fails, read the shortest failing script: after each segment (any order,"
          + " repeated, straddling the window, with SYN or FIN) or read, ackno must be ISN + 1 +"
          + " bytes assembled (+ 1 for an assembled FIN), the window at most the free room, and"
          + " the right edge must never move left")
  void agreesWithTheModelOnEverySegmentOrder() {
    ScriptProperty.of("segments in any order, reads and acknowledgments agree with the model",
            () -> fixture(false), ReceptionModelFixture.operations())
        .length(1, 30)
        .examples(300)
        .check();
  }

  @Test
  @Rule(id = "RECV-19", cites = "RFC 9293 §3.8.6.2.2 (receiver SWS avoidance, MUST-39)",
      hint = "If this fails, read the shortest failing script: the right edge must stay put until"
          + " the free room would move it by min(capacity / 2, MSS) or more, then move to offer"
          + " all the free room (RECV-12's rule, on every script)")
  void avoidsTheSillyWindowOnEverySegmentOrder() {
    ScriptProperty.of("the window on every script is RFC 9293's silly-window-avoiding one",
            () -> fixture(true), ReceptionModelFixture.operations())
        .length(1, 30)
        .examples(300)
        .check();
  }

  private ReceptionModelFixture fixture(boolean predictsWindow) {
    ByteStream stream = streams().create(ReceptionModelFixture.CAPACITY);
    Reassembler reassembler = reassemblers().create(stream.writer());
    TcpReceiver receiver = factory().create(reassembler, new TcpReceiverFactory.Settings(
        ReceptionModelFixture.CAPACITY, ReceptionModelFixture.MSS, false));
    return new ReceptionModelFixture(stream, receiver, predictsWindow);
  }

  @Test
  @Rule(id = "RECV-20", cites = "RFC 2018 §4 (optional: SACK blocks)",
      hint = "If this fails, check the SACK blocks of send(): one per run of out-of-order bytes"
          + " held (sequence numbers ISN + 1 + stream index, right edge exclusive), none at or"
          + " below ackno, and the first block the run holding the segment that just arrived."
          + " Skipped if send() never reports SACK blocks (the default: none)")
  void reportsHeldRunsAsSackBlocksTheNewestFirst() {
    Script<Reception> s = reception("SACK blocks", 4_294_967_200L);
    segment(s, 0, true, "", false);
    data(s, 1, "ab");
    data(s, 11, "klmno");
    Assumptions.assumeFalse(s.subject().receiver.send().sackBlocks().isEmpty(),
        "send() reports no SACK blocks (optional: the connection then sends no SACK option)");
    expectSack(s, "[ISN+11, ISN+16)", "[ISN+11, ISN+16)");
    data(s, 21, "uvw");
    expectSack(s, "[ISN+21, ISN+24)", "[ISN+11, ISN+16) [ISN+21, ISN+24)");
    data(s, 31, "EF");
    expectSack(s, "[ISN+31, ISN+33)", "[ISN+11, ISN+16) [ISN+21, ISN+24) [ISN+31, ISN+33)");
    data(s, 16, "pqrst");
    expectSack(s, "[ISN+11, ISN+24)", "[ISN+11, ISN+24) [ISN+31, ISN+33)");
    data(s, 3, ""); // a pure ACK: no arrival, so the newest block stays first
    expectSack(s, "[ISN+11, ISN+24)", "[ISN+11, ISN+24) [ISN+31, ISN+33)");
    data(s, 3, "cdefghij");
    expectAckno(s, 24L);
    expectSack(s, "[ISN+31, ISN+33)", "[ISN+31, ISN+33)");
    data(s, 24, "xyzABCDEFG");
    s.expect("send().sackBlocks() with nothing held", r -> blocks(r, r.receiver.send()), "");
  }

  /**
   * Calls send() once and expects its first SACK block and, in ascending order, all of them
   * (each as "[ISN+a, ISN+b)").
   */
  static void expectSack(Script<Reception> s, String first, String all) {
    TcpReceiverMessage m = s.get("send()", r -> r.receiver.send());
    s.expect("first SACK block (holding the newest arrival)",
        r -> m.sackBlocks().isEmpty() ? "none" : block(r, m.sackBlocks().get(0)), first);
    s.expect("all SACK blocks, ascending", r -> blocks(r, m), all);
  }

  static String block(Reception r, SackBlock b) {
    return "[ISN+" + SeqNum.ofUnsigned(b.left()).minus(r.isn) + ", ISN+"
        + SeqNum.ofUnsigned(b.right()).minus(r.isn) + ")";
  }

  static String blocks(Reception r, TcpReceiverMessage m) {
    return m.sackBlocks().stream()
        .sorted(java.util.Comparator.comparingInt(b -> SeqNum.ofUnsigned(b.left()).minus(r.isn)))
        .map(b -> block(r, b)).collect(java.util.stream.Collectors.joining(" "));
  }

  @Test
  @Rule(id = "RECV-21", cites = "RFC 2883 §4, §4.1.1 (optional: D-SACK); contract:"
      + " TcpReceiver.onDuplicate, duplicateReport, duplicateReported",
      hint = "If this fails, check duplicateReport(): after onDuplicate(seqno, n) it names exactly"
          + " [seqno, seqno + n) (the latest duplicate if several arrived), stays until"
          + " duplicateReported() and is then gone (each duplicate is reported once); an empty"
          + " duplicate or one before the SYN reports nothing, and nothing at all unless"
          + " Settings.dsack() is true. Skipped if duplicateReport() never reports (the default:"
          + " no D-SACK)")
  void reportsAnOldDuplicateAsADsackBlockOnce() {
    Script<Reception> s = reception("D-SACK of an old duplicate", 4_294_967_290L, 4000, 1000,
        true);
    s.act("onDuplicate(ISN+1, 3) before the SYN", r -> r.receiver.onDuplicate(r.seq(1), 3));
    expectDsack(s, "none");
    segment(s, 0, true, "", false);
    data(s, 1, "abcdefghij");
    s.act("onDuplicate(ISN+3, 4) (bytes 2..5 arrived again)",
        r -> r.receiver.onDuplicate(r.seq(3), 4));
    Assumptions.assumeTrue(s.subject().receiver.duplicateReport().isPresent(),
        "duplicateReport() reports no D-SACK (optional: the connection then sends none)");
    expectDsack(s, "[ISN+3, ISN+7)");
    expectDsack(s, "[ISN+3, ISN+7)");
    s.act("duplicateReported()", r -> r.receiver.duplicateReported());
    expectDsack(s, "none");
    s.act("onDuplicate(ISN+1, 1) (the first data byte again)",
        r -> r.receiver.onDuplicate(r.seq(1), 1));
    expectDsack(s, "[ISN+1, ISN+2)");
    s.act("onDuplicate(ISN+6, 5) (another duplicate before the ACK)",
        r -> r.receiver.onDuplicate(r.seq(6), 5));
    expectDsack(s, "[ISN+6, ISN+11)");
    s.act("duplicateReported()", r -> r.receiver.duplicateReported());
    s.act("onDuplicate(ISN+4, 0) (no bytes)", r -> r.receiver.onDuplicate(r.seq(4), 0));
    expectDsack(s, "none");
    Script<Reception> off = reception("D-SACK not asked for", 4_294_967_290L, 4000, 1000, false);
    segment(off, 0, true, "", false);
    data(off, 1, "abcdefghij");
    off.act("onDuplicate(ISN+3, 4)", r -> r.receiver.onDuplicate(r.seq(3), 4));
    data(off, 5, "efgh");
    expectDsack(off, "none");
  }

  @Test
  @Rule(id = "RECV-22", cites = "RFC 2883 §4.1.2 (partially duplicated segment), §4.1.3"
      + " (duplicate of out-of-order data)",
      hint = "If this fails, check the D-SACK of arriving text: only the bytes that had already"
          + " arrived, below RCV.NXT or inside a run the reassembler holds (the first such"
          + " overlap), nothing for new text. Skipped if duplicateReport() never reports (the"
          + " default: no D-SACK)")
  void reportsTheDuplicatePartOfArrivingText() {
    Script<Reception> s = reception("D-SACK of arriving text", 4_294_967_000L, 4000, 1000, true);
    segment(s, 0, true, "", false);
    data(s, 1, "abcdef");
    expectDsack(s, "none");
    s.act("onDuplicate(ISN+1, 2) (does it offer D-SACK?)",
        r -> r.receiver.onDuplicate(r.seq(1), 2));
    Assumptions.assumeTrue(s.subject().receiver.duplicateReport().isPresent(),
        "duplicateReport() reports no D-SACK (optional: the connection then sends none)");
    s.act("duplicateReported()", r -> r.receiver.duplicateReported());
    data(s, 5, "efgh");
    expectDsack(s, "[ISN+5, ISN+7)");
    s.act("duplicateReported()", r -> r.receiver.duplicateReported());
    data(s, 21, "uvwxy");
    data(s, 31, "EFGHI");
    expectDsack(s, "none");
    data(s, 24, "xyzAB");
    expectDsack(s, "[ISN+24, ISN+26)");
    s.act("duplicateReported()", r -> r.receiver.duplicateReported());
    data(s, 29, "CDEFG"); // ends a held run's right edge: no overlap there, but with the next
    expectDsack(s, "[ISN+31, ISN+34)");
    s.act("duplicateReported()", r -> r.receiver.duplicateReported());
    data(s, 9, "ijklmnopqrstuvw");
    expectAckno(s, 36L);
    expectDsack(s, "[ISN+21, ISN+24)");
    s.act("duplicateReported()", r -> r.receiver.duplicateReported());
    data(s, 0, "Xabc");
    expectDsack(s, "[ISN+1, ISN+4)");
  }

  /** Expects duplicateReport() to be {@code expected} ("[ISN+a, ISN+b)" or "none"). */
  static void expectDsack(Script<Reception> s, String expected) {
    s.expect("duplicateReport()",
        r -> r.receiver.duplicateReport().map(b -> block(r, b)).orElse("none"), expected);
  }

  @Test
  @Rule(id = "RECV-23", cites = "RFC 9293 §3.10.7.4 (sixth step: RCV.UP = max(RCV.UP, SEG.UP)),"
      + " §3.8.5; RFC 6093 §4 (the pointer names the octet after the urgent data); RFC 1122"
      + " §4.2.2.4 (MUST-32: tell the application when the pointer advances); contract:"
      + " TcpReceiver.onUrgentPointer, urgentBytesPending",
      hint = "If this fails, check urgent data: onUrgentPointer(seqno, up) marks every byte"
          + " before seqno + up as urgent and says true only if that moves RCV.UP past both its"
          + " old value and the bytes already read; urgentBytesPending() = bytes to read until"
          + " past the last urgent byte (1: the next byte is it), never below 0, and 0 before the"
          + " SYN. Skipped if onUrgentPointer always says false (the default: inline, no signal)")
  void followsTheUrgentPointer() {
    Script<Reception> s = reception("urgent data", 4_294_967_293L, 4000, 1000);
    s.expect("onUrgentPointer(ISN+1, 3) before the SYN",
        r -> r.receiver.onUrgentPointer(r.seq(1), 3), false);
    s.expect("urgentBytesPending()", r -> r.receiver.urgentBytesPending(), 0L);
    segment(s, 0, true, "", false);
    boolean signalled = s.get("onUrgentPointer(ISN+1, 3) (bytes ISN+1..ISN+3 urgent)",
        r -> r.receiver.onUrgentPointer(r.seq(1), 3));
    Assumptions.assumeTrue(signalled,
        "onUrgentPointer says false (optional: urgent data is then delivered inline unsignalled)");
    s.expect("urgentBytesPending()", r -> r.receiver.urgentBytesPending(), 3L);
    data(s, 1, "abcdef");
    s.act("read 1 byte", r -> r.read(1))
        .expect("urgentBytesPending()", r -> r.receiver.urgentBytesPending(), 2L)
        .expect("onUrgentPointer(ISN+1, 3) again (RCV.UP does not move)",
            r -> r.receiver.onUrgentPointer(r.seq(1), 3), false)
        .expect("onUrgentPointer(ISN+2, 2) (the same RCV.UP)",
            r -> r.receiver.onUrgentPointer(r.seq(2), 2), false)
        .expect("onUrgentPointer(ISN+2, 1) (behind RCV.UP)",
            r -> r.receiver.onUrgentPointer(r.seq(2), 1), false)
        .expect("urgentBytesPending()", r -> r.receiver.urgentBytesPending(), 2L)
        .expect("onUrgentPointer(ISN+5, 4) (RCV.UP = ISN+9, past the bytes arrived)",
            r -> r.receiver.onUrgentPointer(r.seq(5), 4), true)
        .expect("urgentBytesPending()", r -> r.receiver.urgentBytesPending(), 7L);
    s.act("read 5 bytes", r -> r.read(5))
        .expect("urgentBytesPending()", r -> r.receiver.urgentBytesPending(), 2L);
    data(s, 7, "ghijkl");
    s.act("read 1 byte", r -> r.read(1))
        .expect("urgentBytesPending() (at the mark)", r -> r.receiver.urgentBytesPending(), 1L);
    s.act("read 3 bytes", r -> r.read(3))
        .expect("urgentBytesPending() (read past it)", r -> r.receiver.urgentBytesPending(), 0L);
    Script<Reception> late = reception("a pointer at bytes already read", 100, 4000, 1000);
    segment(late, 0, true, "", false);
    data(late, 1, "abcdefghij");
    late.act("read 5 bytes", r -> r.read(5))
        .expect("onUrgentPointer(ISN+1, 5) (urgent bytes all read)",
            r -> r.receiver.onUrgentPointer(r.seq(1), 5), false)
        .expect("urgentBytesPending()", r -> r.receiver.urgentBytesPending(), 0L)
        .expect("onUrgentPointer(ISN+3, 4) (one urgent byte unread)",
            r -> r.receiver.onUrgentPointer(r.seq(3), 4), true)
        .expect("urgentBytesPending()", r -> r.receiver.urgentBytesPending(), 1L);
  }

  /** The absolute right edge of a message: unwrapped ackno plus window. */
  static long edge(Reception r, TcpReceiverMessage m) {
    return m.ackno().map(a -> a.unwrap(r.isn, r.pushed())).orElse(0L) + m.windowBytes();
  }
}
