package org.minitransport.tck.verify.reassembler;

import java.util.Arrays;
import org.minitransport.tcp.component.ByteStreamWriter;
import org.minitransport.tcp.component.Reassembler;
import org.minitransport.tcp.component.ReassemblerFactory;
import org.minitransport.tcp.internal.SortedRunReassembler;

/**
 * Deliberately broken reassemblers, each the reference with one mistake a student makes, and the
 * suite subclass that runs against it (nested, so Surefire does not run them; {@code
 * ReassemblerVerificationCatchesBrokenReassemblersTest} does, through the launcher).
 */
final class BrokenReassemblers {

  private BrokenReassemblers() {}

  /** The reference underneath; a mistake changes what reaches it. */
  private abstract static class ForwardingReassembler implements Reassembler {
    final SortedRunReassembler inner;

    ForwardingReassembler(ByteStreamWriter output) {
      inner = new SortedRunReassembler(output);
    }

    @Override
    public long bytesPending() {
      return inner.bytesPending();
    }

    @Override
    public ByteStreamWriter writer() {
      return inner.writer();
    }
  }

  /**
   * Takes the last acceptable index to be exclusive of one byte too many: the byte at the window's
   * right edge (bytesPushed + availableCapacity − 1) is dropped.
   */
  static final ReassemblerFactory DROPS_THE_BYTE_AT_THE_WINDOW_EDGE =
      output -> new ForwardingReassembler(output) {
        @Override
        public void insert(long firstIndex, byte[] data, boolean isLastSubstring) {
          long lastAcceptable = output.bytesPushed() + output.availableCapacity() - 1;
          if (firstIndex + data.length > lastAcceptable) {
            int keep = (int) Math.max(0, lastAcceptable - firstIndex);
            inner.insert(firstIndex, Arrays.copyOf(data, keep), false);
            if (isLastSubstring) {
              inner.insert(firstIndex + data.length, new byte[0], true);
            }
            return;
          }
          inner.insert(firstIndex, data, isLastSubstring);
        }
      };

  /** Honours the end mark only on a substring that can be pushed at once; an early end is lost. */
  static final ReassemblerFactory FORGETS_AN_EARLY_END =
      output -> new ForwardingReassembler(output) {
        @Override
        public void insert(long firstIndex, byte[] data, boolean isLastSubstring) {
          inner.insert(firstIndex, data, isLastSubstring && firstIndex <= output.bytesPushed());
        }
      };

  /** Counts stored bytes once per arrival: a retransmitted out-of-order byte counts twice. */
  static final ReassemblerFactory COUNTS_DUPLICATES_TWICE =
      output -> new ForwardingReassembler(output) {
        private long extra;

        @Override
        public void insert(long firstIndex, byte[] data, boolean isLastSubstring) {
          long before = inner.bytesPending();
          long firstUnacceptable = output.bytesPushed() + output.availableCapacity();
          long inWindow = Math.max(0, Math.min(firstIndex + data.length, firstUnacceptable)
              - Math.max(firstIndex, output.bytesPushed()));
          inner.insert(firstIndex, data, isLastSubstring);
          long stored = inner.bytesPending() - before;
          extra = inner.bytesPending() == 0 ? 0 : extra + Math.max(0, inWindow - stored);
        }

        @Override
        public long bytesPending() {
          return inner.bytesPending() + extra;
        }
      };

  static final class DropsTheByteAtTheWindowEdge extends ReassemblerVerification {
    @Override
    protected ReassemblerFactory factory() {
      return DROPS_THE_BYTE_AT_THE_WINDOW_EDGE;
    }
  }

  static final class ForgetsAnEarlyEnd extends ReassemblerVerification {
    @Override
    protected ReassemblerFactory factory() {
      return FORGETS_AN_EARLY_END;
    }
  }

  static final class CountsDuplicatesTwice extends ReassemblerVerification {
    @Override
    protected ReassemblerFactory factory() {
      return COUNTS_DUPLICATES_TWICE;
    }
  }
}
