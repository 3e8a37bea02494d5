package org.minitransport.tck.verify.sender;

import static org.minitransport.tck.verify.sender.SenderBench.ISN;
import static org.minitransport.tck.verify.sender.SenderBench.MS;
import static org.minitransport.tck.verify.sender.SenderBench.MSS;
import static org.minitransport.tck.verify.sender.SenderBench.OPEN_WINDOW;
import static org.minitransport.tck.verify.sender.SenderBench.PEER_ISN;
import static org.minitransport.tck.verify.sender.SenderBench.data;
import static org.minitransport.tck.verify.sender.SenderBench.relative;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tcp.component.CongestionControlFactory;
import org.minitransport.tcp.component.TcpSender;
import org.minitransport.tcp.component.TcpSenderFactory;
import org.minitransport.tcp.component.TcpSenderMessage;
import org.minitransport.tck.verify.Operation;
import org.minitransport.tck.verify.Rule;
import org.minitransport.tck.verify.RuleExtension;
import org.minitransport.tck.verify.Script;
import org.minitransport.tck.verify.ScriptProperty;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The verification suite of a {@link TcpSender} (rules SEND-nn): the SYN first, segments of at
 * most the MSS within the peer's window, zero-window probes (RFC 9293 §3.8.6.1), the FIN, the
 * retransmission timer and its backoff (RFC 6298 §5), Karn's rule (RFC 6298 §3), fast retransmit
 * (RFC 5681 §3.2) and the partial-ACK retransmission of NewReno (RFC 6582 §3.2), the window-update
 * rule (RFC 9293 §3.10.7.4), sender silly-window avoidance (RFC 9293 §3.8.6.2.1), and ACKs of
 * data never sent.
 *
 * <p>The sender runs on the reference byte stream and RTT estimator, with a congestion window
 * that never limits it — except in the fast-retransmit rules, which give it the reference NewReno
 * controller through {@link TcpSenderFactory.Settings#congestion()}. Subclass it with one method,
 * {@link #sender()}. The sender is created with Nagle's algorithm off (noDelay), an MSS of 1000
 * bytes and an ISN 256 below the 32-bit wrap; the transcript numbers sequence space from the ISN.
 */
@ExtendWith(RuleExtension.class)
public abstract class TcpSenderVerification {

  /** The implementation under test. */
  protected abstract TcpSenderFactory sender();

  private Script<SenderBench> bench(String name) {
    return bench(name, OPEN_WINDOW);
  }

  private Script<SenderBench> bench(String name, CongestionControlFactory congestion) {
    return Script.of(name, new SenderBench(sender(), congestion, 64_000));
  }

  private static void handshake(Script<SenderBench> s, long window) {
    s.act("push (the SYN) at " + s.subject().nowNs / MS + " ms; 100 ms later the peer's"
        + " SYN-ACK announces a window of " + window,
        b -> b.establish(window));
  }

  private static Script<SenderBench> writeAndPush(Script<SenderBench> s, int bytes, int seed) {
    return s.act("write " + bytes + " bytes and push", b -> {
      b.write(data(bytes, seed));
      b.push();
    });
  }

  // ------------------------------------------------------------------ SYN, segments, FIN

  @Test
  @Rule(id = "SEND-01", cites = "RFC 9293 §3.4, §3.5; contract: TcpSender#push",
      hint = "If this fails, check that the first push sends one segment: a SYN at the ISN, no"
          + " payload, no FIN, and that it counts one sequence number in flight and starts the"
          + " retransmission timer")
  void firstPushSendsTheSynAlone() {
    bench("the first push")
        .expect("sequence numbers in flight", b -> b.sender.sequenceNumbersInFlight(), 0L)
        .act("push at 0 ms", SenderBench::push)
        .expect("the SYN's seqno (the ISN)", b -> b.sent.isEmpty() ? null : b.sent.get(0).seqno(),
            ISN)
        .expect("segments sent", SenderBench::drain, "SYN seq=0")
        .expect("sequence numbers in flight", b -> b.sender.sequenceNumbersInFlight(), 1L)
        .expect("retransmission deadline (initial RTO, 1 s)", b -> b.sender.nextDeadlineNs(),
            1_000 * MS)
        .act("the peer's SYN-ACK acknowledges it", b -> b.synAck(10_000))
        .expect("sequence numbers in flight", b -> b.sender.sequenceNumbersInFlight(), 0L)
        .expect("retransmission deadline (stopped)", b -> b.sender.nextDeadlineNs(),
            Long.MAX_VALUE)
        .expect("segments sent", SenderBench::drain, "nothing");
  }

  @Test
  @Rule(id = "SEND-02", cites = "RFC 9293 §3.8.6, RFC 879",
      hint = "If this fails, check that data goes out in segments of at most the MSS, with"
          + " consecutive sequence numbers starting at ISN + 1 (wrapping past 2^32) and the"
          + " stream's bytes as payload")
  void sendsDataInMssSizedSegments() {
    Script<SenderBench> s = bench("2500 bytes, MSS 1000");
    handshake(s, 64_000);
    writeAndPush(s, 2500, 0);
    List<TcpSenderMessage> segments = s.get("segments sent", SenderBench::takeSent);
    s.expect("the segments", b -> SenderBench.render(segments),
        "seq=1 len=1000, seq=1001 len=1000, seq=2001 len=500");
    s.expect("the first seqno (ISN + 1, wrapped)", b -> segments.get(0).seqno(), ISN.plus(1));
    s.expectThat("every payload is the stream's bytes at its sequence number",
        b -> segments.stream().allMatch(b::payloadMatchesStream));
    s.expect("sequence numbers in flight", b -> b.sender.sequenceNumbersInFlight(), 2500L);
  }

  @Test
  @Rule(id = "SEND-03", cites = "RFC 9293 §3.8.6, §3.10.7.4",
      hint = "If this fails, check that SND.NXT − SND.UNA never exceeds the peer's window and"
          + " that each ACK that opens the window lets more data out")
  void fillsThePeersWindowAndNoMore() {
    Script<SenderBench> s = bench("window of 3000, 10000 bytes to send");
    handshake(s, 3_000);
    writeAndPush(s, 10_000, 1);
    s.expect("segments sent", SenderBench::drain, "seq=1 len=1000, seq=1001 len=1000,"
        + " seq=2001 len=1000");
    s.act("push again", SenderBench::push);
    s.expect("segments sent (the window is full)", SenderBench::drain, "nothing");
    s.act("the peer acknowledges 1000 bytes, window 3000", b -> b.ack(1001, 3_000));
    s.act("push", SenderBench::push);
    s.expect("segments sent", SenderBench::drain, "seq=3001 len=1000");
    s.act("the peer acknowledges everything sent, window 5000", b -> b.ack(4001, 5_000));
    s.act("push", SenderBench::push);
    s.expect("segments sent (5000 more)", SenderBench::drain,
        "seq=4001 len=1000, seq=5001 len=1000, seq=6001 len=1000, seq=7001 len=1000,"
            + " seq=8001 len=1000");
    s.expect("sequence numbers in flight", b -> b.sender.sequenceNumbersInFlight(), 5000L);
  }

  @Test
  @Rule(id = "SEND-04", cites = "RFC 9293 §3.8.6.1 (zero-window probing, MUST-36/37)",
      hint = "If this fails, check the zero window: with data waiting the sender must keep"
          + " probing (a timer, since no ACK will come), each probe at most one byte of new"
          + " data, and send the data once the window opens")
  void probesAZeroWindowAndResumesWhenItOpens() {
    Script<SenderBench> s = bench("zero window");
    handshake(s, 1_000);
    writeAndPush(s, 1000, 2);
    s.expect("segments sent", SenderBench::drain, "seq=1 len=1000");
    s.act("the peer acknowledges it with a window of 0", b -> b.ack(1001, 0));
    s.act("(from here on every segment counts)", b -> b.historyMark = b.history.size());
    writeAndPush(s, 500, 3);
    s.expectThat("nothing beyond one byte of new data was sent",
        b -> b.takeSent().stream().allMatch(m -> m.payload().length <= 1));
    s.expectThat("a timer runs (nothing else will make the sender probe)",
        b -> b.sender.nextDeadlineNs() < Long.MAX_VALUE);
    for (int probe = 1; probe <= 2; probe++) {
      s.act("the timer fires (probe " + probe + ")", SenderBench::fireTimer);
      s.expectThat("a probe went out: one segment, no more than one byte of payload",
          b -> {
            List<TcpSenderMessage> out = b.takeSent();
            return out.size() == 1 && out.get(0).payload().length <= 1;
          });
      s.act("the peer answers: still a window of 0", b -> b.ack(1001, 0));
    }
    s.act("the peer opens its window to 2000", b -> {
      b.ack(1001, 2_000);
      b.push();
    });
    s.expectThat("the 500 waiting bytes went out (from seq 1001, probes included)", b -> {
      List<TcpSenderMessage> out = b.history.subList(b.historyMark, b.history.size());
      long end = 1001;
      for (TcpSenderMessage m : out) {
        if (!b.payloadMatchesStream(m)) {
          return false;
        }
        long start = relative(m.seqno());
        if (start <= end) {
          end = Math.max(end, start + m.payload().length);
        }
      }
      return end == 1501;
    });
  }

  @Test
  @Rule(id = "SEND-05", cites = "RFC 9293 §3.6, §3.10.4 (CLOSE: FIN after the data)",
      hint = "If this fails, check the FIN: once the stream is closed and all its data sent,"
          + " send one FIN right after the last byte, only when the window has room for it,"
          + " never twice, and count it as one sequence number")
  void sendsTheFinOnceAfterTheLastByte() {
    Script<SenderBench> s = bench("FIN");
    handshake(s, 5);
    s.act("write \"hello\", close the stream, push", b -> {
      b.write("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      b.close();
      b.push();
    });
    s.expect("segments sent (the window of 5 has no room for the FIN)", SenderBench::drain,
        "seq=1 len=5");
    s.act("the peer acknowledges \"hello\", window 5", b -> {
      b.ack(6, 5);
      b.push();
    });
    s.expect("segments sent", SenderBench::drain, "FIN seq=6");
    s.expect("sequence numbers in flight", b -> b.sender.sequenceNumbersInFlight(), 1L);
    s.act("push again", SenderBench::push);
    s.expect("segments sent (the FIN went already)", SenderBench::drain, "nothing");
    s.act("the peer acknowledges the FIN", b -> b.ack(7, 5));
    s.expect("sequence numbers in flight", b -> b.sender.sequenceNumbersInFlight(), 0L);
    s.expect("retransmission deadline (stopped)", b -> b.sender.nextDeadlineNs(),
        Long.MAX_VALUE);

    Script<SenderBench> t = bench("FIN with the last data");
    handshake(t, 64_000);
    t.act("write \"bye\", close the stream, push", b -> {
      b.write("bye".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      b.close();
      b.push();
    });
    t.expectThat("one FIN went out, right after \"bye\" (seq 4)", b -> {
      List<TcpSenderMessage> out = b.takeSent();
      long fins = out.stream().filter(TcpSenderMessage::fin).count();
      return fins == 1 && out.stream().filter(TcpSenderMessage::fin)
          .allMatch(m -> relative(m.seqno()) + m.payload().length == 4);
    });
    t.expect("sequence numbers in flight", b -> b.sender.sequenceNumbersInFlight(), 4L);
  }

  // ------------------------------------------------------------------ retransmission timer

  @Test
  @Rule(id = "SEND-06", cites = "RFC 6298 §5.1-5.3",
      hint = "If this fails, check the retransmission timer: started (now + RTO) when a segment"
          + " goes out and none runs, not restarted by later segments, restarted when new data"
          + " is acknowledged, stopped when everything is")
  void retransmissionTimerStartsRestartsAndStops() {
    Script<SenderBench> s = bench("the retransmission timer");
    handshake(s, 64_000);
    long rto = s.get("the estimator's RTO", b -> b.rtt.rtoNs());
    writeAndPush(s, 1000, 4);
    s.expect("deadline (100 ms + RTO)", b -> b.sender.nextDeadlineNs(), 100 * MS + rto);
    s.act("at 150 ms, write and push 1000 more", b -> {
      b.advanceTo(150 * MS);
      b.write(data(1000, 5));
      b.push();
    });
    s.expect("deadline (not restarted)", b -> b.sender.nextDeadlineNs(), 100 * MS + rto);
    s.act("at 200 ms the peer acknowledges the first segment", b -> {
      b.advanceTo(200 * MS);
      b.ack(1001, 64_000);
    });
    long rtoNow = s.get("the estimator's RTO now", b -> b.rtt.rtoNs());
    s.expect("deadline (restarted: 200 ms + RTO)", b -> b.sender.nextDeadlineNs(),
        200 * MS + rtoNow);
    s.act("at 250 ms the peer acknowledges the rest", b -> {
      b.advanceTo(250 * MS);
      b.ack(2001, 64_000);
    });
    s.expect("deadline (stopped)", b -> b.sender.nextDeadlineNs(), Long.MAX_VALUE);
    s.expect("segments sent", b -> b.takeSent().size(), 2);
  }

  @Test
  @Rule(id = "SEND-07", cites = "RFC 6298 §5.4-5.6, §5.7 (the SYN)",
      hint = "If this fails, check timer expiry: retransmit only the earliest unacknowledged"
          + " segment, double the RTO (back off), restart the timer, and count consecutive"
          + " retransmissions until an ACK of new data resets the count")
  void expiryRetransmitsTheEarliestSegmentAndBacksOff() {
    Script<SenderBench> syn = bench("the SYN times out");
    syn.act("push (the SYN) at 0 ms", SenderBench::push);
    syn.expect("segments sent", SenderBench::drain, "SYN seq=0");
    syn.act("the timer fires", SenderBench::fireTimer);
    syn.expect("at", b -> b.nowNs, 1_000 * MS);
    syn.expect("segments sent", SenderBench::drain, "SYN seq=0");
    syn.expect("next deadline (RTO doubled: 1 s + 2 s)", b -> b.sender.nextDeadlineNs(),
        3_000 * MS);
    syn.expect("consecutive retransmissions", b -> b.sender.consecutiveRetransmissions(), 1);

    Script<SenderBench> s = bench("data times out");
    handshake(s, 64_000);
    long rto = s.get("the estimator's RTO", b -> b.rtt.rtoNs());
    writeAndPush(s, 3000, 6);
    s.expect("segments sent", SenderBench::drain,
        "seq=1 len=1000, seq=1001 len=1000, seq=2001 len=1000");
    s.act("the timer fires", SenderBench::fireTimer);
    s.expect("at (100 ms + RTO)", b -> b.nowNs, 100 * MS + rto);
    s.expectThat("one segment went out again: the first, with its bytes", b -> {
      List<TcpSenderMessage> out = b.takeSent();
      return out.size() == 1 && relative(out.get(0).seqno()) == 1
          && out.get(0).payload().length == 1000 && b.payloadMatchesStream(out.get(0));
    });
    s.expect("next deadline (RTO doubled: + 2·RTO)", b -> b.sender.nextDeadlineNs(),
        100 * MS + 3 * rto);
    s.expect("consecutive retransmissions", b -> b.sender.consecutiveRetransmissions(), 1);
    s.act("the timer fires again", SenderBench::fireTimer);
    s.expect("segments sent", SenderBench::drain, "seq=1 len=1000");
    s.expect("next deadline (RTO doubled again: + 4·RTO)", b -> b.sender.nextDeadlineNs(),
        100 * MS + 7 * rto);
    s.expect("consecutive retransmissions", b -> b.sender.consecutiveRetransmissions(), 2);
    s.act("the peer acknowledges the first segment", b -> b.ack(1001, 64_000));
    s.expect("consecutive retransmissions (reset by new data acknowledged)",
        b -> b.sender.consecutiveRetransmissions(), 0);
  }

  @Test
  @Rule(id = "SEND-08", cites = "RFC 6298 §3 (Karn's algorithm), §5",
      hint = "If this fails, check RTT sampling: never give the estimator a sample from a"
          + " segment that was retransmitted; do time a segment sent once (now − its send time"
          + " when an ACK covers it)")
  void karnsRuleNoSampleFromRetransmittedSegments() {
    Script<SenderBench> s = bench("Karn's rule");
    handshake(s, 64_000);
    s.act("forget the SYN's sample, if any", b -> b.rtt.samplesNs.clear());
    writeAndPush(s, 1000, 7);
    s.act("the timer fires: retransmission", SenderBench::fireTimer);
    s.act("50 ms later the peer acknowledges it", b -> {
      b.advanceTo(b.nowNs + 50 * MS);
      b.ack(1001, 64_000);
    });
    s.expect("RTT samples taken (none: ambiguous)", b -> List.copyOf(b.rtt.samplesNs),
        List.of());
    s.act("write and push 1000 more", b -> {
      b.write(data(1000, 8));
      b.push();
    });
    s.act("50 ms later the peer acknowledges them", b -> {
      b.advanceTo(b.nowNs + 50 * MS);
      b.ack(2001, 64_000);
    });
    s.expect("RTT samples taken (one, 50 ms)", b -> List.copyOf(b.rtt.samplesNs),
        List.of(50 * MS));
  }

  // ------------------------------------------------------------------ loss recovery

  /** Four segments out under the reference NewReno; the first acknowledged; returns nothing. */
  private Script<SenderBench> fourSegmentsOut(String name) {
    Script<SenderBench> s = bench(name, SenderBench.newReno());
    handshake(s, 64_000);
    s.act("write 4000 bytes and push", b -> {
      b.write(data(4000, 9));
      b.push();
    });
    s.expect("segments sent", SenderBench::drain,
        "seq=1 len=1000, seq=1001 len=1000, seq=2001 len=1000, seq=3001 len=1000");
    s.act("10 ms later the peer acknowledges the first segment", b -> {
      b.advanceTo(b.nowNs + 10 * MS);
      b.ack(1001, 64_000);
      b.push();
    });
    s.act("(what that let out)", SenderBench::takeSent);
    return s;
  }

  private static boolean retransmittedAt(SenderBench b, long rel) {
    return b.takeSent().stream().anyMatch(m -> relative(m.seqno()) == rel
        && m.payload().length == MSS && b.payloadMatchesStream(m));
  }

  @Test
  @Rule(id = "SEND-09", cites = "RFC 5681 §3.2 (fast retransmit), §2 (duplicate ACK)",
      hint = "If this fails, check duplicate ACKs (no data, SEG.ACK = SND.UNA, data outstanding,"
          + " same window): report each to CongestionControl.onDuplicateAck and retransmit the"
          + " earliest unacknowledged segment at once when it says so (the third)")
  void fastRetransmitOnTheThirdDuplicateAck() {
    Script<SenderBench> s = fourSegmentsOut("fast retransmit");
    s.act("10 ms later: the first duplicate ACK (ack 1001)", b -> {
      b.advanceTo(b.nowNs + 10 * MS);
      b.ack(1001, 64_000);
    });
    s.expectThat("seq 1001 not retransmitted yet", b -> !retransmittedAt(b, 1001));
    s.act("the second duplicate ACK", b -> b.ack(1001, 64_000));
    s.expectThat("seq 1001 not retransmitted yet", b -> !retransmittedAt(b, 1001));
    s.act("the third duplicate ACK", b -> b.ack(1001, 64_000));
    s.expectThat("seq 1001 retransmitted at once, before the timer",
        b -> b.nowNs < b.sender.nextDeadlineNs() && retransmittedAt(b, 1001));
  }

  @Test
  @Rule(id = "SEND-10", cites = "RFC 6582 §3.2 step 3 (partial acknowledgment)",
      hint = "If this fails, check a partial ACK during fast recovery: when"
          + " CongestionControl.onAck returns PARTIAL_ACK_RETRANSMIT, retransmit the (new)"
          + " earliest unacknowledged segment at once")
  void partialAckRetransmitsTheNextHole() {
    Script<SenderBench> s = fourSegmentsOut("partial ACK");
    s.act("three duplicate ACKs (ack 1001): fast retransmit of 1001", b -> {
      b.advanceTo(b.nowNs + 10 * MS);
      b.ack(1001, 64_000);
      b.ack(1001, 64_000);
      b.ack(1001, 64_000);
      b.push();
      b.takeSent();
    });
    s.act("10 ms later, a partial ACK (ack 2001): 2001 was lost too", b -> {
      b.advanceTo(b.nowNs + 10 * MS);
      b.ack(2001, 64_000);
    });
    s.expectThat("seq 2001 retransmitted at once", b -> retransmittedAt(b, 2001));
  }

  // ------------------------------------------------------------------ windows

  @Test
  @Rule(id = "SEND-11", cites = "RFC 9293 §3.10.7.4 (SND.WL1, SND.WL2)",
      hint = "If this fails, check the window update: take SEG.WND only if SND.WL1 < SEG.SEQ,"
          + " or SND.WL1 = SEG.SEQ and SND.WL2 ≤ SEG.ACK (use AckDetails.segmentSeqno); an"
          + " older segment that arrives late must not set the window")
  void olderSegmentsDoNotUpdateTheWindow() {
    Script<SenderBench> s = bench("a reordered, older segment");
    handshake(s, 2_000);
    writeAndPush(s, 8000, 10);
    s.expect("segments sent", SenderBench::drain, "seq=1 len=1000, seq=1001 len=1000");
    s.act("the peer's segment seq=P+101 (100 bytes of its data) acks 2001, window 1000",
        b -> b.ack(2001, 1_000, PEER_ISN.plus(101), true));
    s.act("push", SenderBench::push);
    s.expect("segments sent", SenderBench::drain, "seq=2001 len=1000");
    s.act("its older segment seq=P+1 (100 bytes) arrives late: acks 2001, window 8000",
        b -> b.ack(2001, 8_000, PEER_ISN.plus(1), true));
    s.act("push", SenderBench::push);
    s.expect("segments sent (the window is still 1000, all in flight)", SenderBench::drain,
        "nothing");
    s.act("a newer pure ACK seq=P+201 acks 3001, window 3000",
        b -> b.ack(3001, 3_000, PEER_ISN.plus(201), false));
    s.act("push", SenderBench::push);
    s.expect("segments sent", SenderBench::drain,
        "seq=3001 len=1000, seq=4001 len=1000, seq=5001 len=1000");
  }

  @Test
  @Rule(id = "SEND-12", cites = "RFC 9293 §3.8.6.2.1 (sender SWS avoidance), RFC 1122"
      + " §4.2.3.4",
      hint = "If this fails, check silly-window avoidance: with more data waiting than the"
          + " window takes, send only a full MSS, or at least half the largest window the peer"
          + " offered — not a small segment just because the window has a little room")
  void avoidsTheSillyWindow() {
    Script<SenderBench> s = bench("a small window opening");
    handshake(s, 10_000);
    writeAndPush(s, 3000, 11);
    s.expect("segments sent", SenderBench::drain,
        "seq=1 len=1000, seq=1001 len=1000, seq=2001 len=1000");
    s.act("the peer acknowledges it all, window 300 (its buffer is nearly full)",
        b -> b.ack(3001, 300));
    writeAndPush(s, 5000, 12);
    s.expect("segments sent (300 < MSS and < half of 10000: wait)", SenderBench::drain,
        "nothing");
    s.act("the window opens to 4000", b -> {
      b.ack(3001, 4_000);
      b.push();
    });
    s.expect("segments sent (full segments)", SenderBench::drain,
        "seq=3001 len=1000, seq=4001 len=1000, seq=5001 len=1000, seq=6001 len=1000");
  }

  @Test
  @Rule(id = "SEND-13", cites = "RFC 9293 §3.10.7.4 (SEG.ACK > SND.NXT), RFC 5961 §5.2",
      hint = "If this fails, check an ACK of data never sent: it must not release data, change"
          + " what is in flight or stop the timer (the reference connection filters these, but"
          + " a sender must not be corrupted by one)")
  void ignoresAcksOfDataNeverSent() {
    Script<SenderBench> s = bench("an ACK of unsent data");
    handshake(s, 64_000);
    writeAndPush(s, 1000, 13);
    s.expect("segments sent", SenderBench::drain, "seq=1 len=1000");
    s.act("an ACK of 5001 (4000 bytes never sent)", b -> b.ack(5001, 64_000));
    s.expect("sequence numbers in flight", b -> b.sender.sequenceNumbersInFlight(), 1000L);
    s.expectThat("retransmission deadline (still running)",
        b -> b.sender.nextDeadlineNs() < Long.MAX_VALUE);
    s.act("the timer fires", SenderBench::fireTimer);
    s.expectThat("the first segment is retransmitted with its bytes", b -> {
      List<TcpSenderMessage> out = b.takeSent();
      return out.size() == 1 && relative(out.get(0).seqno()) == 1
          && b.payloadMatchesStream(out.get(0));
    });
    s.act("the real ACK (1001)", b -> b.ack(1001, 64_000));
    s.expect("sequence numbers in flight", b -> b.sender.sequenceNumbersInFlight(), 0L);
  }

  @Test
  @Rule(id = "SEND-14", cites = "RFC 9293 §3.10.7.4 (<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>);"
      + " contract: TcpSender#makeEmptyMessage",
      hint = "If this fails, check makeEmptyMessage: no SYN, no FIN, no payload, at the next"
          + " sequence number to send")
  void emptyMessageCarriesTheNextSequenceNumber() {
    Script<SenderBench> s = bench("empty messages");
    s.expect("before the SYN", b -> SenderBench.render(b.sender.makeEmptyMessage()), "seq=0");
    handshake(s, 64_000);
    s.expect("after the handshake", b -> SenderBench.render(b.sender.makeEmptyMessage()),
        "seq=1");
    writeAndPush(s, 1500, 14);
    s.expect("with 1500 bytes in flight", b -> SenderBench.render(b.sender.makeEmptyMessage()),
        "seq=1501");
    s.expect("its flags and payload",
        b -> {
          TcpSenderMessage m = b.sender.makeEmptyMessage();
          return m.syn() || m.fin() || m.rst() || m.payload().length > 0;
        }, false);
  }

  // ------------------------------------------------------------------ more RTT sampling

  @Test
  @Rule(id = "SEND-16", cites = "RFC 7323 §4.1 (RTTM), RFC 6298 §3",
      hint = "If this fails, check RTT samples from the timestamps option: when an ACK of new"
          + " data brings AckDetails.rttSampleNs (≥ 0), give the estimator that sample — also"
          + " for a retransmitted segment, since the echoed timestamp tells which transmission"
          + " the peer answered — and a sample of 0 (an RTT below the timestamp clock's"
          + " resolution) is still a sample")
  void takesRttSamplesFromTimestamps() {
    Script<SenderBench> s = bench("RTT samples from timestamps");
    handshake(s, 64_000);
    s.act("forget the SYN's sample, if any", b -> b.rtt.samplesNs.clear());
    writeAndPush(s, 1000, 16);
    s.act("the timer fires: retransmission", SenderBench::fireTimer);
    s.act("50 ms later the peer acknowledges it; its timestamps give an RTT of 30 ms", b -> {
      b.advanceTo(b.nowNs + 50 * MS);
      b.ackWithRttSample(1001, 64_000, 30 * MS);
    });
    s.expect("RTT samples taken (the timestamps' one, although the segment was retransmitted)",
        b -> List.copyOf(b.rtt.samplesNs), List.of(30 * MS));
    writeAndPush(s, 1000, 17);
    s.act("20 ms later the peer acknowledges it; its timestamps give an RTT of 0 ms", b -> {
      b.advanceTo(b.nowNs + 20 * MS);
      b.ackWithRttSample(2001, 64_000, 0);
    });
    s.expect("RTT samples taken", b -> b.rtt.samplesNs.size(), 2);
    s.expectThat("the second is the timestamps' (at most 1 ms), not the segment's 20 ms",
        b -> b.rtt.samplesNs.get(1) <= MS);
  }

  @Test
  @Rule(id = "SEND-17", cites = "RFC 6298 §3 (Karn's algorithm), RFC 5681 §3.2, RFC 6582 §3.2",
      hint = "If this fails, check Karn's rule after every kind of retransmission: an ACK that"
          + " covers any retransmitted byte gives no sample (fast retransmit, the partial-ACK"
          + " retransmission, a segment resent after a timeout that also carries new bytes);"
          + " time only a segment sent once, and only an ACK beyond its first byte samples it")
  void karnsRuleAfterFastPartialAndTimeoutRetransmissions() {
    Script<SenderBench> s = bench("Karn's rule in fast recovery", SenderBench.newReno());
    handshake(s, 64_000);
    s.act("forget the SYN's sample, if any", b -> b.rtt.samplesNs.clear());
    writeAndPush(s, 4000, 18);
    s.expect("segments sent", SenderBench::drain,
        "seq=1 len=1000, seq=1001 len=1000, seq=2001 len=1000, seq=3001 len=1000");
    s.act("10 ms later, three duplicate ACKs (ack 1): fast retransmit of seq 1", b -> {
      b.advanceTo(b.nowNs + 10 * MS);
      b.ack(1, 64_000);
      b.ack(1, 64_000);
      b.ack(1, 64_000);
      b.push();
    });
    s.expectThat("seq 1 was retransmitted", b -> b.takeSent().stream()
        .anyMatch(m -> relative(m.seqno()) == 1 && m.payload().length == MSS));
    s.act("10 ms later, a partial ACK (ack 2001): seq 2001 is retransmitted", b -> {
      b.advanceTo(b.nowNs + 10 * MS);
      b.ack(2001, 64_000);
      b.push();
    });
    s.expectThat("seq 2001 was retransmitted", b -> b.takeSent().stream()
        .anyMatch(m -> relative(m.seqno()) == 2001 && m.payload().length == MSS));
    s.act("10 ms later the peer acknowledges everything (ack 4001)", b -> {
      b.advanceTo(b.nowNs + 10 * MS);
      b.ack(4001, 64_000);
    });
    s.expect("RTT samples taken (none: every ACK covered retransmitted bytes)",
        b -> List.copyOf(b.rtt.samplesNs), List.of());

    Script<SenderBench> t = bench("Karn's rule after a timeout");
    handshake(t, 64_000);
    t.act("forget the SYN's sample, if any", b -> b.rtt.samplesNs.clear());
    writeAndPush(t, 1500, 19);
    t.expect("segments sent", SenderBench::drain, "seq=1 len=1000, seq=1001 len=500");
    t.act("the timer fires: seq 1 is retransmitted", SenderBench::fireTimer);
    t.expect("segments sent", SenderBench::drain, "seq=1 len=1000");
    t.act("write 1000 more bytes; 50 ms later the peer acknowledges seq 1 (ack 1001), push",
        b -> {
          b.write(data(1000, 20));
          b.advanceTo(b.nowNs + 50 * MS);
          b.ack(1001, 64_000);
          b.push();
        });
    t.expect("segments sent (1001-1500 again with 500 new bytes, then new data)",
        SenderBench::drain, "seq=1001 len=1000, seq=2001 len=500");
    t.act("30 ms later the peer acknowledges 2001 (the segment that carried old bytes)", b -> {
      b.advanceTo(b.nowNs + 30 * MS);
      b.ack(2001, 64_000);
    });
    t.act("10 ms later the peer acknowledges 2501 (a segment sent once, 40 ms ago)", b -> {
      b.advanceTo(b.nowNs + 10 * MS);
      b.ack(2501, 64_000);
    });
    t.expect("RTT samples taken (only the last segment's)", b -> List.copyOf(b.rtt.samplesNs),
        List.of(40 * MS));
  }

  @Test
  @Rule(id = "SEND-18", cites = "RFC 5681 §2 (DUPLICATE ACKNOWLEDGMENT); contract:"
      + " CongestionControl#onDuplicateAck",
      hint = "If this fails, check which ACKs you report to CongestionControl.onDuplicateAck:"
          + " only those with data outstanding, no data, SYN or FIN in the segment"
          + " (AckDetails.carriesSequenceSpace), SEG.ACK = SND.UNA and the window unchanged")
  void reportsOnlyDuplicateAcks() {
    Script<SenderBench> s = bench("which ACKs are duplicates");
    handshake(s, 64_000);
    s.act("three pure ACKs of 1 with nothing outstanding", b -> {
      b.ack(1, 64_000);
      b.ack(1, 64_000);
      b.ack(1, 64_000);
    });
    s.expect("duplicate ACKs reported (none: nothing was outstanding)",
        b -> b.openWindow().duplicateAcks, 0);
    writeAndPush(s, 2000, 21);
    s.act("an ACK of 1 on a segment carrying 100 bytes of the peer's data",
        b -> b.ack(1, 64_000, PEER_ISN.plus(1), true));
    s.expect("duplicate ACKs reported (none: it carried data)",
        b -> b.openWindow().duplicateAcks, 0);
    s.act("a pure ACK of 1 announcing another window (32000)",
        b -> b.ack(1, 32_000, PEER_ISN.plus(101), false));
    s.expect("duplicate ACKs reported (none: the window changed)",
        b -> b.openWindow().duplicateAcks, 0);
    s.act("a pure ACK of 1 with the same window", b -> b.ack(1, 32_000, PEER_ISN.plus(101),
        false));
    s.expect("duplicate ACKs reported", b -> b.openWindow().duplicateAcks, 1);
    s.act("an ACK of new data (1001)", b -> b.ack(1001, 32_000, PEER_ISN.plus(101), false));
    s.expect("duplicate ACKs reported (still one)", b -> b.openWindow().duplicateAcks, 1);
  }

  @Test
  @Rule(id = "SEND-19", cites = "RFC 9293 §3.8.6.2.1 (sender SWS avoidance: Fs·Max(SND.WND),"
      + " Fs = 1/2), §3.10.7.3",
      hint = "If this fails, check the second half of silly-window avoidance: a segment"
          + " shorter than the MSS may go when it fills at least half of the largest window the"
          + " peer ever offered — the window of its SYN included — and a peer that never offers"
          + " more than one byte gets one byte at a time")
  void sendsHalfTheLargestWindowOffered() {
    Script<SenderBench> s = bench("half the largest window");
    handshake(s, 1_600);
    writeAndPush(s, 5000, 22);
    s.expect("segments sent (600 left < MSS and < 800: wait)", SenderBench::drain,
        "seq=1 len=1000");
    s.act("the peer acknowledges it, window 700", b -> {
      b.ack(1001, 700);
      b.push();
    });
    s.expect("segments sent (700 < half of 1600)", SenderBench::drain, "nothing");
    s.act("a window update: 800", b -> {
      b.ack(1001, 800, PEER_ISN.plus(1), false);
      b.push();
    });
    s.expect("segments sent (800 = half of 1600)", SenderBench::drain, "seq=1001 len=800");

    Script<SenderBench> p = bench("the SYN's window counts");
    p.act("passive open: the peer's SYN announces 10000, its ACK of our SYN 600",
        b -> b.passiveOpen(10_000, 600));
    writeAndPush(p, 5000, 23);
    p.expect("segments sent (600 < half of 10000: wait)", SenderBench::drain, "nothing");

    Script<SenderBench> t = bench("a window of one byte");
    handshake(t, 1);
    writeAndPush(t, 3, 24);
    t.expect("segments sent", SenderBench::drain, "seq=1 len=1");
    t.act("push again", SenderBench::push);
    t.expect("segments sent (the byte in flight fills the window)", SenderBench::drain,
        "nothing");
    t.act("the peer acknowledges it, window 1", b -> {
      b.ack(2, 1);
      b.push();
    });
    t.expect("segments sent", SenderBench::drain, "seq=2 len=1");
  }

  @Test
  @Rule(id = "SEND-20", cites = "RFC 9293 §3.10.4, §3.9.1 (the FIN is retransmitted like"
      + " data), RFC 6298 §5.4",
      hint = "If this fails, check what a timeout retransmits once the FIN is involved: the"
          + " earliest unacknowledged segment with its FIN if it carried one, the FIN alone if"
          + " only it is outstanding, and never a FIN that was not sent yet")
  void retransmitsTheFinLikeData() {
    Script<SenderBench> s = bench("the FIN on a timeout");
    handshake(s, 64_000);
    s.act("write \"bye\", close the stream, push", b -> {
      b.write("bye".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      b.close();
      b.push();
    });
    s.expect("segments sent", SenderBench::drain, "FIN seq=1 len=3");
    s.act("the timer fires", SenderBench::fireTimer);
    s.expect("segments sent (the segment again, FIN included)", SenderBench::drain,
        "FIN seq=1 len=3");
    s.act("the peer acknowledges \"bye\" but not the FIN (ack 4)", b -> b.ack(4, 64_000));
    s.act("the timer fires", SenderBench::fireTimer);
    s.expect("segments sent (the FIN alone)", SenderBench::drain, "FIN seq=4");
    s.expect("sequence numbers in flight", b -> b.sender.sequenceNumbersInFlight(), 1L);

    Script<SenderBench> t = bench("a FIN not sent yet");
    handshake(t, 5);
    t.act("write \"hello\", close the stream, push", b -> {
      b.write("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      b.close();
      b.push();
    });
    t.expect("segments sent (the window of 5 has no room for the FIN)", SenderBench::drain,
        "seq=1 len=5");
    t.act("the timer fires", SenderBench::fireTimer);
    t.expect("segments sent (\"hello\" again, still without the FIN)", SenderBench::drain,
        "seq=1 len=5");
  }

  // ------------------------------------------------------------------ property

  @Test
  @Rule(id = "SEND-15", cites = "RFC 9293 §3.8.6, §3.4",
      hint = "If this fails, the shortest script below breaks one of: a payload is the"
          + " stream's bytes at its sequence number; new data never goes beyond SND.UNA +"
          + " max(SND.WND, 1); sequenceNumbersInFlight = SND.MAX − SND.UNA")
  void segmentsCarryTheStreamWithinTheWindow() {
    ScriptProperty.of("sender invariants", () -> {
      SenderBench b = new SenderBench(sender(), OPEN_WINDOW, 64_000);
      b.establish(4_000);
      b.sndMaxRel = 1;
      return b;
    }, operations())
        .length(1, 30)
        .examples(100)
        .check();
  }

  private static Gen<Operation<SenderBench>> operations() {
    Gen<Operation<SenderBench>> write = Generate.range(1, 3000).map(n -> new Op(
        "write " + n + " and push", s -> {
          s.act("write " + n + " bytes and push", b -> {
            int room = Math.min(n, b.outbound.writer().availableCapacity());
            b.write(data(room, n));
            long before = b.sndMaxRel;
            b.push();
            b.lastNewEnd = b.sndMaxRel > before ? b.sndMaxRel : -1;
          });
          check(s);
        }));
    Gen<Operation<SenderBench>> ack = Generate.range(0, 100).zip(Generate.range(0, 5000),
        (fraction, window) -> new Op("ACK " + fraction + "% of the flight, window " + window,
            s -> {
              s.act("the peer ACKs " + fraction + "% of what is in flight, window " + window
                  + ", then push", b -> {
                    long ackRel = b.ackedRel + (b.sndMaxRel - b.ackedRel) * fraction / 100;
                    b.ack(Math.max(ackRel, b.ackedRel), window);
                    long before = b.sndMaxRel;
                    b.push();
                    b.lastNewEnd = b.sndMaxRel > before ? b.sndMaxRel : -1;
                  });
              check(s);
            }));
    Gen<Operation<SenderBench>> timer = Generate.constant(new Op("the next timer fires", s -> {
      s.act("the next timer fires", b -> {
        long before = b.sndMaxRel;
        b.fireTimer();
        b.lastNewEnd = b.sndMaxRel > before ? b.sndMaxRel : -1;
      });
      check(s);
    }));
    return Generate.frequency(Pair.of(4, write), Pair.of(4, ack), Pair.of(1, timer));
  }

  private static void check(Script<SenderBench> s) {
    s.expectThat("every payload sent is the stream's bytes at its sequence number",
        b -> b.sent.stream().allMatch(b::payloadMatchesStream));
    s.expectThat("new data ends within SND.UNA + max(window, 1)",
        b -> b.lastNewEnd <= b.ackedRel + Math.max(b.peerWindow, 1));
    s.expect("sequence numbers in flight (SND.MAX − SND.UNA)",
        b -> b.sender.sequenceNumbersInFlight(), s.subject().sndMaxRel - s.subject().ackedRel);
    s.act("(segments checked)", b -> b.sent.clear());
  }

  /** A named operation, so QuickTheories prints the shrunk script readably. */
  private record Op(String name, Consumer<Script<SenderBench>> body)
      implements Operation<SenderBench> {
    @Override
    public void run(Script<SenderBench> script) {
      body.accept(script);
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
