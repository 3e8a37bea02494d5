package org.minitransport.tcp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.component.ByteStreamWriter;
import org.minitransport.tcp.component.IndexRange;
import org.minitransport.tcp.component.Reassembler;
import org.minitransport.tcp.component.TcpReceiver;
import org.minitransport.tcp.component.TcpReceiverFactory;
import org.minitransport.tcp.component.TcpReceiverMessage;
import org.minitransport.tcp.component.TcpSenderMessage;
import org.minitransport.tcp.wire.SackBlock;

/**
 * The reference {@link TcpReceiver} (after CS144 Minnow's {@code TCPReceiver}): turns arriving
 * sequence numbers into stream indices, feeds its {@link Reassembler}, and says what to
 * acknowledge and which window to advertise, with SACK and D-SACK blocks and urgent data.
 *
 * <p>Absolute sequence numbers count from the peer's ISN: 0 is the SYN, data byte {@code i} is
 * {@code 1 + i}, and the FIN follows the last byte.
 *
 * <p><b>Window</b> (RFC 9293 §3.8.6): the free space of the inbound stream. To avoid the silly
 * window syndrome (§3.8.6.2.2) the advertised right edge moves forward only by at least
 * min(buffer / 2, MSS) at a time, and it never moves back. {@link #send()} commits the edge it
 * reports, so it is called once per segment built.
 *
 * <p><b>SACK</b> (RFC 2018 §4): blocks for the runs the reassembler holds, the one holding the
 * most recent arrival first, then the others from the highest down.
 *
 * <p><b>Urgent data</b> (RFC 9293 §3.8.5, RFC 6093): urgent bytes stay in the stream, in order
 * (what {@code java.net.Socket} calls OOB-inline); the receiver only remembers RCV.UP, just past
 * the last urgent byte, so the application can learn how much urgent data is still to be read.
 *
 * <p><b>D-SACK</b> (RFC 2883, when enabled): text that arrives again — below RCV.NXT, or over
 * out-of-order data already held — is remembered as one duplicate range, which the next ACK
 * reports as the first SACK block ({@link #duplicateReport()}), so that the sender learns its
 * retransmission was needless.
 *
 * <p>Not thread-safe; owned by one connection.
 */
public final class Rfc9293Receiver implements TcpReceiver {

  /** The most SACK blocks a segment can carry (RFC 2018 §3: 4 in 40 option bytes). */
  private static final int MAX_SACK_BLOCKS = 4;

  private final Reassembler reassembler;
  private final ByteStreamWriter inbound;
  private final int capacity;
  private final int mss;
  private final boolean dsack;
  private SeqNum irs;
  private long advertisedRightEdgeAbs;
  private long lastArrivalIndex = -1;
  /** RCV.UP as a stream index: just past the last urgent byte; 0 while there is none. */
  private long urgentEndIndex;
  private IndexRange duplicateAbs;

  /** A receiver feeding {@code reassembler}; see {@link TcpReceiverFactory.Settings}. */
  public Rfc9293Receiver(Reassembler reassembler, TcpReceiverFactory.Settings settings) {
    this.reassembler = reassembler;
    this.inbound = reassembler.writer();
    this.capacity = settings.capacityBytes();
    this.mss = settings.mssBytes();
    this.dsack = settings.dsack();
  }

  @Override
  public void receive(TcpSenderMessage message) {
    // BEGIN LAB 3: learn the ISN from the SYN, then give the payload to the reassembler at its stream index
    if (message.syn() && irs == null) {
      irs = message.seqno();
    }
    if (irs == null) {
      return;
    }
    long seqAbs = unwrap(message.seqno()) + (message.syn() ? 1 : 0);
    insert(seqAbs, message.payload(), message.fin());
    // END LAB 3
  }

  @Override
  public TcpReceiverMessage send() {
    // BEGIN LAB 3: ackno, window and RST for the segment being built
    if (irs == null) {
      return new TcpReceiverMessage(Optional.empty(), inbound.availableCapacity(),
          inbound.hasError());
    }
    return new TcpReceiverMessage(Optional.of(SeqNum.wrap(rcvNxtAbs(), irs)), advertisedWindow(),
        inbound.hasError(), reassembler.bytesPending() > 0 ? sackBlocks() : List.of());
    // END LAB 3
  }

  /** RCV.NXT as an absolute number: SYN, the assembled bytes, and the FIN once assembled. */
  private long rcvNxtAbs() {
    // BEGIN LAB 3: RCV.NXT as an absolute sequence number
    return 1 + inbound.bytesPushed() + (inbound.isClosed() ? 1 : 0);
    // END LAB 3
  }

  /** The absolute number of a wire sequence number, taken nearest RCV.NXT. */
  private long unwrap(SeqNum seq) {
    // BEGIN LAB 3: the absolute sequence number nearest RCV.NXT
    return seq.unwrap(irs, rcvNxtAbs());
    // END LAB 3
  }

  /** Bytes the application has read: pushed minus buffered. */
  private long bytesPopped() {
    return inbound.bytesPushed() - (capacity - inbound.availableCapacity());
  }

  /**
   * Inserts segment text. {@code seqAbs} is the absolute number of the first payload byte (after
   * any SYN); bytes outside the window are discarded by the reassembler.
   */
  private void insert(long seqAbs, byte[] payload, boolean fin) {
    // BEGIN LAB 3: insert segment text at its stream index
    // Text from the SYN's own number on: that byte is old, the rest new (§3.10.7.4).
    int old = seqAbs < 1 ? (int) Math.min(payload.length, 1 - seqAbs) : 0;
    long index = seqAbs - 1 + old;
    if (index < 0) {
      return; // only the SYN's own position; nothing to insert
    }
    int length = payload.length - old;
    if (length > 0) {
      noteDuplicatePart(seqAbs + old, seqAbs + payload.length);
    }
    if (length > 0 || fin) {
      reassembler.insert(index, payload, old, length, fin);
      lastArrivalIndex = index;
    }
    // END LAB 3
  }

  /**
   * The URG bit of an acceptable segment (RFC 9293 §3.10.7.4, sixth step): RCV.UP =
   * max(RCV.UP, SEG.SEQ + SEG.UP), the pointer naming the octet after the urgent data (RFC 6093).
   *
   * @return whether RCV.UP moved past both its old value and what the application has read, so
   *     the application should be told (MUST-32 of RFC 1122 §4.2.2.4)
   */
  @Override
  public boolean onUrgentPointer(SeqNum segmentSeqno, int urgentPointer) {
    if (irs == null) {
      return false;
    }
    long endIndex = unwrap(segmentSeqno) + urgentPointer - 1;
    if (urgentPointer == 0 || endIndex <= urgentEndIndex || endIndex <= bytesPopped()) {
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
  @Override
  public long urgentBytesPending() {
    return Math.max(0, urgentEndIndex - bytesPopped());
  }

  /**
   * Text arrived that was already received in full (an old duplicate, dropped before insertion):
   * the next ACK reports it as a D-SACK (RFC 2883 §4.1.1).
   */
  @Override
  public void onDuplicate(SeqNum seqno, int length) {
    if (irs != null) {
      long firstAbs = unwrap(seqno);
      noteDuplicate(firstAbs, firstAbs + length);
    }
  }

  private void noteDuplicate(long firstAbs, long endAbs) {
    if (dsack && endAbs > firstAbs && firstAbs >= 1) {
      duplicateAbs = new IndexRange(firstAbs, endAbs);
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
    for (IndexRange held : reassembler.pendingRanges()) {
      long from = Math.max(firstAbs, held.firstIndex() + 1);
      long to = Math.min(endAbs, held.endIndex() + 1);
      if (from < to) {
        noteDuplicate(from, to); // RFC 2883 §4.1.3: a duplicate of out-of-order data
        return;
      }
    }
  }

  /** The D-SACK block for the next ACK (RFC 2883 §4: reported once). */
  @Override
  public Optional<SackBlock> duplicateReport() {
    if (duplicateAbs == null || irs == null) {
      return Optional.empty();
    }
    return Optional.of(new SackBlock(SeqNum.wrap(duplicateAbs.firstIndex(), irs).unsignedValue(),
        SeqNum.wrap(duplicateAbs.endIndex(), irs).unsignedValue()));
  }

  @Override
  public void duplicateReported() {
    duplicateAbs = null;
  }

  /**
   * The window to advertise, in bytes, with receiver-side silly-window avoidance: the right edge
   * advances only when it can move by at least min(capacity / 2, mss).
   */
  private long advertisedWindow() {
    // BEGIN LAB 3: the window to advertise: never shrink the right edge; avoid the silly window syndrome
    long rcvNxt = rcvNxtAbs();
    long candidateEdge = rcvNxt + inbound.availableCapacity();
    long threshold = Math.min(capacity / 2, mss);
    if (candidateEdge - advertisedRightEdgeAbs >= threshold || advertisedRightEdgeAbs < rcvNxt) {
      advertisedRightEdgeAbs = Math.max(advertisedRightEdgeAbs, candidateEdge);
    }
    return Math.max(0, advertisedRightEdgeAbs - rcvNxt);
    // END LAB 3
  }

  /**
   * Whether the application's reads have opened the window enough that the peer should hear
   * about it now, in a segment of its own (a window update, RFC 9293 §3.8.6.2.2): when the right
   * edge can move (by the SWS step, min(capacity / 2, MSS)), the window the peer knows of has
   * fallen to half the buffer or less, and the new one is at least twice that — Linux's rule
   * ({@code tcp_cleanup_rbuf}). A peer that still knows of a window over half the buffer is not
   * held back by it: the next segment sent anyway (an ACK of its data, a reply) carries the new
   * window, and a pure ACK after every MSS the application reads would only cost both hosts a
   * packet (one in every 23 round trips of 64-byte messages each way, and an ACK per read in
   * bulk). A window that was closed or nearly so is always announced at once.
   */
  @Override
  public boolean windowUpdateWorthSending() {
    // BEGIN LAB 3: whether reads opened the window enough to tell the peer (or delete this method: the default always says yes)
    long rcvNxt = rcvNxtAbs();
    long candidateEdge = rcvNxt + inbound.availableCapacity();
    if (candidateEdge - advertisedRightEdgeAbs < Math.min(capacity / 2, mss)) {
      return false; // the SWS rule would not move the right edge yet
    }
    long known = Math.max(0, advertisedRightEdgeAbs - rcvNxt);
    return 2 * known <= capacity && candidateEdge - rcvNxt >= 2 * known;
    // END LAB 3
  }

  /**
   * SACK blocks for the out-of-order data held (RFC 2018 §4): the block holding the most recent
   * arrival first, then the others from the highest down.
   */
  private List<SackBlock> sackBlocks() {
    // BEGIN LAB 3: SACK blocks for held data, the most recent first (optional)
    List<IndexRange> ranges = reassembler.pendingRanges();
    if (ranges.isEmpty()) {
      return List.of();
    }
    List<SackBlock> blocks = new ArrayList<>(Math.min(MAX_SACK_BLOCKS, ranges.size()));
    IndexRange recent = null;
    if (lastArrivalIndex >= 0) {
      for (IndexRange r : ranges) {
        if (r.contains(lastArrivalIndex)) {
          recent = r;
          blocks.add(toBlock(r));
          break;
        }
      }
    }
    for (int i = ranges.size() - 1; i >= 0 && blocks.size() < MAX_SACK_BLOCKS; i--) {
      IndexRange range = ranges.get(i);
      if (range.equals(recent)) {
        continue;
      }
      blocks.add(toBlock(range));
    }
    return blocks;
    // END LAB 3
  }

  private SackBlock toBlock(IndexRange range) {
    return new SackBlock(
        SeqNum.wrap(range.firstIndex() + 1, irs).unsignedValue(),
        SeqNum.wrap(range.endIndex() + 1, irs).unsignedValue());
  }
}
