package org.minitransport.tcp.internal;

import org.minitransport.tcp.component.CongestionControl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.internal.RetransmissionUndo.Detection;

/**
 * Spurious-retransmission detection: timestamps (Eifel, RFC 3522 §3.2) and D-SACK (RFC 3708 §3).
 * Times in ms; the timestamp clock ticks in ms.
 */
class RetransmissionUndoTest {

  private static final long MS = 1_000_000L;
  private static final long CWND = 20_000;
  private static final long SSTHRESH = 30_000;

  private static RetransmissionUndo episodeWithOneRetransmissionAt(long ms) {
    RetransmissionUndo undo = new RetransmissionUndo();
    undo.begin(1_001, new CongestionControl.UndoPoint(CWND, SSTHRESH, null));
    undo.onRetransmission(1, ms * MS);
    return undo;
  }

  @Nested
  class Timestamps {

    @Test
    void anAckEchoingTheOriginalShowsTheRetransmissionSpurious() {
      RetransmissionUndo undo = episodeWithOneRetransmissionAt(500);
      assertEquals(Detection.TIMESTAMPS, undo.spurious(true, 480),
          "the ACK for the retransmitted segment echoes 480 ms < 500 ms: the original arrived");
      assertEquals(new CongestionControl.UndoPoint(CWND, SSTHRESH, null), undo.prior());
    }

    @Test
    void anAckEchoingTheRetransmissionShowsARealLoss() {
      RetransmissionUndo undo = episodeWithOneRetransmissionAt(500);
      assertEquals(Detection.NONE, undo.spurious(true, 500));
    }

    @Test
    void onlyTheFirstAckThatAdvancesSndUnaDecides() {
      RetransmissionUndo undo = episodeWithOneRetransmissionAt(500);
      assertEquals(Detection.NONE, undo.spurious(false, 480),
          "a duplicate ACK echoes an old timestamp whatever happened (TS.Recent is held)");
      assertEquals(Detection.NONE, undo.spurious(true, 510));
      assertEquals(Detection.NONE, undo.spurious(true, 480),
          "decided already: a later ACK for another hole cannot undo a real loss");
    }
  }

  @Nested
  class Dsack {

    @Test
    void everyRetransmissionReportedDuplicateShowsTheEpisodeSpurious() {
      RetransmissionUndo undo = episodeWithOneRetransmissionAt(500);
      undo.onRetransmission(1, 501 * MS);
      undo.onDsack(new ByteRange(1_001, 2_001), 1);
      assertEquals(Detection.NONE, undo.spurious(false, -1), "one of two reported");
      undo.onDsack(new ByteRange(2_001, 3_001), 1);
      assertEquals(Detection.DSACK, undo.spurious(false, -1));
    }

    @Test
    void dsacksStillCountAfterTheEpisodeEndedUntilTheNextBegins() {
      RetransmissionUndo undo = episodeWithOneRetransmissionAt(500);
      undo.episodeEnded();
      undo.onRetransmission(1, 600 * MS); // after the episode: a probe, not counted
      undo.onDsack(new ByteRange(1_001, 2_001), 1);
      assertEquals(Detection.DSACK, undo.spurious(false, -1));
    }

    @Test
    void aDsackBelowTheUndoMarkerConcernsAnEarlierEpisode() {
      RetransmissionUndo undo = episodeWithOneRetransmissionAt(500);
      undo.onDsack(new ByteRange(1, 1_001), 1);
      assertEquals(Detection.NONE, undo.spurious(false, -1));
    }
  }

  @Test
  void aTimeoutDuringARecoveryKeepsTheWindowOfBeforeTheRecovery() {
    RetransmissionUndo undo = episodeWithOneRetransmissionAt(500);
    undo.begin(1_001, new CongestionControl.UndoPoint(7_000, 14_000, null));
    assertEquals(CWND, undo.prior().cwndBytes(), "the episode that is running keeps its values");
    undo.undone();
    undo.begin(1_001, new CongestionControl.UndoPoint(7_000, 14_000, null));
    assertEquals(7_000, undo.prior().cwndBytes());
    assertTrue(undo.episodeRunning());
  }
}
