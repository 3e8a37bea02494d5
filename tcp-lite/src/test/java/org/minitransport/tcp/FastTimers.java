package org.minitransport.tcp;

import java.time.Duration;
import org.minitransport.tcp.internal.RttEstimator;

/** Timer settings that keep real-time tests quick: short RTOs, few SYN retries, tiny MSL. */
final class FastTimers {

  private FastTimers() {}

  /** Initial RTO 50 ms (min 20 ms), 3 SYN retries (about 0.75 s to give up), MSL 5 ms. */
  static TcpConfig.Builder builder() {
    return TcpConfig.builder()
        .rto(RttEstimator.Settings.rfc6298()
            .withMinRto(Duration.ofMillis(20))
            .withInitialRto(Duration.ofMillis(50)))
        .synRetries(3)
        .msl(Duration.ofMillis(5))
        .delayedAck(Duration.ofMillis(5));
  }

  static TcpConfig config() {
    return builder().build();
  }
}
