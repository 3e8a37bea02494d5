package org.minitransport.tcp.component;

import org.minitransport.tcp.LossRecoveryCounters;

/**
 * The sending half of a connection (CS144 Minnow's {@code TCPSender}): reads the outbound stream
 * it was given, cuts it into segments the windows allow, keeps what is unacknowledged, and
 * retransmits it when the retransmission timer expires. It never builds whole segments: it hands
 * {@link TcpSenderMessage}s to a {@link Transmit}, and the connection adds the header.
 *
 * <p><b>Sequence numbers</b> (RFC 9293 §3.4): the ISN given to the factory is the SYN's; data
 * byte {@code i} of the stream has sequence number ISN + 1 + i; the FIN follows the last byte.
 *
 * <p><b>Contract.</b>
 *
 * <ul>
 *   <li>{@link #push}: the first call sends the SYN. Later calls send what the outbound stream
 *       holds, in segments of at most the MSS (the factory's, then {@link #onNegotiated}'s), while
 *       the sequence numbers in flight stay within the peer's window (RFC 9293 §3.8.6; a window of
 *       0 is treated as 1 for a probe, §3.8.6.1, as Minnow does) and, if the sender has one, its
 *       congestion window (RFC 5681 §3); then the FIN once the stream is closed and fully sent
 *       and the window has room. Once its SYN has been sent, the connection calls {@code push}
 *       only in synchronized states (after the handshake).
 *   <li>{@link #receive}: the peer's acknowledgment and window. The connection passes only
 *       acceptable ACKs: SND.UNA − MAX.SND.WND ≤ ackno ≤ the highest sequence number sent + 1
 *       (RFC 5961 §5.2); an ACK of something not yet sent never arrives. An ackno that is not
 *       new may still bring a window update. A message without ackno only sets the window (the
 *       peer's SYN).
 *   <li>Retransmission timer (RFC 6298 §5): running whenever anything is unacknowledged;
 *       (re)started with the current RTO when a segment goes out and none is running, restarted
 *       when new data is acknowledged, stopped when everything is. {@link #nextDeadlineNs()}
 *       says when it expires; the connection calls {@link #tick} at or after that time. On
 *       expiry: retransmit the earliest unacknowledged segment, back the RTO off (×2, unless the
 *       window was 0) and count a consecutive retransmission; a new ACK resets the count and the
 *       RTO (RFC 6298 §5.3–5.7).
 *   <li>RTT samples (RFC 6298 §3, Karn's algorithm): never from a retransmitted segment.
 *   <li>{@link #makeEmptyMessage()}: a message with no SYN, data or FIN, whose seqno the peer
 *       accepts — the next sequence number to send — for pure ACKs.
 * </ul>
 *
 * <p>Not thread-safe; one connection drives it. Optional extras (SACK-based recovery, urgent
 * data, statistics) are {@code default} methods with neutral defaults.
 */
public interface TcpSender {

  /**
   * Where a sender puts its segments (Minnow's {@code TransmitFunction}); the connection adds
   * ports, ACK, window and options, and sends.
   */
  @FunctionalInterface
  interface Transmit {

    /** Sends one segment. */
    void transmit(TcpSenderMessage message);

    /**
     * Option bytes the next segment will carry beyond those the MSS already allows for (SACK
     * blocks, RFC 2018 §4): a sender that wants the segment to fit the peer's MSS shrinks its
     * payload by as much (RFC 6691). 0 when no SACK blocks are pending.
     */
    default int extraOptionBytes() {
      return 0;
    }
  }

  /** Sends the SYN, or what the windows allow of the outbound stream (and the FIN). */
  void push(long nowNs, Transmit transmit);

  /** The peer's acknowledgment and window arrived (see the class comment for what is passed). */
  void receive(long nowNs, TcpReceiverMessage message, Transmit transmit);

  /**
   * {@link #receive(long, TcpReceiverMessage, Transmit)} with facts about the segment that
   * carried the message (SND.WL1/SND.WL2, duplicate-ACK rules, timestamps). The default ignores
   * them.
   */
  default void receive(long nowNs, TcpReceiverMessage message, AckDetails details,
      Transmit transmit) {
    receive(nowNs, message, transmit);
  }

  /** Handles the timers due at {@code nowNs} (retransmission; others an implementation has). */
  void tick(long nowNs, Transmit transmit);

  /** When {@link #tick} must next be called, or {@link Long#MAX_VALUE} if no timer runs. */
  long nextDeadlineNs();

  /** An empty message at the next sequence number to send, for a pure ACK. */
  TcpSenderMessage makeEmptyMessage();

  /** Sequence numbers sent and not yet acknowledged (SYN and FIN count one each). */
  long sequenceNumbersInFlight();

  /** Retransmissions by timeout since the last ACK of new data (RFC 6298 §5.5). */
  int consecutiveRetransmissions();

  /**
   * Optional: the handshake settled the MSS for data segments and whether both sides offered
   * SACK (RFC 9293 §3.7.1, RFC 2018). The default ignores it and keeps the factory's MSS.
   */
  default void onNegotiated(int mssBytes, boolean sackPermitted) {}

  /**
   * Optional (RFC 4987 §3.6, SYN cookies): the endpoint already sent this sender's SYN (with
   * this sender's ISN) statelessly, at an unknown time; count it as sent, never time it, and do
   * not send it again. The default pushes the SYN into nothing, which times it from {@code
   * nowNs}: the first RTT sample then comes out too short.
   */
  default void synSentStatelessly(long nowNs) {
    push(nowNs, message -> { });
  }

  /**
   * Optional (RFC 9293 §3.8.5): the bytes written so far end with urgent data, so segments
   * below SND.UP should carry URG and the urgent pointer ({@link
   * TcpSenderMessage#urgentPointer()}). The default sends urgent bytes as ordinary data.
   */
  default void markUrgent() {}

  /**
   * Optional: zero-window probes sent since the peer last answered (RFC 9293 §3.8.6.1); the
   * connection gives up after as many as it allows retransmissions. The default: 0, never gives
   * up on a zero window.
   */
  default int unansweredProbes() {
    return 0;
  }

  /** Optional: segments retransmitted over the connection's life; the default: 0 (not counted). */
  default long retransmittedSegments() {
    return 0;
  }

  /** Optional: what loss recovery did, for statistics; the default: all zero. */
  default LossRecoveryCounters lossRecoveryCounters() {
    return LossRecoveryCounters.NONE;
  }
}
