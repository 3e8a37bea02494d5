package org.minitransport.tcp.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.component.TcpReceiverFactory;
import org.minitransport.tcp.component.TcpReceiverMessage;
import org.minitransport.tcp.component.TcpSenderMessage;
import org.minitransport.tcp.wire.SackBlock;

/**
 * What the reference receiver does beyond the TcpReceiver contract: it offers the optional SACK
 * blocks (at most the four a segment carries), ignores an urgent pointer of 0 and reports no
 * D-SACK for text on the SYN's own sequence number. The contract itself, with the optional SACK,
 * D-SACK and urgent-data parts, is checked through the interface by transport-tck's {@code
 * TcpReceiverVerification} (rules RECV-nn), which {@code Rfc9293ReceiverVerificationTest} runs
 * against this class.
 */
class Rfc9293ReceiverTest {

  private static final SeqNum ISN = SeqNum.ofUnsigned(4_294_967_000L);

  private final ChunkedByteStream stream = new ChunkedByteStream(4000);
  private final Rfc9293Receiver receiver = new Rfc9293Receiver(
      new SortedRunReassembler(stream), new TcpReceiverFactory.Settings(4000, 1000, true));

  private void segment(long offset, boolean syn, String data) {
    receiver.receive(new TcpSenderMessage(ISN.plus(offset), syn, data.getBytes(US_ASCII), false));
  }

  private static String show(List<SackBlock> blocks) {
    StringBuilder out = new StringBuilder();
    for (SackBlock b : blocks) {
      out.append("[ISN+").append(SeqNum.ofUnsigned(b.left()).minus(ISN)).append(", ISN+")
          .append(SeqNum.ofUnsigned(b.right()).minus(ISN)).append(") ");
    }
    return out.toString().trim();
  }

  @Test
  void reportsHeldRunsAsSackBlocks() {
    segment(0, true, "");
    segment(11, false, "kl");
    TcpReceiverMessage m = receiver.send();
    assertEquals("[ISN+11, ISN+13)", show(m.sackBlocks()));
  }

  @Test
  void listsAtMostTheFourSackBlocksASegmentCarriesTheNewestFirstThenTheHighest() {
    segment(0, true, "");
    for (long offset : new long[] {11, 21, 31, 41, 51}) {
      segment(offset, false, "xy");
    }
    segment(31, false, "xyz");
    assertEquals("[ISN+31, ISN+34) [ISN+51, ISN+53) [ISN+41, ISN+43) [ISN+21, ISN+23)",
        show(receiver.send().sackBlocks()));
  }

  /**
   * Linux's rule ({@code tcp_cleanup_rbuf}), stricter than the contract's "the right edge can move"
   * (RECV-13/14 in transport-tck): a read sends a window update of its own only if the window the
   * peer knows of has fallen to half the buffer (2000 here) or less and the new one is at least
   * twice it.
   */
  @Test
  void asksForAWindowUpdateOnlyOnceThePeersWindowHasFallenToHalfTheBuffer() {
    segment(0, true, "");
    assertEquals(4000, receiver.send().windowBytes());
    segment(1, false, "a".repeat(1000));
    assertEquals(3000, receiver.send().windowBytes());
    assertEquals(1000, stream.read(new byte[1000], 0, 1000));
    assertFalse(receiver.windowUpdateWorthSending(),
        "the peer knows of 3000 of 4000 bytes, over half: the next ACK carries the rest");

    segment(1001, false, "b".repeat(2000));
    assertEquals(2000, receiver.send().windowBytes()); // the edge moved with the read: 1001 + 4000
    assertEquals(1000, stream.read(new byte[1000], 0, 1000));
    assertFalse(receiver.windowUpdateWorthSending(),
        "known 2000 (half) and 3000 free: less than twice 2000, not yet");
    assertEquals(999, stream.read(new byte[999], 0, 999));
    assertFalse(receiver.windowUpdateWorthSending(), "3999 free: still less than twice 2000");
    assertEquals(1, stream.read(new byte[1], 0, 1));
    assertTrue(receiver.windowUpdateWorthSending(), "4000 free: twice the 2000 the peer knows of");
    assertEquals(4000, receiver.send().windowBytes());
    assertFalse(receiver.windowUpdateWorthSending(), "announced: nothing more to say");
  }

  @Test
  void asksForAWindowUpdateAtOnceWhenAClosedWindowReopensByTheSwsStep() {
    segment(0, true, "");
    segment(1, false, "c".repeat(4000));
    assertEquals(0, receiver.send().windowBytes());
    assertEquals(999, stream.read(new byte[999], 0, 999));
    assertFalse(receiver.windowUpdateWorthSending(), "999 free: less than the SWS step (1000)");
    assertEquals(1, stream.read(new byte[1], 0, 1));
    assertTrue(receiver.windowUpdateWorthSending(), "the window was closed: announce it at once");
  }

  @Test
  void ignoresAnUrgentPointerOfZero() {
    segment(0, true, "abcdef");
    assertFalse(receiver.onUrgentPointer(ISN.plus(6), 0), "URG with pointer 0 marks no byte");
    assertEquals(0, receiver.urgentBytesPending());
    assertTrue(receiver.onUrgentPointer(ISN.plus(6), 1));
    assertEquals(6, receiver.urgentBytesPending());
  }

  @Test
  void reportsNoDsackForTextOnTheSynsOwnNumber() {
    segment(0, true, "abc");
    receiver.onDuplicate(ISN, 3);
    assertEquals(Optional.empty(), receiver.duplicateReport());
    receiver.onDuplicate(ISN.plus(1), 3);
    assertEquals("[ISN+1, ISN+4)", show(List.of(receiver.duplicateReport().orElseThrow())));
  }
}
