package org.minitransport.tcp.internal;

import org.minitransport.tcp.component.CongestionControl;

/**
 * Detects that a recovery episode (fast recovery or a retransmission timeout) was spurious — the
 * segments were delayed or reordered, not lost — so that the sender can undo its window reduction
 * (the response of RFC 4015: restore cwnd and ssthresh). Two detectors, as in Linux:
 *
 * <ul>
 *   <li><b>Timestamps</b> (Eifel detection, RFC 3522 §3.2): the first ACK that acknowledges the
 *       first retransmitted segment echoes the timestamp of the segment that arrived; one older
 *       than the retransmission means the original arrived, so the retransmission was needless.
 *   <li><b>D-SACK</b> (RFC 3708 §3): every retransmission of the episode came back reported as a
 *       duplicate: the originals all arrived. D-SACKs often arrive after the episode ended; they
 *       still count until the next episode begins.
 * </ul>
 *
 * <p>The episode's state is Linux's {@code undo_marker}, {@code undo_retrans}, {@code
 * retrans_stamp}, {@code prior_cwnd} and {@code prior_ssthresh}, the last two with the window
 * growth's own state in one {@link CongestionControl.UndoPoint}. Not thread-safe.
 */
public final class RetransmissionUndo {

  /** What showed an episode spurious. */
  public enum Detection {
    /** Nothing (yet). */
    NONE,
    /** Timestamps: the ACK for the retransmitted segment echoed the original (RFC 3522). */
    TIMESTAMPS,
    /** D-SACKs reported every retransmission as a duplicate (RFC 3708). */
    DSACK
  }

  private static final long NONE = -1;

  private boolean armed;
  private boolean episodeRunning;
  private long undoMarkerAbs;
  private CongestionControl.UndoPoint prior;
  private int retransmissionsNotReportedDuplicate;
  private long firstRetransmissionMs = NONE;
  private boolean timestampsDecided;

  /**
   * An episode begins (entering fast recovery, or the first RTO outside one): remembers the window
   * to restore. An episode already running (an RTO during fast recovery) keeps what it had.
   *
   * @param sndUnaAbs SND.UNA (undo_marker: D-SACKs above it concern this episode)
   * @param prior the congestion controller's state to give back if the episode was spurious
   */
  public void begin(long sndUnaAbs, CongestionControl.UndoPoint prior) {
    if (episodeRunning) {
      return;
    }
    armed = true;
    episodeRunning = true;
    undoMarkerAbs = sndUnaAbs;
    this.prior = prior;
    retransmissionsNotReportedDuplicate = 0;
    firstRetransmissionMs = NONE;
    timestampsDecided = false;
  }

  /** The episode's recovery ended; D-SACKs may still undo it until the next one begins. */
  public void episodeEnded() {
    episodeRunning = false;
  }

  /** A segment was retransmitted; only those of a running episode count. */
  public void onRetransmission(long segments, long nowNs) {
    if (!episodeRunning) {
      return;
    }
    retransmissionsNotReportedDuplicate += (int) Math.max(segments, 1);
    if (firstRetransmissionMs == NONE) {
      firstRetransmissionMs = nowNs / 1_000_000L;
    }
  }

  /**
   * A D-SACK arrived (RFC 3708 §3): if it lies above the undo marker, it reports the retransmission
   * of {@code segments} segments as needless.
   */
  public void onDsack(ByteRange dsack, long segments) {
    if (armed && dsack.endIndex() > undoMarkerAbs && retransmissionsNotReportedDuplicate > 0) {
      retransmissionsNotReportedDuplicate -= (int) Math.min(Math.max(segments, 1),
          retransmissionsNotReportedDuplicate);
    }
  }

  /**
   * Whether the episode now shows itself spurious.
   *
   * @param ackAdvancedUna the ACK moved SND.UNA forward (only such an ACK can acknowledge the
   *     first retransmitted segment)
   * @param echoedTimestampMs the ACK's TSecr on our millisecond clock, or -1
   */
  public Detection spurious(boolean ackAdvancedUna, long echoedTimestampMs) {
    if (!armed || firstRetransmissionMs == NONE) {
      return Detection.NONE;
    }
    if (retransmissionsNotReportedDuplicate == 0) {
      return Detection.DSACK;
    }
    if (episodeRunning && ackAdvancedUna && !timestampsDecided && echoedTimestampMs >= 0) {
      timestampsDecided = true; // RFC 3522: only the first ACK for the retransmission decides
      if (echoedTimestampMs < firstRetransmissionMs) {
        return Detection.TIMESTAMPS;
      }
    }
    return Detection.NONE;
  }

  /** The window was restored: this episode can be undone only once. */
  public void undone() {
    armed = false;
    episodeRunning = false;
  }

  public boolean episodeRunning() {
    return episodeRunning;
  }

  /** What to give back to the congestion controller if the episode proves spurious. */
  public CongestionControl.UndoPoint prior() {
    return prior;
  }

  @Override
  public String toString() {
    return "Undo[" + (armed ? "armed" : "off") + (episodeRunning ? " running" : "")
        + " marker=" + undoMarkerAbs + " notDsacked=" + retransmissionsNotReportedDuplicate
        + " firstRexmitMs=" + firstRetransmissionMs + "]";
  }
}
