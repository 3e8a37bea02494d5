package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.tcp.ConnectionFixture.ACK;
import static org.minitransport.tcp.ConnectionFixture.PEER_MSS;
import static org.minitransport.tcp.ConnectionFixture.SYN;
import static org.minitransport.tcp.ConnectionFixture.bytes;
import static org.minitransport.tcp.ConnectionFixture.localSeq;
import static org.minitransport.tcp.ConnectionFixture.remoteSeq;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.wire.SackBlock;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * Loss recovery on one connection, the test playing the peer: SACK-based recovery (RFC 6675),
 * RACK-TLP (RFC 8985), D-SACK (RFC 2883) both ways, undo (RFC 3522, RFC 3708), and the RFC 6675
 * §2 duplicate ACK. The peer's MSS is 1000 bytes, so our segment k carries bytes [1 + 1000·(k−1),
 * 1 + 1000·k); NewReno growth keeps the numbers round (ssthresh = FlightSize / 2). Timestamps are
 * off unless a test says otherwise.
 */
class LossRecoveryTest {

  private static final long MS = 1_000_000L;

  /** First byte of our data segment k. */
  private static long seg(int k) {
    return 1 + (long) PEER_MSS * (k - 1);
  }

  private static TcpConfig.Builder sackConfig(LossRecoveryConfig recovery) {
    return ConnectionFixture.plainConfig().sack(true)
        .congestionControl(TcpConfig.CongestionAlgorithm.NEW_RENO).lossRecovery(recovery);
  }

  /** ESTABLISHED with SACK, the SYN-ACK 10 ms after the SYN (SRTT 10 ms, RTO 200 ms). */
  private static ConnectionFixture established(TcpConfig.Builder config) {
    return established(config, TcpOptions.NONE.withMss(PEER_MSS).withSackPermitted(true));
  }

  private static ConnectionFixture established(TcpConfig.Builder config, TcpOptions synAck) {
    ConnectionFixture f = new ConnectionFixture(config.build());
    f.synSent();
    f.advanceBy(10 * MS);
    f.peer(SYN | ACK, 0, 1).options(synAck).arrive();
    f.expectSent(ACK, 1, 1);
    f.events();
    return f;
  }

  private static ConnectionFixture established() {
    return established(sackConfig(LossRecoveryConfig.linuxDefaults()));
  }

  /** The peer's SACK option for our segments {@code [from, to]}, one block each range. */
  private static TcpOptions sack(int[]... ranges) {
    List<SackBlock> blocks = java.util.Arrays.stream(ranges)
        .map(r -> new SackBlock(localSeq(seg(r[0])), localSeq(seg(r[1] + 1)))).toList();
    return TcpOptions.NONE.withSackBlocks(blocks);
  }

  private static int[] segments(int from, int to) {
    return new int[] {from, to};
  }

  private static long startOf(TcpSegment s) {
    return (s.header().sequenceNumber() - ConnectionFixture.LOCAL_ISS) & 0xFFFF_FFFFL;
  }

  /** What a connection counted reaches its endpoint's counters once, under Linux's names. */
  @Nested
  class EndpointCounters {

    @Test
    void eachCountIsMovedOnceAndNetstatListsItUnderItsNstatName() {
      ConnectionFixture f = established(sackConfig(LossRecoveryConfig.linuxDefaults()
          .withRackTlp(false)));
      TcpCounters endpoint = new TcpCounters();
      f.write(bytes(4 * PEER_MSS, 1));
      f.allSent();
      f.advanceBy(10 * MS);
      f.peer(ACK, 1, seg(1)).options(sack(segments(2, 3))).arrive();
      f.fireNextTimeout();
      f.allSent();
      f.connection.moveCountersTo(endpoint);
      f.connection.moveCountersTo(endpoint);
      assertEquals(f.connection.lossRecoveryCounters(), endpoint.lossRecovery(),
          "the second move adds nothing");
      java.util.Map<String, Long> netstat = endpoint.snapshot();
      assertEquals(1L, netstat.get("TCPTimeouts"));
      assertEquals(1L, netstat.get("TCPSlowStartRetrans"));
      assertTrue(netstat.keySet().containsAll(LossRecoveryCounters.NONE.byNstatName().keySet()),
          "every loss-recovery counter is listed: " + netstat.keySet());

      f.advanceBy(10 * MS);
      f.peer(ACK, 1, seg(4)).arrive(); // the peer still misses segment 4: sent again
      f.allSent();
      f.fireNextTimeout();
      f.connection.moveCountersTo(endpoint);
      assertEquals(2L, endpoint.snapshot().get("TCPTimeouts"), "only the new timeout is added");
    }
  }

  @Nested
  class SackRecovery {

    @Test
    void rackFindsTheHoleAndOnlyTheLostSegmentIsSentAgain() {
      ConnectionFixture f = established();
      f.write(bytes(4 * PEER_MSS, 1));
      assertEquals(4, f.allSent().size(), "IW = 4 segments of 1000 bytes");
      f.advanceBy(10 * MS);
      f.peer(ACK, 1, seg(1)).options(sack(segments(2, 4))).arrive();
      TcpSegment retransmission = f.sent();
      assertEquals(seg(1), startOf(retransmission),
          "three SACKed segments sent after segment 1: RACK's window is 0, segment 1 is lost");
      f.expectNothingSent();
      LossRecoveryCounters counters = f.connection.lossRecoveryCounters();
      assertEquals(1, counters.sackRecoveries());
      assertEquals(1, counters.fastRetransmits());
      f.advanceBy(10 * MS);
      f.peer(ACK, 1, seg(5)).arrive();
      assertEquals(2 * PEER_MSS, f.connection.congestionWindowBytes(),
          "the recovery ends with cwnd = ssthresh = FlightSize / 2 (RFC 6937)");
      assertEquals(0, f.connection.lossRecoveryCounters().timeouts());
    }

    @Test
    void oneSackedSegmentWaitsOutTheReorderingWindowFirst() {
      ConnectionFixture f = established();
      f.write(bytes(4 * PEER_MSS, 1));
      f.allSent();
      f.advanceBy(10 * MS);
      f.peer(ACK, 1, seg(1)).options(sack(segments(2, 2))).arrive();
      f.expectNothingSent();
      assertEquals(f.nowNs + 10 * MS / 4, f.connection.pollTimeoutNs(),
          "RACK waits min_RTT / 4 for reordering before it calls segment 1 lost");
      f.fireNextTimeout();
      assertEquals(seg(1), startOf(f.sent()));
    }

    @Test
    void aLostRetransmissionIsFoundWithoutATimeout() {
      ConnectionFixture f = established();
      f.write(bytes(4 * PEER_MSS, 1));
      f.allSent();
      f.advanceBy(10 * MS);
      f.peer(ACK, 1, seg(1)).options(sack(segments(2, 4))).arrive();
      assertEquals(seg(1), startOf(f.sent()));
      f.write(bytes(2 * PEER_MSS, 2));
      assertEquals(List.of(seg(5)), f.allSent().stream().map(LossRecoveryTest::startOf).toList(),
          "cwnd = ssthresh = 2000 and the retransmission fills half: one new segment goes");
      f.advanceBy(10 * MS);
      f.peer(ACK, 1, seg(1)).options(sack(segments(2, 5))).arrive();
      assertEquals(seg(1), startOf(f.sent()),
          "segment 5, sent after the retransmission, arrived; the retransmission did not");
      assertEquals(0, f.connection.lossRecoveryCounters().timeouts());
      assertEquals(2, f.connection.lossRecoveryCounters().fastRetransmits());
    }

    @Test
    void afterATimeoutTheSackedSegmentsAreNotSentAgain() {
      ConnectionFixture f = established(sackConfig(LossRecoveryConfig.linuxDefaults()
          .withRackTlp(false)));
      f.write(bytes(4 * PEER_MSS, 1));
      f.allSent();
      f.advanceBy(10 * MS);
      f.peer(ACK, 1, seg(1)).options(sack(segments(2, 3))).arrive();
      f.expectNothingSent(); // two SACKed segments: below DupThresh, no recovery
      f.fireNextTimeout();
      assertEquals(1, f.connection.lossRecoveryCounters().timeouts());
      assertEquals(seg(1), startOf(f.sent()), "the RTO resends the first segment");
      f.expectNothingSent();
      f.advanceBy(10 * MS);
      f.peer(ACK, 1, seg(4)).arrive();
      List<TcpSegment> after = f.allSent();
      assertEquals(List.of(seg(4)), after.stream().map(LossRecoveryTest::startOf).toList(),
          "segments 2 and 3 were SACKed: only segment 4 is sent again");
    }
  }

  @Nested
  class UntrustedSackBlocks {

    @Test
    void brokenOrForgedBlocksAreIgnoredAndNothingIsResentForThem() {
      ConnectionFixture f = established();
      f.write(bytes(4 * PEER_MSS, 1));
      f.allSent();
      f.advanceBy(10 * MS);
      List<SackBlock> hostile = List.of(
          new SackBlock(localSeq(seg(3)), localSeq(seg(2))), // inverted
          new SackBlock(localSeq(seg(9)), localSeq(seg(12))), // beyond anything sent
          new SackBlock(localSeq(seg(1) - 1_000_000), localSeq(seg(1) - 999_000))); // far below
      f.peer(ACK, 1, seg(1)).options(TcpOptions.NONE.withSackBlocks(hostile)).arrive();
      f.expectNothingSent();
      assertEquals(0, f.connection.lossRecoveryCounters().sackRecoveries());
      f.peer(ACK, 1, seg(5)).arrive();
      assertEquals(0, f.connection.bytesUnacknowledged(), "the connection carries on");
    }
  }

  @Nested
  class TailLossProbe {

    @Test
    void aProbeTwoRttsAfterTheLastSendReplacesTheRetransmissionTimeout() {
      ConnectionFixture f = established();
      f.write(bytes(4 * PEER_MSS, 1));
      f.allSent();
      f.advanceBy(10 * MS);
      f.peer(ACK, 1, seg(3)).arrive(); // segments 3 and 4 are lost: no more ACKs will come
      f.expectNothingSent();
      assertEquals(f.nowNs + 2 * 10 * MS, f.connection.pollTimeoutNs(), "PTO = 2·SRTT");
      f.fireNextTimeout();
      TcpSegment probe = f.sent();
      assertEquals(seg(4), startOf(probe), "no new data: the highest segment goes again");
      assertEquals(1, f.connection.lossRecoveryCounters().lossProbes());
      f.advanceBy(10 * MS);
      f.peer(ACK, 1, seg(3)).options(sack(segments(4, 4))).arrive();
      assertEquals(seg(3), startOf(f.sent()), "the probe's SACK lets RACK find segment 3");
      assertEquals(0, f.connection.lossRecoveryCounters().timeouts());
    }
  }

  @Nested
  class DuplicateAcks {

    /**
     * RFC 6675 §2: an ACK that SACKs new data is a duplicate whatever its window. Linux's window
     * grows on every ACK while it auto-tunes, so RFC 5681's "window unchanged" alone never fires.
     */
    @Test
    void anAckThatSacksNewDataCountsEvenIfTheWindowChanged() {
      ConnectionFixture f = established(sackConfig(LossRecoveryConfig.newRenoOnly()));
      f.write(bytes(8 * PEER_MSS, 1));
      f.allSent();
      int window = 50_000;
      for (int k = 2; k <= 4; k++) {
        window += 3000;
        f.peer(ACK, 1, seg(1)).window(window).options(sack(segments(2, k))).arrive();
        f.allSent(); // Limited Transmit
      }
      assertEquals(1, f.connection.lossRecoveryCounters().renoRecoveries(),
          "three duplicates: fast retransmit");
      assertEquals(1, f.connection.retransmittedSegments());
    }
  }

  @Nested
  class Dsack {

    private ConnectionFixture receiver(boolean dsack) {
      return established(sackConfig(LossRecoveryConfig.linuxDefaults().withDsack(dsack)));
    }

    @Test
    void aSegmentReceivedTwiceIsReportedOnceAsADsack() {
      ConnectionFixture f = receiver(true);
      f.peer(ACK, 1, 1).payload(bytes(100, 1)).arrive();
      f.advanceBy(50 * MS);
      f.connection.handleTimeout(f.nowNs);
      f.allSent();
      f.peer(ACK, 1, 1).payload(bytes(100, 1)).arrive();
      TcpSegment ack = f.sent();
      assertEquals(List.of(new SackBlock(remoteSeq(1), remoteSeq(101))),
          ack.header().options().sackBlocks(), "RFC 2883 §4.1.1: the duplicate, below RCV.NXT");
      assertEquals(1, f.connection.lossRecoveryCounters().oldDsacksSent(), "TCPDSACKOldSent");
      assertEquals(0, f.connection.lossRecoveryCounters().ofoDsacksSent());
      f.peer(ACK, 101, 1).payload(bytes(100, 2)).arrive();
      f.advanceBy(50 * MS);
      f.connection.handleTimeout(f.nowNs);
      assertTrue(f.sent().header().options().sackBlocks().isEmpty(), "a D-SACK goes once");
    }

    @Test
    void aDuplicateOfOutOfOrderDataIsFollowedByItsBlock() {
      ConnectionFixture f = receiver(true);
      f.peer(ACK, 201, 1).payload(bytes(100, 3)).arrive();
      f.allSent();
      f.peer(ACK, 151, 1).payload(bytes(100, 2)).arrive(); // 151..250, half of it held already
      TcpSegment ack = f.sent();
      assertEquals(List.of(new SackBlock(remoteSeq(201), remoteSeq(251)),
              new SackBlock(remoteSeq(151), remoteSeq(301))),
          ack.header().options().sackBlocks(),
          "RFC 2883 §4.1.3: the duplicated part first, then the block that holds it");
      assertEquals(1, f.connection.lossRecoveryCounters().ofoDsacksSent(), "TCPDSACKOfoSent");
      assertEquals(0, f.connection.lossRecoveryCounters().oldDsacksSent());
    }

    @Test
    void withDsackOffNothingIsReported() {
      ConnectionFixture f = receiver(false);
      f.peer(ACK, 1, 1).payload(bytes(100, 1)).arrive();
      f.advanceBy(50 * MS);
      f.connection.handleTimeout(f.nowNs);
      f.allSent();
      f.peer(ACK, 1, 1).payload(bytes(100, 1)).arrive();
      assertTrue(f.sent().header().options().sackBlocks().isEmpty());
    }
  }

  @Nested
  class Undo {

    /** Segment 1 is delayed, not lost: its retransmission comes back D-SACKed (RFC 3708). */
    @Test
    void aDsackForTheOnlyRetransmissionRestoresTheWindow() {
      ConnectionFixture f = established();
      f.write(bytes(4 * PEER_MSS, 1));
      f.allSent();
      long cwndBefore = f.connection.congestionWindowBytes();
      f.advanceBy(10 * MS);
      f.peer(ACK, 1, seg(1)).options(sack(segments(2, 4))).arrive();
      assertEquals(seg(1), startOf(f.sent()));
      f.peer(ACK, 1, seg(5)).arrive(); // the original arrives late
      assertTrue(f.connection.congestionWindowBytes() < cwndBefore);
      f.advanceBy(10 * MS);
      f.peer(ACK, 1, seg(5)).options(sack(segments(1, 1))).arrive(); // the retransmission: a dup
      assertEquals(1, f.connection.lossRecoveryCounters().dsackUndos());
      assertEquals(cwndBefore, f.connection.congestionWindowBytes());
    }

    /**
     * The same with timestamps: the ACK that acknowledges segment 1 echoes the original's
     * timestamp, not the retransmission's (Eifel detection, RFC 3522). Timestamps take 12 bytes,
     * so a segment carries 988.
     */
    @Test
    void anAckEchoingTheOriginalTimestampRestoresTheWindow() {
      int mss = PEER_MSS - 12;
      ConnectionFixture f = established(sackConfig(LossRecoveryConfig.linuxDefaults())
          .timestamps(true), TcpOptions.NONE.withMss(PEER_MSS).withSackPermitted(true)
          .withTimestamps(1, 0));
      f.advanceBy(5 * MS);
      f.write(bytes(4 * mss, 1)); // sent at 15 ms: TSval 15
      assertEquals(4, f.allSent().size());
      long cwndBefore = f.connection.congestionWindowBytes();
      f.advanceBy(10 * MS);
      f.peer(ACK, 1, 1).options(TcpOptions.NONE.withTimestamps(2, 15).withSackBlocks(List.of(
          new SackBlock(localSeq(1 + mss), localSeq(1 + 4L * mss))))).arrive();
      TcpSegment retransmission = f.sent();
      assertEquals(1, startOf(retransmission));
      assertEquals(25, retransmission.header().options().timestamps().get().tsVal());
      f.advanceBy(1 * MS);
      f.peer(ACK, 1, 1 + 4L * mss).options(TcpOptions.NONE.withTimestamps(3, 15)).arrive();
      assertEquals(1, f.connection.lossRecoveryCounters().timestampUndos(),
          "the ACK of segment 1 echoes 15 ms, older than the retransmission at 25 ms");
      assertEquals(cwndBefore, f.connection.congestionWindowBytes());
    }
  }
}
