package org.minitransport.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.tcp.ConnectionFixture.ACK;
import static org.minitransport.tcp.ConnectionFixture.FIN;
import static org.minitransport.tcp.ConnectionFixture.PEER_MSS;
import static org.minitransport.tcp.ConnectionFixture.RST;
import static org.minitransport.tcp.ConnectionFixture.SYN;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.TcpConnection.Event;
import org.minitransport.tcp.TcpConnection.Failure;
import org.minitransport.tcp.wire.SackBlock;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpSegment;
import org.minitransport.tcp.wire.TcpTimestamps;

/**
 * The engine contract of {@link TcpConnection} beyond the per-state scripts of the verification
 * suite: time that never goes backwards on any input, misuse errors that name the rule, the
 * accessors and counters, and the reference's own choices on the receive path (when an ACK goes
 * at once, which events are posted, D-SACK, TS.Recent after the handshake).
 */
class TcpConnectionContractTest {

  static final long MS = 1_000_000L;

  private static byte[] text(String s) {
    return s.getBytes(US_ASCII);
  }

  private static ConnectionFixture established(TcpConfig.Builder config) {
    return new ConnectionFixture(config.build()).established();
  }

  @Nested
  class EngineContract {

    @Test
    void everyInputRejectsATimeBeforeTheLastOne() {
      ConnectionFixture f = ConnectionFixture.plain().established();
      f.connection.handleTimeout(1_000 * MS);
      long earlier = 500 * MS;
      TcpConnection c = f.connection;
      Map<String, Runnable> inputs = Map.of(
          "write", () -> c.write(earlier, new byte[1], 0, 1),
          "read", () -> c.read(earlier, new byte[1], 0, 1),
          "sendUrgentData", () -> c.sendUrgentData(earlier, 1),
          "shutdownOutput", () -> c.shutdownOutput(earlier),
          "close", () -> c.close(earlier),
          "abort", () -> c.abort(earlier),
          "handleTimeout", () -> c.handleTimeout(earlier),
          "handleSegment", () -> c.handleSegment(earlier, f.peer(ACK, 1, 1).build()));
      inputs.forEach((name, input) -> {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, input::run,
            name);
        assertTrue(e.getMessage().contains("time went backwards"), name + ": " + e.getMessage());
      });
      assertEquals(TcpState.ESTABLISHED, c.state(), "nothing happened");
    }

    @Test
    void aLinkMtuThatLeavesAnMssBelow64IsRejected() {
      TcpConfig config = ConnectionFixture.plainConfig().build();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TcpConnection.connect(config, ConnectionFixture.PAIR, 103, 1, 0));
      assertTrue(e.getMessage().contains("103"), e.getMessage());
      TcpConnection smallest = TcpConnection.connect(config, ConnectionFixture.PAIR, 104, 1, 0);
      assertEquals(Optional.of(64), smallest.pollSegment().header().options().mss().stream()
          .boxed().findFirst(), "MSS 64 is the smallest allowed");
    }

    @Test
    void theSynCarriesTheTimestampOfTheTimeOfTheOpen() {
      TcpConnection c = TcpConnection.connect(TcpConfig.builder().build(),
          ConnectionFixture.PAIR, ConnectionFixture.LINK_MTU, 1, 5_000 * MS);
      assertEquals(Optional.of(new TcpTimestamps(5_000, 0)),
          c.pollSegment().header().options().timestamps());
    }

    @Test
    void aPassiveOpenRejectsASynAck() {
      ConnectionFixture f = ConnectionFixture.plain();
      TcpSegment synAck = f.peer(SYN | ACK, 0, 1).build();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TcpConnection.accept(f.config, ConnectionFixture.PAIR, ConnectionFixture.LINK_MTU,
              1, 0, synAck));
      assertTrue(e.getMessage().contains("SYN without ACK"), e.getMessage());
      TcpSegment synRst = f.peer(SYN | RST, 0, 0).build();
      assertThrows(IllegalArgumentException.class,
          () -> TcpConnection.accept(f.config, ConnectionFixture.PAIR, ConnectionFixture.LINK_MTU,
              1, 0, synRst));
    }

    @Test
    void evenAClosedConnectionRejectsATimeBeforeTheLastOne() {
      ConnectionFixture f = ConnectionFixture.plain().established();
      f.advanceBy(1_000 * MS);
      f.peer(RST, 1, 0).arrive();
      assertThrows(IllegalArgumentException.class, () -> f.connection.close(500 * MS));
    }

    @Test
    void saysWhetherItIsPassiveAndWhetherItsOutputIsShutDown() {
      ConnectionFixture active = ConnectionFixture.plain().established();
      assertFalse(active.connection.isPassive());
      assertFalse(active.connection.isOutputShutdown());
      active.connection.shutdownOutput(active.nowNs);
      assertTrue(active.connection.isOutputShutdown());
      assertTrue(ConnectionFixture.plain().synReceived().connection.isPassive());
    }

    @Test
    void toStringNamesThePairTheStateAndTheFailure() {
      ConnectionFixture f = ConnectionFixture.plain().established();
      assertEquals("TcpConnection(" + ConnectionFixture.PAIR + " ESTABLISHED)",
          f.connection.toString());
      f.peer(RST, 1, 0).arrive();
      assertEquals("TcpConnection(" + ConnectionFixture.PAIR + " CLOSED RESET)",
          f.connection.toString());
    }
  }

  @Nested
  class Misuse {

    @Test
    void writingAfterShutdownSaysTheOutputWasShutDown() {
      ConnectionFixture f = ConnectionFixture.plain().finWait1();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.write(text("x")));
      assertTrue(e.getMessage().contains("output was shut down"), e.getMessage());
    }

    @Test
    void sendingUrgentDataAfterShutdownSaysTheOutputWasShutDown() {
      ConnectionFixture f = ConnectionFixture.plain().finWait1();
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> f.connection.sendUrgentData(f.nowNs, 1));
      assertTrue(e.getMessage().contains("after its output was shut down"), e.getMessage());
    }

    @Test
    void writingOrSendingUrgentDataAfterAResetNamesTheClosedState() {
      ConnectionFixture f = ConnectionFixture.plain().established();
      f.peer(RST, 1, 0).arrive();
      IllegalStateException write = assertThrows(IllegalStateException.class,
          () -> f.write(text("x")));
      assertTrue(write.getMessage().contains("in state CLOSED"), write.getMessage());
      IllegalStateException urgent = assertThrows(IllegalStateException.class,
          () -> f.connection.sendUrgentData(f.nowNs, 1));
      assertTrue(urgent.getMessage().contains("in state CLOSED"), urgent.getMessage());
    }

    @Test
    void urgentDataIntoAFullSendBufferIsRefused() {
      ConnectionFixture f = established(ConnectionFixture.plainConfig().sendBufferBytes(1024));
      assertEquals(1024, f.write(new byte[2000]));
      assertFalse(f.connection.sendUrgentData(f.nowNs, 1), "no room: nothing queued");
      assertEquals(1024, f.connection.bytesUnacknowledged());
    }

    @Test
    void shutdownOutputAfterAResetChangesNothing() {
      ConnectionFixture f = ConnectionFixture.plain().established();
      f.peer(RST, 1, 0).arrive();
      f.connection.shutdownOutput(f.nowNs);
      assertFalse(f.connection.isOutputShutdown());
      assertEquals(TcpState.CLOSED, f.connection.state());
      f.expectNothingSent();
    }

    @Test
    void noTimerFiresOnceTheConnectionIsClosed() {
      ConnectionFixture f = ConnectionFixture.plain().established();
      f.write(text("abc"));
      f.allSent();
      f.peer(RST, 1, 0).arrive();
      assertEquals(Long.MAX_VALUE, f.connection.pollTimeoutNs());
      f.connection.handleTimeout(f.nowNs + 60_000 * MS);
      f.expectNothingSent();
      assertEquals(0, f.connection.retransmittedSegments());
    }
  }

  @Nested
  class Liveness {

    @Test
    void closeAfterAHalfCloseBoundsTheWaitInFinWait2() {
      ConnectionFixture f = established(ConnectionFixture.plainConfig()
          .finWait2Timeout(Duration.ofSeconds(5)));
      f.connection.shutdownOutput(f.nowNs);
      f.allSent();
      f.peer(ACK, 1, 2).arrive();
      assertEquals(TcpState.FIN_WAIT_2, f.connection.state());
      assertEquals(Long.MAX_VALUE, f.connection.pollTimeoutNs(), "a half-close waits on");
      f.advanceBy(1_000 * MS);
      f.connection.close(f.nowNs);
      assertEquals(f.nowNs + 5_000 * MS, f.connection.pollTimeoutNs());
      f.fireNextTimeout();
      assertEquals(Optional.of(Failure.TIMED_OUT), f.connection.failure());
      TcpCounters counters = new TcpCounters();
      f.connection.moveCountersTo(counters);
      assertEquals(1, counters.timeoutAborts());
      assertEquals(1, counters.finWait2Timeouts());
      assertEquals(0, counters.userTimeouts());
    }

    @Test
    void theUserTimeoutIsCountedAsSuch() {
      ConnectionFixture f = established(ConnectionFixture.plainConfig()
          .userTimeout(Duration.ofSeconds(2)));
      f.write(text("abc"));
      while (f.connection.state() != TcpState.CLOSED) {
        f.fireNextTimeout();
      }
      TcpCounters counters = new TcpCounters();
      f.connection.moveCountersTo(counters);
      assertEquals(1, counters.timeoutAborts());
      assertEquals(1, counters.userTimeouts());
      assertEquals(0, counters.finWait2Timeouts());
    }

    @Test
    void r2IsCountedAsATimeoutAbortOnly() {
      ConnectionFixture f = established(ConnectionFixture.plainConfig().retries(1, 2));
      f.write(text("abc"));
      while (f.connection.state() != TcpState.CLOSED) {
        f.fireNextTimeout();
      }
      TcpCounters counters = new TcpCounters();
      f.connection.moveCountersTo(counters);
      assertEquals(1, counters.timeoutAborts());
      assertEquals(0, counters.userTimeouts());
      assertEquals(0, counters.finWait2Timeouts());
    }

    @Test
    void theUserTimeoutLeavesAnIdleConnectionAlone() {
      ConnectionFixture f = established(ConnectionFixture.plainConfig()
          .userTimeout(Duration.ofSeconds(1)));
      f.advanceBy(10_000 * MS);
      f.connection.handleTimeout(f.nowNs);
      assertEquals(Long.MAX_VALUE, f.connection.pollTimeoutNs(), "nothing outstanding");
      assertEquals(TcpState.ESTABLISHED, f.connection.state());
    }
  }

  @Nested
  class ReceivePath {

    @Test
    void outOfOrderDataIsNotReadableButABareFinIs() {
      ConnectionFixture f = ConnectionFixture.plain().established();
      f.peer(ACK, 5, 1).payload(text("late")).arrive();
      assertEquals(List.of(), f.events(), "nothing to read yet");
      f.allSent();
      ConnectionFixture g = ConnectionFixture.plain().established();
      g.peer(FIN | ACK, 1, 1).arrive();
      assertEquals(List.of(Event.READABLE), g.events(), "the end of the stream can be read");
    }

    @Test
    void aSynCountsInSegLenSoOneWithTextAtTheIsnEndsAPassiveOpen() {
      // SEG.LEN counts the SYN: a SYN|ACK at the peer's ISN with one octet reaches RCV.NXT, so it
      // is acceptable, and a SYN in SYN-RECEIVED from a passive open returns to LISTEN.
      ConnectionFixture f = ConnectionFixture.plain().synReceived();
      f.peer(SYN | ACK, 0, 1).payload(text("x")).arrive();
      assertEquals(TcpState.CLOSED, f.connection.state());
      f.expectNothingSent();
    }

    @Test
    void textAfterThePeersFinIsAcknowledgedAtOnceAndIgnored() {
      ConnectionFixture f = ConnectionFixture.plain().closeWait();
      f.peer(ACK, 2, 1).payload(text("x")).arrive();
      f.expectSent(ACK, 1, 2);
      assertEquals(0, f.connection.bytesReadable());
      assertEquals(List.of(), f.events(), "the end of the stream is not announced again");
    }

    @Test
    void aResetCarryingTextIntoAZeroWindowClosesWithoutAnAnswer() {
      ConnectionFixture f = established(ConnectionFixture.plainConfig()
          .receiveBufferBytes(1024));
      f.peer(ACK, 1, 1).payload(new byte[1024]).arrive();
      f.allSent();
      f.peer(RST | ACK, 1025, 1).payload(text("bye")).arrive();
      assertEquals(Optional.of(Failure.RESET), f.connection.failure());
      f.expectNothingSent();
    }

    @Test
    void textAfterThePeersFinInTimeWaitIsIgnoredWithoutAnAnswer() {
      ConnectionFixture f = ConnectionFixture.plain().timeWait();
      f.peer(ACK, 2, 2).payload(text("x")).arrive();
      f.expectNothingSent();
      assertEquals(TcpState.TIME_WAIT, f.connection.state());
    }

    @Test
    void afterCloseAFinOnARetransmissionOfDataAlreadyReadDrawsNoReset() {
      ConnectionFixture f = ConnectionFixture.plain().established();
      f.peer(ACK, 1, 1).payload(text("ab")).arrive();
      f.readAll();
      f.connection.close(f.nowNs);
      f.allSent();
      f.peer(FIN | ACK, 1, 2).payload(text("ab")).arrive();
      assertEquals(TcpState.TIME_WAIT, f.connection.state(), "no new data: the FIN is taken");
      assertEquals(Optional.empty(), f.connection.failure());
    }

    @Test
    void afterCloseAnOutOfOrderBareFinDrawsNoReset() {
      ConnectionFixture f = ConnectionFixture.plain().established();
      f.connection.close(f.nowNs);
      f.allSent();
      f.peer(FIN | ACK, 5, 2).arrive();
      assertEquals(Optional.empty(), f.connection.failure());
      assertEquals(TcpState.FIN_WAIT_2, f.connection.state());
      f.expectSent(ACK, 2, 1);
    }

    @Test
    void urgentDataIsSignalledInFinWait1AndFinWait2() {
      ConnectionFixture f = ConnectionFixture.plain().finWait1();
      f.peer(ACK | TcpFlags.URG, 1, 1).payload(text("ab")).urgent(2).arrive();
      assertTrue(f.events().contains(Event.URGENT), "FIN-WAIT-1 still receives");
      ConnectionFixture g = ConnectionFixture.plain().finWait2();
      g.peer(ACK | TcpFlags.URG, 1, 2).payload(text("ab")).urgent(2).arrive();
      assertTrue(g.events().contains(Event.URGENT), "FIN-WAIT-2 still receives");
    }

    @Test
    void anAckCarryingAFinIsNotADuplicateAck() {
      ConnectionFixture f = ConnectionFixture.plain().established();
      f.write(new byte[2 * PEER_MSS]);
      f.allSent();
      f.peer(ACK, 1, 1).arrive();
      f.peer(ACK, 1, 1).arrive();
      f.allSent(); // limited transmit, if any
      f.peer(FIN | ACK, 1, 1).arrive();
      for (TcpSegment s : f.allSent()) {
        assertFalse(s.payloadLength() > 0
                && s.header().sequenceNumber() == ConnectionFixture.localSeq(1),
            "no fast retransmit on two duplicate ACKs and a FIN: " + s);
      }
    }

    @Test
    void tsRecentIsTakenFromTheThirdSegmentOfAPassiveOpen() {
      ConnectionFixture f = new ConnectionFixture(TcpConfig.builder().windowScaling(false)
          .sack(false).build());
      TcpSegment syn = f.peer(SYN, 0, 0).options(TcpOptions.NONE.withMss(PEER_MSS)
          .withTimestamps(100, 0)).build();
      f.connection = TcpConnection.accept(f.config, ConnectionFixture.PAIR,
          ConnectionFixture.LINK_MTU, ConnectionFixture.LOCAL_ISS, 0, syn);
      long ourTsVal = f.sent().header().options().timestamps().orElseThrow().tsVal();
      f.advanceBy(10 * MS);
      f.peer(ACK, 1, 1).options(TcpOptions.NONE.withTimestamps(200, ourTsVal)).arrive();
      assertEquals(TcpState.ESTABLISHED, f.connection.state());
      f.write(text("x"));
      assertEquals(200, f.sent().header().options().timestamps().orElseThrow().tsEcr());
    }
  }

  @Nested
  class DuplicateSack {

    private ConnectionFixture withSack() {
      ConnectionFixture f = new ConnectionFixture(TcpConfig.builder().windowScaling(false)
          .timestamps(false).build());
      f.synSent();
      f.peer(SYN | ACK, 0, 1).options(TcpOptions.NONE.withMss(PEER_MSS).withSackPermitted(true))
          .arrive();
      f.allSent();
      f.events();
      return f;
    }

    @Test
    void aWhollyOldDuplicateIsAnsweredWithADsackBlock() {
      ConnectionFixture f = withSack();
      f.peer(ACK, 1, 1).payload(text("abcd")).arrive();
      f.fireNextTimeout();
      f.allSent();
      f.peer(ACK, 1, 1).payload(text("abcd")).arrive();
      TcpSegment ack = f.expectSent(ACK, 1, 5);
      assertEquals(List.of(new SackBlock(ConnectionFixture.remoteSeq(1),
          ConnectionFixture.remoteSeq(5))), ack.header().options().sackBlocks());
    }

    @Test
    void aPartlyOldSegmentIsAcknowledgedAtOnceWithADsackBlock() {
      ConnectionFixture f = withSack();
      f.peer(ACK, 1, 1).payload(text("abcd")).arrive();
      f.fireNextTimeout();
      f.allSent();
      f.peer(ACK, 1, 1).payload(text("abcdef")).arrive();
      TcpSegment ack = f.expectSent(ACK, 1, 7);
      assertEquals(List.of(new SackBlock(ConnectionFixture.remoteSeq(1),
          ConnectionFixture.remoteSeq(5))), ack.header().options().sackBlocks());
    }
  }
}
