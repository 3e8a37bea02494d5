package org.minitransport.tcp.component;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.wire.SackBlock;

/**
 * What a {@link TcpReceiver} says back, and what a {@link TcpSender} receives: the acknowledgment
 * and window fields of a segment (RFC 9293 §3.1, §3.8.6), as CS144 Minnow's {@code
 * TCPReceiverMessage}.
 *
 * @param ackno RCV.NXT, the next sequence number the receiver expects; empty until it has
 *     received the peer's SYN (then the segment carries no ACK)
 * @param windowBytes RCV.WND in bytes, unscaled and not capped: the connection applies window
 *     scaling (RFC 7323 §2.3) and the 16-bit field limit
 * @param rst whether the receiver's stream has an error (the connection handles resets itself)
 * @param sackBlocks optional extension (RFC 2018 §4): blocks of out-of-order data held, the
 *     block holding the most recent arrival first; the connection sends as many as fit. Never
 *     null; empty means no SACK option
 */
public record TcpReceiverMessage(Optional<SeqNum> ackno, long windowBytes, boolean rst,
    List<SackBlock> sackBlocks) {

  /**
   * @throws NullPointerException if {@code ackno} or {@code sackBlocks} is null
   * @throws IllegalArgumentException if {@code windowBytes} is negative
   */
  public TcpReceiverMessage {
    Objects.requireNonNull(ackno, "ackno");
    sackBlocks = List.copyOf(sackBlocks);
    if (windowBytes < 0) {
      throw new IllegalArgumentException("window " + windowBytes + " must not be negative");
    }
  }

  /** A message without SACK blocks (Minnow's shape). */
  public TcpReceiverMessage(Optional<SeqNum> ackno, long windowBytes, boolean rst) {
    this(ackno, windowBytes, rst, List.of());
  }
}
