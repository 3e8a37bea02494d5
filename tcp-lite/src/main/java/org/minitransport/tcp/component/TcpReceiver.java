package org.minitransport.tcp.component;

import java.util.Optional;
import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.wire.SackBlock;

/**
 * The receiving half of a connection (CS144 Minnow's {@code TCPReceiver}): turns the peer's
 * {@link TcpSenderMessage}s into stream indices for its {@link Reassembler}, and says what to
 * acknowledge and which window to offer ({@link #send()}).
 *
 * <p><b>Sequence numbers</b> (RFC 9293 §3.4). The peer's SYN carries its initial sequence number
 * (ISN, IRS in the RFC); absolute sequence number 0 is the SYN, data byte with stream index
 * {@code i} has absolute number {@code 1 + i}, and the FIN follows the last byte. Wire sequence
 * numbers are 32 bits and wrap: unwrap each to the absolute number nearest the next one expected
 * ({@link SeqNum#unwrap}).
 *
 * <p><b>Contract.</b>
 *
 * <ul>
 *   <li>Before the SYN has arrived, {@link #receive} ignores messages without SYN, and {@link
 *       #send()} has no ackno.
 *   <li>After it, the payload of each message goes to the reassembler at its stream index (a
 *       message may carry SYN and data together), with {@code isLastSubstring} set when it
 *       carries FIN.
 *   <li>{@link #send()}: ackno = RCV.NXT = ISN + 1 + bytes assembled, + 1 once the FIN is
 *       assembled (the writer closed); window = the room left in the inbound stream ({@code
 *       writer().availableCapacity()}, RFC 9293 §3.8.6), which an implementation may hold back to
 *       avoid the silly window syndrome (§3.8.6.2.2) but never shrinks (§3.8.6.2: the right edge
 *       ackno + window never moves left); rst = the stream has an error. The connection calls
 *       {@code send()} for every segment it builds, and may call it more than once per segment
 *       (to size the SACK option first): it reports the state now, so calling it twice in a row
 *       returns the same message.
 * </ul>
 *
 * <p><b>What the connection does, not the receiver.</b> The acceptability test, RST and SYN
 * checks (RFC 9293 §3.10.7.4, RFC 5961), when to send an ACK (delayed ACKs, §3.8.6.3), window
 * scaling (RFC 7323). The receiver sees only segments that passed the first check (some of their
 * bytes may still lie outside the window: the reassembler discards them).
 *
 * <p>Optional extras have neutral defaults: urgent data (RFC 9293 §3.8.5) is delivered inline
 * and never signalled; no D-SACK (RFC 2883) is reported; every read that frees room sends a
 * window update.
 */
public interface TcpReceiver {

  /** One segment's sequence-space part arrived (it passed the connection's checks). */
  void receive(TcpSenderMessage message);

  /** The acknowledgment and window for the segment being built now. */
  TcpReceiverMessage send();

  /**
   * Optional (RFC 9293 §3.8.6.2.2): whether the application's reads since the last segment
   * opened the window enough that the peer should hear about it now. The default, always, sends
   * a window update after every read that freed room.
   */
  default boolean windowUpdateWorthSending() {
    return true;
  }

  /**
   * Optional (RFC 9293 §3.10.7.4 sixth step, RFC 6093): an acceptable segment carried URG with
   * pointer {@code urgentPointer}, so RCV.UP = max(RCV.UP, SEG.SEQ + SEG.UP).
   *
   * @return whether RCV.UP moved past what the application has read (the application should be
   *     told); the default ignores urgent data and returns false
   */
  default boolean onUrgentPointer(SeqNum segmentSeqno, int urgentPointer) {
    return false;
  }

  /**
   * Optional: bytes the application must still read to have read every urgent byte, 0 if none
   * (BSD's "at mark" is 1). The default: 0.
   */
  default long urgentBytesPending() {
    return 0;
  }

  /**
   * Optional (RFC 2883 §4.1.1): {@code length} bytes at {@code seqno} arrived that were already
   * received in full; the connection dropped the segment as an old duplicate. The default
   * ignores it.
   */
  default void onDuplicate(SeqNum seqno, int length) {}

  /**
   * Optional (RFC 2883 §4): the D-SACK block to report first in the next ACK, if a duplicate
   * arrived since the last one was reported. The default: none.
   */
  default Optional<SackBlock> duplicateReport() {
    return Optional.empty();
  }

  /** Optional: the D-SACK block from {@link #duplicateReport()} went out (reported once). */
  default void duplicateReported() {}
}
