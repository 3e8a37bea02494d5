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
 * RFC 6675's recovery without RACK, as a script (the style of {@link LossRecoveryScriptTest}):
 * the test plays the peer; our data segments carry 1000 bytes; NewReno.
 */
class LossRecoveryRulesScriptTest {

  private static final long MS = 1_000_000L;

  private static StepHarness<ConnectionFixture> script(String name, LossRecoveryConfig recovery) {
    return new StepHarness<>(name, new ConnectionFixture(ConnectionFixture.plainConfig()
        .sack(true).congestionControl(TcpConfig.CongestionAlgorithm.NEW_RENO)
        .lossRecovery(recovery).build()))
        .action("open; the peer's SYN-ACK offers SACK and comes 10 ms later (RTT 10 ms)", f -> {
          f.synSent();
          f.advanceBy(10 * MS);
          f.peer(SYN | ACK, 0, 1)
              .options(TcpOptions.NONE.withMss(PEER_MSS).withSackPermitted(true)).arrive();
          f.allSent();
          f.events();
        });
  }

  private static TcpOptions sacks(long first, long end) {
    return TcpOptions.NONE.withSackBlocks(List.of(new SackBlock(localSeq(first), localSeq(end))));
  }

  @Test
  void isLostStartsTheRecoveryAndTheRetransmittedSegmentIsNotRescuedAgain() {
    script("RFC 6675 §5 without RACK: one segment of four lost, three SACKed above it",
        LossRecoveryConfig.linuxDefaults().withRackTlp(false))
        .action("write 4000 bytes", f -> f.write(bytes(4 * PEER_MSS, 1)))
        .expect("segment sent", ConnectionFixture::nextSentText, "PSH|ACK seq=1 ack=1 len=1000")
        .expect("segment sent", ConnectionFixture::nextSentText, "PSH|ACK seq=1001 ack=1 len=1000")
        .expect("segment sent", ConnectionFixture::nextSentText, "PSH|ACK seq=2001 ack=1 len=1000")
        .expect("segment sent", ConnectionFixture::nextSentText, "PSH|ACK seq=3001 ack=1 len=1000")
        .action("10 ms later: one ACK SACKs 1001..4001", f -> {
          f.advanceBy(10 * MS);
          f.peer(ACK, 1, 1).options(sacks(1001, 4001)).arrive();
        })
        .expect("segment sent (IsLost(1): three SACKed segments above it, step 4.3)",
            ConnectionFixture::nextSentText, "PSH|ACK seq=1 ack=1 len=1000")
        .expect("segment sent (rule 4 needs an unSACKed byte above HighRxt: none)",
            ConnectionFixture::nextSentText, "nothing")
        .expect("fast recoveries with SACK", f -> f.connection.lossRecoveryCounters()
            .sackRecoveries(), 1L);
  }
}
