package org.minitransport.tcp.component;

import java.util.Optional;
import org.minitransport.tcp.SeqNum;

/**
 * A deliberately plain {@link TcpReceiver}, written against the interface only, as in Minnow's
 * lab: remember the ISN, unwrap, insert; acknowledge RCV.NXT and offer the free space. No SACK,
 * D-SACK, urgent data or silly-window avoidance (every default kept).
 */
public final class MinimalTcpReceiver implements TcpReceiver {

  private final Reassembler reassembler;
  private SeqNum isn;

  public MinimalTcpReceiver(Reassembler reassembler) {
    this.reassembler = reassembler;
  }

  @Override
  public void receive(TcpSenderMessage message) {
    if (message.syn() && isn == null) {
      isn = message.seqno();
    }
    if (isn == null) {
      return;
    }
    long checkpoint = reassembler.writer().bytesPushed() + 1;
    long absolute = message.seqno().unwrap(isn, checkpoint);
    long streamIndex = absolute + (message.syn() ? 1 : 0) - 1;
    if (streamIndex < 0) {
      return; // a segment claiming the SYN's own sequence number without SYN
    }
    reassembler.insert(streamIndex, message.payload(), message.fin());
  }

  @Override
  public TcpReceiverMessage send() {
    ByteStreamWriter writer = reassembler.writer();
    Optional<SeqNum> ackno = isn == null ? Optional.empty()
        : Optional.of(SeqNum.wrap(1 + writer.bytesPushed() + (writer.isClosed() ? 1 : 0), isn));
    return new TcpReceiverMessage(ackno, writer.availableCapacity(), writer.hasError());
  }
}
