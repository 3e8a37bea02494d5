package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.tcp.ConnectionFixture.ACK;
import static org.minitransport.tcp.ConnectionFixture.FIN;
import static org.minitransport.tcp.ConnectionFixture.PEER_MSS;
import static org.minitransport.tcp.ConnectionFixture.RST;
import static org.minitransport.tcp.ConnectionFixture.SYN;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.TcpConnection.Event;
import org.minitransport.tcp.TcpConnection.Failure;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.testkit.StepHarness;

/**
 * Whole conversations with one {@link TcpConnection}, written as scripts of actions and
 * expectations for students to read (CS144 Minnow style). The test plays the peer; sequence
 * numbers are shown relative to each side's ISN (0 is the SYN, 1 the first data byte). When a
 * step fails, {@link StepHarness} prints every step that passed and then "should have been X, but
 * was Y".
 */
class TcpConnectionScriptTest {

  private static final long MS = 1_000_000L;

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static StepHarness<ConnectionFixture> script(String name, TcpConfig.Builder config) {
    return new StepHarness<>(name, new ConnectionFixture(config.msl(Duration.ofSeconds(1))
        .build()));
  }

  private static StepHarness<ConnectionFixture> script(String name) {
    return script(name, ConnectionFixture.plainConfig());
  }

  @Test
  void clientHandshakeDataAndClose() {
    script("client: handshake, send \"hello\", receive \"world\", close first")
        .action("open a connection", f -> f.connection = TcpConnection.connect(f.config,
            ConnectionFixture.PAIR, ConnectionFixture.LINK_MTU, ConnectionFixture.LOCAL_ISS, 0))
        .expect("state", f -> f.connection.state(), TcpState.SYN_SENT)
        .expect("segment sent", ConnectionFixture::nextSentText, "SYN seq=0")
        .action("10 ms later the peer answers SYN-ACK", f -> {
          f.advanceTo(10 * MS);
          f.peer(SYN | ACK, 0, 1).options(TcpOptions.NONE.withMss(PEER_MSS)).arrive();
        })
        .expect("state", f -> f.connection.state(), TcpState.ESTABLISHED)
        .expect("segment sent", ConnectionFixture::nextSentText, "ACK seq=1 ack=1")
        .expect("events", ConnectionFixture::events, List.of(Event.CONNECTED))
        .action("write \"hello\"", f -> f.write(text("hello")))
        .expect("segment sent", ConnectionFixture::nextSentText, "PSH|ACK seq=1 ack=1 len=5")
        .expect("bytes waiting for an ACK", f -> f.connection.bytesUnacknowledged(), 5)
        .action("the peer acknowledges and sends \"world\"",
            f -> f.peer(ACK, 1, 6).payload(text("world")).arrive())
        .expect("bytes waiting for an ACK", f -> f.connection.bytesUnacknowledged(), 0)
        .expect("segment sent (the ACK is delayed)", ConnectionFixture::nextSentText, "nothing")
        .expect("read", ConnectionFixture::readAll, text("world"))
        .action("shut down output (close)", f -> f.connection.shutdownOutput(f.nowNs))
        .expect("state", f -> f.connection.state(), TcpState.FIN_WAIT_1)
        .expect("segment sent (FIN carries the pending ACK)", ConnectionFixture::nextSentText,
            "FIN|ACK seq=6 ack=6")
        .action("the peer acknowledges our FIN", f -> f.peer(ACK, 6, 7).arrive())
        .expect("state", f -> f.connection.state(), TcpState.FIN_WAIT_2)
        .action("the peer closes too", f -> f.peer(FIN | ACK, 6, 7).arrive())
        .expect("state", f -> f.connection.state(), TcpState.TIME_WAIT)
        .expect("segment sent", ConnectionFixture::nextSentText, "ACK seq=7 ack=7")
        .expect("end of stream", f -> f.connection.isInputFinished(), true)
        .action("wait 2 MSL", f -> f.advanceBy(2_000 * MS))
        .action("the timer fires", f -> f.connection.handleTimeout(f.nowNs))
        .expect("state", f -> f.connection.state(), TcpState.CLOSED)
        .expect("failure", f -> f.connection.failure(), Optional.empty());
  }

  @Test
  void serverPassiveOpenAndPeerClosesFirst() {
    script("server: passive open, receive a request, answer, the client closes first")
        .action("a SYN arrives at a listener", f -> f.connection = TcpConnection.accept(f.config,
            ConnectionFixture.PAIR, ConnectionFixture.LINK_MTU, ConnectionFixture.LOCAL_ISS, 0,
            f.peer(SYN, 0, 0).options(TcpOptions.NONE.withMss(PEER_MSS)).build()))
        .expect("state", f -> f.connection.state(), TcpState.SYN_RECEIVED)
        .expect("segment sent", ConnectionFixture::nextSentText, "SYN|ACK seq=0 ack=1")
        .action("the third segment of the handshake carries \"GET\"",
            f -> f.peer(ACK, 1, 1).payload(text("GET")).arrive())
        .expect("state", f -> f.connection.state(), TcpState.ESTABLISHED)
        .expect("read", ConnectionFixture::readAll, text("GET"))
        .action("write \"200 OK\"", f -> f.write(text("200 OK")))
        .expect("segment sent (data carries the ACK)", ConnectionFixture::nextSentText,
            "PSH|ACK seq=1 ack=4 len=6")
        .action("the client acknowledges and closes",
            f -> f.peer(FIN | ACK, 4, 7).arrive())
        .expect("state", f -> f.connection.state(), TcpState.CLOSE_WAIT)
        .expect("segment sent", ConnectionFixture::nextSentText, "ACK seq=7 ack=5")
        .expect("end of stream", f -> f.connection.isInputFinished(), true)
        .action("close", f -> f.connection.shutdownOutput(f.nowNs))
        .expect("state", f -> f.connection.state(), TcpState.LAST_ACK)
        .expect("segment sent", ConnectionFixture::nextSentText, "FIN|ACK seq=7 ack=5")
        .action("the client acknowledges our FIN", f -> f.peer(ACK, 5, 8).arrive())
        .expect("state", f -> f.connection.state(), TcpState.CLOSED)
        .expect("events", ConnectionFixture::events,
            List.of(Event.CONNECTED, Event.READABLE, Event.WRITABLE, Event.READABLE, Event.CLOSED));
  }

  @Test
  void retransmissionWithExponentialBackoff() {
    script("retransmission: RTO 200 ms after a 10 ms handshake, doubling each time")
        .action("handshake with a 10 ms RTT", f -> {
          f.synSent();
          f.advanceTo(10 * MS);
          f.peer(SYN | ACK, 0, 1).options(TcpOptions.NONE.withMss(PEER_MSS)).arrive();
          f.allSent();
        })
        .expect("RTO (the 200 ms minimum)", f -> f.connection.retransmissionTimeoutNs(),
            200 * MS)
        .action("write \"abc\"", f -> f.write(text("abc")))
        .expect("segment sent", ConnectionFixture::nextSentText, "PSH|ACK seq=1 ack=1 len=3")
        .expect("timer", f -> f.connection.pollTimeoutNs(), 210 * MS)
        .action("the timer fires", ConnectionFixture::fireNextTimeout)
        .expect("segment sent (again)", ConnectionFixture::nextSentText,
            "PSH|ACK seq=1 ack=1 len=3")
        .expect("timer (RTO doubled to 400 ms)", f -> f.connection.pollTimeoutNs(), 610 * MS)
        .action("the timer fires", ConnectionFixture::fireNextTimeout)
        .expect("timer (RTO doubled to 800 ms)", f -> f.connection.pollTimeoutNs(), 1410 * MS)
        .action("the peer finally acknowledges", f -> {
          f.allSent();
          f.peer(ACK, 1, 4).arrive();
        })
        .expect("timer (nothing outstanding)", f -> f.connection.pollTimeoutNs(), Long.MAX_VALUE)
        .expect("segments retransmitted", f -> f.connection.retransmittedSegments(), 2L);
  }

  @Test
  void blindResetDefences() {
    script("RFC 5961: only a RST exactly at RCV.NXT resets; others draw a challenge ACK")
        .action("establish", ConnectionFixture::established)
        .action("a RST 5 bytes into the window", f -> f.peer(RST, 6, 0).arrive())
        .expect("segment sent (challenge ACK)", ConnectionFixture::nextSentText,
            "ACK seq=1 ack=1")
        .expect("state", f -> f.connection.state(), TcpState.ESTABLISHED)
        .action("a RST far outside the window", f -> f.peer(RST, 50_000_000, 0).arrive())
        .expect("segment sent (dropped silently)", ConnectionFixture::nextSentText, "nothing")
        .action("a SYN", f -> f.peer(SYN, 1, 0).arrive())
        .expect("segment sent (challenge ACK)", ConnectionFixture::nextSentText,
            "ACK seq=1 ack=1")
        .action("a RST exactly at RCV.NXT", f -> f.peer(RST, 1, 0).arrive())
        .expect("state", f -> f.connection.state(), TcpState.CLOSED)
        .expect("failure", f -> f.connection.failure(), Optional.of(Failure.RESET));
  }

  @Test
  void unacceptableSegmentsAreAcknowledgedThenDropped() {
    script("RFC 9293 §3.10.7.4: probes get an ACK; an old segment's ACK field is never used")
        .action("establish", ConnectionFixture::established)
        .action("the peer sends 100 bytes", f -> f.peer(ACK, 1, 1).payload(text("x".repeat(100)))
            .arrive())
        .action("the delayed ACK goes out", ConnectionFixture::fireNextTimeout)
        .expect("segment sent", ConnectionFixture::nextSentText, "ACK seq=1 ack=101")
        .action("a keep-alive probe: SEQ = RCV.NXT - 1, no data", f -> f.peer(ACK, 100, 1)
            .arrive())
        .expect("segment sent (the probe is answered)", ConnectionFixture::nextSentText,
            "ACK seq=1 ack=101")
        .action("write \"abc\"", f -> f.write(text("abc")))
        .expect("segment sent", ConnectionFixture::nextSentText, "PSH|ACK seq=1 ack=101 len=3")
        .action("an old segment (SEQ 50) claims to acknowledge \"abc\"",
            f -> f.peer(ACK, 50, 4).arrive())
        .expect("bytes waiting for an ACK (its ACK field was not used)",
            f -> f.connection.bytesUnacknowledged(), 3)
        .expect("segment sent (answered, then dropped)", ConnectionFixture::nextSentText,
            "ACK seq=4 ack=101")
        .action("the real ACK arrives", f -> f.peer(ACK, 101, 4).arrive())
        .expect("bytes waiting for an ACK", f -> f.connection.bytesUnacknowledged(), 0);
  }

  @Test
  void simultaneousClose() {
    script("simultaneous close: both FINs cross, CLOSING, then TIME-WAIT")
        .action("establish", ConnectionFixture::established)
        .action("close", f -> f.connection.shutdownOutput(f.nowNs))
        .expect("segment sent", ConnectionFixture::nextSentText, "FIN|ACK seq=1 ack=1")
        .action("the peer's FIN arrives, not yet acknowledging ours",
            f -> f.peer(FIN | ACK, 1, 1).arrive())
        .expect("state", f -> f.connection.state(), TcpState.CLOSING)
        .expect("segment sent", ConnectionFixture::nextSentText, "ACK seq=2 ack=2")
        .action("the peer's ACK of our FIN arrives", f -> f.peer(ACK, 2, 2).arrive())
        .expect("state", f -> f.connection.state(), TcpState.TIME_WAIT)
        .expect("timer (2 MSL)", f -> f.connection.pollTimeoutNs(), 2_000 * MS);
  }

  @Test
  void aFailingStepPrintsTheTranscript() {
    AssertionError error = assertThrows(AssertionError.class, () -> script("a wrong expectation")
        .action("establish", ConnectionFixture::established)
        .expect("state", f -> f.connection.state(), TcpState.ESTABLISHED)
        .expect("state", f -> f.connection.state(), TcpState.CLOSED));
    String message = error.getMessage();
    assertTrue(message.contains("1. action: establish"), message);
    assertTrue(message.contains("2. expect: state = ESTABLISHED"), message);
    assertTrue(message.contains("should have been CLOSED, but was ESTABLISHED"), message);
  }
}
