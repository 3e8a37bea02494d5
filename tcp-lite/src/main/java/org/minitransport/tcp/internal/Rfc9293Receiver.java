package org.minitransport.tcp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.wire.SackBlock;

/**
 * The receiving half of a connection (after CS144 Minnow's {@code TCPReceiver}): turns arriving
 * sequence numbers into stream indices, feeds the {@link Reassembler}, and says what to
 * acknowledge and which window to advertise.
 *
 * <p>Absolute sequence numbers count from the peer's ISN: 0 is the SYN, data byte {@code i} is
 * {@code 1 + i}, and the FIN follows the last byte.
 *
 * <p><b>Window</b> (RFC 9293 §3.8.6): the free space of the inbound stream. To avoid the silly
 * window syndrome (§3.8.6.2.2) the advertised right edge moves forward only by at least
 * min(buffer / 2, MSS) at a time, and it never moves back.
 *
 * <p><b>Urgent data</b> (RFC 9293 §3.8.5, RFC 6093): urgent bytes stay in the stream, in order
 * (what {@code java.net.Socket} calls OOB-inline); the receiver only remembers RCV.UP, just past
 * the last urgent byte, so the application can learn how much urgent data is still to be read.
 *
 * <p><b>D-SACK</b> (RFC 2883, when enabled): text that arrives again — below RCV.NXT, or over
 * out-of-order data already held — is remembered as one duplicate range, which the next ACK
 * reports as the first SACK block ({@link #dsackBlock()}), so that the sender learns its
 * retransmission was needless.
 *
 * <p>Not thread-safe; owned by one connection.
 */
public final class TcpReceiver {

  private final ByteStream inbound;
  private final Reassembler reassembler;
  private final boolean dsack;
  private SeqNum irs;
  private long advertisedRightEdgeAbs;
  private long lastArrivalIndex = -1;
  /** RCV.UP as a stream index: just past the last urgent byte; 0 while there is none. */
  private long urgentEndIndex;
  private ByteRange duplicateAbs;
  private boolean duplicateOfHeldData;

  /**
   * A receiver whose inbound stream borrows its memory from {@code buffers} as bytes arrive.
   *
   * @param dsack report duplicate segments in D-SACK blocks (RFC 2883)
   */
  public TcpReceiver(int capacityBytes, ChunkPool buffers, boolean dsack) {
    this.inbound = new ByteStream(capacityBytes, buffers);
    this.reassembler = new Reassembler(inbound);
    this.dsack = dsack;
  }

  /** The application's side of the received bytes. */
  public ByteStream inbound() {
    return inbound;
  }

  /** Records the peer's SYN (its ISN). */
  public void onSyn(SeqNum peerIsn) {
    this.irs = peerIsn;
  }

  public boolean hasSyn() {
    return irs != null;
  }

  public SeqNum irs() {
    return irs;
  }

  /** RCV.NXT as an absolute number: SYN, the assembled bytes, and the FIN once assembled. */
  public long rcvNxtAbs() {
    return 1 + inbound.bytesPushed() + (inbound.isClosed() ? 1 : 0);
  }

  /** RCV.NXT on the wire. */
  public SeqNum rcvNxt() {
    return SeqNum.wrap(rcvNxtAbs(), irs);
  }

  /** The absolute number of a wire sequence number, taken nearest RCV.NXT. */
  public long unwrap(SeqNum seq) {
    return seq.unwrap(irs, rcvNxtAbs());
  }

  /** Whether the peer's FIN has been received and every byte before it assembled. */
  public boolean finReceived() {
    return inbound.isClosed();
  }

  /** The receive window right now, before silly-window avoidance. */
  public long freeSpace() {
    return inbound.availableCapacity();
  }

  /**
   * Inserts segment text. {@code seqAbs} is the absolute number of the first payload byte (after
   * any SYN); bytes outside the window are discarded by the reassembler.
   *
   * @return whether the segment was in order (started at or before RCV.NXT), which decides
   *     between a delayed and an immediate ACK (RFC 9293 §3.8.6.3, RFC 5681 §4.2)
   */
  public boolean insert(long seqAbs, byte[] payload, boolean fin) {
    long index = seqAbs - 1;
    boolean inOrder = index <= inbound.bytesPushed();
    if (index < 0) {
      return inOrder; // only the SYN's own position; nothing to insert
    }
    if (payload.length > 0) {
      noteDuplicatePart(seqAbs, seqAbs + payload.length);
    }
    if (payload.length > 0 || fin) {
      reassembler.insert(index, payload, 0, payload.length, fin);
      lastArrivalIndex = index;
    }
    return inOrder;
  }

  /**
   * The URG bit of an acceptable segment (RFC 9293 §3.10.7.4, sixth step): RCV.UP =
   * max(RCV.UP, SEG.SEQ + SEG.UP), the pointer naming the octet after the urgent data (RFC 6093).
   *
   * @param segSeqAbs the segment's absolute sequence number
   * @param urgentPointer SEG.UP; 0 points at nothing and is ignored
   * @return whether RCV.UP moved past both its old value and what the application has read, so
   *     the application should be told (MUST-32 of RFC 1122 §4.2.2.4)
   */
  public boolean onUrgentPointer(long segSeqAbs, int urgentPointer) {
    long endIndex = segSeqAbs + urgentPointer - 1;
    if (urgentPointer == 0 || endIndex <= urgentEndIndex || endIndex <= inbound.bytesPopped()) {
      return false;
    }
    urgentEndIndex = endIndex;
    return true;
  }

  /**
   * Bytes the application must still read to have read every urgent byte the peer has pointed
   * at; 0 if no urgent data is pending. At 1 the next byte read is the last urgent byte (BSD's
   * "at mark").
   */
  public long urgentBytesPending() {
    return Math.max(0, urgentEndIndex - inbound.bytesPopped());
  }

  /**
   * Text {@code [firstAbs, endAbs)} arrived that was already received in full (an old duplicate,
   * dropped before insertion): the next ACK reports it as a D-SACK (RFC 2883 §4.1.1).
   */
  public void noteDuplicate(long firstAbs, long endAbs) {
    if (dsack && endAbs > firstAbs && firstAbs >= 1) {
      duplicateAbs = new ByteRange(firstAbs, endAbs);
      duplicateOfHeldData = false;
    }
  }

  /** The duplicated part of arriving text: below RCV.NXT, else over held out-of-order bytes. */
  private void noteDuplicatePart(long firstAbs, long endAbs) {
    if (!dsack) {
      return;
    }
    long rcvNxt = 1 + inbound.bytesPushed();
    if (firstAbs < rcvNxt) {
      noteDuplicate(firstAbs, Math.min(endAbs, rcvNxt)); // RFC 2883 §4.1.1 and §4.1.2
      return;
    }
    for (ByteRange held : reassembler.pendingRanges()) {
      long from = Math.max(firstAbs, held.firstIndex() + 1);
      long to = Math.min(endAbs, held.endIndex() + 1);
      if (from < to) {
        noteDuplicate(from, to); // RFC 2883 §4.1.3: a duplicate of out-of-order data
        duplicateOfHeldData = true;
        return;
      }
    }
  }

  /**
   * Whether the waiting D-SACK reports out-of-order data already held (RFC 2883 §4.1.3) rather
   * than data below RCV.NXT.
   */
  public boolean dsackOfHeldData() {
    return duplicateOfHeldData;
  }

  /** Whether a D-SACK is waiting to be reported. */
  public boolean hasDsack() {
    return duplicateAbs != null;
  }

  /** The D-SACK block for the next ACK, or null (RFC 2883 §4: reported once). */
  public SackBlock dsackBlock() {
    if (duplicateAbs == null || irs == null) {
      return null;
    }
    return new SackBlock(SeqNum.wrap(duplicateAbs.firstIndex(), irs).unsignedValue(),
        SeqNum.wrap(duplicateAbs.endIndex(), irs).unsignedValue());
  }

  /** The D-SACK went out. */
  public void clearDsack() {
    duplicateAbs = null;
  }

  /** Whether out-of-order bytes are held back (a hole exists). */
  public boolean hasPendingOutOfOrder() {
    return reassembler.bytesPending() > 0;
  }

  /**
   * The window to advertise, in bytes, with receiver-side silly-window avoidance: the right edge
   * advances only when it can move by at least min(capacity / 2, mss).
   */
  public long advertisedWindow(int mss) {
    long rcvNxt = rcvNxtAbs();
    long candidateEdge = rcvNxt + inbound.availableCapacity();
    long threshold = Math.min(inbound.capacity() / 2, mss);
    if (candidateEdge - advertisedRightEdgeAbs >= threshold || advertisedRightEdgeAbs < rcvNxt) {
      advertisedRightEdgeAbs = Math.max(advertisedRightEdgeAbs, candidateEdge);
    }
    return Math.max(0, advertisedRightEdgeAbs - rcvNxt);
  }

  /**
   * Whether the application's reads have opened the window enough that the peer should hear
   * about it now (a window update, RFC 9293 §3.8.6.2.2).
   */
  public boolean windowUpdateWorthSending(int mss) {
    long rcvNxt = rcvNxtAbs();
    long candidateEdge = rcvNxt + inbound.availableCapacity();
    long threshold = Math.min(inbound.capacity() / 2, mss);
    return candidateEdge - advertisedRightEdgeAbs >= threshold;
  }

  /**
   * SACK blocks for the out-of-order data held (RFC 2018 §4): the block holding the most recent
   * arrival first, then the others from the highest down, at most {@code maxBlocks}.
   */
  public List<SackBlock> sackBlocks(int maxBlocks) {
    List<ByteRange> ranges = reassembler.pendingRanges();
    if (ranges.isEmpty() || maxBlocks <= 0) {
      return List.of();
    }
    List<SackBlock> blocks = new ArrayList<>(Math.min(maxBlocks, ranges.size()));
    Optional<ByteRange> recent = lastArrivalIndex < 0
        ? Optional.empty() : reassembler.pendingRangeContaining(lastArrivalIndex);
    recent.ifPresent(r -> blocks.add(toBlock(r)));
    for (int i = ranges.size() - 1; i >= 0 && blocks.size() < maxBlocks; i--) {
      ByteRange range = ranges.get(i);
      if (recent.isPresent() && recent.get().equals(range)) {
        continue;
      }
      blocks.add(toBlock(range));
    }
    return blocks;
  }

  private SackBlock toBlock(ByteRange range) {
    return new SackBlock(
        SeqNum.wrap(range.firstIndex() + 1, irs).unsignedValue(),
        SeqNum.wrap(range.endIndex() + 1, irs).unsignedValue());
  }
}
