package org.minitransport.tcp.internal;

import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.TcpConnection.Event;
import org.minitransport.tcp.TcpConnection.Failure;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * The arriving segments that belong to the handshake rather than to the data path:
 *
 * <ul>
 *   <li>{@link #inSynSent}: every segment in SYN-SENT (RFC 9293 §3.10.7.3), the one state whose
 *       checks differ from all the others: first the ACK (it must acknowledge our SYN, else a RST
 *       answers it), then RST (a refusal, if it carries that ACK), then SYN: with an ACK of our
 *       SYN the connection is established and acknowledges at once; without one it is a
 *       simultaneous open (§3.5, figure 8) and answers with a SYN-ACK from SYN-RECEIVED. Anything
 *       else is dropped. The peer's SYN settles the options (MSS, window scale, SACK, timestamps)
 *       and the send window; its data and FIN are left to the connection.
 *   <li>{@link #peerSynInSynReceived}: the peer's SYN again in SYN-RECEIVED, before the ordinary
 *       checks: without ACK it is a retransmission (our SYN-ACK was lost) and gets our SYN-ACK
 *       again; with an ACK of our SYN it completes a simultaneous open.
 * </ul>
 *
 * Sans-IO and not thread-safe.
 */
public final class HandshakeArrival {

  private final ConnectionParts parts;
  private final NegotiatedOptions options;
  private final SegmentOutput output;
  private final ConnectionLifecycle lifecycle;

  public HandshakeArrival(ConnectionParts parts, NegotiatedOptions options,
      SegmentOutput output, ConnectionLifecycle lifecycle) {
    this.parts = parts;
    this.options = options;
    this.output = output;
    this.lifecycle = lifecycle;
  }

  /**
   * Processes {@code segment}, which arrived in SYN-SENT.
   *
   * @return true if it carried the peer's SYN, so its text and FIN are for the connection to
   *     accept now (at sequence offset 0); false if it was dropped, answered with a RST, or
   *     refused the connection
   */
  public boolean inSynSent(long nowNs, TcpSegment segment) {
    TcpHeader h = segment.header();
    TcpFlags flags = h.flags();
    long ackAbs = -1;
    if (flags.ack()) {
      ackAbs = SeqNum.ofUnsigned(h.acknowledgmentNumber()).unwrap(parts.iss(), 0);
      if (ackAbs <= 0 || ackAbs > parts.sndMaxAbs()) {
        if (!flags.rst()) {
          output.sendReset(h.acknowledgmentNumber());
        }
        return false;
      }
    }
    if (flags.rst()) {
      if (ackAbs > 0) {
        lifecycle.fail(Failure.REFUSED);
      }
      return false;
    }
    if (!flags.syn()) {
      return false;
    }
    parts.onPeerSyn(SeqNum.ofUnsigned(h.sequenceNumber()));
    parts.onNegotiated(options.negotiate(h.options(), nowNs), options.sackPermitted());
    // A SYN's window is never scaled (RFC 7323 §2.2).
    parts.onPeerWindow(h.window());
    parts.sender().receive(nowNs, options.receiverMessage(h, false),
        options.ackDetails(h, true, nowNs), output);
    if (ackAbs > 0) {
      lifecycle.establish(nowNs);
      output.ackNow();
    } else {
      // Simultaneous open (RFC 9293 §3.5, figure 8): answer with our SYN, now carrying an ACK.
      lifecycle.synReceivedInSynSent();
      output.repeatSyn();
    }
    return true;
  }

  /**
   * Processes the peer's SYN arriving again in SYN-RECEIVED ({@code segment} has SYN, no RST, and
   * the peer's initial sequence number, so {@code segSeqAbs} is 0).
   *
   * @param passive whether the connection came from a listener (a passive open never completes
   *     through a SYN-ACK)
   * @return true if it was handled here: a retransmitted SYN answered, or a simultaneous open
   *     completed; false if the ordinary checks of RFC 9293 §3.10.7.4 are to judge it
   */
  public boolean peerSynInSynReceived(long nowNs, TcpSegment segment, boolean passive) {
    TcpHeader h = segment.header();
    if (!h.flags().ack()) {
      // A retransmitted SYN while we wait for the ACK of our SYN-ACK: our SYN-ACK was lost.
      output.repeatSyn();
      return true;
    }
    long synAckAbs = SeqNum.ofUnsigned(h.acknowledgmentNumber()).unwrap(parts.iss(), 0);
    if (!passive && parts.acksNewData(synAckAbs)) {
      // Simultaneous open (RFC 9293 §3.5 figure 8, line 6): the peer's SYN-ACK acknowledges
      // our SYN, so we are established; our own SYN-ACK completes the peer's side.
      parts.onPeerWindow(h.window()); // a SYN's window is never scaled
      parts.sender().receive(nowNs, options.receiverMessage(h, false),
          options.ackDetails(h, true, nowNs), output);
      lifecycle.establish(nowNs);
      return true;
    }
    return false;
  }
}
