package org.minitransport.tcp.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.minitransport.core.stack.internal.TokenBucket;
import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.wire.SackBlock;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * What a connection sends, and when it acknowledges. It turns the {@link TcpSender}'s requests
 * into whole segments — ports, SEQ, ACK, the advertised window (scaled, RFC 7323 §2.3), options
 * (timestamps, SACK blocks) — and keeps the acknowledgment state of RFC 9293 §3.8.6.3: an ACK owed
 * now, or one delayed until the next segment or the delayed-ACK timer, and Last.ACK.sent (RFC
 * 7323 §4.3). Every segment that carries an ACK pays what was owed.
 *
 * <p>Sans-IO and not thread-safe; the connection drains {@link #poll()} after each input and
 * tells it the time with {@link #advanceTo}.
 */
public final class SegmentOutput implements TcpSender.Transmitter {

  private static final long NONE = Long.MAX_VALUE;

  private final int localPort;
  private final int remotePort;
  private final TcpSender sender;
  private final TcpReceiver receiver;
  private final NegotiatedOptions options;
  private final int ourMss;
  private final long windowBeforeSynBytes;
  private final long delayedAckNs;
  private final ArrayDeque<TcpSegment> queue = new ArrayDeque<>();
  private final TokenBucket challengeAcks;

  private long nowNs;
  private boolean ackOwed;
  private int unacknowledgedSegments;
  private long delayedAckDeadlineNs = NONE;
  private long lastAckSentAbs;

  /**
   * @param ourMss the MSS we announced, for receiver-side silly-window avoidance
   * @param windowBeforeSynBytes the window our own SYN offers (the receive buffer)
   * @param delayedAckNs how long an ACK may wait (RFC 9293 §3.8.6.3)
   * @param challengeAcksPerSecond the rate and burst of {@link #challengeAck}
   */
  public SegmentOutput(int localPort, int remotePort, TcpSender sender, TcpReceiver receiver,
      NegotiatedOptions options, int ourMss, long windowBeforeSynBytes, long delayedAckNs,
      int challengeAcksPerSecond) {
    this.localPort = localPort;
    this.remotePort = remotePort;
    this.sender = sender;
    this.receiver = receiver;
    this.options = options;
    this.ourMss = ourMss;
    this.windowBeforeSynBytes = windowBeforeSynBytes;
    this.delayedAckNs = delayedAckNs;
    this.challengeAcks = new TokenBucket(challengeAcksPerSecond, challengeAcksPerSecond);
  }

  /** The connection's clock, for timestamps and the delayed-ACK deadline. */
  public void advanceTo(long now) {
    nowNs = now;
  }

  /** The next segment to send, or null. */
  public TcpSegment poll() {
    return queue.poll();
  }

  // ------------------------------------------------------------------ acknowledgments

  /** An ACK is owed now: the next segment carries it, or {@link #flushAck} sends one alone. */
  public void ackNow() {
    ackOwed = true;
  }

  /**
   * An ACK provoked by an unacceptable segment, owed only if the per-connection limit of RFC 5961
   * §7 allows: one bucket for every kind (out-of-window segments, inexact RSTs, SYNs, ACKs of
   * unsent data, PAWS rejects), as Linux shares one {@code last_oow_ack_time} per socket; no
   * global limit, which leaked state across connections (CVE-2016-5696).
   *
   * @return whether the ACK will go
   */
  public boolean challengeAck() {
    if (!challengeAcks.tryTake(nowNs)) {
      return false;
    }
    ackOwed = true;
    return true;
  }

  /**
   * Text arrived: acknowledge at once if it was out of order or filled a hole (RFC 5681 §4.2) or
   * is the second unacknowledged segment (RFC 9293 §3.8.6.3), else within the delayed-ACK time.
   */
  public void acknowledgeText(boolean atOnce) {
    if (atOnce || ++unacknowledgedSegments >= 2) {
      ackOwed = true;
    } else if (delayedAckDeadlineNs == NONE) {
      delayedAckDeadlineNs = nowNs + delayedAckNs;
    }
  }

  /** When the delayed ACK is due, or {@code Long.MAX_VALUE}. */
  public long delayedAckDeadlineNs() {
    return delayedAckDeadlineNs;
  }

  /** The delayed-ACK timer: the ACK is owed once its deadline has come. */
  public void onTimeout(long now) {
    if (delayedAckDeadlineNs <= now) {
      ackOwed = true;
    }
  }

  /** No delayed ACK any more (TIME-WAIT, CLOSED). */
  public void cancelDelayedAck() {
    delayedAckDeadlineNs = NONE;
  }

  /** RCV.NXT as it was when an ACK last went out (RFC 7323 §4.3 Last.ACK.sent). */
  public long lastAckSentAbs() {
    return lastAckSentAbs;
  }

  /**
   * Sends the owed ACK if no segment carried it. RFC 9293 §3.10.7.4 writes it as {@code
   * <SEQ=SND.NXT>}, but after an RTO SND.NXT is rewound to SND.UNA (go-back-N) and may lie below
   * the peer's RCV.NXT, where the peer finds the ACK unacceptable and drops it unread; two rewound
   * sides would ACK each other forever. So SEQ is the highest number sent, kept inside the peer's
   * window (Linux's {@code tcp_acceptable_seq}).
   */
  public void flushAck() {
    if (!ackOwed || !receiver.hasSyn()) {
      return;
    }
    long seqAbs = Math.max(sender.sndNxtAbs(),
        Math.min(sender.sndMaxAbs(), sender.sndUnaAbs() + sender.sendWindow()));
    transmitAt(SeqNum.wrap(seqAbs, sender.iss()).unsignedValue(), new byte[0], false, false);
  }

  // ------------------------------------------------------------------ resets

  /** A RST with the given SEQ and nothing else (RFC 9293 §3.10.7.1, §3.10.7.2). */
  public void sendReset(long seqRaw) {
    queue.add(new TcpSegment(new TcpHeader(localPort, remotePort, seqRaw, 0,
        TcpFlags.of(TcpFlags.RST), 0, 0, TcpOptions.NONE), new byte[0]));
  }

  /** An abort's RST, SEQ = SND.NXT (RFC 9293 §3.10.5), replacing whatever was queued. */
  public void abortWithReset() {
    queue.clear();
    sendReset(SeqNum.wrap(sender.sndMaxAbs(), sender.iss()).unsignedValue());
  }

  // ------------------------------------------------------------------ the sender's requests

  @Override
  public void transmit(long seqAbs, byte[] payload, boolean syn, boolean fin,
      boolean retransmission) {
    transmitAt(SeqNum.wrap(seqAbs, sender.iss()).unsignedValue(), payload, syn, fin);
  }

  @Override
  public int extraOptionBytes() {
    int blocks = sackBlocks().size();
    return blocks == 0 ? 0 : TcpOptions.sackOptionBytes(blocks);
  }

  @Override
  public void probe() {
    long seq = SeqNum.wrap(Math.max(sender.sndUnaAbs(), 1), sender.iss()).plus(-1)
        .unsignedValue();
    transmitAt(seq, new byte[0], false, false);
  }

  private void transmitAt(long seqRaw, byte[] payload, boolean syn, boolean fin) {
    boolean ack = receiver.hasSyn();
    int flagBits = (syn ? TcpFlags.SYN : 0) | (fin ? TcpFlags.FIN : 0)
        | (ack ? TcpFlags.ACK : 0) | (payload.length > 0 ? TcpFlags.PSH : 0);
    long window = ack ? receiver.advertisedWindow(ourMss) : windowBeforeSynBytes;
    int windowField = syn ? (int) Math.min(window, 0xFFFF) // a SYN's window is never scaled
        : (int) Math.min(window >> options.receiveShift(), 0xFFFF);
    TcpOptions segmentOptions = syn ? options.forSyn(receiver.hasSyn(), nowNs)
        : options.forSegment(nowNs, sackBlocks());
    long ackRaw = ack ? receiver.rcvNxt().unsignedValue() : 0;
    int urgentPointer = sender.urgentPointerFor(
        SeqNum.ofUnsigned(seqRaw).unwrap(sender.iss(), sender.sndNxtAbs()));
    if (urgentPointer > 0) {
      flagBits |= TcpFlags.URG; // RFC 9293 §3.8.5: below SND.UP, until it is acknowledged
    }
    queue.add(new TcpSegment(new TcpHeader(localPort, remotePort, seqRaw, ackRaw,
        TcpFlags.of(flagBits), windowField, urgentPointer, segmentOptions), payload));
    if (ack) {
      lastAckSentAbs = receiver.rcvNxtAbs();
      ackOwed = false;
      unacknowledgedSegments = 0;
      delayedAckDeadlineNs = NONE;
      if (!syn && receiver.hasDsack() && options.sackPermitted()) {
        if (receiver.dsackOfHeldData()) {
          sender.recoveryCounters().ofoDsacksSent++;
        } else {
          sender.recoveryCounters().oldDsacksSent++;
        }
        receiver.clearDsack(); // reported once (RFC 2883 §4)
      }
    }
  }

  /**
   * SACK blocks for the next segment (RFC 2018 §4): on every ACK, data-carrying ones included,
   * while out-of-order data is held, after a D-SACK block for a duplicate just received (RFC 2883
   * §4, which goes once). The sender shrinks the payload to make room ({@link
   * #extraOptionBytes}), so at most half the MSS goes to blocks.
   */
  private List<SackBlock> sackBlocks() {
    if (!receiver.hasSyn() || !options.sackPermitted()) {
      return List.of();
    }
    SackBlock dsack = receiver.dsackBlock();
    if (dsack == null && !receiver.hasPendingOutOfOrder()) {
      return List.of();
    }
    int bytesPerBlock = TcpOptions.sackOptionBytes(1) - TcpOptions.sackOptionBytes(0);
    int fitting = Math.min(options.maxSackBlocks(),
        (sender.mss() / 2 - TcpOptions.sackOptionBytes(0)) / bytesPerBlock);
    if (dsack == null) {
      return receiver.sackBlocks(fitting);
    }
    List<SackBlock> blocks = new ArrayList<>(fitting);
    blocks.add(dsack);
    blocks.addAll(receiver.sackBlocks(fitting - 1));
    return blocks;
  }
}
