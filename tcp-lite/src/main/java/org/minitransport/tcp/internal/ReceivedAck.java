package org.minitransport.tcp.internal;

import java.util.List;
import java.util.Objects;
import org.minitransport.tcp.wire.SackBlock;

/**
 * The ACK-related part of one acceptable arriving segment, as the connection hands it to its
 * {@link Rfc9293Sender} (RFC 9293 §3.10.7.4, fifth check). Absolute numbers are the sender's.
 *
 * @param ackAbs SEG.ACK, absolute in ours
 * @param windowBytes the advertised window, already scaled (RFC 7323 §2.3)
 * @param carriesSequenceSpace whether the segment carries data or a FIN (then it is no duplicate
 *     ACK, RFC 5681 §2)
 * @param rttSampleNs an RTT sample from the timestamps option (RFC 7323 §4.1), or -1
 * @param echoedTimestampMs the TSecr on our own millisecond timestamp clock, unwrapped, or -1
 *     without timestamps: when we sent the segment this ACK answers (RFC 3522, RFC 8985 §6.2)
 * @param sackBlocks the SACK blocks as they came off the wire (RFC 2018), unchecked; empty if
 *     none or if SACK was not negotiated
 */
public record ReceivedAck(long ackAbs, long windowBytes,
    boolean carriesSequenceSpace, long rttSampleNs, long echoedTimestampMs,
    List<SackBlock> sackBlocks) {

  public ReceivedAck {
    Objects.requireNonNull(sackBlocks, "sackBlocks");
  }
}
