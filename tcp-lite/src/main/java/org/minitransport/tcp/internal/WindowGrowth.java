package org.minitransport.tcp.internal;

/**
 * How a congestion window grows in congestion avoidance and how far it falls on a congestion
 * event: the part in which Reno (RFC 5681) and CUBIC (RFC 9438) differ. Slow start, fast
 * retransmit and NewReno fast recovery (RFC 6582) stay in {@link NewRenoCongestionControl},
 * which RFC 9438 §4.6 reuses unchanged. Not thread-safe; one per connection.
 */
public interface WindowGrowth {

  /**
   * cwnd after a new ACK in congestion avoidance (cwnd ≥ ssthresh, not in recovery).
   *
   * @param ackedBytes bytes newly acknowledged by this ACK
   * @return the new cwnd, at least {@code cwndBytes}
   */
  long grow(long nowNs, long cwndBytes, long ackedBytes, long smssBytes);

  /**
   * A congestion event (third duplicate ACK or retransmission timeout): remembers what it needs
   * and returns the new ssthresh, at least 2·SMSS.
   */
  long reduce(long nowNs, long cwndBytes, long flightSizeBytes, long smssBytes);

  /**
   * A retransmission timeout: like {@link #reduce}, but a growth function may start its next
   * congestion-avoidance stage differently (RFC 9438 §4.8). Reno's is {@link #reduce}.
   */
  default long reduceOnTimeout(long nowNs, long cwndBytes, long flightSizeBytes, long smssBytes) {
    return reduce(nowNs, cwndBytes, flightSizeBytes, smssBytes);
  }

  /** A growth function's own state, kept to undo a spurious congestion event. */
  interface Saved {}

  /**
   * The state {@link #restore} gives back: taken before a congestion event, in case it proves
   * spurious (RFC 9438 §4.9). Null if the function keeps nothing between events (Reno).
   */
  default Saved save() {
    return null;
  }

  /** Returns to the state {@link #save} returned; a no-op for null. */
  default void restore(Saved saved) {}

  /**
   * Reno (RFC 5681 §3.1) with byte counting (RFC 3465 §2.1, as Linux counts in {@code
   * tcp_cong_avoid_ai}): the bytes acknowledged in congestion avoidance add up, and each time they
   * reach cwnd, cwnd grows by one SMSS — one SMSS per window of data, however the peer divides its
   * ACKs (equation 3, SMSS·SMSS/cwnd per ACK, would let 1-byte ACKs grow cwnd by SMSS each time a
   * few of them arrived: ACK division). ssthresh = max(FlightSize/2, 2·SMSS); a congestion event
   * starts the count again.
   */
  static WindowGrowth reno() {
    return new WindowGrowth() {
      private long bytesAcked;

      @Override
      public long grow(long nowNs, long cwndBytes, long ackedBytes, long smssBytes) {
        bytesAcked += ackedBytes;
        if (bytesAcked < cwndBytes) {
          return cwndBytes;
        }
        bytesAcked -= cwndBytes;
        return cwndBytes + smssBytes;
      }

      @Override
      public long reduce(long nowNs, long cwndBytes, long flightSizeBytes, long smssBytes) {
        bytesAcked = 0;
        return Math.max(flightSizeBytes / 2, 2 * smssBytes);
      }

      @Override
      public String toString() {
        return "Reno";
      }
    };
  }
}
