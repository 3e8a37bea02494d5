package org.minitransport.tcp.internal;

/**
 * The first check on an arriving segment in a synchronized state (RFC 9293 §3.10.7.4, "first
 * check sequence number"): is it in the receive window, and if not, how should it be answered?
 * A pure function of absolute sequence numbers (see {@link Rfc9293Receiver}).
 *
 * <p>RFC 9293 table: with SEG.LEN = 0 the segment is acceptable if RCV.NXT ≤ SEG.SEQ &lt; RCV.NXT +
 * RCV.WND (or SEG.SEQ = RCV.NXT when RCV.WND = 0); with SEG.LEN &gt; 0 if its first or its last
 * octet lies in the window (never when RCV.WND = 0). "If an incoming segment is not acceptable, an
 * acknowledgment should be sent in reply (unless the RST bit is set...). After sending the
 * acknowledgment, drop the unacceptable segment" — its ACK field is <em>not</em> used: a blind
 * attacker would otherwise need only a sequence number anywhere in the bytes already received.
 *
 * <p>How the acknowledgment goes out depends on what the segment looks like:
 *
 * <ul>
 *   <li>{@link Verdict#OLD_DUPLICATE}: octets wholly below RCV.NXT but within one receive buffer
 *       of it — a retransmission of data we hold whose acknowledgment was lost. Its sender needs
 *       our ACK now (RFC 5681 §4.2; Linux never rate-limits ACKs of data, {@code
 *       tcp_oow_rate_limited}).
 *   <li>{@link Verdict#ZERO_WINDOW_PROBE}: octets at RCV.NXT into a zero window. RFC 9293 keeps
 *       its ACK field ("special allowance should be made to accept valid ACKs, URGs, and RSTs"),
 *       drops its text and must acknowledge it at once (MUST-36/37: the prober keeps the
 *       connection open as long as probes are answered).
 *   <li>{@link Verdict#OUT_OF_WINDOW}: everything else — keep-alive probes (SEG.SEQ = RCV.NXT − 1,
 *       no octets), pure ACKs and data outside the window, far-old data. Acknowledged through the
 *       connection's RFC 5961 §7 rate limit, because a blind attacker can produce these at will.
 * </ul>
 *
 * <p>A bare FIN at RCV.NXT into a zero window is {@link Verdict#ACCEPTABLE}: a FIN takes sequence
 * space but no buffer, so refusing it only makes its sender retransmit (Linux accepts it too).
 */
public final class SegmentAcceptance {

  /** What the first check says about a segment. */
  public enum Verdict {
    /** In the receive window: go on with the RST, SYN, ACK and text checks. */
    ACCEPTABLE,
    /** Octets at RCV.NXT into a zero window: use its ACK field and RST, drop its text, ACK now. */
    ZERO_WINDOW_PROBE,
    /** Old octets within one window below RCV.NXT: drop, acknowledge at once. */
    OLD_DUPLICATE,
    /** Anything else outside the window: drop, acknowledge through the rate limit. */
    OUT_OF_WINDOW
  }

  private SegmentAcceptance() {}

  /**
   * Classifies a segment.
   *
   * @param segSeqAbs SEG.SEQ, absolute
   * @param segLen SEG.LEN: payload octets plus one for SYN and one for FIN
   * @param payloadLength the payload octets alone
   * @param rcvNxtAbs RCV.NXT, absolute
   * @param rcvWnd RCV.WND: the free space of the receive buffer
   * @param bufferBytes the receive buffer's capacity: no legitimate retransmission starts more
   *     than this far below RCV.NXT
   */
  public static Verdict check(long segSeqAbs, long segLen, int payloadLength, long rcvNxtAbs,
      long rcvWnd, long bufferBytes) {
    boolean acceptable;
    if (segLen == 0) {
      acceptable = rcvWnd == 0 ? segSeqAbs == rcvNxtAbs
          : segSeqAbs >= rcvNxtAbs && segSeqAbs < rcvNxtAbs + rcvWnd;
    } else if (rcvWnd == 0) {
      if (segSeqAbs == rcvNxtAbs) {
        return payloadLength == 0 ? Verdict.ACCEPTABLE : Verdict.ZERO_WINDOW_PROBE;
      }
      acceptable = false;
    } else {
      long lastAbs = segSeqAbs + segLen - 1;
      acceptable = (segSeqAbs >= rcvNxtAbs && segSeqAbs < rcvNxtAbs + rcvWnd)
          || (lastAbs >= rcvNxtAbs && lastAbs < rcvNxtAbs + rcvWnd);
    }
    if (acceptable) {
      return Verdict.ACCEPTABLE;
    }
    boolean old = segLen > 0 && segSeqAbs + segLen <= rcvNxtAbs
        && segSeqAbs >= rcvNxtAbs - bufferBytes;
    return old ? Verdict.OLD_DUPLICATE : Verdict.OUT_OF_WINDOW;
  }
}
