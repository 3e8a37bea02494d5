package org.minitransport.tcp.component;

import java.util.Optional;
import org.minitransport.tcp.SeqNum;

/**
 * Optional facts about the segment that carried a {@link TcpReceiverMessage}, for a {@link
 * TcpSender} that wants more than Minnow's sender needs.
 *
 * @param segmentSeqno the segment's own sequence number, for the window-update rule (RFC 9293
 *     §3.10.7.4: SND.WL1/SND.WL2); empty if not known (then every ACK updates the window)
 * @param carriesSequenceSpace whether the segment carried data, SYN or FIN (RFC 5681 §2: such a
 *     segment is never a duplicate ACK)
 * @param rttSampleNs an RTT sample from the timestamps option (RFC 7323 §4.1), or -1 if none
 * @param echoedTimestampMs the segment's TSecr (RFC 7323 §3.2), or -1 if none
 */
public record AckDetails(Optional<SeqNum> segmentSeqno, boolean carriesSequenceSpace,
    long rttSampleNs, long echoedTimestampMs) {

  /** Nothing known beyond the message itself. */
  public static AckDetails none() {
    return new AckDetails(Optional.empty(), false, -1, -1);
  }
}
