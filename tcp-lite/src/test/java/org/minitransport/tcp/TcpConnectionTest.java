package org.minitransport.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.tcp.ConnectionFixture.ACK;
import static org.minitransport.tcp.ConnectionFixture.FIN;
import static org.minitransport.tcp.ConnectionFixture.INITIAL_RTO_NS;
import static org.minitransport.tcp.ConnectionFixture.LOCAL_MSS;
import static org.minitransport.tcp.ConnectionFixture.PEER_MSS;
import static org.minitransport.tcp.ConnectionFixture.PEER_WINDOW;
import static org.minitransport.tcp.ConnectionFixture.PSH;
import static org.minitransport.tcp.ConnectionFixture.RST;
import static org.minitransport.tcp.ConnectionFixture.SYN;
import static org.minitransport.tcp.ConnectionFixture.bytes;
import static org.minitransport.tcp.ConnectionFixture.remoteSeq;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.TcpConnection.Event;
import org.minitransport.tcp.TcpConnection.Failure;
import org.minitransport.tcp.wire.SackBlock;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * Per-state scenarios for {@link TcpConnection} (RFC 9293 §3.10), one {@code @Nested} class per
 * state. The test plays the peer with hand-built segments (see {@link ConnectionFixture} for the
 * sequence-number constants); a few scenarios that need two real engines (simultaneous open and
 * close, abort seen from the other side) use a {@link ConnectionPair}. LISTEN belongs to the
 * endpoint and is tested in {@link TcpEndpointTest}.
 */
class TcpConnectionTest {

  /** The RTO once the handshake has measured a 10 ms RTT: the configured 200 ms minimum. */
  static final long MIN_RTO_NS = 200_000_000L;
  static final long MS = 1_000_000L;

  private final ConnectionFixture fx = ConnectionFixture.plain();

  private static ConnectionFixture withConfig(TcpConfig.Builder config) {
    return new ConnectionFixture(config.build());
  }

  /** A handshake in which the SYN-ACK arrives 10 ms after the SYN, so RTO settles at 200 ms. */
  private static ConnectionFixture establishedAfterRtt(ConnectionFixture f, TcpOptions synAck,
      int window) {
    f.synSent();
    f.advanceBy(10 * MS);
    f.peer(SYN | ACK, 0, 1).options(synAck).window(window).arrive();
    f.expectSent(ACK, 1, 1);
    assertEquals(List.of(Event.CONNECTED), f.events());
    return f;
  }

  private static ConnectionFixture establishedAfterRtt(ConnectionFixture f) {
    return establishedAfterRtt(f, TcpOptions.NONE.withMss(PEER_MSS), PEER_WINDOW);
  }

  private static void assertFailedBothWays(TcpConnection c, Failure expected) {
    assertEquals(TcpState.CLOSED, c.state());
    assertEquals(Optional.of(expected), c.failure(), "the reader and writer see the failure");
    assertEquals(0, c.sendCapacity());
    assertThrows(IllegalStateException.class, () -> c.write(Long.MAX_VALUE / 2, new byte[1], 0, 1),
        "writing to a failed connection");
  }

  // ================================================================== SYN-SENT

  @Nested
  class SynSent {

    @Test
    void sendsSynWithOurMssAndNothingElse() {
      ConnectionFixture f = new ConnectionFixture(ConnectionFixture.plainConfig().build());
      f.connection = TcpConnection.connect(f.config, ConnectionFixture.PAIR,
          ConnectionFixture.LINK_MTU, ConnectionFixture.LOCAL_ISS, 0);
      TcpSegment syn = f.expectSent(SYN, 0, 0);
      assertEquals(TcpOptions.NONE.withMss(LOCAL_MSS), syn.header().options());
      assertEquals(0, syn.header().acknowledgmentNumber());
      assertEquals(INITIAL_RTO_NS, f.connection.pollTimeoutNs());
    }

    @Test
    void completesTheActiveHandshakeOnSynAck() {
      fx.established();
      assertEquals(PEER_MSS, fx.connection.sendMss());
      assertEquals(1, fx.connection.sndUnaAbs());
    }

    @Test
    void retransmitsSynAfterInitialRto() {
      fx.synSent();
      assertEquals(INITIAL_RTO_NS, fx.connection.pollTimeoutNs());
      fx.advanceTo(INITIAL_RTO_NS - 1);
      fx.connection.handleTimeout(fx.nowNs);
      fx.expectNothingSent();
      fx.fireNextTimeout();
      fx.expectSent(SYN, 0, 0);
      fx.expectNothingSent();
      assertEquals(1, fx.connection.retransmittedSegments());
    }

    @Test
    void doublesTheRtoWithEachSynRetransmission() {
      fx.synSent();
      long previous = 0;
      long interval = INITIAL_RTO_NS;
      for (int i = 0; i < 4; i++) {
        long deadline = fx.fireNextTimeout();
        assertEquals(previous + interval, deadline, "retransmission " + (i + 1));
        fx.expectSent(SYN, 0, 0);
        previous = deadline;
        interval *= 2;
      }
    }

    @Test
    void startsDataWithAThreeSecondRtoAfterASynTimeout() {
      fx.synSent();
      fx.fireNextTimeout();
      fx.expectSent(SYN, 0, 0);
      fx.advanceBy(100 * MS);
      fx.peer(SYN | ACK, 0, 1).options(TcpOptions.NONE.withMss(PEER_MSS)).arrive();
      assertEquals(3_000 * MS, fx.connection.retransmissionTimeoutNs(),
          "RFC 6298 §5.7: no RTT sample (Karn), so RTO restarts at 3 s");
    }

    @Test
    void givesUpAfterSynR2WhichIsSeparateFromDataR2() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().synRetries(2).retries(1, 9));
      f.synSent();
      f.fireNextTimeout();
      f.expectSent(SYN, 0, 0);
      f.fireNextTimeout();
      f.expectSent(SYN, 0, 0);
      f.fireNextTimeout();
      f.expectNothingSent();
      assertEquals(List.of(Event.STRUGGLING, Event.FAILED, Event.CLOSED), f.events());
      assertFailedBothWays(f.connection, Failure.TIMED_OUT);
      assertEquals(Long.MAX_VALUE, f.connection.pollTimeoutNs());
    }

    @Test
    void isRefusedByRstWithAcceptableAck() {
      fx.synSent();
      fx.peer(RST | ACK, 0, 1).arrive();
      fx.expectNothingSent();
      assertEquals(List.of(Event.FAILED, Event.CLOSED), fx.events());
      assertFailedBothWays(fx.connection, Failure.REFUSED);
    }

    @Test
    void ignoresRstWhoseAckIsNotForOurSyn() {
      fx.synSent();
      fx.peer(RST | ACK, 0, 7).arrive();
      fx.peer(RST, 0, 0).arrive();
      fx.expectNothingSent();
      assertEquals(TcpState.SYN_SENT, fx.connection.state());
      assertEquals(List.of(), fx.events());
    }

    @Test
    void resetsASynAckThatAcknowledgesSomethingNeverSent() {
      fx.synSent();
      fx.peer(SYN | ACK, 0, 5).arrive();
      TcpSegment reset = fx.sent();
      assertEquals(ConnectionFixture.localSeq(5), reset.header().sequenceNumber());
      assertTrue(reset.header().flags().rst());
      assertFalse(reset.header().flags().ack());
      assertEquals(TcpState.SYN_SENT, fx.connection.state());
    }

    @Test
    void simultaneousOpenGoesThroughSynReceivedToEstablishedOnBothSides() {
      ConnectionPair pair = ConnectionPair.simultaneousOpen(ConnectionFixture.plainConfig().build(),
          5 * MS);
      assertEquals(TcpState.SYN_SENT, pair.a.state());
      assertEquals(TcpState.SYN_SENT, pair.b.state());
      pair.step(); // the SYNs cross
      assertEquals(TcpState.SYN_RECEIVED, pair.a.state());
      assertEquals(TcpState.SYN_RECEIVED, pair.b.state());
      assertTrue(pair.runUntil(() -> pair.a.state() == TcpState.ESTABLISHED
          && pair.b.state() == TcpState.ESTABLISHED), "both sides established");
      assertTrue(pair.nowNs < INITIAL_RTO_NS, "without waiting for a retransmission");
      assertEquals(List.of(Event.CONNECTED), pair.eventsOfA);
      assertEquals(List.of(Event.CONNECTED), pair.eventsOfB);
      assertTrue(pair.sentByA.size() < 6, "no SYN-ACK ping-pong: " + pair.sentByA);
      pair.a.write(pair.nowNs, bytes(10, 1), 0, 10);
      pair.runUntil(() -> pair.b.bytesReadable() == 10);
      assertEquals(10, pair.b.bytesReadable());
    }

    @Test
    void abortSendsNothing() {
      fx.synSent();
      fx.connection.abort(fx.nowNs);
      fx.expectNothingSent();
      assertEquals(List.of(Event.CLOSED), fx.events());
      assertFailedBothWays(fx.connection, Failure.ABORTED);
    }
  }

  // ================================================================== SYN-RECEIVED

  @Nested
  class SynReceived {

    @Test
    void answersTheSynWithSynAckCarryingOurMss() {
      ConnectionFixture f = ConnectionFixture.plain();
      TcpSegment syn = f.peer(SYN, 0, 0).build();
      f.connection = TcpConnection.accept(f.config, ConnectionFixture.PAIR,
          ConnectionFixture.LINK_MTU, ConnectionFixture.LOCAL_ISS, 0, syn);
      TcpSegment synAck = f.expectSent(SYN | ACK, 0, 1);
      assertEquals(TcpOptions.NONE.withMss(LOCAL_MSS), synAck.header().options());
      assertTrue(f.connection.isPassive());
    }

    @Test
    void acceptRejectsASegmentThatIsNotAPlainSyn() {
      TcpSegment synAck = fx.peer(SYN | ACK, 0, 1).build();
      assertThrows(IllegalArgumentException.class, () -> TcpConnection.accept(fx.config,
          ConnectionFixture.PAIR, ConnectionFixture.LINK_MTU, 1, 0, synAck));
    }

    @Test
    void completesThePassiveHandshakeOnAck() {
      fx.synReceived();
      fx.peer(ACK, 1, 1).arrive();
      fx.expectNothingSent();
      assertEquals(TcpState.ESTABLISHED, fx.connection.state());
      assertEquals(List.of(Event.CONNECTED), fx.events());
      assertEquals(PEER_MSS, fx.connection.sendMss());
    }

    @Test
    void takesDataThatRidesOnTheThirdSegment() {
      fx.synReceived();
      fx.peer(ACK, 1, 1).payload(bytes(50, 3)).arrive();
      assertEquals(TcpState.ESTABLISHED, fx.connection.state());
      assertArrayEquals(bytes(50, 3), fx.readAll());
    }

    @Test
    void repeatsTheSynAckWhenTheSynIsRepeated() {
      fx.synReceived();
      fx.advanceBy(300 * MS);
      fx.peer(SYN, 0, 0).options(TcpOptions.NONE.withMss(PEER_MSS)).arrive();
      fx.expectSent(SYN | ACK, 0, 1);
      fx.expectNothingSent();
      assertEquals(TcpState.SYN_RECEIVED, fx.connection.state());
    }

    @Test
    void retransmitsTheSynAckAfterTheInitialRto() {
      fx.synReceived();
      assertEquals(INITIAL_RTO_NS, fx.fireNextTimeout());
      fx.expectSent(SYN | ACK, 0, 1);
    }

    @Test
    void resetsAnAckThatDoesNotAcknowledgeTheSynAck() {
      fx.synReceived();
      fx.peer(ACK, 1, 40).arrive();
      TcpSegment reset = fx.sent();
      assertTrue(reset.header().flags().rst());
      assertEquals(ConnectionFixture.localSeq(40), reset.header().sequenceNumber());
      assertEquals(TcpState.SYN_RECEIVED, fx.connection.state());
    }

    @Test
    void aRstAtRcvNxtEndsThePassiveOpen() {
      fx.synReceived();
      fx.peer(RST, 1, 0).arrive();
      fx.expectNothingSent();
      assertEquals(List.of(Event.FAILED, Event.CLOSED), fx.events());
      assertFailedBothWays(fx.connection, Failure.RESET);
    }

    @Test
    void sendsNoKeepAliveProbeBeforeTheHandshakeCompletes() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().keepAlive(true)
          .keepAlive(Duration.ofMillis(100), Duration.ofMillis(100), 2).synAckRetries(3));
      f.synReceived();
      f.peer(SYN, 0, 0).options(TcpOptions.NONE.withMss(PEER_MSS)).arrive();
      f.expectSent(SYN | ACK, 0, 1);
      for (int i = 0; i < 1000 && f.connection.state() != TcpState.CLOSED; i++) {
        f.fireNextTimeout();
        for (TcpSegment s : f.allSent()) {
          assertEquals("SYN|ACK", s.header().flags().toString(), "only SYN-ACKs before ESTABLISHED");
        }
      }
      assertFailedBothWays(f.connection, Failure.TIMED_OUT);
    }

    @Test
    void timesOutAfterSynAckR2() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().synAckRetries(1)
          .synRetries(7));
      f.synReceived();
      f.fireNextTimeout();
      f.expectSent(SYN | ACK, 0, 1);
      f.fireNextTimeout();
      f.expectNothingSent();
      assertFailedBothWays(f.connection, Failure.TIMED_OUT);
    }

    @Test
    void givesUpAfterLinuxsFiveSynAckRetransmissionsByDefault() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig());
      f.synReceived();
      for (int i = 0; i < 5; i++) {
        f.fireNextTimeout();
        f.expectSent(SYN | ACK, 0, 1);
      }
      assertEquals(31_000_000_000L, f.nowNs, "1 + 2 + 4 + 8 + 16 s of backoff");
      f.fireNextTimeout();
      f.expectNothingSent();
      assertEquals(63_000_000_000L, f.nowNs, "the slot is free 63 s after the SYN (Linux)");
      assertFailedBothWays(f.connection, Failure.TIMED_OUT);
    }

    @Test
    void aFinCarriedByTheSynIsNotTakenSoCloseWaitComesOnlyAfterConnected() {
      // The endpoint discards SYN+FIN in LISTEN (as Linux); an engine user that passes one in
      // gets a SYN-ACK for the SYN alone (the SYN's text and FIN are not taken, as in Linux
      // without TCP Fast Open), and never sees CLOSE-WAIT before CONNECTED.
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig());
      TcpSegment synFin = f.peer(SYN | FIN, 0, 0).options(TcpOptions.NONE.withMss(PEER_MSS))
          .build();
      f.connection = TcpConnection.accept(f.config, ConnectionFixture.PAIR,
          ConnectionFixture.LINK_MTU, ConnectionFixture.LOCAL_ISS, 0, synFin);
      assertEquals(TcpState.SYN_RECEIVED, f.connection.state());
      f.expectSent(SYN | ACK, 0, 1);
      f.fireNextTimeout();
      assertEquals(TcpState.SYN_RECEIVED, f.connection.state(), "still half-open: SYN-ACK limit");
      f.allSent();
      f.peer(FIN | ACK, 1, 1).arrive();
      assertEquals(TcpState.CLOSE_WAIT, f.connection.state());
      assertEquals(List.of(Event.CONNECTED, Event.READABLE), f.events(),
          "CLOSE-WAIT only after CONNECTED");
      assertTrue(f.connection.isInputFinished(), "the FIN reads as the end of the stream");
      f.expectSent(ACK, 1, 2);
    }
  }

  // ================================================================== ESTABLISHED

  @Nested
  class Established {

    @Test
    void delaysTheAckOfOneSegmentByTheConfiguredTime() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig()
          .delayedAck(Duration.ofMillis(25)));
      f.established();
      long arrival = 1_000 * MS;
      f.advanceTo(arrival);
      f.peer(ACK, 1, 1).payload(bytes(100, 1)).arrive();
      f.expectNothingSent();
      assertEquals(List.of(Event.READABLE), f.events());
      assertEquals(arrival + 25 * MS, f.connection.pollTimeoutNs());
      f.advanceTo(arrival + 25 * MS - 1);
      f.connection.handleTimeout(f.nowNs);
      f.expectNothingSent();
      f.fireNextTimeout();
      f.expectSent(ACK, 1, 101);
      assertEquals(arrival + 25 * MS, f.nowNs);
      assertArrayEquals(bytes(100, 1), f.readAll());
    }

    @Test
    void acksEverySecondFullSegmentAtOnce() {
      fx.established();
      fx.peer(ACK, 1, 1).payload(bytes(LOCAL_MSS, 1)).arrive();
      fx.expectNothingSent();
      fx.peer(ACK, 1 + LOCAL_MSS, 1).payload(bytes(LOCAL_MSS, 2)).arrive();
      fx.expectSent(ACK, 1, 1 + 2 * LOCAL_MSS);
      fx.peer(ACK, 1 + 2 * LOCAL_MSS, 1).payload(bytes(LOCAL_MSS, 3)).arrive();
      fx.expectNothingSent();
      fx.peer(ACK, 1 + 3 * LOCAL_MSS, 1).payload(bytes(LOCAL_MSS, 4)).arrive();
      fx.expectSent(ACK, 1, 1 + 4 * LOCAL_MSS);
    }

    @Test
    void acksOutOfOrderDataAtOnceWithSackBlocks() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().sack(true));
      establishedAfterRtt(f, TcpOptions.NONE.withMss(PEER_MSS).withSackPermitted(true),
          PEER_WINDOW);
      f.peer(ACK, 101, 1).payload(bytes(100, 2)).arrive();
      TcpSegment dupAck = f.expectSent(ACK, 1, 1);
      assertEquals(List.of(new SackBlock(remoteSeq(101), remoteSeq(201))),
          dupAck.header().options().sackBlocks());
      f.peer(ACK, 301, 1).payload(bytes(100, 4)).arrive();
      TcpSegment second = f.expectSent(ACK, 1, 1);
      assertEquals(List.of(new SackBlock(remoteSeq(301), remoteSeq(401)),
              new SackBlock(remoteSeq(101), remoteSeq(201))),
          second.header().options().sackBlocks(), "most recent block first (RFC 2018 §4)");
      assertEquals(0, f.connection.bytesReadable());
      f.peer(ACK, 1, 1).payload(bytes(100, 1)).arrive();
      TcpSegment filled = f.expectSent(ACK, 1, 201);
      assertEquals(List.of(new SackBlock(remoteSeq(301), remoteSeq(401))),
          filled.header().options().sackBlocks());
      assertEquals(200, f.connection.bytesReadable());
    }

    @Test
    void aRstExactlyAtRcvNxtResetsTheConnection() {
      fx.established();
      fx.peer(RST, 1, 0).arrive();
      fx.expectNothingSent();
      assertEquals(List.of(Event.FAILED, Event.CLOSED), fx.events());
      assertFailedBothWays(fx.connection, Failure.RESET);
    }

    @Test
    void aRstInTheWindowButNotExactGetsAChallengeAck() {
      fx.established();
      fx.peer(RST, 2, 0).arrive();
      fx.expectSent(ACK, 1, 1);
      fx.expectNothingSent();
      assertEquals(TcpState.ESTABLISHED, fx.connection.state());
      assertEquals(List.of(), fx.events());
    }

    @Test
    void aRstOutsideTheWindowIsDroppedSilently() {
      fx.established();
      fx.peer(RST, 1 + 10L * TcpConfig.defaults().receiveBufferBytes(), 0).arrive();
      fx.peer(RST, -5, 0).arrive();
      fx.expectNothingSent();
      assertEquals(TcpState.ESTABLISHED, fx.connection.state());
    }

    @Test
    void aSynGetsAChallengeAck() {
      fx.established();
      fx.peer(SYN, 1000, 0).arrive();
      fx.expectSent(ACK, 1, 1);
      assertEquals(TcpState.ESTABLISHED, fx.connection.state());
      assertEquals(List.of(), fx.events());
    }

    @Test
    void challengeAcksAreRateLimitedPerConnection() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().challengeAcksPerSecond(5));
      f.established();
      for (int i = 0; i < 20; i++) {
        f.peer(RST, 2 + i, 0).arrive();
      }
      assertEquals(5, f.allSent().size(), "a burst of 5 challenge ACKs, no more");
      f.advanceBy(1_000 * MS);
      for (int i = 0; i < 20; i++) {
        f.peer(SYN, 2 + i, 0).arrive();
      }
      assertEquals(5, f.allSent().size(), "5 more a second later");
      assertEquals(TcpState.ESTABLISHED, f.connection.state());
    }

    @Test
    void anAckOfUnsentDataIsAnsweredWithAnAckAndDropped() {
      fx.established();
      fx.peer(ACK, 1, 500).payload(bytes(10, 1)).arrive();
      fx.expectSent(ACK, 1, 1);
      assertEquals(0, fx.connection.bytesReadable(), "the segment's text is dropped too");
      assertEquals(1, fx.connection.sndUnaAbs());
    }

    @Test
    void warnsAfterR1AndTimesOutAfterR2WithARstAndBothStreamsFailing() {
      ConnectionFixture f = establishedAfterRtt(
          withConfig(ConnectionFixture.plainConfig().retries(2, 4).synRetries(9)));
      f.write(bytes(100, 1));
      f.expectSent(ACK, 1, 1, 100);
      f.fireNextTimeout();
      f.expectSent(ACK, 1, 1, 100);
      assertEquals(List.of(), f.events());
      f.fireNextTimeout();
      f.expectSent(ACK, 1, 1, 100);
      assertEquals(List.of(Event.STRUGGLING), f.events(), "after R1 = 2 retransmissions");
      f.fireNextTimeout();
      f.fireNextTimeout();
      assertEquals(2, f.allSent().size());
      assertEquals(List.of(), f.events(), "STRUGGLING is said once");
      f.fireNextTimeout();
      f.expectSent(RST, 101, 0); // best effort: the peer may be alive with only its ACKs lost
      f.expectNothingSent();
      assertEquals(List.of(Event.FAILED, Event.CLOSED), f.events());
      assertFailedBothWays(f.connection, Failure.TIMED_OUT);
    }

    @Test
    void userTimeoutEndsAConnectionWhoseDataStaysUnacknowledgedThatLong() {
      ConnectionFixture f = establishedAfterRtt(withConfig(ConnectionFixture.plainConfig()
          .retries(2, 100).userTimeout(Duration.ofSeconds(30))));
      long sentAt = f.nowNs;
      f.write(bytes(100, 1));
      f.expectSent(ACK, 1, 1, 100);
      while (f.connection.state() != TcpState.CLOSED) {
        f.fireNextTimeout();
      }
      assertEquals(sentAt + 30_000 * MS, f.nowNs, "RFC 5482: exactly the user timeout after the "
          + "data went out, although R2 = 100 was far away");
      List<TcpSegment> sent = f.allSent();
      assertTrue(sent.get(sent.size() - 1).header().flags().rst(), "a RST on the way out");
      assertFailedBothWays(f.connection, Failure.TIMED_OUT);
    }

    @Test
    void userTimeoutReplacesR2AndRestartsWithEachAcknowledgment() {
      ConnectionFixture f = establishedAfterRtt(withConfig(ConnectionFixture.plainConfig()
          .retries(1, 2).userTimeout(Duration.ofSeconds(10))));
      f.write(bytes(2 * PEER_MSS, 1));
      f.allSent();
      for (int i = 0; i < 4; i++) {
        f.fireNextTimeout(); // 200, 400, 800, 1600 ms: more than R2 = 2 retransmissions
      }
      assertEquals(TcpState.ESTABLISHED, f.connection.state(), "R2 no longer applies");
      f.advanceBy(5_000 * MS);
      f.peer(ACK, 1, 1 + PEER_MSS).arrive(); // progress 6.5 s after the data went out
      long ackedAt = f.nowNs;
      f.allSent();
      while (f.connection.state() != TcpState.CLOSED) {
        f.fireNextTimeout();
      }
      assertEquals(ackedAt + 10_000 * MS, f.nowNs, "the wait restarted with the acknowledgment");
      assertFailedBothWays(f.connection, Failure.TIMED_OUT);
    }

    @Test
    void userTimeoutBoundsAZeroWindowThatNeverReopensAlthoughTheProbesAreAnswered() {
      ConnectionFixture f = establishedAfterRtt(
          withConfig(ConnectionFixture.plainConfig().userTimeout(Duration.ofSeconds(20))),
          TcpOptions.NONE.withMss(PEER_MSS), 0);
      long blockedAt = f.nowNs;
      f.write(bytes(100, 1));
      while (f.connection.state() != TcpState.CLOSED) {
        f.fireNextTimeout();
        f.allSent();
        f.peer(ACK, 1, 1).window(0).arrive(); // every probe answered, the window still shut
      }
      assertEquals(blockedAt + 20_000 * MS, f.nowNs, "as Linux does under TCP_USER_TIMEOUT");
      assertFailedBothWays(f.connection, Failure.TIMED_OUT);
    }

    @Test
    void closeWithUnreadBytesResetsAtOnce() {
      fx.established();
      fx.peer(ACK, 1, 1).payload(bytes(10, 1)).arrive();
      fx.allSent();
      fx.connection.close(fx.nowNs);
      fx.expectSent(RST, 1, 0);
      assertFailedBothWays(fx.connection, Failure.ABORTED);
    }

    @Test
    void anAckOfNewDataEndsTheStruggle() {
      ConnectionFixture f = establishedAfterRtt(
          withConfig(ConnectionFixture.plainConfig().retries(1, 3)));
      f.write(bytes(1500, 1));
      f.allSent();
      f.fireNextTimeout();
      f.fireNextTimeout();
      assertEquals(List.of(Event.STRUGGLING), f.events());
      f.peer(ACK, 1, 1 + PEER_MSS).arrive();
      for (int i = 0; i < 3; i++) {
        f.fireNextTimeout();
      }
      assertEquals(TcpState.ESTABLISHED, f.connection.state(),
          "the count of retransmissions restarts with each new ACK");
    }

    @Test
    void probesAZeroWindowWithBackoffForAsLongAsTheProbesAreAnswered() {
      ConnectionFixture f = establishedAfterRtt(
          withConfig(ConnectionFixture.plainConfig().retries(1, 3)),
          TcpOptions.NONE.withMss(PEER_MSS), 0);
      f.write(bytes(100, 1));
      f.expectNothingSent();
      long previous = f.nowNs;
      long interval = MIN_RTO_NS;
      for (int probe = 1; probe <= 12; probe++) {
        long at = f.fireNextTimeout();
        assertEquals(previous + Math.min(interval, 60_000 * MS), at, "probe " + probe);
        TcpSegment p = f.expectSent(ACK, 0, 1);
        assertEquals(0, p.payloadLength());
        f.expectNothingSent();
        f.peer(ACK, 1, 1).window(0).arrive(); // answered: still zero
        f.expectNothingSent();
        previous = at;
        interval *= 2;
      }
      assertEquals(TcpState.ESTABLISHED, f.connection.state(),
          "a window may stay zero forever (RFC 9293 §3.8.6.1)");
      assertEquals(List.of(), f.events());
      f.peer(ACK, 1, 1).window(PEER_WINDOW).arrive();
      f.expectSent(ACK, 1, 1, 100);
    }

    @Test
    void givesUpOnAZeroWindowWhenTheProbesGoUnanswered() {
      ConnectionFixture f = establishedAfterRtt(
          withConfig(ConnectionFixture.plainConfig().retries(1, 3)),
          TcpOptions.NONE.withMss(PEER_MSS), 0);
      f.write(bytes(100, 1));
      for (int i = 0; i < 1000 && f.connection.state() != TcpState.CLOSED; i++) {
        f.fireNextTimeout();
      }
      assertFailedBothWays(f.connection, Failure.TIMED_OUT);
    }

    @Test
    void aWindowUpdateReopensSending() {
      ConnectionFixture f = establishedAfterRtt(ConnectionFixture.plain(),
          TcpOptions.NONE.withMss(PEER_MSS), 2 * PEER_MSS);
      f.write(bytes(4 * PEER_MSS, 1));
      f.expectSent(ACK, 1, 1, PEER_MSS);
      f.expectSent(ACK, 1 + PEER_MSS, 1, PEER_MSS);
      f.expectNothingSent();
      f.peer(ACK, 1, 1 + 2 * PEER_MSS).window(0).arrive();
      f.expectNothingSent();
      f.peer(ACK, 1, 1 + 2 * PEER_MSS).window(2 * PEER_MSS).arrive();
      f.expectSent(ACK, 1 + 2 * PEER_MSS, 1, PEER_MSS);
      f.expectSent(ACK, 1 + 3 * PEER_MSS, 1, PEER_MSS);
    }

    @Test
    void nagleHoldsASmallSegmentWhileDataIsInFlight() {
      fx.established();
      fx.write(bytes(100, 1));
      fx.expectSent(ACK, 1, 1, 100);
      fx.write(bytes(100, 2));
      fx.write(bytes(100, 3));
      fx.expectNothingSent();
      fx.peer(ACK, 1, 101).arrive();
      fx.expectSent(ACK, 101, 1, 200);
    }

    @Test
    void noDelaySendsSmallSegmentsAtOnce() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().noDelay(true));
      f.established();
      f.write(bytes(100, 1));
      f.expectSent(ACK, 1, 1, 100);
      f.write(bytes(100, 2));
      f.expectSent(ACK, 101, 1, 100);
    }

    @Test
    void neverSendsMoreThanThePeerMss() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().noDelay(true));
      establishedAfterRtt(f, TcpOptions.NONE.withMss(536), PEER_WINDOW);
      assertEquals(536, f.connection.sendMss());
      f.write(bytes(3000, 1));
      for (int round = 0; round < 10 && f.connection.bytesUnacknowledged() > 0; round++) {
        for (TcpSegment s : f.allSent()) {
          assertTrue(s.payloadLength() <= 536, "payload " + s.payloadLength());
        }
        f.peer(ACK, 1, f.connection.sndNxtAbs()).arrive();
      }
      assertEquals(0, f.connection.bytesUnacknowledged());
    }

    @Test
    void assumes536WhenThePeerSendsNoMss() {
      fx.synSent();
      fx.peer(SYN | ACK, 0, 1).arrive();
      assertEquals(536, fx.connection.sendMss(), "RFC 9293 §3.7.1 default send MSS");
    }

    @Test
    void leavesRoomForTimestampsInEachSegment() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().timestamps(true));
      establishedAfterRtt(f, TcpOptions.NONE.withMss(PEER_MSS).withTimestamps(7, 0), PEER_WINDOW);
      assertEquals(PEER_MSS - 12, f.connection.sendMss());
    }

    @Test
    void pawsDropsASegmentWithAnOldTimestamp() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().timestamps(true));
      establishedAfterRtt(f, TcpOptions.NONE.withMss(PEER_MSS).withTimestamps(5_000, 0),
          PEER_WINDOW);
      assertTrue(f.connection.negotiatedOptions().contains("ts=true"));
      f.peer(ACK, 1, 1).payload(bytes(10, 1))
          .options(TcpOptions.NONE.withTimestamps(4_000, 10)).arrive();
      TcpSegment ack = f.expectSent(ACK, 1, 1);
      assertEquals(5_000, ack.header().options().timestamps().orElseThrow().tsEcr());
      assertEquals(0, f.connection.bytesReadable(), "the old duplicate is dropped");
      f.peer(ACK, 1, 1).payload(bytes(10, 1))
          .options(TcpOptions.NONE.withTimestamps(5_001, 10)).arrive();
      assertEquals(10, f.connection.bytesReadable());
    }

    @Test
    void abortSendsRstAtSndNxt() {
      fx.established();
      fx.write(bytes(100, 1));
      fx.allSent();
      fx.connection.abort(fx.nowNs);
      TcpSegment reset = fx.sent();
      assertTrue(reset.header().flags().rst());
      assertEquals(ConnectionFixture.localSeq(101), reset.header().sequenceNumber());
      assertEquals(List.of(Event.CLOSED), fx.events());
      assertFailedBothWays(fx.connection, Failure.ABORTED);
    }

    @Test
    void thePeerOfAnAbortSeesReset() {
      ConnectionPair pair = ConnectionPair.clientServer(ConnectionFixture.plainConfig().build(),
          5 * MS);
      pair.runUntil(() -> pair.b.state() == TcpState.ESTABLISHED);
      pair.a.write(pair.nowNs, bytes(3000, 1), 0, 3000);
      pair.runUntil(() -> pair.b.bytesReadable() == 3000);
      pair.a.abort(pair.nowNs);
      pair.runUntil(() -> pair.b.state() == TcpState.CLOSED);
      assertEquals(Optional.of(Failure.ABORTED), pair.a.failure());
      assertEquals(Optional.of(Failure.RESET), pair.b.failure());
      assertTrue(pair.eventsOfB.contains(Event.FAILED));
    }

    @Test
    void aLostWindowUpdateDoesNotStallASenderHeldBackBySillyWindowAvoidance() {
      ConnectionPair pair = ConnectionPair.clientServer(ConnectionFixture.plainConfig()
          .receiveBufferBytes(4096).build(), 5 * MS);
      pair.runUntil(() -> pair.b.state() == TcpState.ESTABLISHED);
      byte[] data = bytes(20_000, 1);
      pair.a.write(pair.nowNs, data, 0, data.length);
      // B does not read: its window shrinks to 4096 - 2 * 1460 = 1176 bytes, less than an MSS
      // and less than half the largest window, so A holds its data back (RFC 9293 §3.8.6.2.1).
      assertTrue(pair.runUntil(() -> pair.b.bytesReadable() == 2 * 1460
          && pair.a.sndNxtAbs() == pair.a.sndUnaAbs()));
      // B's application reads; the window update that follows is lost.
      pair.drop = s -> s.payloadLength() == 0 && s.header().window() > 2000;
      byte[] got = new byte[data.length];
      int read = pair.b.read(pair.nowNs, got, 0, got.length);
      pair.collect();
      pair.drop = s -> false;
      long stalledAt = pair.nowNs;
      int[] total = {read};
      assertTrue(pair.runUntil(() -> {
        total[0] += pair.b.read(pair.nowNs, got, total[0], got.length - total[0]);
        return total[0] == data.length;
      }), "the sender must not wait forever for a window update that was lost");
      assertArrayEquals(data, got);
      assertTrue(pair.nowNs - stalledAt < 5_000 * MS,
          "recovered after " + (pair.nowNs - stalledAt) + " ns");
    }

    @Test
    void noAckWarAfterBothSidesRewoundOnRto() {
      ConnectionPair pair = ConnectionPair.clientServer(ConnectionFixture.plainConfig()
          .noDelay(true).build(), 5 * MS);
      pair.runUntil(() -> pair.b.state() == TcpState.ESTABLISHED);
      pair.step();
      // Both send three segments that arrive; every ACK of them is lost, then both RTOs fire
      // (each side rewinds SND.NXT to SND.UNA and retransmits one segment, also lost).
      boolean[] blackout = {false};
      pair.drop = s -> blackout[0];
      pair.a.write(pair.nowNs, bytes(3 * 1460, 1), 0, 3 * 1460);
      pair.b.write(pair.nowNs, bytes(3 * 1460, 2), 0, 3 * 1460);
      pair.collect();
      blackout[0] = true;
      pair.runUntil(() -> pair.a.retransmittedSegments() > 0 && pair.b.retransmittedSegments() > 0);
      assertEquals(3 * 1460, pair.a.bytesReadable());
      assertEquals(3 * 1460, pair.b.bytesReadable());
      blackout[0] = false;
      int sentBefore = pair.sentByA.size() + pair.sentByB.size();
      assertTrue(pair.runUntil(() -> pair.a.bytesUnacknowledged() == 0
          && pair.b.bytesUnacknowledged() == 0), "both sides' data acknowledged");
      int exchanged = pair.sentByA.size() + pair.sentByB.size() - sentBefore;
      assertTrue(exchanged < 20, exchanged + " segments to recover: an ACK war");
    }

    @Test
    void transfersBothWaysAndClosesWithAPeerEngine() {
      ConnectionPair pair = ConnectionPair.clientServer(TcpConfig.defaults(), 5 * MS);
      byte[] up = bytes(20_000, 1);
      byte[] down = bytes(15_000, 2);
      pair.runUntil(() -> pair.b.state() == TcpState.ESTABLISHED);
      assertEquals(up.length, pair.a.write(pair.nowNs, up, 0, up.length));
      assertEquals(down.length, pair.b.write(pair.nowNs, down, 0, down.length));
      pair.a.shutdownOutput(pair.nowNs);
      pair.b.shutdownOutput(pair.nowNs);
      pair.runUntil(() -> pair.a.bytesReadable() == down.length
          && pair.b.bytesReadable() == up.length);
      byte[] gotUp = new byte[up.length];
      byte[] gotDown = new byte[down.length];
      pair.b.read(pair.nowNs, gotUp, 0, up.length);
      pair.a.read(pair.nowNs, gotDown, 0, down.length);
      assertArrayEquals(up, gotUp);
      assertArrayEquals(down, gotDown);
      pair.runUntilIdle();
      assertEquals(TcpState.CLOSED, pair.a.state());
      assertEquals(TcpState.CLOSED, pair.b.state());
      assertTrue(pair.a.isInputFinished() && pair.b.isInputFinished());
      assertEquals(Optional.empty(), pair.a.failure());
    }
  }

  // ================================================================== urgent data

  /** Finding 14: urgent data (RFC 9293 §3.8.5, MUST-30/31; RFC 6093), inline. */
  @Nested
  class UrgentData {

    @Test
    void receivesTheUrgentPointerSignalsOnceAndDeliversTheUrgentBytesInline() {
      ConnectionFixture f = ConnectionFixture.plain().established();
      // "hello!" with the pointer just past '!': five ordinary bytes, then the urgent one.
      f.peer(ACK | PSH, 1, 1).payload("hello!".getBytes(US_ASCII)).urgent(6).arrive();
      assertEquals(List.of(Event.URGENT, Event.READABLE), f.events(), "URGENT first (MUST-32)");
      assertEquals(6, f.connection.urgentBytesPending());
      byte[] five = new byte[5];
      f.connection.read(f.nowNs, five, 0, 5);
      assertEquals(1, f.connection.urgentBytesPending(), "the next byte is the urgent one");
      byte[] urgent = new byte[1];
      f.connection.read(f.nowNs, urgent, 0, 1);
      assertEquals('!', urgent[0], "delivered inline, in order");
      assertEquals(0, f.connection.urgentBytesPending());
    }

    @Test
    void theSamePointerAgainIsNotSignalledAgainButAnAdvanceIs() {
      ConnectionFixture f = ConnectionFixture.plain().established();
      f.peer(ACK, 1, 1).payload(bytes(3, 1)).urgent(10).arrive(); // urgent data still to come
      assertEquals(List.of(Event.URGENT, Event.READABLE), f.events());
      f.peer(ACK, 4, 1).payload(bytes(3, 2)).urgent(7).arrive(); // the same RCV.UP: 4 + 7 = 11
      assertEquals(List.of(Event.READABLE), f.events());
      assertEquals(10, f.connection.urgentBytesPending());
      f.peer(ACK, 7, 1).payload(bytes(3, 3)).urgent(9).arrive(); // RCV.UP advances to 16
      assertEquals(List.of(Event.URGENT, Event.READABLE), f.events());
      assertEquals(15, f.connection.urgentBytesPending());
    }

    @Test
    void anUrgentPointerOfZeroAndUrgAfterTheFinAreIgnored() {
      ConnectionFixture f = ConnectionFixture.plain().established();
      TcpSegment zero = new TcpSegment(new TcpHeader(80, 40_000,
          remoteSeq(1), ConnectionFixture.localSeq(1),
          TcpFlags.of(ACK | TcpFlags.URG),
          PEER_WINDOW, 0, TcpOptions.NONE), bytes(4, 1));
      f.connection.handleSegment(f.nowNs, zero);
      assertEquals(List.of(Event.READABLE), f.events());
      ConnectionFixture closeWait = ConnectionFixture.plain().closeWait();
      closeWait.peer(ACK, 2, 1).payload(bytes(4, 1)).urgent(3).arrive();
      assertEquals(0, closeWait.connection.urgentBytesPending(),
          "CLOSE-WAIT: the peer has closed; URG is ignored (RFC 9293 §3.10.7.4)");
    }

    @Test
    void sendsUrgentDataAtOnceWithThePointerJustPastItUntilItIsAcknowledged() {
      ConnectionFixture f = ConnectionFixture.plain().established();
      f.write("abc".getBytes(US_ASCII));
      f.expectSent(ACK, 1, 1, 3);
      assertTrue(f.connection.sendUrgentData(f.nowNs, 0x121)); // the low 8 bits: '!'
      TcpSegment urgent = f.expectSent(ACK | TcpFlags.URG, 4, 1, 1);
      assertEquals('!', urgent.payload()[0]);
      assertEquals(1, urgent.header().urgentPointer(), "SND.UP − SEG.SEQ: just past the byte");
      f.advanceTo(INITIAL_RTO_NS);
      f.connection.handleTimeout(f.nowNs); // go back to SND.UNA: the first segment again
      TcpSegment again = f.sent();
      assertTrue(again.header().flags().urg(), "a retransmission below SND.UP carries URG too");
      assertEquals(4, again.header().urgentPointer());
      f.allSent();
      f.peer(ACK, 1, 5).arrive();
      f.write("d".getBytes(US_ASCII));
      assertFalse(f.sent().header().flags().urg(), "the urgent byte was acknowledged");
    }
  }

  // ================================================================== ESTABLISHED: unacceptable segments

  /**
   * RFC 9293 §3.10.7.4, first check, and RFC 5961: a segment outside the receive window is
   * acknowledged, then dropped, and its ACK field is never used; every ACK an unacceptable segment
   * provokes goes through one per-connection rate limit, except the immediate ACK that a
   * retransmission of data we already hold, or a zero-window probe, is owed.
   */
  @Nested
  class EstablishedUnacceptableSegments {

    @Test
    void aKeepAliveProbeIsAcknowledged() {
      fx.established();
      fx.peer(ACK, 1, 1).payload(bytes(100, 1)).arrive();
      fx.fireNextTimeout(); // the delayed ACK
      fx.expectSent(ACK, 1, 101);
      fx.peer(ACK, 100, 1).arrive(); // SEG.SEQ = RCV.NXT - 1, no octets: a keep-alive probe
      fx.expectSent(ACK, 1, 101);
      assertEquals(TcpState.ESTABLISHED, fx.connection.state());
    }

    @Test
    void aOneByteZeroWindowProbeIsAcknowledgedAtOnceAndItsAckFieldIsUsed() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().receiveBufferBytes(1024));
      f.established();
      f.write(bytes(10, 3));
      f.expectSent(ACK, 1, 1, 10);
      f.peer(ACK, 1, 1).payload(bytes(1024, 1)).arrive(); // fills our window
      f.allSent();
      f.peer(ACK, 1025, 11).payload(bytes(1, 2)).arrive(); // a probe into the zero window
      TcpSegment ack = f.expectSent(ACK, 11, 1025);
      assertEquals(0, ack.header().window(), "still no room");
      assertEquals(1024, f.connection.bytesReadable(), "the probe's byte is not taken");
      assertEquals(11, f.connection.sndUnaAbs(), "but its ACK field is (RFC 9293 special allowance)");
    }

    @Test
    void aBareFinIntoAZeroWindowIsTakenAndAcknowledged() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().receiveBufferBytes(1024));
      f.established();
      f.peer(ACK, 1, 1).payload(bytes(1024, 1)).arrive();
      f.allSent();
      f.peer(FIN | ACK, 1025, 1).arrive(); // a FIN takes sequence space but no buffer
      f.expectSent(ACK, 1, 1026);
      assertEquals(TcpState.CLOSE_WAIT, f.connection.state());
    }

    @Test
    void neverUsesTheAckFieldOfASegmentWhollyBelowRcvNxt() {
      fx.established();
      fx.peer(ACK, 1, 1).payload(bytes(3000, 1)).arrive();
      fx.write(bytes(4 * PEER_MSS, 2));
      fx.allSent();
      // A blind attacker's pure ACK: any old sequence number, and an ACK of all we sent.
      fx.peer(ACK, 1001, 1 + 4 * PEER_MSS).arrive();
      assertEquals(1, fx.connection.sndUnaAbs(), "SND.UNA must not cover bytes never received");
      fx.expectSent(ACK, 1 + 4 * PEER_MSS, 3001); // answered, then dropped
      fx.peer(ACK, 1 - 600_000L, 1 + 4 * PEER_MSS).payload(bytes(10, 3)).arrive();
      assertEquals(1, fx.connection.sndUnaAbs());
      assertEquals(3000, fx.connection.bytesReadable());
    }

    @Test
    void aRetransmissionOfDataWeHoldIsAcknowledgedAtOnceBeyondTheRateLimit() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().challengeAcksPerSecond(5));
      f.established();
      f.peer(ACK, 1, 1).payload(bytes(500, 1)).arrive();
      f.allSent();
      for (int i = 0; i < 20; i++) {
        f.peer(ACK, 1, 1).payload(bytes(500, 1)).arrive(); // our ACK was lost: the peer repeats
      }
      assertEquals(20, f.allSent().size(), "RFC 5681 §4.2: its sender needs our ACK now");
    }

    @Test
    void outOfWindowSynsAreAnsweredOnlyWithinTheChallengeAckLimit() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().challengeAcksPerSecond(10));
      f.established();
      for (int i = 0; i < 1000; i++) {
        f.peer(SYN, 100_000_000L + 7919L * i, 0).arrive();
      }
      assertEquals(10, f.allSent().size(), "RFC 5961 §7: 1,000 SYNs, a burst of 10 ACKs");
      assertEquals(TcpState.ESTABLISHED, f.connection.state());
    }

    @Test
    void outOfWindowDataAndPureAcksAreAnsweredOnlyWithinTheChallengeAckLimit() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().challengeAcksPerSecond(10));
      f.established();
      for (int i = 0; i < 500; i++) {
        f.peer(ACK, 100_000_000L + 7919L * i, 1).payload(bytes(100, i)).arrive();
        f.peer(ACK, 200_000_000L + 7919L * i, 1).arrive();
      }
      assertEquals(10, f.allSent().size());
      f.advanceBy(1_000 * MS);
      f.peer(ACK, 300_000_000L, 1).arrive();
      assertEquals(1, f.allSent().size(), "the bucket refills at 10 per second");
      assertEquals(0, f.connection.bytesReadable());
    }

    @Test
    void countsWhatItDropsAndWhatItAnswers() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().challengeAcksPerSecond(2));
      f.established();
      for (int i = 0; i < 5; i++) {
        f.peer(ACK, 100_000_000L + i, 1).arrive();
      }
      f.peer(RST, 100_000_000L, 0).arrive();
      TcpCounters counters = new TcpCounters();
      f.connection.moveCountersTo(counters);
      assertEquals(6, counters.outOfWindowDrops());
      assertEquals(2, counters.challengeAcks());
      assertEquals(3, counters.acksRateLimited());
      f.connection.moveCountersTo(counters);
      assertEquals(6, counters.outOfWindowDrops(), "each increment is moved once");
    }
  }

  // ================================================================== ESTABLISHED: timestamps

  /** RFC 7323 §4.3 (TS.Recent), §5.3 (PAWS) and §5.5 (long idle). */
  @Nested
  class EstablishedTimestamps {

    private ConnectionFixture withTimestamps(TcpConfig.Builder config) {
      ConnectionFixture f = withConfig(config.timestamps(true));
      establishedAfterRtt(f, TcpOptions.NONE.withMss(PEER_MSS).withTimestamps(5_000, 0),
          PEER_WINDOW);
      return f;
    }

    private TcpOptions ts(long tsVal) {
      return TcpOptions.NONE.withTimestamps(tsVal, 10);
    }

    @Test
    void tsRecentIgnoresASegmentThatDoesNotCoverLastAckSent() {
      ConnectionFixture f = withTimestamps(ConnectionFixture.plainConfig());
      f.peer(ACK, 1, 1).payload(bytes(100, 1)).options(ts(5_001)).arrive();
      f.fireNextTimeout(); // the delayed ACK: Last.ACK.sent = 101
      f.allSent();
      f.peer(ACK, 50, 1).options(ts(1L << 30)).arrive(); // old SEQ, a TSval far ahead
      f.allSent();
      f.peer(ACK, 101, 1).payload(bytes(10, 2)).options(ts(5_002)).arrive();
      assertEquals(110, f.connection.bytesReadable(), "a forged old segment must not poison PAWS");
    }

    @Test
    void tsRecentIsUpdatedOnlyAfterTheAckFieldIsFoundAcceptable() {
      ConnectionFixture f = withTimestamps(ConnectionFixture.plainConfig());
      f.peer(ACK, 1, 500).options(ts(1L << 30)).arrive(); // covers Last.ACK.sent, ACKs unsent data
      f.allSent();
      f.peer(ACK, 1, 1).payload(bytes(10, 2)).options(ts(5_002)).arrive();
      assertEquals(10, f.connection.bytesReadable());
    }

    @Test
    void tsRecentIsUpdatedFromTheSegmentThatCoversLastAckSent() {
      ConnectionFixture f = withTimestamps(ConnectionFixture.plainConfig());
      f.peer(ACK, 1, 1).payload(bytes(100, 1)).options(ts(6_000)).arrive();
      f.peer(ACK, 101, 1).payload(bytes(100, 2)).options(ts(7_000)).arrive();
      TcpSegment ack = f.expectSent(ACK, 1, 201);
      assertEquals(6_000, ack.header().options().timestamps().orElseThrow().tsEcr(),
          "TSecr echoes the segment that the delayed ACK started from (RFC 7323 §4.3)");
    }

    @Test
    void pawsRejectionsAreAcknowledgedOnlyWithinTheChallengeAckLimit() {
      ConnectionFixture f = withTimestamps(ConnectionFixture.plainConfig()
          .challengeAcksPerSecond(5));
      for (int i = 0; i < 20; i++) {
        f.peer(ACK, 1, 1).payload(bytes(10, i)).options(ts(4_000)).arrive();
      }
      assertEquals(5, f.allSent().size());
      assertEquals(0, f.connection.bytesReadable());
      TcpCounters counters = new TcpCounters();
      f.connection.moveCountersTo(counters);
      assertEquals(20, counters.pawsRejects());
    }

    @Test
    void tsRecentIsForgottenAfter24DaysIdle() {
      ConnectionFixture f = withTimestamps(ConnectionFixture.plainConfig());
      f.advanceBy(23L * 24 * 3600 * 1_000 * MS);
      f.peer(ACK, 1, 1).payload(bytes(10, 1)).options(ts(4_000)).arrive();
      assertEquals(0, f.connection.bytesReadable(), "after 23 days an older TSval is still PAWS");
      f.allSent();
      f.advanceBy(2L * 24 * 3600 * 1_000 * MS);
      f.peer(ACK, 1, 1).payload(bytes(10, 1)).options(ts(4_000)).arrive();
      assertEquals(10, f.connection.bytesReadable(), "RFC 7323 §5.5: TS.Recent is invalid");
      f.peer(ACK, 11, 1).payload(bytes(10, 2)).options(ts(3_999)).arrive();
      assertEquals(10, f.connection.bytesReadable(), "and the new TS.Recent guards again");
    }

    @Test
    void anOnPathTimestampPoisoningOfBothEndsCannotStartAnAckStorm() {
      TcpConfig config = ConnectionFixture.plainConfig().timestamps(true).build();
      ConnectionPair pair = ConnectionPair.clientServer(config, MS);
      pair.runUntil(() -> pair.b.state() == TcpState.ESTABLISHED);
      pair.runUntilIdle();
      long poisonedTsVal = (pair.nowNs / MS + (1L << 30)) & 0xFFFF_FFFFL;
      // Someone who sees the traffic sets TS.Recent far ahead on both sides: from then on PAWS
      // rejects every genuine segment, and each rejection is answered with an ACK that the
      // other side rejects in turn.
      pair.a.handleSegment(pair.nowNs, forged(ConnectionPair.B_TO_A, 900_000 + pair.b.sndNxtAbs(),
          1_000 + pair.a.sndNxtAbs(), poisonedTsVal));
      pair.b.handleSegment(pair.nowNs, forged(ConnectionPair.A_TO_B, 1_000 + pair.a.sndNxtAbs(),
          900_000 + pair.b.sndNxtAbs(), poisonedTsVal));
      pair.a.write(pair.nowNs, bytes(1000, 1), 0, 1000);
      int before = pair.sentByA.size() + pair.sentByB.size();
      long start = pair.nowNs;
      pair.runUntil(() -> pair.nowNs > start + 10_000 * MS);
      int sent = pair.sentByA.size() + pair.sentByB.size() - before;
      assertTrue(sent < 300, sent + " segments in 10 s: each side answers PAWS rejects at most "
          + "10 times a second (plus its own retransmissions)");
    }

    private TcpSegment forged(org.minitransport.core.address.SocketPair from, long seq, long ack,
        long tsVal) {
      return new TcpSegment(new TcpHeader(from.local().port(), from.remote().port(),
          seq & 0xFFFF_FFFFL, ack & 0xFFFF_FFFFL, TcpFlags.of(ACK), 60_000, 0,
          TcpOptions.NONE.withTimestamps(tsVal, 0)), new byte[0]);
    }
  }

  // ================================================================== ESTABLISHED: liveness

  /** Probes answered (RFC 9293 MUST-36/37, §3.8.4): a live peer never times out. */
  @Nested
  class EstablishedLiveness {

    @Test
    void withKeepAliveALiveIdleConnectionNeverTimesOut() {
      TcpConfig config = ConnectionFixture.plainConfig().keepAlive(true)
          .keepAlive(Duration.ofSeconds(1), Duration.ofSeconds(1), 3).build();
      ConnectionPair pair = ConnectionPair.clientServer(config, 5 * MS);
      pair.runUntil(() -> pair.b.state() == TcpState.ESTABLISHED);
      pair.runUntil(() -> pair.nowNs > 600_000 * MS);
      assertEquals(TcpState.ESTABLISHED, pair.a.state(), "ten idle minutes, probes answered");
      assertEquals(TcpState.ESTABLISHED, pair.b.state());
      assertTrue(pair.sentByA.size() > 300, "keep-alive probes were sent: " + pair.sentByA.size());
    }

    @Test
    void keepAliveStillEndsAConnectionWhosePeerVanished() {
      TcpConfig config = ConnectionFixture.plainConfig().keepAlive(true)
          .keepAlive(Duration.ofSeconds(1), Duration.ofSeconds(1), 3).build();
      ConnectionPair pair = ConnectionPair.clientServer(config, 5 * MS);
      pair.runUntil(() -> pair.b.state() == TcpState.ESTABLISHED);
      pair.drop = segment -> true;
      pair.runUntil(() -> pair.a.state() == TcpState.CLOSED);
      assertEquals(Optional.of(Failure.TIMED_OUT), pair.a.failure());
      assertTrue(pair.nowNs < 5_000 * MS, "after 1 s idle and 3 unanswered probes");
    }

    @Test
    void aReceiverThatStopsReadingLongerThanR2DoesNotMakeTheSenderTimeOut() {
      TcpConfig config = ConnectionFixture.plainConfig().retries(1, 3)
          .receiveBufferBytes(4096).build();
      ConnectionPair pair = ConnectionPair.clientServer(config, 5 * MS);
      pair.runUntil(() -> pair.b.state() == TcpState.ESTABLISHED);
      byte[] data = bytes(20_000, 7);
      int written = pair.a.write(pair.nowNs, data, 0, data.length);
      pair.runUntil(() -> pair.nowNs > 1_200_000 * MS); // twenty minutes without a read
      assertEquals(TcpState.ESTABLISHED, pair.a.state(), "zero-window probes were answered");
      byte[] got = new byte[data.length];
      int read = 0;
      while (read < written) {
        int before = read;
        read += pair.b.read(pair.nowNs, got, read, got.length - read);
        pair.runUntil(() -> pair.b.bytesReadable() > 0 || pair.a.bytesUnacknowledged() == 0);
        if (read == before && pair.b.bytesReadable() == 0) {
          break;
        }
      }
      assertEquals(written, read);
      assertArrayEquals(java.util.Arrays.copyOf(data, written), java.util.Arrays.copyOf(got, read));
    }

    @Test
    void retransmissionsIntoAZeroWindowThatThePeerAnswersAreProbesNotFailures() {
      ConnectionFixture f = establishedAfterRtt(
          withConfig(ConnectionFixture.plainConfig().retries(1, 3)));
      f.write(bytes(2 * PEER_MSS, 1));
      f.allSent();
      f.peer(ACK, 1, 1 + PEER_MSS).window(0).arrive(); // the window shuts with data in flight
      for (int i = 0; i < 20; i++) {
        f.fireNextTimeout();
        assertEquals(1, f.allSent().size(), "retransmission " + (i + 1));
        f.peer(ACK, 1, 1 + PEER_MSS).window(0).arrive(); // answered, window still zero
      }
      assertEquals(TcpState.ESTABLISHED, f.connection.state(), "MUST-37: open while answered");
      f.peer(ACK, 1, 1 + PEER_MSS).window(PEER_WINDOW).arrive();
      f.fireNextTimeout();
      f.peer(ACK, 1, 1 + 2 * PEER_MSS).arrive();
      assertEquals(0, f.connection.bytesUnacknowledged());
    }

    @Test
    void retransmissionsIntoAZeroWindowThatGoUnansweredStillTimeOut() {
      ConnectionFixture f = establishedAfterRtt(
          withConfig(ConnectionFixture.plainConfig().retries(1, 3)));
      f.write(bytes(2 * PEER_MSS, 1));
      f.allSent();
      f.peer(ACK, 1, 1 + PEER_MSS).window(0).arrive();
      for (int i = 0; i < 100 && f.connection.state() != TcpState.CLOSED; i++) {
        f.fireNextTimeout();
      }
      assertFailedBothWays(f.connection, Failure.TIMED_OUT);
    }

    @Test
    void userTimeoutEndsAKeepAliveWaitOnceAProbeWentUnansweredThatLong() {
      TcpConfig config = ConnectionFixture.plainConfig().keepAlive(true)
          .keepAlive(Duration.ofSeconds(10), Duration.ofSeconds(1), 100)
          .userTimeout(Duration.ofSeconds(15)).build();
      ConnectionPair pair = ConnectionPair.clientServer(config, 5 * MS);
      pair.runUntil(() -> pair.b.state() == TcpState.ESTABLISHED);
      long heardAt = pair.nowNs;
      pair.drop = segment -> true;
      pair.runUntil(() -> pair.a.state() == TcpState.CLOSED);
      assertEquals(Optional.of(Failure.TIMED_OUT), pair.a.failure());
      assertTrue(pair.nowNs - heardAt >= 14_900 * MS && pair.nowNs - heardAt < 16_000 * MS,
          "15 s after the peer was last heard, not after 100 probes: " + (pair.nowNs - heardAt));
    }
  }

  // ================================================================== ESTABLISHED: congestion

  /** RFC 5681 §3.2 and §4.1, RFC 3042, RFC 2018 §4. */
  @Nested
  class EstablishedCongestion {

    /** Sends what is queued and acknowledges it segment by segment, growing cwnd. */
    private void ackEverySegment(ConnectionFixture f, long peerSeqOffset) {
      for (TcpSegment s : f.allSent()) {
        long endOffset = ((s.header().sequenceNumber() - ConnectionFixture.LOCAL_ISS)
            & 0xFFFF_FFFFL) + s.payloadLength();
        f.peer(ACK, peerSeqOffset, endOffset).arrive();
      }
    }

    @Test
    void restartsFromTheInitialWindowAfterIdleEvenWhileThePeerKeptSending() {
      ConnectionFixture f = establishedAfterRtt(ConnectionFixture.plain());
      while (f.connection.congestionWindowBytes() < 20 * PEER_MSS) {
        // A full window each round, so that the window limits the sender: cwnd grows only then
        // (RFC 9438 §4.6, Linux's tcp_is_cwnd_limited).
        f.write(bytes((int) f.connection.congestionWindowBytes(), 1));
        ackEverySegment(f, 1);
      }
      f.allSent();
      long sentOffset = f.connection.sndNxtAbs();
      for (int i = 0; i < 100; i++) { // ten seconds: we send nothing but ACKs
        f.advanceBy(100 * MS);
        f.peer(ACK, 1 + 10L * i, sentOffset).payload(bytes(10, i)).arrive();
        f.connection.handleTimeout(f.nowNs);
        f.allSent();
        f.readAll();
      }
      f.write(bytes(40 * PEER_MSS, 2));
      List<TcpSegment> burst = f.allSent();
      assertEquals(4, burst.size(), "RFC 5681 §4.1: idle is measured since the last send, so "
          + "after 10 s the window restarts from IW = 4 segments, not " + burst.size());
    }

    @Test
    void limitedTransmitSendsOneNewSegmentOnEachOfTheFirstTwoDuplicateAcks() {
      fx.established();
      fx.write(bytes(8 * PEER_MSS, 1));
      for (int i = 0; i < 4; i++) {
        fx.expectSent(ACK, 1 + (long) i * PEER_MSS, 1, PEER_MSS);
      }
      fx.expectNothingSent();
      fx.peer(ACK, 1, 1).arrive();
      fx.expectSent(ACK, 1 + 4L * PEER_MSS, 1, PEER_MSS);
      fx.expectNothingSent();
      fx.peer(ACK, 1, 1).arrive();
      fx.expectSent(ACK, 1 + 5L * PEER_MSS, 1, PEER_MSS);
      fx.expectNothingSent();
      fx.peer(ACK, 1, 1).arrive();
      fx.expectSent(ACK, 1, 1, PEER_MSS); // the third: fast retransmit
      assertEquals(1, fx.connection.retransmittedSegments());
    }

    @Test
    void anAckThatCarriesDataCarriesTheSackBlocksToo() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().sack(true));
      establishedAfterRtt(f, TcpOptions.NONE.withMss(PEER_MSS).withSackPermitted(true),
          PEER_WINDOW);
      f.peer(ACK, 101, 1).payload(bytes(100, 2)).arrive(); // a hole at 1..100
      f.allSent();
      f.write(bytes(3 * PEER_MSS, 1));
      TcpSegment data = f.sent();
      assertEquals(List.of(new SackBlock(remoteSeq(101), remoteSeq(201))),
          data.header().options().sackBlocks(), "RFC 2018 §4: every ACK while the hole lasts");
      assertEquals(PEER_MSS - 12, data.payloadLength(),
          "the payload makes room for the option, so the segment still fits the peer's MSS");
      f.allSent();
      f.peer(ACK, 1, 1 + PEER_MSS).payload(bytes(100, 1)).arrive(); // fills the hole
      f.allSent();
      f.write(bytes(PEER_MSS, 3));
      List<TcpSegment> later = f.allSent();
      assertTrue(later.stream().allMatch(s -> s.header().options().sackBlocks().isEmpty()),
          "no blocks once nothing is held out of order: " + later);
    }
  }

  // ================================================================== options (in the handshake)

  @Nested
  class WindowScaling {

    /** 200 000-byte buffers need a shift of 2 to fit 16 bits (RFC 7323 §2.3). */
    private final TcpConfig.Builder scaling = ConnectionFixture.plainConfig().windowScaling(true)
        .receiveBufferBytes(200_000);

    @Test
    void isUsedWhenBothSidesOfferIt() {
      ConnectionFixture f = withConfig(scaling);
      f.connection = TcpConnection.connect(f.config, ConnectionFixture.PAIR,
          ConnectionFixture.LINK_MTU, ConnectionFixture.LOCAL_ISS, 0);
      TcpSegment syn = f.sent();
      assertEquals(2, syn.header().options().windowScale().getAsInt());
      assertEquals(65_535, syn.header().window(), "the SYN's own window is never scaled");
      f.peer(SYN | ACK, 0, 1).options(TcpOptions.NONE.withMss(PEER_MSS).withWindowScale(3))
          .arrive();
      TcpSegment ack = f.expectSent(ACK, 1, 1);
      assertEquals(200_000 >> 2, ack.header().window());
      assertTrue(f.connection.negotiatedOptions().contains("wscale=3/2"),
          f.connection.negotiatedOptions());
    }

    @Test
    void isNotUsedWhenOnlyWeOfferIt() {
      ConnectionFixture f = withConfig(scaling);
      f.synSent();
      f.peer(SYN | ACK, 0, 1).options(TcpOptions.NONE.withMss(PEER_MSS)).arrive();
      TcpSegment ack = f.expectSent(ACK, 1, 1);
      assertEquals(65_535, ack.header().window(), "an unscaled window, capped at 16 bits");
      assertTrue(f.connection.negotiatedOptions().contains("wscale=off"));
    }

    @Test
    void isNotAnsweredWhenOnlyThePeerOffersIt() {
      ConnectionFixture f = withConfig(scaling.windowScaling(false));
      TcpSegment syn = f.peer(SYN, 0, 0).options(TcpOptions.NONE.withWindowScale(5)).build();
      f.connection = TcpConnection.accept(f.config, ConnectionFixture.PAIR,
          ConnectionFixture.LINK_MTU, ConnectionFixture.LOCAL_ISS, 0, syn);
      TcpSegment synAck = f.expectSent(SYN | ACK, 0, 1);
      assertTrue(synAck.header().options().windowScale().isEmpty());
      assertTrue(f.connection.negotiatedOptions().contains("wscale=off"));
    }

    @Test
    void isAnsweredOnlyWhenThePeersSynOfferedIt() {
      ConnectionFixture f = withConfig(scaling);
      TcpSegment plainSyn = f.peer(SYN, 0, 0).build();
      f.connection = TcpConnection.accept(f.config, ConnectionFixture.PAIR,
          ConnectionFixture.LINK_MTU, ConnectionFixture.LOCAL_ISS, 0, plainSyn);
      assertTrue(f.expectSent(SYN | ACK, 0, 1).header().options().windowScale().isEmpty());

      ConnectionFixture g = withConfig(scaling);
      TcpSegment scaledSyn = g.peer(SYN, 0, 0).options(TcpOptions.NONE.withWindowScale(5)).build();
      g.connection = TcpConnection.accept(g.config, ConnectionFixture.PAIR,
          ConnectionFixture.LINK_MTU, ConnectionFixture.LOCAL_ISS, 0, scaledSyn);
      assertEquals(2, g.expectSent(SYN | ACK, 0, 1).header().options().windowScale().getAsInt());
    }
  }

  // ================================================================== FIN-WAIT-1

  @Nested
  class FinWait1 {

    @Test
    void theAckOfOurFinLeadsToFinWait2() {
      fx.finWait2();
      assertEquals(List.of(), fx.events());
    }

    @Test
    void aFinThatAlsoAcknowledgesOursLeadsStraightToTimeWait() {
      fx.finWait1();
      fx.peer(FIN | ACK, 1, 2).arrive();
      fx.expectSent(ACK, 2, 2);
      assertEquals(TcpState.TIME_WAIT, fx.connection.state());
    }

    @Test
    void retransmitsTheFinOnRto() {
      fx.finWait1();
      fx.fireNextTimeout();
      fx.expectSent(FIN | ACK, 1, 1);
    }

    @Test
    void sendsQueuedDataBeforeTheFin() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig());
      f.established();
      f.write(bytes(2 * PEER_MSS, 1));
      f.connection.shutdownOutput(f.nowNs);
      f.expectSent(ACK, 1, 1, PEER_MSS);
      f.expectSent(ACK, 1 + PEER_MSS, 1, PEER_MSS);
      f.expectSent(FIN | ACK, 1 + 2 * PEER_MSS, 1);
      assertEquals(TcpState.FIN_WAIT_1, f.connection.state());
      f.peer(ACK, 1, 2 + 2 * PEER_MSS).arrive();
      assertEquals(TcpState.FIN_WAIT_2, f.connection.state());
    }

    @Test
    void stillReceivesData() {
      fx.finWait1();
      fx.peer(ACK, 1, 1).payload(bytes(40, 1)).arrive();
      assertArrayEquals(bytes(40, 1), fx.readAll());
    }

    @Test
    void simultaneousCloseGoesThroughClosingToTimeWaitOnBothSides() {
      ConnectionPair pair = ConnectionPair.clientServer(ConnectionFixture.plainConfig()
          .msl(Duration.ofSeconds(1)).build(), 5 * MS);
      pair.runUntil(() -> pair.b.state() == TcpState.ESTABLISHED);
      pair.step(); // let the last ACK settle
      pair.a.shutdownOutput(pair.nowNs);
      pair.b.shutdownOutput(pair.nowNs);
      assertEquals(TcpState.FIN_WAIT_1, pair.a.state());
      assertEquals(TcpState.FIN_WAIT_1, pair.b.state());
      pair.step(); // the FINs cross
      assertEquals(TcpState.CLOSING, pair.a.state());
      assertEquals(TcpState.CLOSING, pair.b.state());
      pair.step(); // the ACKs cross
      assertEquals(TcpState.TIME_WAIT, pair.a.state());
      assertEquals(TcpState.TIME_WAIT, pair.b.state());
      pair.runUntilIdle();
      assertEquals(TcpState.CLOSED, pair.a.state());
      assertEquals(TcpState.CLOSED, pair.b.state());
      assertEquals(Optional.empty(), pair.a.failure());
      assertEquals(Optional.empty(), pair.b.failure());
    }
  }

  // ================================================================== FIN-WAIT-2

  @Nested
  class FinWait2 {

    @Test
    void aHalfClosedConnectionKeepsReading() {
      fx.finWait2();
      assertTrue(fx.connection.isOutputShutdown());
      for (int i = 0; i < 5; i++) {
        fx.peer(ACK, 1 + 100L * i, 2).payload(bytes(100, i)).arrive();
        assertArrayEquals(bytes(100, i), fx.readAll());
      }
      fx.advanceBy(100 * MS);
      fx.connection.handleTimeout(fx.nowNs);
      List<TcpSegment> acks = fx.allSent();
      assertEquals(remoteSeq(501), acks.get(acks.size() - 1).header().acknowledgmentNumber());
      assertEquals(TcpState.FIN_WAIT_2, fx.connection.state());
    }

    @Test
    void writingAfterShutdownIsMisuse() {
      fx.finWait2();
      assertThrows(IllegalStateException.class, () -> fx.write(bytes(1, 1)));
      assertEquals(0, fx.connection.sendCapacity());
    }

    @Test
    void afterCloseWaitsAtMostTheFinWait2TimeoutForThePeersFin() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig()
          .finWait2Timeout(Duration.ofSeconds(60)));
      f.established();
      f.connection.close(f.nowNs);
      f.expectSent(FIN | ACK, 1, 1);
      f.advanceBy(5 * MS);
      f.peer(ACK, 1, 2).arrive();
      assertEquals(TcpState.FIN_WAIT_2, f.connection.state());
      long enteredAt = f.nowNs;
      assertEquals(enteredAt + 60_000 * MS, f.fireNextTimeout(), "Linux tcp_fin_timeout");
      f.expectSent(RST, 2, 0);
      assertEquals(List.of(Event.FAILED, Event.CLOSED), f.events());
      assertEquals(Optional.of(Failure.TIMED_OUT), f.connection.failure());
    }

    @Test
    void aHalfClosedConnectionThatStillReadsWaitsForThePeersFinWithoutALimit() {
      fx.finWait2();
      assertEquals(Long.MAX_VALUE, fx.connection.pollTimeoutNs(),
          "after shutdownOutput the application still reads: no FIN-WAIT-2 timer (as in Linux)");
    }

    @Test
    void newDataAfterCloseIsAnsweredWithARst() {
      fx.established();
      fx.connection.close(fx.nowNs);
      fx.expectSent(FIN | ACK, 1, 1);
      fx.peer(ACK, 1, 2).arrive();
      fx.peer(ACK, 1, 2).payload(bytes(10, 1)).arrive();
      fx.expectSent(RST, 2, 0); // RFC 1122 §4.2.2.13: the peer learns the bytes were lost
      assertEquals(TcpState.CLOSED, fx.connection.state());
    }

    @Test
    void thePeersFinLeadsToTimeWait() {
      fx.timeWait();
      assertEquals(0, fx.readAll().length);
      assertTrue(fx.connection.isInputFinished());
    }

    @Test
    void halfCloseAcrossTwoEnginesDeliversTheRestAfterOurFin() {
      ConnectionPair pair = ConnectionPair.clientServer(ConnectionFixture.plainConfig().build(),
          5 * MS);
      pair.runUntil(() -> pair.b.state() == TcpState.ESTABLISHED);
      pair.a.shutdownOutput(pair.nowNs);
      pair.runUntil(() -> pair.a.state() == TcpState.FIN_WAIT_2);
      assertEquals(TcpState.CLOSE_WAIT, pair.b.state());
      byte[] reply = bytes(10_000, 9);
      pair.b.write(pair.nowNs, reply, 0, reply.length);
      pair.runUntil(() -> pair.a.bytesReadable() == reply.length);
      byte[] got = new byte[reply.length];
      pair.a.read(pair.nowNs, got, 0, got.length);
      assertArrayEquals(reply, got);
      pair.b.shutdownOutput(pair.nowNs);
      pair.runUntil(() -> pair.a.state() == TcpState.TIME_WAIT);
      assertTrue(pair.a.isInputFinished());
    }
  }

  // ================================================================== CLOSE-WAIT

  @Nested
  class CloseWait {

    @Test
    void theReaderSeesTheEndOfTheStreamAndCanStillWrite() {
      fx.closeWait();
      assertEquals(0, fx.readAll().length);
      assertTrue(fx.connection.isInputFinished());
      fx.write(bytes(100, 1));
      fx.expectSent(ACK, 1, 2, 100);
      fx.peer(ACK, 2, 101).arrive();
      assertEquals(TcpState.CLOSE_WAIT, fx.connection.state());
      assertEquals(0, fx.connection.bytesUnacknowledged());
    }

    @Test
    void aRetransmittedFinIsAcknowledgedAgain() {
      fx.closeWait();
      fx.peer(FIN | ACK, 1, 1).arrive();
      fx.expectSent(ACK, 1, 2);
      assertEquals(TcpState.CLOSE_WAIT, fx.connection.state());
    }

    @Test
    void closingSendsFinAndEntersLastAck() {
      fx.lastAck();
    }
  }

  // ================================================================== CLOSING

  @Nested
  class Closing {

    @Test
    void theAckOfOurFinLeadsToTimeWait() {
      fx.closing();
      fx.peer(ACK, 2, 2).arrive();
      fx.expectNothingSent();
      assertEquals(TcpState.TIME_WAIT, fx.connection.state());
    }

    @Test
    void retransmitsOurFinOnRto() {
      fx.closing();
      fx.fireNextTimeout();
      fx.expectSent(FIN | ACK, 1, 2);
    }

    @Test
    void aRstAtRcvNxtIsAResetBecauseOurFinWasNeverAcknowledged() {
      fx.closing();
      fx.peer(RST, 2, 0).arrive();
      assertEquals(List.of(Event.FAILED, Event.CLOSED), fx.events(),
          "the peer may never have read our end of stream (Linux: ECONNRESET)");
      assertFailedBothWays(fx.connection, Failure.RESET);
    }
  }

  // ================================================================== LAST-ACK

  @Nested
  class LastAck {

    @Test
    void theAckOfOurFinClosesWithoutAnError() {
      fx.closedNormally();
      assertEquals(Optional.empty(), fx.connection.failure());
      assertEquals(Long.MAX_VALUE, fx.connection.pollTimeoutNs());
    }

    @Test
    void retransmitsOurFinOnRto() {
      fx.lastAck();
      fx.fireNextTimeout();
      fx.expectSent(FIN | ACK, 1, 2);
    }

    @Test
    void aRstBeforeOurFinIsAcknowledgedIsAResetNotAQuietClose() {
      fx.lastAck();
      fx.peer(RST, 2, 0).arrive();
      assertEquals(List.of(Event.FAILED, Event.CLOSED), fx.events(),
          "the peer may have given up before our FIN arrived: its reader saw no end of stream");
      assertFailedBothWays(fx.connection, Failure.RESET);
    }

    @Test
    void aRstWhileDataIsUnacknowledgedIsAnErrorNotASilentClose() {
      fx.closeWait();
      fx.write(bytes(300, 1));
      fx.connection.shutdownOutput(fx.nowNs);
      assertEquals(TcpState.LAST_ACK, fx.connection.state());
      fx.allSent();
      fx.peer(ACK, 2, 101).arrive(); // a third of the data, then the peer resets
      fx.peer(RST, 2, 0).arrive();
      assertEquals(List.of(Event.FAILED, Event.CLOSED), fx.events());
      assertFailedBothWays(fx.connection, Failure.RESET);
    }

    @Test
    void anAckThatDoesNotCoverTheFinKeepsWaiting() {
      fx.lastAck();
      fx.peer(ACK, 2, 1).arrive();
      assertEquals(TcpState.LAST_ACK, fx.connection.state());
    }
  }

  // ================================================================== TIME-WAIT

  @Nested
  class TimeWait {

    @Test
    void lastsExactlyTwoMsl() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().msl(Duration.ofSeconds(7)));
      f.advanceTo(3 * MS);
      f.timeWait();
      long entered = f.nowNs;
      assertEquals(entered + 14_000 * MS, f.connection.pollTimeoutNs());
      f.advanceTo(entered + 14_000 * MS - 1);
      f.connection.handleTimeout(f.nowNs);
      assertEquals(TcpState.TIME_WAIT, f.connection.state());
      f.advanceTo(entered + 14_000 * MS);
      f.connection.handleTimeout(f.nowNs);
      assertEquals(TcpState.CLOSED, f.connection.state());
      assertEquals(List.of(Event.CLOSED), f.events());
      assertEquals(Optional.empty(), f.connection.failure());
    }

    @Test
    void acknowledgesARetransmittedFin() {
      fx.timeWait();
      fx.peer(FIN | ACK, 1, 2).arrive();
      fx.expectSent(ACK, 2, 2);
      assertEquals(TcpState.TIME_WAIT, fx.connection.state());
    }

    @Test
    void aRetransmittedFinRestartsTheTwoMslTimer() {
      ConnectionFixture f = withConfig(ConnectionFixture.plainConfig().msl(Duration.ofSeconds(7)));
      f.timeWait();
      f.advanceBy(10_000 * MS);
      f.connection.handleTimeout(f.nowNs);
      f.peer(FIN | ACK, 1, 2).arrive(); // our last ACK was lost
      f.expectSent(ACK, 2, 2);
      assertEquals(f.nowNs + 14_000 * MS, f.connection.pollTimeoutNs());
      assertEquals(TcpState.TIME_WAIT, f.connection.state());
    }

    @Test
    void aRstClosesQuietlyBecauseOurFinWasAcknowledged() {
      fx.timeWait();
      fx.peer(RST, 2, 0).arrive();
      assertEquals(List.of(Event.CLOSED), fx.events());
      assertEquals(Optional.empty(), fx.connection.failure());
    }

    @Test
    void runsNoRetransmissionTimer() {
      fx.timeWait();
      fx.fireNextTimeout();
      fx.expectNothingSent();
      assertEquals(TcpState.CLOSED, fx.connection.state());
    }
  }

  // ================================================================== CLOSED

  @Nested
  class Closed {

    @Test
    void ignoresEverySegment() {
      fx.closedNormally();
      fx.peer(ACK, 2, 2).payload(bytes(5, 1)).arrive();
      fx.peer(SYN, 0, 0).arrive();
      fx.peer(RST, 2, 0).arrive();
      fx.expectNothingSent();
      assertEquals(List.of(), fx.events());
    }

    @Test
    void writingIsMisuseAndAbortIsHarmless() {
      fx.closedNormally();
      assertThrows(IllegalStateException.class, () -> fx.write(bytes(1, 1)));
      fx.connection.abort(fx.nowNs);
      fx.expectNothingSent();
      assertEquals(Optional.empty(), fx.connection.failure());
    }

    @Test
    void timeMustNotGoBackwards() {
      fx.closedNormally();
      fx.advanceTo(5 * MS);
      fx.connection.handleTimeout(fx.nowNs);
      assertThrows(IllegalArgumentException.class, () -> fx.connection.handleTimeout(4 * MS));
    }
  }
}
