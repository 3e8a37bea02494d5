package org.minitransport.demo.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.TcpConfig;

class DeadPeerTimeoutTest {

  private static final TcpConfig BASE = TcpConfig.defaults(); // min RTO 200 ms, initial 1 s

  @Test
  void thirtySecondsIsSixRetransmissionsFromA200MsRto() {
    TcpConfig config = DeadPeerTimeout.tcpConfig(BASE, Duration.ofSeconds(30));
    // 0.2 + 0.4 + ... + 12.8 s = 25.4 s; one more doubling would make it 51 s.
    assertEquals(6, config.retriesBeforeAbort());
    assertEquals(4, config.synRetriesBeforeAbort(), "1 + 2 + 4 + 8 + 16 = 31 s of SYNs");
  }

  @Test
  void leavesKeepAliveOffWhileTcpLiteLeavesEmptyProbesUnanswered() {
    assertFalse(DeadPeerTimeout.tcpConfig(BASE, Duration.ofSeconds(30)).keepAlive());
  }

  @Test
  void theWaitStaysWithinAFactorOfTwoOfTheTimeoutFromOneSecondToAnHour() {
    for (long seconds = 1; seconds <= 3600; seconds = seconds * 3 / 2 + 1) {
      TcpConfig config = DeadPeerTimeout.tcpConfig(BASE, Duration.ofSeconds(seconds));
      long waitNs = DeadPeerTimeout.totalWaitNs(config.retriesBeforeAbort(),
          BASE.rto().minRtoNs(), BASE.rto().maxRtoNs());
      double ratio = waitNs / (seconds * 1e9);
      assertTrue(ratio > 0.5 && ratio < 2.0, seconds + " s gives " + waitNs / 1e9 + " s");
    }
  }

  @Test
  void keepsEveryOtherSetting() {
    TcpConfig base = TcpConfig.builder().noDelay(true).sendBufferBytes(64 * 1024).build();
    TcpConfig config = DeadPeerTimeout.tcpConfig(base, Duration.ofSeconds(10));
    assertTrue(config.noDelay());
    assertEquals(64 * 1024, config.sendBufferBytes());
  }
}
