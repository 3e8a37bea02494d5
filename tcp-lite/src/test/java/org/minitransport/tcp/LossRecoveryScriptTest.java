package org.minitransport.tcp;

import static org.minitransport.tcp.ConnectionFixture.ACK;
import static org.minitransport.tcp.ConnectionFixture.PEER_MSS;
import static org.minitransport.tcp.ConnectionFixture.SYN;
import static org.minitransport.tcp.ConnectionFixture.bytes;
import static org.minitransport.tcp.ConnectionFixture.localSeq;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.wire.SackBlock;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.testkit.StepHarness;

/**
 * Loss recovery with SACK, as scripts a student can read segment by segment (the style of
 * transport-tck's {@code TcpConnectionVerification}, rules CONN-nn). The test plays the peer; our data segments carry 1000 bytes (the
 * peer's MSS), so "seq=1001 len=1000" is the second one. The peer SACKs with blocks of our
 * sequence numbers. NewReno growth keeps the numbers round: ssthresh = FlightSize / 2.
 */
class LossRecoveryScriptTest {

  private static final long MS = 1_000_000L;

  private static StepHarness<ConnectionFixture> script(String name, LossRecoveryConfig recovery) {
    return script(name, recovery, false);
  }

  /**
   * The script's opening; with {@code timestamps} both sides use RFC 7323 timestamps, ours on a
   * millisecond clock (a segment sent at 20 ms carries TSval 20).
   */
  private static StepHarness<ConnectionFixture> script(String name, LossRecoveryConfig recovery,
      boolean timestamps) {
    TcpOptions synAck = TcpOptions.NONE.withMss(PEER_MSS).withSackPermitted(true);
    return new StepHarness<>(name, new ConnectionFixture(ConnectionFixture.plainConfig()
        .sack(true).timestamps(timestamps)
        .congestionControl(TcpConfig.CongestionAlgorithm.NEW_RENO)
        .lossRecovery(recovery).build()))
        .action("open; the peer's SYN-ACK offers SACK" + (timestamps ? " and timestamps" : "")
            + " and comes 10 ms later (RTT 10 ms)", f -> {
              f.synSent();
              f.advanceBy(10 * MS);
              f.peer(SYN | ACK, 0, 1)
                  .options(timestamps ? synAck.withTimestamps(1, 0) : synAck).arrive();
              f.allSent();
              f.events();
            });
  }

  /** The peer's timestamps option: its own clock {@code tsVal}, echoing our {@code tsEcr}. */
  private static TcpOptions timestamps(long tsVal, long tsEcr) {
    return TcpOptions.NONE.withTimestamps(tsVal, tsEcr);
  }

  /** A SACK option holding our bytes [first, end). */
  private static TcpOptions sacks(long first, long end) {
    return TcpOptions.NONE.withSackBlocks(List.of(new SackBlock(localSeq(first), localSeq(end))));
  }

  @Test
  void rackFindsALossAndOnlyThatSegmentIsSentAgain() {
    script("RFC 6675 + RACK: one segment of four lost, the peer SACKs the other three",
        LossRecoveryConfig.linuxDefaults())
        .action("write 4000 bytes", f -> f.write(bytes(4 * PEER_MSS, 1)))
        .expect("segment sent", ConnectionFixture::nextSentText, "PSH|ACK seq=1 ack=1 len=1000")
        .expect("segment sent", ConnectionFixture::nextSentText, "PSH|ACK seq=1001 ack=1 len=1000")
        .expect("segment sent", ConnectionFixture::nextSentText, "PSH|ACK seq=2001 ack=1 len=1000")
        .expect("segment sent", ConnectionFixture::nextSentText, "PSH|ACK seq=3001 ack=1 len=1000")
        .expect("segment sent (the initial window is full)", ConnectionFixture::nextSentText,
            "nothing")
        .action("10 ms later: a duplicate ACK SACKs 1001..4001 (the first segment is missing)",
            f -> {
              f.advanceBy(10 * MS);
              f.peer(ACK, 1, 1).options(sacks(1001, 4001)).arrive();
            })
        .expect("segment sent (RACK: sent before three delivered ones, an RTT ago: lost)",
            ConnectionFixture::nextSentText, "PSH|ACK seq=1 ack=1 len=1000")
        .expect("segment sent (SACKed data is never sent again)",
            ConnectionFixture::nextSentText, "nothing")
        .expect("fast recoveries with SACK", f -> f.connection.lossRecoveryCounters()
            .sackRecoveries(), 1L)
        .action("10 ms later the retransmission arrives: everything is acknowledged", f -> {
          f.advanceBy(10 * MS);
          f.peer(ACK, 1, 4001).arrive();
        })
        .expect("cwnd: the recovery ends at ssthresh = FlightSize / 2",
            f -> f.connection.congestionWindowBytes(), 2000L)
        .expect("retransmission timeouts", f -> f.connection.lossRecoveryCounters().timeouts(),
            0L);
  }

  @Test
  void aTailLossProbeRepairsTheLastSegmentsWithoutATimeout() {
    script("RFC 8985 §7: the last two segments of four are lost; no ACK would come for them",
        LossRecoveryConfig.linuxDefaults())
        .action("write 4000 bytes; all four go", f -> {
          f.write(bytes(4 * PEER_MSS, 1));
          f.allSent();
        })
        .action("10 ms later the peer acknowledges the first two", f -> {
          f.advanceBy(10 * MS);
          f.peer(ACK, 1, 2001).arrive();
        })
        .expect("segment sent", ConnectionFixture::nextSentText, "nothing")
        .expect("next timer: the probe, PTO = 2·SRTT = 20 ms from now (the RTO is 200 ms)",
            f -> f.connection.pollTimeoutNs() - f.nowNs, 20 * MS)
        .action("the probe timer fires", ConnectionFixture::fireNextTimeout)
        .expect("segment sent (no new data: the highest segment is the probe)",
            ConnectionFixture::nextSentText, "PSH|ACK seq=3001 ack=1 len=1000")
        .action("10 ms later the probe's ACK SACKs it: 2001..3001 is still missing", f -> {
          f.advanceBy(10 * MS);
          f.peer(ACK, 1, 2001).options(sacks(3001, 4001)).arrive();
        })
        .expect("segment sent (RACK: the third segment is lost)",
            ConnectionFixture::nextSentText, "PSH|ACK seq=2001 ack=1 len=1000")
        .expect("loss probes", f -> f.connection.lossRecoveryCounters().lossProbes(), 1L)
        .expect("retransmission timeouts", f -> f.connection.lossRecoveryCounters().timeouts(),
            0L);
  }

  /**
   * The commonest timeout in captures against Linux at 2–5 % loss, kept as Linux has it: Linux's
   * receiver acknowledges a burst with one stretch ACK; when that ACK and the probe's ACK are both
   * lost, nothing but the timer is left. At most one probe per flight (RFC 8985 §7.3; Linux since
   * 5.8), and the probe restarts the RTO (as Linux's tcp_send_loss_probe re-arms it).
   */
  @Test
  void whenTheStretchAckAndTheProbesAckAreBothLostOnlyTheTimerIsLeft() {
    script("RFC 8985 §7 and RFC 6298: a flight delivered, its only ACK and the probe's ACK lost",
        LossRecoveryConfig.linuxDefaults())
        .action("write 6000 bytes; the initial window sends 4 segments", f -> {
          f.write(bytes(6 * PEER_MSS, 1));
          f.allSent();
        })
        .action("all four arrive; the peer's one ACK for them is lost", f -> { })
        .expect("next timer: the probe, PTO = 2·SRTT = 20 ms",
            f -> f.connection.pollTimeoutNs() - f.nowNs, 20 * MS)
        .action("the probe timer fires", ConnectionFixture::fireNextTimeout)
        .expect("segment sent (new data is waiting and the window takes it: the probe)",
            ConnectionFixture::nextSentText, "PSH|ACK seq=4001 ack=1 len=1000")
        .expect("segment sent", ConnectionFixture::nextSentText, "nothing")
        .action("the probe's ACK is lost too", f -> { })
        .expect("next timer: the RTO, restarted by the probe (200 ms); no second probe",
            f -> f.connection.pollTimeoutNs() - f.nowNs, 200 * MS)
        .action("the retransmission timer fires", ConnectionFixture::fireNextTimeout)
        .expect("segment sent (the first unacknowledged segment)",
            ConnectionFixture::nextSentText, "PSH|ACK seq=1 ack=1 len=1000")
        .expect("loss probes", f -> f.connection.lossRecoveryCounters().lossProbes(), 1L)
        .expect("retransmission timeouts", f -> f.connection.lossRecoveryCounters().timeouts(),
            1L);
  }

  /**
   * A capture against Linux at 5 % loss (issue 11): two retransmissions go together, the first is
   * lost again, the second is SACKed. Linux's ACK for out-of-order data echoes the timestamp of
   * the last segment that advanced RCV.NXT (RFC 7323 §4.3), older than the retransmission; RACK
   * must still count the retransmission as delivered (Linux's tcp_rack_advance tests only
   * min_RTT) or the lost one is never found and only the RTO is left.
   */
  @Test
  void aSackedRetransmissionWhoseAckEchoesAnOlderTimestampStillRevealsALostRetransmission() {
    int mss = PEER_MSS - 12; // timestamps take 12 bytes of each segment
    script("RFC 8985 §6.2 with RFC 7323 timestamps: the SACK of a retransmission echoes an older"
        + " TSval", LossRecoveryConfig.linuxDefaults(), true)
        .action("write 12 segments; the initial window sends 4 (TSval 10)",
            f -> f.write(bytes(12 * mss, 1)))
        .expect("segments sent", f -> f.allSent().size(), 4)
        .action("10 ms later the peer acknowledges them one by one (slow start: cwnd 8)", f -> {
          f.advanceBy(10 * MS);
          for (int k = 1; k <= 4; k++) {
            f.peer(ACK, 1, 1 + k * mss).options(timestamps(1 + k, 10)).arrive();
          }
        })
        .expect("segments sent: 5 to 12 (TSval 20)", f -> f.allSent().size(), 8)
        .action("20 ms later: 5 and 6 are lost; one ACK SACKs 7 to 12 and echoes TSval 10", f -> {
          f.advanceBy(10 * MS);
          f.peer(ACK, 1, 1 + 4 * mss).options(timestamps(6, 10)
              .withSackBlocks(List.of(new SackBlock(localSeq(1 + 6 * mss),
                  localSeq(1 + 12 * mss))))).arrive();
        })
        .expect("segment sent (RACK: 5 is lost)", ConnectionFixture::nextSentText,
            "PSH|ACK seq=" + (1 + 4 * mss) + " ack=1 len=" + mss)
        .expect("segment sent (and 6, in the same instant)", ConnectionFixture::nextSentText,
            "PSH|ACK seq=" + (1 + 5 * mss) + " ack=1 len=" + mss)
        .expect("segment sent", ConnectionFixture::nextSentText, "nothing")
        .action("10 ms later: the retransmission of 5 is lost again, that of 6 is SACKed; the ACK"
            + " still echoes TSval 10, since no segment advanced the peer's RCV.NXT", f -> {
              f.advanceBy(10 * MS);
              f.peer(ACK, 1, 1 + 4 * mss).options(timestamps(7, 10)
                  .withSackBlocks(List.of(new SackBlock(localSeq(1 + 5 * mss),
                      localSeq(1 + 12 * mss))))).arrive();
            })
        .expect("segment sent (RACK: 5 went before 6, whose retransmission arrived an RTT later:"
            + " the retransmission of 5 is lost)", ConnectionFixture::nextSentText,
            "PSH|ACK seq=" + (1 + 4 * mss) + " ack=1 len=" + mss)
        .action("10 ms later it arrives: everything is acknowledged", f -> {
          f.advanceBy(10 * MS);
          f.peer(ACK, 1, 1 + 12 * mss).options(timestamps(8, 40)).arrive();
        })
        .expect("retransmission timeouts", f -> f.connection.lossRecoveryCounters().timeouts(),
            0L);
  }

  @Test
  void aTimeoutResendsOnlyWhatThePeerHasNotSacked() {
    script("RFC 6675 §5.1: an RTO with SACK information (RACK-TLP off, so the RTO must act)",
        LossRecoveryConfig.linuxDefaults().withRackTlp(false))
        .action("write 4000 bytes; all four go", f -> {
          f.write(bytes(4 * PEER_MSS, 1));
          f.allSent();
        })
        .action("the first two are lost: a duplicate ACK SACKs the third and fourth", f -> {
          f.advanceBy(10 * MS);
          f.peer(ACK, 1, 1).options(sacks(2001, 4001)).arrive();
        })
        .expect("segment sent (two SACKed segments: below DupThresh, no recovery yet)",
            ConnectionFixture::nextSentText, "nothing")
        .action("the retransmission timer fires (200 ms)", ConnectionFixture::fireNextTimeout)
        .expect("segment sent (cwnd = 1 segment: the first one)",
            ConnectionFixture::nextSentText, "PSH|ACK seq=1 ack=1 len=1000")
        .expect("segment sent", ConnectionFixture::nextSentText, "nothing")
        .action("10 ms later the peer acknowledges it; it still holds the third and fourth",
            f -> {
              f.advanceBy(10 * MS);
              f.peer(ACK, 1, 1001).options(sacks(2001, 4001)).arrive();
            })
        .expect("segment sent (cwnd = 2 segments, but only the second is missing)",
            ConnectionFixture::nextSentText, "PSH|ACK seq=1001 ack=1 len=1000")
        .expect("segment sent (not 2001..4001: the peer SACKed it; go-back-N would resend it)",
            ConnectionFixture::nextSentText, "nothing")
        .expect("retransmission timeouts", f -> f.connection.lossRecoveryCounters().timeouts(),
            1L);
  }
}
