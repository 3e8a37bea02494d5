package org.minitransport.tcp.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.minitransport.core.time.TokenBucket;
import org.minitransport.tcp.LossRecoveryCounters;
import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.component.TcpReceiverMessage;
import org.minitransport.tcp.component.TcpSender;
import org.minitransport.tcp.component.TcpSenderMessage;
import org.minitransport.tcp.wire.SackBlock;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * What a connection sends, and when it acknowledges. It turns the {@link TcpSender}'s messages
 * into whole segments — ports, SEQ, and from the {@link
 * org.minitransport.tcp.component.TcpReceiver}'s message the ACK, the advertised window (scaled,
 * RFC 7323 §2.3) and SACK blocks; options (timestamps, SACK) — and keeps the acknowledgment state
 * of RFC 9293 §3.8.6.3: an ACK owed now, or one delayed until the next segment or the delayed-ACK
 * timer, and Last.ACK.sent (RFC 7323 §4.3). Every segment that carries an ACK pays what was owed.
 *
 * <p>Sans-IO and not thread-safe; the connection drains {@link #poll()} after each input and
 * tells it the time with {@link #advanceTo}.
 */
public final class SegmentOutput implements TcpSender.Transmit {

  private static final long NONE = Long.MAX_VALUE;

  private final int localPort;
  private final int remotePort;
  private final ConnectionParts parts;
  private final NegotiatedOptions options;
  private final RecoveryCounters dsacksSent = new RecoveryCounters();
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
   * @param windowBeforeSynBytes the window our own SYN offers (the receive buffer)
   * @param delayedAckNs how long an ACK may wait (RFC 9293 §3.8.6.3)
   * @param challengeAcksPerSecond the rate and burst of {@link #challengeAck}
   */
  public SegmentOutput(int localPort, int remotePort, ConnectionParts parts,
      NegotiatedOptions options, long windowBeforeSynBytes, long delayedAckNs,
      int challengeAcksPerSecond) {
    this.localPort = localPort;
    this.remotePort = remotePort;
    this.parts = parts;
    this.options = options;
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
   * Sends the owed ACK if no segment carried it, at the SEQ of the sender's {@link
   * TcpSender#makeEmptyMessage()}.
   */
  public void flushAck() {
    if (!ackOwed || !parts.hasPeerSyn()) {
      return;
    }
    transmit(parts.sender().makeEmptyMessage());
  }

  /** D-SACK blocks sent so far (RFC 2883), as Linux counts them. */
  public LossRecoveryCounters dsacksSent() {
    return dsacksSent.snapshot();
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
    sendReset(SeqNum.wrap(parts.sndMaxAbs(), parts.iss()).unsignedValue());
  }

  // ------------------------------------------------------------------ the sender's requests

  /**
   * Queues the sender's segment. Its payload array goes into the {@link TcpSegment} as it is
   * (the segment owns it) when the sender is the reference one, which makes a fresh array for
   * every segment; any other sender's — a student's, say — is copied first, so one that reuses a
   * scratch array, against {@link TcpSenderMessage}'s rule, cannot rewrite segments still queued.
   */
  @Override
  public void transmit(TcpSenderMessage message) {
    parts.onTransmit(message);
    byte[] payload = message.payload();
    if (payload.length > 0 && !(parts.sender() instanceof Rfc9293Sender)) {
      payload = payload.clone();
    }
    transmitAt(message.seqno().unsignedValue(), payload, message.syn(), message.fin(),
        message.urgentPointer());
  }

  /**
   * Our SYN again, made by the connection rather than the sender: the answer to a retransmitted
   * SYN in SYN-RECEIVED, or to the peer's SYN in a simultaneous open (RFC 9293 §3.5).
   */
  public void repeatSyn() {
    transmitAt(parts.iss().unsignedValue(), new byte[0], true, false, 0);
  }

  @Override
  public int extraOptionBytes() {
    if (!parts.hasPeerSyn() || !options.sackPermitted()
        || (parts.reassembler().bytesPending() == 0
            && parts.receiver().duplicateReport().isEmpty())) {
      return 0; // no SACK option: nothing held out of order, no duplicate to report
    }
    int blocks = sackBlocks(parts.receiver().send()).size();
    return blocks == 0 ? 0 : TcpOptions.sackOptionBytes(blocks);
  }

  /** A keep-alive probe: an empty segment with SEQ = SND.UNA − 1 (RFC 9293 §3.8.4). */
  public void probe() {
    long seqAbs = Math.max(parts.sndUnaAbs(), 1) - 1;
    transmitAt(SeqNum.wrap(seqAbs, parts.iss()).unsignedValue(), new byte[0], false, false, 0);
  }

  private void transmitAt(long seqRaw, byte[] payload, boolean syn, boolean fin,
      int urgentPointer) {
    TcpReceiverMessage receiving = parts.receiver().send();
    boolean ack = parts.hasPeerSyn() && receiving.ackno().isPresent();
    int flagBits = (syn ? TcpFlags.SYN : 0) | (fin ? TcpFlags.FIN : 0)
        | (ack ? TcpFlags.ACK : 0) | (payload.length > 0 ? TcpFlags.PSH : 0);
    long window = ack ? receiving.windowBytes() : windowBeforeSynBytes;
    int windowField = syn ? (int) Math.min(window, 0xFFFF) // a SYN's window is never scaled
        : (int) Math.min(window >> options.receiveShift(), 0xFFFF);
    List<SackBlock> blocks = syn ? List.of() : sackBlocks(receiving);
    TcpOptions segmentOptions = syn ? options.forSyn(parts.hasPeerSyn(), nowNs)
        : options.forSegment(nowNs, blocks);
    long ackRaw = ack ? receiving.ackno().get().unsignedValue() : 0;
    if (urgentPointer > 0) {
      flagBits |= TcpFlags.URG; // RFC 9293 §3.8.5: below SND.UP, until it is acknowledged
    }
    queue.add(new TcpSegment(new TcpHeader(localPort, remotePort, seqRaw, ackRaw,
        TcpFlags.of(flagBits), windowField, urgentPointer, segmentOptions), payload));
    if (ack) {
      lastAckSentAbs = parts.unwrapSeq(ackRaw);
      ackOwed = false;
      unacknowledgedSegments = 0;
      delayedAckDeadlineNs = NONE;
      Optional<SackBlock> dsack = parts.receiver().duplicateReport();
      if (!syn && dsack.isPresent() && options.sackPermitted()) {
        // RFC 2883 §4.1: a duplicate below the ACK is old; one above it duplicates held data.
        if (SeqNum.ofUnsigned(dsack.get().right()).le(SeqNum.ofUnsigned(ackRaw))) {
          dsacksSent.oldDsacksSent++;
        } else {
          dsacksSent.ofoDsacksSent++;
        }
        parts.receiver().duplicateReported(); // reported once (RFC 2883 §4)
      }
    }
  }

  /**
   * SACK blocks for the next segment (RFC 2018 §4): on every ACK, data-carrying ones included,
   * while out-of-order data is held, after a D-SACK block for a duplicate just received (RFC 2883
   * §4, which goes once). The sender shrinks the payload to make room ({@link
   * #extraOptionBytes}), so at most half the MSS goes to blocks.
   */
  private List<SackBlock> sackBlocks(TcpReceiverMessage receiving) {
    if (!parts.hasPeerSyn() || !options.sackPermitted()) {
      return List.of();
    }
    Optional<SackBlock> dsack = parts.receiver().duplicateReport();
    List<SackBlock> held = receiving.sackBlocks();
    if (dsack.isEmpty() && held.isEmpty()) {
      return List.of();
    }
    int bytesPerBlock = TcpOptions.sackOptionBytes(1) - TcpOptions.sackOptionBytes(0);
    int fitting = Math.min(options.maxSackBlocks(),
        (parts.sendMss() / 2 - TcpOptions.sackOptionBytes(0)) / bytesPerBlock);
    List<SackBlock> blocks = new ArrayList<>(Math.max(fitting, 0));
    dsack.ifPresent(blocks::add);
    for (SackBlock b : held) {
      if (blocks.size() >= fitting) {
        break;
      }
      blocks.add(b);
    }
    return blocks.size() > fitting ? blocks.subList(0, Math.max(fitting, 0)) : blocks;
  }
}
