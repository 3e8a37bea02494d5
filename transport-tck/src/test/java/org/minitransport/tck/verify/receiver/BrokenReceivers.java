package org.minitransport.tck.verify.receiver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.component.Reassembler;
import org.minitransport.tcp.component.TcpReceiver;
import org.minitransport.tcp.component.TcpReceiverFactory;
import org.minitransport.tcp.component.TcpReceiverMessage;
import org.minitransport.tcp.component.TcpSenderMessage;
import org.minitransport.tcp.internal.Rfc9293Receiver;
import org.minitransport.tcp.wire.SackBlock;

/**
 * Deliberately broken receivers, each the reference with one mistake a student makes, and the
 * suite subclass that runs against it (nested, so Surefire does not run them; {@code
 * TcpReceiverVerificationCatchesBrokenReceiversTest} does, through the launcher).
 */
final class BrokenReceivers {

  private BrokenReceivers() {}

  /** The reference underneath; a mistake changes what {@code send()} reports. */
  private static class ForwardingReceiver implements TcpReceiver {
    final Reassembler reassembler;
    final Rfc9293Receiver inner;

    ForwardingReceiver(Reassembler reassembler, TcpReceiverFactory.Settings settings) {
      this.reassembler = reassembler;
      this.inner = new Rfc9293Receiver(reassembler, settings);
    }

    @Override
    public void receive(TcpSenderMessage message) {
      inner.receive(message);
    }

    @Override
    public TcpReceiverMessage send() {
      return inner.send();
    }

    @Override
    public boolean windowUpdateWorthSending() {
      return inner.windowUpdateWorthSending();
    }

    static TcpReceiverMessage withWindow(TcpReceiverMessage m, long window) {
      return new TcpReceiverMessage(m.ackno(), Math.max(0, window), m.rst(), m.sackBlocks());
    }
  }

  /** No silly-window avoidance: every send() offers all the free room, however little. */
  static final TcpReceiverFactory NO_SILLY_WINDOW_AVOIDANCE =
      (reassembler, settings) -> new ForwardingReceiver(reassembler, settings) {
        @Override
        public TcpReceiverMessage send() {
          return withWindow(inner.send(), reassembler.writer().availableCapacity());
        }
      };

  /** Counts the FIN in the ackno as soon as it arrives, even after a gap. */
  static final TcpReceiverFactory ACKNOWLEDGES_AN_EARLY_FIN =
      (reassembler, settings) -> new ForwardingReceiver(reassembler, settings) {
        private boolean synSeen;
        private boolean sawFin;

        @Override
        public void receive(TcpSenderMessage message) {
          synSeen |= message.syn();
          sawFin |= message.fin() && synSeen;
          inner.receive(message);
        }

        @Override
        public TcpReceiverMessage send() {
          TcpReceiverMessage m = inner.send();
          if (!sawFin || reassembler.writer().isClosed() || m.ackno().isEmpty()) {
            return m;
          }
          return new TcpReceiverMessage(Optional.of(m.ackno().get().plus(1)), m.windowBytes(),
              m.rst(), m.sackBlocks());
        }
      };

  /** Subtracts the out-of-order bytes held from the window, so the right edge moves left. */
  static final TcpReceiverFactory SHRINKS_THE_WINDOW_FOR_HELD_BYTES =
      (reassembler, settings) -> new ForwardingReceiver(reassembler, settings) {
        @Override
        public TcpReceiverMessage send() {
          TcpReceiverMessage m = inner.send();
          return withWindow(m, m.windowBytes() - reassembler.bytesPending());
        }
      };

  /** Holds the window back for SWS avoidance but keeps the default "always worth sending". */
  static final TcpReceiverFactory EMPTY_WINDOW_UPDATES =
      (reassembler, settings) -> new ForwardingReceiver(reassembler, settings) {
        @Override
        public boolean windowUpdateWorthSending() {
          return true;
        }
      };

  /**
   * Lags one call behind when the right edge moves: the first send() after it moved repeats the
   * old edge and only the second offers the new one (a receiver that updates its edge in send()
   * after building the message, while the connection may call send() twice for one segment).
   */
  static final TcpReceiverFactory LAGS_A_CALL_BEHIND =
      (reassembler, settings) -> new ForwardingReceiver(reassembler, settings) {
        private TcpReceiverMessage last;
        private boolean lagged;

        @Override
        public TcpReceiverMessage send() {
          TcpReceiverMessage m = inner.send();
          if (last == null || last.ackno().isEmpty() || m.ackno().isEmpty()) {
            last = m;
            return m;
          }
          SeqNum lastEdge = last.ackno().get().plus(last.windowBytes());
          SeqNum edge = m.ackno().get().plus(m.windowBytes());
          if (!edge.equals(lastEdge) && !lagged) {
            lagged = true;
            return withWindow(m, lastEdge.minus(m.ackno().get()));
          }
          lagged = false;
          last = m;
          return m;
        }
      };

  /** Lists the SACK blocks in ascending order, so the first is not the newest arrival's. */
  static final TcpReceiverFactory OLDEST_SACK_BLOCK_FIRST =
      (reassembler, settings) -> new ForwardingReceiver(reassembler, settings) {
        @Override
        public TcpReceiverMessage send() {
          TcpReceiverMessage m = inner.send();
          List<SackBlock> ascending = new ArrayList<>(m.sackBlocks());
          ascending.sort(Comparator.comparingLong(
              b -> SeqNum.ofUnsigned(b.left()).minus(m.ackno().orElseThrow())));
          return new TcpReceiverMessage(m.ackno(), m.windowBytes(), m.rst(), ascending);
        }
      };

  /**
   * Offers D-SACK but ignores {@code duplicateReported()}, so one duplicate is reported in every
   * ACK after it (RFC 2883 §4 reports each duplicate once).
   */
  static final TcpReceiverFactory REPORTS_A_DUPLICATE_FOREVER =
      (reassembler, settings) -> new ForwardingReceiver(reassembler, settings) {
        @Override
        public void onDuplicate(SeqNum seqno, int length) {
          inner.onDuplicate(seqno, length);
        }

        @Override
        public Optional<SackBlock> duplicateReport() {
          return inner.duplicateReport();
        }
      };

  /**
   * Reads the urgent pointer as RFC 1122 §4.2.2.4 worded it, naming the last urgent byte instead
   * of the one after it (RFC 6093 §4 went back to RFC 793's reading, what BSD and Linux do), so it
   * counts one urgent byte too many.
   */
  static final TcpReceiverFactory URGENT_POINTER_AT_THE_LAST_URGENT_BYTE =
      (reassembler, settings) -> new ForwardingReceiver(reassembler, settings) {
        @Override
        public boolean onUrgentPointer(SeqNum segmentSeqno, int urgentPointer) {
          return inner.onUrgentPointer(segmentSeqno, urgentPointer + 1);
        }

        @Override
        public long urgentBytesPending() {
          return inner.urgentBytesPending();
        }
      };

  static final class ReportsADuplicateForever extends TcpReceiverVerification {
    @Override
    protected TcpReceiverFactory factory() {
      return REPORTS_A_DUPLICATE_FOREVER;
    }
  }

  static final class UrgentPointerAtTheLastUrgentByte extends TcpReceiverVerification {
    @Override
    protected TcpReceiverFactory factory() {
      return URGENT_POINTER_AT_THE_LAST_URGENT_BYTE;
    }
  }

  static final class NoSillyWindowAvoidance extends TcpReceiverVerification {
    @Override
    protected TcpReceiverFactory factory() {
      return NO_SILLY_WINDOW_AVOIDANCE;
    }
  }

  static final class AcknowledgesAnEarlyFin extends TcpReceiverVerification {
    @Override
    protected TcpReceiverFactory factory() {
      return ACKNOWLEDGES_AN_EARLY_FIN;
    }
  }

  static final class ShrinksTheWindowForHeldBytes extends TcpReceiverVerification {
    @Override
    protected TcpReceiverFactory factory() {
      return SHRINKS_THE_WINDOW_FOR_HELD_BYTES;
    }
  }

  static final class EmptyWindowUpdates extends TcpReceiverVerification {
    @Override
    protected TcpReceiverFactory factory() {
      return EMPTY_WINDOW_UPDATES;
    }
  }

  static final class LagsACallBehind extends TcpReceiverVerification {
    @Override
    protected TcpReceiverFactory factory() {
      return LAGS_A_CALL_BEHIND;
    }
  }

  static final class OldestSackBlockFirst extends TcpReceiverVerification {
    @Override
    protected TcpReceiverFactory factory() {
      return OLDEST_SACK_BLOCK_FIRST;
    }
  }
}
