package org.minitransport.tcp.socket;

import java.time.Duration;
import org.minitransport.tcp.RtoSettings;
import org.minitransport.tcp.TcpConfig;

/** Timer settings that keep real-time tests quick: short RTOs, few SYN retries, tiny MSL. */
public final class FastTimers {

  /** The RTO ceiling: half of TIME-WAIT (2·MSL). */
  public static final Duration MAX_RTO = Duration.ofSeconds(1);

  private FastTimers() {}

  /**
   * Initial RTO 50 ms (min 20 ms, max 1 s), 3 SYN retries (about 0.75 s to give up), MSL 1 s.
   * TIME-WAIT (2·MSL) must outlast the peer's retransmissions of its last segments; a shorter one
   * lets a retransmission find the port closed, and the RST it draws is rightly reported as a
   * reset by a peer whose data was not yet acknowledged. On a loaded machine the RTT samples of a
   * real-time test include seconds of scheduling delay, so the RTO climbs to seconds whatever the
   * link's delay: the 1 s ceiling, half of TIME-WAIT, keeps every retransmission inside it (a
   * retransmitted FIN restarts TIME-WAIT, RFC 9293 §3.10.7.4), however loaded the machine.
   */
  public static TcpConfig.Builder builder() {
    return TcpConfig.builder()
        .rto(RtoSettings.rfc6298()
            .withMinRto(Duration.ofMillis(20))
            .withInitialRto(Duration.ofMillis(50))
            .withMaxRto(MAX_RTO))
        .synRetries(3)
        .msl(Duration.ofSeconds(1))
        .delayedAck(Duration.ofMillis(5));
  }

  public static TcpConfig config() {
    return builder().build();
  }
}
