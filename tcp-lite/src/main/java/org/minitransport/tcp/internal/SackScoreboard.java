package org.minitransport.tcp.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The SACK scoreboard of RFC 6675 §3: every segment sent and not yet cumulatively acknowledged,
 * with what is known of it — SACKed by the peer, deemed lost, a retransmission in flight — and
 * when it was last sent (RACK's Segment.xmit_ts, RFC 8985 §5.2). The sender keeps the data itself
 * in its byte stream until it is cumulatively acknowledged (RFC 2018 §8: SACKed data is not
 * freed, the receiver may renege).
 *
 * <p>Numbers are absolute sequence numbers of the sender (see {@link Rfc9293Sender}); a segment
 * covers {@code [start, end)} and may include the FIN. The peer's SACK blocks arrive as absolute
 * ranges.
 *
 * <p>The RFC 6675 §4 routines:
 *
 * <ul>
 *   <li><b>Update()</b> is {@link #update}: cumulatively acknowledged segments leave; segments
 *       inside a SACK block are marked SACKed (a segment a block only partly covers is split at the
 *       block's edge, as Linux does). A first block below the cumulative ACK, or inside the second
 *       block, is a D-SACK (RFC 2883 §4) and SACKs nothing new.
 *   <li><b>IsLost(SeqNum)</b> is {@link #isLost}: DupThresh SACKed segments above it, or more than
 *       (DupThresh − 1)·SMSS SACKed bytes above it.
 *   <li><b>SetPipe()</b> is {@link #pipe}: over the unSACKed bytes between HighACK and HighData,
 *       one for each byte not deemed lost, plus one for each byte whose retransmission is in
 *       flight. RFC 6675's HighRxt becomes a per-segment "retransmission in flight" mark (Linux's
 *       {@code TCPCB_SACKED_RETRANS}), so that RACK can take it back when a retransmission is lost
 *       too (RFC 8985 §4).
 *   <li><b>NextSeg()</b> is split by rule: {@link #firstLostNotRetransmitted} (rule 1; the lost
 *       marks come from {@link #markLostByDupThresh} or from RACK), new data (rule 2, the sender's
 *       business), {@link #forwardRetransmission} (rule 3) and {@link #rescueRetransmission} (rule
 *       4).
 * </ul>
 *
 * <p>After a retransmission timeout ({@link #onRetransmissionTimeout}) every unSACKed segment is
 * deemed lost and the retransmission marks are cleared, but the SACK marks stay, as in Linux
 * ({@code tcp_timeout_mark_lost}): the timeout is repaired without resending what the peer holds.
 * Only if the peer reneged — the segment at SND.UNA is marked SACKed yet was not acknowledged —
 * are all SACK marks cleared, which is what RFC 2018 §8 asks the marks to be ready for.
 *
 * <p>Pipe, SACKed and lost totals are kept as counters, so {@link #pipe} is O(1); updates cost
 * the number of segments they touch. Not thread-safe; one per sender.
 */
public final class SackScoreboard {

  /** DupThresh of RFC 6675 §2 (RFC 5681's three duplicate ACKs). */
  public static final int DUP_THRESH = 3;

  /** One segment as it was sent. */
  public static final class Segment {
    private long startAbs;
    private long endAbs;
    private long xmitNs;
    private long transmissionNumber;
    private boolean sacked;
    private boolean lost;
    private boolean everRetransmitted;
    private boolean retransmissionInFlight;

    private Segment(long startAbs, long endAbs, long xmitNs, long transmissionNumber) {
      this.startAbs = startAbs;
      this.endAbs = endAbs;
      this.xmitNs = xmitNs;
      this.transmissionNumber = transmissionNumber;
    }

    public long startAbs() {
      return startAbs;
    }

    public long endAbs() {
      return endAbs;
    }

    public long length() {
      return endAbs - startAbs;
    }

    /** When it was last (re)transmitted (RACK's Segment.xmit_ts). */
    public long xmitNs() {
      return xmitNs;
    }

    public boolean sacked() {
      return sacked;
    }

    public boolean lost() {
      return lost;
    }

    /**
     * The number of its latest (re)transmission among all the board has seen: the order of
     * sending, which breaks ties between segments sent at the same {@link #xmitNs()}.
     */
    public long transmissionNumber() {
      return transmissionNumber;
    }

    /** Whether it was ever retransmitted (RACK's Segment.retransmitted). */
    public boolean everRetransmitted() {
      return everRetransmitted;
    }

    /** Whether its latest retransmission is still thought to be in the network. */
    public boolean retransmissionInFlight() {
      return retransmissionInFlight;
    }

    @Override
    public String toString() {
      return "[" + startAbs + "," + endAbs + ")" + (sacked ? " sacked" : "") + (lost ? " lost" : "")
          + (retransmissionInFlight ? " rexmit" : everRetransmitted ? " was-rexmit" : "");
    }
  }

  /** Told of each segment an ACK newly delivers, cumulatively or selectively, in sequence order. */
  @FunctionalInterface
  public interface DeliveryListener {
    void delivered(Segment segment);
  }

  /**
   * What one ACK changed.
   *
   * @param deliveredBytes RFC 6937's DeliveredData: bytes newly acknowledged, cumulatively or
   *     selectively, that were not SACKed before
   * @param newlySackedBytes of those, the bytes newly SACKed
   * @param dsack the D-SACK block the ACK carried (RFC 2883), or null
   * @param sackedBytesBefore what the board held SACKed before the ACK
   */
  public record AckUpdate(long deliveredBytes, long newlySackedBytes, ByteRange dsack,
      long sackedBytesBefore) {}

  private final ArrayList<Segment> segments = new ArrayList<>();
  private int head;
  private long highAckAbs;
  private long highDataAbs;
  private long sackedBytes;
  private int sackedSegments;
  private long lostBytes;
  private long retransmissionBytes;
  private int retransmissionsInFlight;
  private long highestSackedEndAbs = -1;
  private long rescueRxtAbs = -1;
  private long lostMarks;
  private long transmissions;

  /** @param sndUnaAbs SND.UNA when the scoreboard starts (the handshake is over) */
  public SackScoreboard(long sndUnaAbs) {
    this.highAckAbs = sndUnaAbs;
    this.highDataAbs = sndUnaAbs;
  }

  // ------------------------------------------------------------------ what was sent

  /**
   * A segment {@code [startAbs, endAbs)} went out at {@code nowNs}. Beyond HighData it is new; at
   * or below, a retransmission of what the board holds (split at the edges where needed). A
   * retransmission is in flight until it is SACKed, acknowledged or deemed lost again.
   */
  public void onTransmit(long startAbs, long endAbs, long nowNs) {
    if (endAbs <= highAckAbs || endAbs <= startAbs) {
      return;
    }
    long number = ++transmissions;
    if (startAbs >= highDataAbs) {
      // contiguous: no gaps on the board
      segments.add(new Segment(highDataAbs, endAbs, nowNs, number));
      highDataAbs = endAbs;
      return;
    }
    if (endAbs > highDataAbs) {
      segments.add(new Segment(highDataAbs, endAbs, nowNs, number));
      highDataAbs = endAbs;
      endAbs = segments.get(segments.size() - 1).startAbs;
    }
    splitAt(startAbs);
    splitAt(endAbs);
    for (int i = indexOf(Math.max(startAbs, highAckAbs)); i < segments.size(); i++) {
      Segment s = segments.get(i);
      if (s.startAbs >= endAbs) {
        break;
      }
      s.xmitNs = nowNs;
      s.transmissionNumber = number;
      s.everRetransmitted = true;
      if (!s.sacked && !s.retransmissionInFlight) {
        s.retransmissionInFlight = true;
        retransmissionBytes += s.length();
        retransmissionsInFlight++;
      }
    }
  }

  // ------------------------------------------------------------------ Update()

  /**
   * Applies an ACK (RFC 6675 §4 Update()): segments below {@code ackAbs} leave the board, those
   * inside the SACK blocks are marked SACKed. {@code listener} hears of every segment newly
   * delivered, in sequence order (RACK, RFC 8985 §6.2 steps 2–3).
   *
   * @param ackAbs SEG.ACK, absolute; at or above HighACK (older ACKs change nothing)
   * @param sackBlocks the ACK's SACK blocks as absolute ranges, in the order they came (the first
   *     may be a D-SACK); blocks outside [HighACK, HighData) are clipped or ignored
   */
  public AckUpdate update(long ackAbs, List<ByteRange> sackBlocks, DeliveryListener listener) {
    long delivered = 0;
    long sackedBefore = sackedBytes;
    ByteRange dsack = null;
    if (!sackBlocks.isEmpty()) {
      ByteRange first = sackBlocks.get(0);
      boolean belowAck = first.firstIndex() < ackAbs;
      boolean insideSecond = sackBlocks.size() > 1
          && first.firstIndex() >= sackBlocks.get(1).firstIndex()
          && first.endIndex() <= sackBlocks.get(1).endIndex();
      if (belowAck || insideSecond) {
        dsack = first; // RFC 2883 §4: a duplicate report, not new information
      }
    }
    if (ackAbs > highAckAbs) {
      ackAbs = Math.min(ackAbs, highDataAbs);
      splitAt(ackAbs);
      while (head < segments.size() && segments.get(head).endAbs <= ackAbs) {
        Segment s = segments.get(head);
        segments.set(head, null);
        head++;
        if (!s.sacked) {
          delivered += s.length();
          listener.delivered(s);
        }
        forget(s);
      }
      highAckAbs = ackAbs;
      compact();
      if (rescueRxtAbs >= 0 && rescueRxtAbs < highAckAbs) {
        rescueRxtAbs = -1;
      }
    }
    long newlySacked = 0;
    List<ByteRange> blocks = new ArrayList<>(sackBlocks.size());
    for (int i = dsack == null ? 0 : 1; i < sackBlocks.size(); i++) {
      ByteRange b = sackBlocks.get(i);
      long left = Math.max(b.firstIndex(), highAckAbs);
      long right = Math.min(b.endIndex(), highDataAbs);
      if (left < right) {
        blocks.add(new ByteRange(left, right));
      }
    }
    blocks.sort(Comparator.comparingLong(ByteRange::firstIndex));
    for (ByteRange b : blocks) {
      splitAt(b.firstIndex());
      splitAt(b.endIndex());
      for (int i = indexOf(b.firstIndex()); i < segments.size(); i++) {
        Segment s = segments.get(i);
        if (s.startAbs >= b.endIndex()) {
          break;
        }
        if (!s.sacked) {
          forget(s);
          s.sacked = true;
          s.lost = false;
          s.retransmissionInFlight = false;
          sackedBytes += s.length();
          sackedSegments++;
          newlySacked += s.length();
          highestSackedEndAbs = Math.max(highestSackedEndAbs, s.endAbs);
          listener.delivered(s);
        }
      }
    }
    return new AckUpdate(delivered + newlySacked, newlySacked, dsack, sackedBefore);
  }

  // ------------------------------------------------------------------ IsLost() and marks

  /**
   * RFC 6675 §4 IsLost(SeqNum): whether DupThresh SACKed segments lie above {@code seqAbs}, or
   * more than (DupThresh − 1)·SMSS SACKed bytes.
   */
  public boolean isLost(long seqAbs, long smssBytes) {
    int sackedAbove = 0;
    long sackedBytesAbove = 0;
    for (int i = segments.size() - 1; i >= head; i--) {
      Segment s = segments.get(i);
      if (s.endAbs <= seqAbs) {
        break;
      }
      if (s.sacked && s.startAbs > seqAbs) {
        sackedAbove++;
        sackedBytesAbove += s.length();
      }
    }
    return sackedAbove >= DUP_THRESH || sackedBytesAbove > (DUP_THRESH - 1) * smssBytes;
  }

  /**
   * Marks every unSACKed segment that {@link #isLost} says is lost (one pass from the top: the
   * SACKed counts above a sequence number only grow downwards). Segments with a retransmission
   * in flight keep it: RFC 6675 never deems a retransmission lost (HighRxt only rises).
   *
   * @return bytes newly marked lost
   */
  public long markLostByDupThresh(long smssBytes) {
    int sackedAbove = 0;
    long sackedBytesAbove = 0;
    long marked = 0;
    for (int i = segments.size() - 1; i >= head; i--) {
      Segment s = segments.get(i);
      if (s.sacked) {
        sackedAbove++;
        sackedBytesAbove += s.length();
      } else if (sackedAbove >= DUP_THRESH || sackedBytesAbove > (DUP_THRESH - 1) * smssBytes) {
        if (!s.lost && !s.retransmissionInFlight) {
          markLost(s);
          marked += s.length();
        }
      }
    }
    return marked;
  }

  /**
   * Deems a segment lost (RACK, RFC 8985 §6.2 step 5, or a timeout): its retransmission, if one
   * was in flight, is lost too, and the segment is to be sent again.
   */
  public void markLost(Segment s) {
    if (s.sacked) {
      return;
    }
    if (s.retransmissionInFlight || !s.lost) {
      lostMarks++;
    }
    if (s.retransmissionInFlight) {
      s.retransmissionInFlight = false;
      retransmissionBytes -= s.length();
      retransmissionsInFlight--;
    }
    if (!s.lost) {
      s.lost = true;
      lostBytes += s.length();
    }
  }

  /**
   * A retransmission timeout (RFC 6298 §5.4–5.6 with RFC 6675 §5.1): every unSACKed segment is
   * deemed lost except those {@code recentlySent} says may still be on their way (RACK, RFC 8985
   * §6.3; the segment at SND.UNA is always lost), retransmission marks are cleared, and SACK marks
   * are kept unless the peer reneged (the segment at SND.UNA is SACKed: RFC 2018 §8).
   *
   * @return whether the peer reneged and the SACK marks were cleared
   */
  public boolean onRetransmissionTimeout(java.util.function.Predicate<Segment> recentlySent) {
    boolean reneged = head < segments.size() && segments.get(head).sacked;
    for (int i = head; i < segments.size(); i++) {
      Segment s = segments.get(i);
      if (reneged && s.sacked) {
        s.sacked = false;
        sackedBytes -= s.length();
        sackedSegments--;
      }
      if (s.sacked) {
        continue;
      }
      if (i != head && !s.lost && recentlySent.test(s)) {
        continue;
      }
      markLost(s);
    }
    if (reneged) {
      highestSackedEndAbs = -1;
    }
    rescueRxtAbs = -1;
    return reneged;
  }

  /** Undo (RFC 3708, RFC 4015): the losses were not real; no segment is deemed lost any more. */
  public void clearLostMarks() {
    for (int i = head; i < segments.size(); i++) {
      Segment s = segments.get(i);
      if (s.lost) {
        s.lost = false;
        lostBytes -= s.length();
      }
    }
  }

  // ------------------------------------------------------------------ SetPipe() and NextSeg()

  /** RFC 6675 SetPipe(): the bytes thought to be in the network. */
  public long pipe() {
    return (highDataAbs - highAckAbs) - sackedBytes - lostBytes + retransmissionBytes;
  }

  /**
   * NextSeg() rule 1 with lost marks: the first segment deemed lost whose retransmission is not
   * in flight, or null.
   */
  public Segment firstLostNotRetransmitted() {
    if (lostBytes == 0) {
      return null;
    }
    for (int i = head; i < segments.size(); i++) {
      Segment s = segments.get(i);
      if (s.lost && !s.retransmissionInFlight) {
        return s;
      }
    }
    return null;
  }

  /**
   * NextSeg() rule 3: the first unSACKed segment below the highest SACKed byte that is neither
   * deemed lost nor retransmitted yet, or null (sent when no new data may go; RFC 6675 §4).
   */
  public Segment forwardRetransmission() {
    for (int i = head; i < segments.size(); i++) {
      Segment s = segments.get(i);
      if (s.startAbs >= highestSackedEndAbs) {
        return null;
      }
      if (!s.sacked && !s.lost && !s.retransmissionInFlight) {
        return s;
      }
    }
    return null;
  }

  /**
   * NextSeg() rule 4, the rescue retransmission: once per recovery (until HighACK passes
   * RescueRxt), the highest unSACKed segment, or null — also when that segment's retransmission
   * is in flight: the rule needs an unSACKed sequence number above HighRxt.
   *
   * @param recoveryPointAbs RecoveryPoint, which RescueRxt becomes
   */
  public Segment rescueRetransmission(long recoveryPointAbs) {
    if (rescueRxtAbs >= 0) {
      return null;
    }
    for (int i = segments.size() - 1; i >= head; i--) {
      Segment s = segments.get(i);
      if (!s.sacked) {
        if (s.retransmissionInFlight) {
          return null; // S <= HighRxt
        }
        rescueRxtAbs = recoveryPointAbs;
        return s;
      }
    }
    return null;
  }

  /** Forgets RescueRxt (a new recovery starts, RFC 6675 §5 step 4.3). */
  public void resetRescue() {
    rescueRxtAbs = -1;
  }

  /**
   * Splits the segment holding {@code seqAbs} so that a segment starts there (a retransmission
   * smaller than the original, or a SACK block that covers part of a segment).
   */
  public void splitAt(long seqAbs) {
    if (seqAbs <= highAckAbs || seqAbs >= highDataAbs) {
      return;
    }
    int i = indexOf(seqAbs);
    Segment s = segments.get(i);
    if (s.startAbs == seqAbs) {
      return;
    }
    Segment tail = new Segment(seqAbs, s.endAbs, s.xmitNs, s.transmissionNumber);
    tail.sacked = s.sacked;
    tail.lost = s.lost;
    tail.everRetransmitted = s.everRetransmitted;
    tail.retransmissionInFlight = s.retransmissionInFlight;
    s.endAbs = seqAbs;
    if (s.sacked) {
      sackedSegments++;
    }
    if (s.retransmissionInFlight) {
      retransmissionsInFlight++;
    }
    segments.add(i + 1, tail);
  }

  // ------------------------------------------------------------------ queries

  /** Segments on the board (not yet cumulatively acknowledged). */
  public int size() {
    return segments.size() - head;
  }

  /** The {@code i}-th segment on the board, from SND.UNA upwards. */
  public Segment get(int i) {
    return segments.get(head + i);
  }

  /** HighACK: SND.UNA as the board last saw it. */
  public long highAckAbs() {
    return highAckAbs;
  }

  /** HighData: the end of the highest segment sent. */
  public long highDataAbs() {
    return highDataAbs;
  }

  public long sackedBytes() {
    return sackedBytes;
  }

  /** SACKed segments (RACK.segs_sacked). */
  public int sackedSegments() {
    return sackedSegments;
  }

  public long lostBytes() {
    return lostBytes;
  }

  /** How often a segment (or its retransmission) was deemed lost, ever: grows with each mark. */
  public long lostMarks() {
    return lostMarks;
  }

  /** Segments whose retransmission is in flight. */
  public int retransmissionsInFlight() {
    return retransmissionsInFlight;
  }

  /** The end of the highest SACKed segment, or -1. */
  public long highestSackedEndAbs() {
    return highestSackedEndAbs;
  }

  @Override
  public String toString() {
    return "SackScoreboard[una=" + highAckAbs + " high=" + highDataAbs + " pipe=" + pipe()
        + " sacked=" + sackedBytes + " lost=" + lostBytes + " rexmit=" + retransmissionBytes + " "
        + segments.subList(head, Math.min(segments.size(), head + 12))
        + (size() > 12 ? "…" : "") + "]";
  }

  // ------------------------------------------------------------------ internals

  /** The index (into {@code segments}) of the segment holding {@code seqAbs}; binary search. */
  private int indexOf(long seqAbs) {
    int lo = head;
    int hi = segments.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (segments.get(mid).startAbs <= seqAbs) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Takes a segment out of the lost and retransmission totals (it is SACKed or acknowledged). */
  private void forget(Segment s) {
    if (s.sacked) {
      sackedBytes -= s.length();
      sackedSegments--;
    }
    if (s.lost) {
      lostBytes -= s.length();
    }
    if (s.retransmissionInFlight) {
      retransmissionBytes -= s.length();
      retransmissionsInFlight--;
    }
  }

  private void compact() {
    if (head > 64 && head * 2 > segments.size()) {
      segments.subList(0, head).clear();
      head = 0;
    }
  }
}
