package org.minitransport.tcp.component;

import java.util.Arrays;
import java.util.Objects;
import org.minitransport.tcp.SeqNum;

/**
 * What a {@link TcpSender} asks to send, and what a {@link TcpReceiver} receives: the sequence
 * space part of a segment (RFC 9293 §3.1, §3.4), as CS144 Minnow's {@code TCPSenderMessage}. The
 * connection adds ports, the acknowledgment, the window and options.
 *
 * <p>The segment occupies {@link #sequenceLength()} sequence numbers starting at {@code seqno}:
 * the SYN (if set) first, then the payload, then the FIN (if set).
 *
 * @param seqno the sequence number of the first thing in the segment (the SYN if set, else the
 *     first payload byte, else the FIN; for an empty segment, the next sequence number)
 * @param syn whether the segment carries a SYN
 * @param payload the data; never null, may be empty. Not copied: do not change it afterwards
 * @param fin whether the segment carries a FIN
 * @param rst whether the segment carries a RST (the connection handles resets itself; a
 *     component never receives one and sets it only through its stream's error)
 * @param urgentPointer optional extension (RFC 9293 §3.8.5, RFC 6093): the number of bytes from
 *     {@code seqno} to just past the last urgent byte, or 0 for no urgent data
 */
public record TcpSenderMessage(SeqNum seqno, boolean syn, byte[] payload, boolean fin,
    boolean rst, int urgentPointer) {

  private static final byte[] EMPTY = new byte[0];

  /**
   * @throws NullPointerException if {@code seqno} or {@code payload} is null
   * @throws IllegalArgumentException if {@code urgentPointer} is outside [0, 65535]
   */
  public TcpSenderMessage {
    Objects.requireNonNull(seqno, "seqno");
    Objects.requireNonNull(payload, "payload");
    if (urgentPointer < 0 || urgentPointer > 0xFFFF) {
      throw new IllegalArgumentException("urgent pointer " + urgentPointer
          + " must lie in [0, 65535]");
    }
  }

  /** A message without RST or urgent data (Minnow's shape). */
  public TcpSenderMessage(SeqNum seqno, boolean syn, byte[] payload, boolean fin) {
    this(seqno, syn, payload, fin, false, 0);
  }

  /** An empty message at {@code seqno}: no SYN, no data, no FIN (a pure ACK or a probe). */
  public static TcpSenderMessage empty(SeqNum seqno) {
    return new TcpSenderMessage(seqno, false, EMPTY, false);
  }

  /** SYN + payload length + FIN: how many sequence numbers the segment occupies. */
  public long sequenceLength() {
    return (syn ? 1 : 0) + payload.length + (fin ? 1 : 0);
  }

  /** This message with another urgent pointer. */
  public TcpSenderMessage withUrgentPointer(int pointer) {
    return new TcpSenderMessage(seqno, syn, payload, fin, rst, pointer);
  }

  /** Compares the payload by content, unlike the record default. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TcpSenderMessage m && seqno.equals(m.seqno) && syn == m.syn
        && fin == m.fin && rst == m.rst && urgentPointer == m.urgentPointer
        && Arrays.equals(payload, m.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(seqno, syn, fin, rst, urgentPointer) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "TcpSenderMessage[seqno=" + seqno + (syn ? " SYN" : "") + " payload="
        + payload.length + "B" + (fin ? " FIN" : "") + (rst ? " RST" : "")
        + (urgentPointer > 0 ? " URG+" + urgentPointer : "") + "]";
  }
}
