package org.minitransport.tcp;

import org.minitransport.tcp.wire.TcpFlags;

/**
 * Which forged segments on a synchronized connection can legitimately harm it, judged against the
 * connection's state at the moment the segment arrives. An off-path attacker who knows the
 * 4-tuple but not the sequence numbers must never end, stall or corrupt a transfer (RFC 5961, RFC
 * 9293 §3.10.7.4); one who knows them can, and no TCP without cryptography can stop that. The
 * classes of "knowing" segments:
 *
 * <ul>
 *   <li>{@link Harm#EXACT_RESET}: a RST with SEQ = RCV.NXT resets the connection (RFC 5961 §3.2
 *       keeps this one way to reset; a RST anywhere else in the window only draws a challenge
 *       ACK).
 *   <li>{@link Harm#IN_WINDOW}: a segment with ACK whose text lies in the receive window and whose
 *       ACK is acceptable (SND.UNA − MAX.SND.WND ≤ SEG.ACK ≤ SND.NXT, RFC 5961 §5.2): its data, FIN
 *       and URG enter the stream, its ACK may acknowledge bytes the peer never received, and its
 *       window may close the send window. RFC 5961 §5 narrows the guess; it cannot refuse it.
 * </ul>
 *
 * Two more classes were harmful only because of engine defects, issue 9 findings 2 and 3, now
 * fixed: {@link #ENGINE_APPLIES_ACKS_OF_OLD_SEGMENTS} and {@link
 * #ENGINE_UPDATES_TS_RECENT_BEFORE_CHECKS} are false, so these segments count as blind ones and
 * the protected transfer must survive them (set a flag back to true only to study such a defect).
 *
 * <ul>
 *   <li>{@link Harm#OLD_SEGMENT_ACK}: a segment wholly below RCV.NXT is unacceptable (RFC 9293
 *       §3.10.7.4: ACK it and drop it), but the engine applies its ACK field, so a blind attacker
 *       who picks any old sequence number can acknowledge data the peer never got.
 *   <li>{@link Harm#TS_RECENT_POISON}: the engine updates TS.Recent from a segment with ACK whose
 *       sequence number is old or in the window before its ACK is validated (RFC 7323 §4.3 wants
 *       an acceptable segment covering Last.ACK.sent), so one forged TSval makes PAWS drop every
 *       later legitimate segment.
 * </ul>
 */
final class SequenceKnowledge {

  /** Issue 9 finding 2 (conf-engine): set to false once that fix is merged. */
  static final boolean ENGINE_APPLIES_ACKS_OF_OLD_SEGMENTS = false;
  /** Issue 9 finding 3 (conf-engine): set to false once that fix is merged. */
  static final boolean ENGINE_UPDATES_TS_RECENT_BEFORE_CHECKS = false;

  /** What a segment can do to the connection it is addressed to. */
  enum Harm {
    /** Nothing beyond an ACK or challenge ACK: a blind segment. */
    NONE,
    EXACT_RESET,
    IN_WINDOW,
    OLD_SEGMENT_ACK,
    TS_RECENT_POISON
  }

  /**
   * The receiving connection's state, in wire sequence numbers.
   *
   * @param rcvNxt RCV.NXT
   * @param rcvWnd the free receive buffer, which the engine's first check uses as RCV.WND
   * @param sndUna SND.UNA
   * @param sndMax the highest sequence number sent plus one (at least SND.NXT)
   * @param maxSendWindow an upper bound on MAX.SND.WND: the peer's receive buffer
   */
  record View(long rcvNxt, long rcvWnd, long sndUna, long sndMax, long maxSendWindow) {}

  private SequenceKnowledge() {}

  /** The harm a segment with these fields can do to a connection in {@code view}. */
  static Harm classify(View view, long seq, long ack, int flagBits, int payloadLength,
      boolean hasTimestamps) {
    TcpFlags flags = TcpFlags.of(flagBits);
    long segLen = payloadLength + (flags.syn() ? 1 : 0) + (flags.fin() ? 1 : 0);
    long fromRcvNxt = (int) (seq - view.rcvNxt()); // serial distance, −2^31..2^31−1
    if (flags.rst()) {
      return fromRcvNxt == 0 ? Harm.EXACT_RESET : Harm.NONE;
    }
    if (flags.syn() || !flags.ack()) {
      return Harm.NONE; // a challenge ACK, or dropped before the ACK field is read
    }
    boolean inWindow = inWindow(fromRcvNxt, segLen, view.rcvWnd());
    boolean old = !inWindow && fromRcvNxt + segLen <= 0;
    long fromUna = (int) (ack - view.sndUna());
    long toMax = (int) (view.sndMax() - ack);
    boolean ackAcceptable = fromUna >= -view.maxSendWindow() && toMax >= 0;
    if (inWindow && ackAcceptable) {
      return Harm.IN_WINDOW;
    }
    if (old && ackAcceptable && ENGINE_APPLIES_ACKS_OF_OLD_SEGMENTS) {
      return Harm.OLD_SEGMENT_ACK;
    }
    if ((old || inWindow) && hasTimestamps && ENGINE_UPDATES_TS_RECENT_BEFORE_CHECKS) {
      return Harm.TS_RECENT_POISON;
    }
    return Harm.NONE;
  }

  /** RFC 9293 §3.10.7.4's first check, as the engine applies it (zero window: SEQ = RCV.NXT). */
  private static boolean inWindow(long fromRcvNxt, long segLen, long rcvWnd) {
    if (fromRcvNxt == 0) {
      return true;
    }
    if (rcvWnd == 0) {
      return false;
    }
    long last = fromRcvNxt + segLen - 1;
    return (fromRcvNxt >= 0 && fromRcvNxt < rcvWnd)
        || (segLen > 0 && last >= 0 && last < rcvWnd);
  }
}
