package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.minitransport.tcp.component.CongestionControl;

/**
 * Undo's edges (RFC 3522 Eifel detection, RFC 3708 D-SACK detection), beside {@link
 * RetransmissionUndoTest}: the episode's life, the undo marker (SND.UNA when it began, 1001), and
 * a timestamp echo of 0.
 */
class RetransmissionUndoRulesTest {

  private static final long MS = 1_000_000L;
  private static final CongestionControl.UndoPoint PRIOR =
      new CongestionControl.UndoPoint(20_000, 30_000, null);

  @Test
  void anEpisodeRunsFromItsBeginToItsEnd() {
    RetransmissionUndo undo = new RetransmissionUndo();
    assertFalse(undo.episodeRunning());
    undo.begin(1_001, PRIOR);
    assertTrue(undo.episodeRunning());
    undo.episodeEnded();
    assertFalse(undo.episodeRunning());
  }

  @Test
  void nothingIsSpuriousBeforeTheFirstRetransmission() {
    RetransmissionUndo undo = new RetransmissionUndo();
    undo.begin(1_001, PRIOR);
    assertEquals(RetransmissionUndo.Detection.NONE, undo.spurious(true, 0));
  }

  @Test
  void aDsackEndingAtTheUndoMarkerConcernsAnEarlierEpisode() {
    // RFC 3708 §3: only D-SACKs for data at or above the marker count.
    RetransmissionUndo undo = new RetransmissionUndo();
    undo.begin(1_001, PRIOR);
    undo.onRetransmission(1, 5 * MS);
    undo.onDsack(new ByteRange(1, 1_001), 1);
    assertEquals(RetransmissionUndo.Detection.NONE, undo.spurious(false, -1));
    undo.onDsack(new ByteRange(1, 1_002), 1);
    assertEquals(RetransmissionUndo.Detection.DSACK, undo.spurious(false, -1));
  }

  @Test
  void anEchoOfZeroBeforeTheRetransmissionShowsItSpurious() {
    RetransmissionUndo undo = new RetransmissionUndo();
    undo.begin(1_001, PRIOR);
    undo.onRetransmission(1, 5 * MS);
    assertEquals(RetransmissionUndo.Detection.TIMESTAMPS, undo.spurious(true, 0));
  }
}
