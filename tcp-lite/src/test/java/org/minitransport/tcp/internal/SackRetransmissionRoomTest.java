package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.LossRecoveryConfig;
import org.minitransport.tcp.RtoSettings;
import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.component.AckDetails;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.TcpReceiverMessage;
import org.minitransport.tcp.component.TcpSender;
import org.minitransport.tcp.component.TcpSenderFactory;
import org.minitransport.tcp.component.TcpSenderMessage;

/**
 * RFC 6675 §5 (C): with SACK, the reference sender retransmits what is deemed lost only while
 * cwnd − pipe is at least one SMSS — a piece left over from a segment split for SACK option bytes
 * (RFC 6691) waits like any other segment, as in Linux, whose {@code tcp_xmit_retransmit_queue}
 * counts packets (an RTO's loss window of one segment lets one packet go). MSS 1000 bytes, NewReno
 * (cwnd one SMSS after a timeout, RFC 5681 §3.1); sequence numbers relative to the ISN.
 */
class SackRetransmissionRoomTest {

  private static final long MS = 1_000_000L;
  private static final int MSS = 1000;
  private static final SeqNum ISN = SeqNum.ofUnsigned(7_000);
  private static final RtoSettings RTO = new RtoSettings(1_000 * MS, 200 * MS, 60_000 * MS, MS);

  private final List<TcpSenderMessage> sent = new ArrayList<>();
  private int extraOptionBytes;
  private final TcpSender.Transmit transmit = new TcpSender.Transmit() {
    @Override
    public void transmit(TcpSenderMessage message) {
      sent.add(message);
    }

    @Override
    public int extraOptionBytes() {
      return extraOptionBytes;
    }
  };

  private Rfc9293Sender sackSender(ByteStream outbound) {
    LossRecoveryConfig recovery = LossRecoveryConfig.linuxDefaults();
    Rfc9293Sender sender = new Rfc9293Sender(outbound, new TcpSenderFactory.Settings(ISN, MSS,
        true, new Rfc6298RttEstimator(RTO), TcpConfig.builder()
            .congestionControl(TcpConfig.CongestionAlgorithm.NEW_RENO).lossRecovery(recovery)
            .build().components().congestionControl(), recovery));
    sender.push(0, transmit);
    sender.onNegotiated(MSS, true);
    sender.receive(100 * MS, new TcpReceiverMessage(Optional.of(ISN.plus(1)), 64_000, false),
        new AckDetails(Optional.of(SeqNum.ofUnsigned(1)), true, -1, -1), transmit);
    sent.clear();
    return sender;
  }

  private String drain() {
    String text = sent.isEmpty() ? "nothing" : sent.stream()
        .map(m -> "seq=" + Integer.toUnsignedLong(m.seqno().minus(ISN)) + " len="
            + m.payload().length)
        .collect(Collectors.joining(", "));
    sent.clear();
    return text;
  }

  @Test
  void afterATimeoutTheLeftoverOfASplitSegmentWaitsForAWholeSmssOfRoom() {
    ByteStream outbound = ComponentFactories.reference().byteStream().create(64_000);
    Rfc9293Sender sender = sackSender(outbound);
    outbound.writer().push(new byte[3000], 0, 3000);
    sender.push(100 * MS, transmit);
    assertEquals("seq=1 len=1000, seq=1001 len=1000, seq=2001 len=1000", drain());
    extraOptionBytes = 12;
    long nowNs = 100 * MS;
    while (sender.lossRecoveryCounters().timeouts() == 0) {
      sent.clear();
      nowNs = Math.max(nowNs, sender.nextDeadlineNs());
      sender.tick(nowNs, transmit);
    }
    assertEquals("seq=1 len=988", drain(),
        "cwnd one SMSS, pipe 988: 12 bytes of room is less than an SMSS");
  }

  @Test
  void exactlyOneSmssOfRoomIsEnough() {
    ByteStream outbound = ComponentFactories.reference().byteStream().create(64_000);
    Rfc9293Sender sender = sackSender(outbound);
    outbound.writer().push(new byte[3000], 0, 3000);
    sender.push(100 * MS, transmit);
    drain();
    long nowNs = 100 * MS;
    while (sender.lossRecoveryCounters().timeouts() == 0) {
      sent.clear();
      nowNs = Math.max(nowNs, sender.nextDeadlineNs());
      sender.tick(nowNs, transmit);
    }
    assertEquals("seq=1 len=1000", drain(), "cwnd one SMSS after the timeout");
    sender.receive(nowNs + 10 * MS, new TcpReceiverMessage(Optional.of(ISN.plus(1001)), 64_000,
        false), new AckDetails(Optional.of(SeqNum.ofUnsigned(2)), false, -1, -1), transmit);
    sender.push(nowNs + 10 * MS, transmit); // the connection pushes after each segment
    assertEquals("seq=1001 len=1000, seq=2001 len=1000", drain(),
        "slow start: cwnd 2 SMSS, pipe 0 and then 1 SMSS: room for both");
  }
}
