package org.minitransport.tcp;

import java.time.Duration;
import org.minitransport.tcp.internal.RttEstimator;

/** Timer settings that keep real-time tests quick: short RTOs, few SYN retries, tiny MSL. */
final class FastTimers {

  private FastTimers() {}

  /**
   * Initial RTO 50 ms (min 20 ms), 3 SYN retries (about 0.75 s to give up), MSL 1 s. TIME-WAIT
   * (2·MSL) must outlast the peer's retransmissions of its last segments (RTO backoff from 20 ms
   * up to 1.28 s); a shorter one lets a retransmission find the port closed, and the RST it draws is
   * rightly reported as a reset by a peer whose data was not yet acknowledged.
   */
  static TcpConfig.Builder builder() {
    return TcpConfig.builder()
        .rto(RttEstimator.Settings.rfc6298()
            .withMinRto(Duration.ofMillis(20))
            .withInitialRto(Duration.ofMillis(50)))
        .synRetries(3)
        .msl(Duration.ofSeconds(1))
        .delayedAck(Duration.ofMillis(5));
  }

  static TcpConfig config() {
    return builder().build();
  }
}
