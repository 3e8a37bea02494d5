package org.minitransport.tck.verify.connection;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.minitransport.tck.verify.connection.ConnectionBench.ACK;
import static org.minitransport.tck.verify.connection.ConnectionBench.FIN;
import static org.minitransport.tck.verify.connection.ConnectionBench.MS;
import static org.minitransport.tck.verify.connection.ConnectionBench.RST;
import static org.minitransport.tck.verify.connection.ConnectionBench.SYN;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpConnection.Event;
import org.minitransport.tcp.TcpConnection.Failure;
import org.minitransport.tcp.TcpState;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tck.generators.TcpScenarios;
import org.minitransport.tck.property.ScenarioProperty;
import org.minitransport.tck.scenario.RunOptions;
import org.minitransport.tck.scenario.TcpOutcome;
import org.minitransport.tck.scenario.TcpScenario;
import org.minitransport.tck.verify.Rule;
import org.minitransport.tck.verify.RuleExtension;
import org.minitransport.tck.verify.Script;
import org.minitransport.testkit.ImpairmentGenerators;
import org.minitransport.testkit.KernelNetwork;
import org.minitransport.testkit.TsharkVerdict;

/**
 * The verification suite of a whole TCP connection (rules CONN-nn) built from a set of component
 * factories: the per-state scripts of RFC 9293 §3.10 (every state of the state machine, the
 * simultaneous open and close, data on a SYN, the SYN's unscaled window, keep-alive), and end to
 * end (issue 12 item 3): transfers over random impairments on the simulated network (the scenario
 * API), a capture judged by tshark, and a conversation with the Linux kernel over TUN. The last
 * two skip, saying why, where tshark or the privilege for TUN devices is missing.
 *
 * <p>Subclass it with one method, {@link #components()}: {@link ComponentFactories#reference()}
 * with the component under test swapped in ({@code reference().withSender(mine)}), so that a
 * student's sender, receiver or congestion controller runs in the real connection. The script
 * plays the peer; sequence numbers are relative to each side's ISN (0 is the SYN).
 */
@ExtendWith(RuleExtension.class)
public abstract class TcpConnectionVerification {

  /**
   * The JUnit tag of the rules that run another program (tshark, the Linux kernel over TUN): the
   * mutation profile leaves them out ({@code excludedGroups}), as it leaves out the
   * {@code *Tshark*} and {@code *Kernel*} test classes; a plain build runs them where the tool
   * and the privilege are there.
   */
  public static final String EXTERNAL = "external";

  /** The factories the connection is built with. */
  protected abstract ComponentFactories components();

  /** Plain connections: no window scaling, SACK or timestamps, so segments read easily. */
  TcpConfig.Builder plain() {
    return TcpConfig.builder().components(components()).windowScaling(false).sack(false)
        .timestamps(false).msl(Duration.ofSeconds(1));
  }

  private Script<ConnectionBench> script(String name, TcpConfig.Builder config) {
    return Script.of(name, new ConnectionBench(config.build()));
  }

  private Script<ConnectionBench> script(String name) {
    return script(name, plain());
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static void established(Script<ConnectionBench> s) {
    s.act("open a connection", ConnectionBench::connect)
        .expect("segment sent", ConnectionBench::next, "SYN seq=0")
        .act("10 ms later the peer answers SYN-ACK", b -> {
          b.advanceBy(10 * MS);
          b.peer(SYN | ACK, 0, 1).mss().arrive();
        })
        .expect("state", b -> b.connection.state(), TcpState.ESTABLISHED)
        .expect("segment sent", ConnectionBench::next, "ACK seq=1 ack=1")
        .expect("events", ConnectionBench::events, List.of(Event.CONNECTED));
  }

  // ------------------------------------------------------------------ opening and closing

  @Test
  @Rule(id = "CONN-01", cites = "RFC 9293 §3.5, §3.6, §3.10 (SYN-SENT, ESTABLISHED, FIN-WAIT-1,"
      + " FIN-WAIT-2, TIME-WAIT)",
      hint = "If this fails, check the active open and the close initiated here: the segments"
          + " your sender makes (SYN, data, FIN) and when the connection may call push")
  void activeOpenDataAndCloseFirst() {
    Script<ConnectionBench> s = script("client: handshake, send \"hello\", receive \"world\","
        + " close first");
    s.act("open a connection", ConnectionBench::connect)
        .expect("state", b -> b.connection.state(), TcpState.SYN_SENT)
        .expect("segment sent", ConnectionBench::next, "SYN seq=0")
        .act("10 ms later the peer answers SYN-ACK", b -> {
          b.advanceBy(10 * MS);
          b.peer(SYN | ACK, 0, 1).mss().arrive();
        })
        .expect("state", b -> b.connection.state(), TcpState.ESTABLISHED)
        .expect("segment sent", ConnectionBench::next, "ACK seq=1 ack=1")
        .expect("events", ConnectionBench::events, List.of(Event.CONNECTED))
        .act("write \"hello\"", b -> b.write(text("hello")))
        .expect("segment sent", ConnectionBench::next, "PSH|ACK seq=1 ack=1 len=5")
        .expect("bytes waiting for an ACK", b -> b.connection.bytesUnacknowledged(), 5)
        .act("the peer acknowledges and sends \"world\"",
            b -> b.peer(ACK, 1, 6).payload(text("world")).arrive())
        .expect("bytes waiting for an ACK", b -> b.connection.bytesUnacknowledged(), 0)
        .expect("read", ConnectionBench::readAll, text("world"))
        .act("shut down output (close)", b -> b.connection.shutdownOutput(b.nowNs))
        .expect("state", b -> b.connection.state(), TcpState.FIN_WAIT_1)
        .expect("segment sent (the FIN)", ConnectionBench::next, "FIN|ACK seq=6 ack=6")
        .act("the peer acknowledges our FIN", b -> b.peer(ACK, 6, 7).arrive())
        .expect("state", b -> b.connection.state(), TcpState.FIN_WAIT_2)
        .act("the peer closes too", b -> b.peer(FIN | ACK, 6, 7).arrive())
        .expect("state", b -> b.connection.state(), TcpState.TIME_WAIT)
        .expect("segment sent", ConnectionBench::next, "ACK seq=7 ack=7")
        .expect("end of stream", b -> b.connection.isInputFinished(), true)
        .act("wait 2 MSL (2 s)", b -> b.advanceBy(2_000 * MS))
        .act("the timer fires", b -> b.connection.handleTimeout(b.nowNs))
        .expect("state", b -> b.connection.state(), TcpState.CLOSED)
        .expect("failure", b -> b.connection.failure(), Optional.empty());
  }

  @Test
  @Rule(id = "CONN-02", cites = "RFC 9293 §3.5, §3.6, §3.10 (SYN-RECEIVED, ESTABLISHED,"
      + " CLOSE-WAIT, LAST-ACK)",
      hint = "If this fails, check the passive open (data on the third segment goes to the"
          + " reader) and the close initiated by the peer: its FIN is the end of the stream,"
          + " ours follows when the application closes")
  void passiveOpenAndPeerClosesFirst() {
    script("server: passive open, a request, an answer, the client closes first")
        .act("a SYN arrives at a listener", b -> b.accept(b.peer(SYN, 0, 0).mss()))
        .expect("state", b -> b.connection.state(), TcpState.SYN_RECEIVED)
        .expect("segment sent", ConnectionBench::next, "SYN|ACK seq=0 ack=1")
        .act("the third segment of the handshake carries \"GET\"",
            b -> b.peer(ACK, 1, 1).payload(text("GET")).arrive())
        .expect("state", b -> b.connection.state(), TcpState.ESTABLISHED)
        .expect("read", ConnectionBench::readAll, text("GET"))
        .act("write \"200 OK\"", b -> b.write(text("200 OK")))
        .expect("segment sent (data carries the ACK)", ConnectionBench::next,
            "PSH|ACK seq=1 ack=4 len=6")
        .act("the client acknowledges and closes", b -> b.peer(FIN | ACK, 4, 7).arrive())
        .expect("state", b -> b.connection.state(), TcpState.CLOSE_WAIT)
        .expect("segment sent", ConnectionBench::next, "ACK seq=7 ack=5")
        .expect("end of stream", b -> b.connection.isInputFinished(), true)
        .act("close", b -> b.connection.shutdownOutput(b.nowNs))
        .expect("state", b -> b.connection.state(), TcpState.LAST_ACK)
        .expect("segment sent", ConnectionBench::next, "FIN|ACK seq=7 ack=5")
        .act("the client acknowledges our FIN", b -> b.peer(ACK, 5, 8).arrive())
        .expect("state", b -> b.connection.state(), TcpState.CLOSED)
        .expect("failure", b -> b.connection.failure(), Optional.empty());
  }

  @Test
  @Rule(id = "CONN-03", cites = "RFC 9293 §3.6 (simultaneous close: CLOSING), §3.10.7.4",
      hint = "If this fails, check crossing FINs: FIN-WAIT-1 goes to CLOSING, the ACK of our FIN"
          + " to TIME-WAIT, and 2 MSL later CLOSED")
  void simultaneousCloseGoesThroughClosing() {
    Script<ConnectionBench> s = script("simultaneous close");
    established(s);
    s.act("shut down output", b -> b.connection.shutdownOutput(b.nowNs))
        .expect("segment sent", ConnectionBench::next, "FIN|ACK seq=1 ack=1")
        .act("the peer's FIN crosses ours", b -> b.peer(FIN | ACK, 1, 1).arrive())
        .expect("state", b -> b.connection.state(), TcpState.CLOSING)
        .expect("segment sent", ConnectionBench::next, "ACK seq=2 ack=2")
        .act("the peer acknowledges our FIN", b -> b.peer(ACK, 2, 2).arrive())
        .expect("state", b -> b.connection.state(), TcpState.TIME_WAIT)
        .act("wait 2 MSL and let the timer fire", b -> {
          b.advanceBy(2_000 * MS);
          b.connection.handleTimeout(b.nowNs);
        })
        .expect("state", b -> b.connection.state(), TcpState.CLOSED)
        .expect("failure", b -> b.connection.failure(), Optional.empty());
  }

  @Test
  @Rule(id = "CONN-04", cites = "RFC 9293 §3.5 (figure 8, simultaneous open), §3.10.7.3",
      hint = "If this fails, check the simultaneous open: SYN-SENT that gets a SYN answers"
          + " SYN-ACK; the peer's ACK of our SYN must advance SND.UNA (the sender's receive of"
          + " that ACK), so the SYN is never sent again and data starts at seq 1")
  void simultaneousOpenAdvancesSndUna() {
    script("simultaneous open")
        .act("open a connection", ConnectionBench::connect)
        .expect("segment sent", ConnectionBench::next, "SYN seq=0")
        .act("the peer's own SYN arrives (it opened at the same time)",
            b -> b.peer(SYN, 0, 0).mss().arrive())
        .expect("state", b -> b.connection.state(), TcpState.SYN_RECEIVED)
        .expect("segment sent", ConnectionBench::next, "SYN|ACK seq=0 ack=1")
        .act("the peer's SYN-ACK acknowledges our SYN", b -> b.peer(SYN | ACK, 0, 1).mss()
            .arrive())
        .expect("state", b -> b.connection.state(), TcpState.ESTABLISHED)
        .expect("sequence numbers unacknowledged (SND.UNA advanced past the SYN)",
            b -> b.connection.bytesUnacknowledged(), 0)
        .expect("events", ConnectionBench::events, List.of(Event.CONNECTED))
        .act("(what the SYN-ACK drew)", ConnectionBench::all)
        .act("write \"x\"", b -> b.write(text("x")))
        .expect("segment sent", ConnectionBench::next, "PSH|ACK seq=1 ack=1 len=1")
        .act("the peer acknowledges it", b -> b.peer(ACK, 1, 2).arrive())
        .expect("timers armed (nothing outstanding, no keep-alive)",
            b -> b.connection.pollTimeoutNs(), Long.MAX_VALUE);
  }

  @Test
  @Rule(id = "CONN-05", cites = "RFC 9293 §3.10.7.2 (LISTEN: text on a SYN MAY be queued), §3.4;"
      + " Linux without TCP Fast Open (RFC 7413) drops it",
      hint = "If this fails, check data carried on a SYN at a listener: the connection takes"
          + " neither its text nor its FIN (nothing is held for a peer not yet verified), so the"
          + " SYN-ACK acknowledges only the SYN; the peer sends the text again after the"
          + " handshake, and it is read exactly once")
  void dataOnASynIsNotQueuedAndOnlyTheSynIsAcknowledged() {
    script("a SYN carrying \"hi\" at a listener")
        .act("a SYN carrying \"hi\" arrives at a listener",
            b -> b.accept(b.peer(SYN, 0, 0).mss().payload(text("hi"))))
        .expect("segment sent (the SYN-ACK acknowledges the SYN only)", ConnectionBench::next,
            "SYN|ACK seq=0 ack=1")
        .act("the peer's ACK of the SYN-ACK, without data", b -> b.peer(ACK, 1, 1).arrive())
        .expect("state", b -> b.connection.state(), TcpState.ESTABLISHED)
        .expect("events", ConnectionBench::events, List.of(Event.CONNECTED))
        .expect("bytes readable (the SYN's \"hi\" was not queued)",
            b -> b.connection.bytesReadable(), 0)
        .expect("segment sent", ConnectionBench::next, "nothing")
        .act("the peer sends \"hi\" again from seq 1", b -> b.peer(ACK, 1, 1).payload(text("hi"))
            .arrive())
        .expect("read (exactly once)", ConnectionBench::readAll, text("hi"))
        .act("the delayed ACK goes out", ConnectionBench::fireTimer)
        .expect("segment sent (acknowledges \"hi\")", ConnectionBench::next,
            "ACK seq=1 ack=3")
        .expect("read again (nothing more)", ConnectionBench::readAll, new byte[0]);
  }

  @Test
  @Rule(id = "CONN-06", cites = "RFC 7323 §2.2 (the window of a SYN is never scaled), §2.3",
      hint = "If this fails, check the windows of SYN segments: ours is not scaled (at most"
          + " 65535), the peer's SYN-ACK window is taken as it is, and only later segments are"
          + " scaled by the negotiated shift")
  void theSynWindowIsNeverScaled() {
    Script<ConnectionBench> s = script("window scaling and the SYN",
        plain().windowScaling(true).receiveBufferBytes(200_000));
    s.act("open a connection (buffer 200,000 bytes: shift 2)", ConnectionBench::connect);
    s.expect("our SYN's window field", b -> b.nextSegment().header().window(), 65_535);
    s.act("the peer's SYN-ACK offers shift 3 and a window field of 1000", b -> b.peer(SYN | ACK,
        0, 1).window(1000).options(TcpOptions.NONE.withMss(1000).withWindowScale(3)).arrive());
    s.expect("state", b -> b.connection.state(), TcpState.ESTABLISHED);
    s.expect("our ACK's window field (scaled: 200000 >> 2)",
        b -> b.nextSegment().header().window(), 200_000 >> 2);
    s.act("write 6000 bytes", b -> b.write(new byte[6000]));
    s.expect("segments sent (the SYN-ACK's window is 1000 bytes, not 8000)",
        ConnectionBench::all, "PSH|ACK seq=1 ack=1 len=1000");
    s.act("the peer acknowledges it with a window field of 1000 (8000 bytes, scaled)",
        b -> b.peer(ACK, 1, 1001).window(1000).arrive());
    s.expectThat("now more than 1000 bytes go out", b -> {
      int sent = 0;
      for (var seg = b.nextSegment(); seg != null; seg = b.nextSegment()) {
        sent += seg.payloadLength();
      }
      return sent > 1000;
    });
  }

  @Test
  @Rule(id = "CONN-07", cites = "RFC 9293 §3.8.4, RFC 1122 §4.2.3.6 (keep-alive)",
      hint = "If this fails, check keep-alive: the first probe after the idle time, then one per"
          + " interval, SEQ = SND.NXT − 1; after the configured number of unanswered probes the"
          + " connection times out; an answer starts the idle time again")
  void keepAliveProbesOnTimeAndGivesUpAfterTheProbeCount() {
    Script<ConnectionBench> s = script("keep-alive: idle 10 s, interval 1 s, 3 probes",
        plain().keepAlive(true).keepAlive(Duration.ofSeconds(10), Duration.ofSeconds(1), 3));
    established(s);
    long start = s.get("established at", b -> b.nowNs);
    s.expect("first timer (idle 10 s)", b -> b.connection.pollTimeoutNs(), start + 10_000 * MS);
    s.act("the timer fires", ConnectionBench::fireTimer);
    s.expect("segment sent (a probe)", ConnectionBench::next, "ACK seq=0 ack=1");
    s.act("the peer answers", b -> b.peer(ACK, 1, 1).arrive());
    s.expect("next timer (idle again)", b -> b.connection.pollTimeoutNs(),
        start + 20_000 * MS);
    for (int probe = 1; probe <= 3; probe++) {
      long due = start + (19_000 + probe * 1_000L) * MS;
      s.expect("probe " + probe + " due at", b -> b.connection.pollTimeoutNs(), due);
      s.act("the timer fires", ConnectionBench::fireTimer);
      s.expect("segment sent (probe " + probe + ", unanswered)", ConnectionBench::next,
          "ACK seq=0 ack=1");
    }
    s.expect("then the time-out is due", b -> b.connection.pollTimeoutNs(),
        start + 23_000 * MS);
    s.act("the timer fires", ConnectionBench::fireTimer);
    s.expect("state", b -> b.connection.state(), TcpState.CLOSED);
    s.expect("failure", b -> b.connection.failure(), Optional.of(Failure.TIMED_OUT));
  }

  @Test
  @Rule(id = "CONN-08", cites = "RFC 6298 §5 (in the connection), RFC 9293 §3.8.3",
      hint = "If this fails, check that the connection's retransmissions come from your"
          + " sender's timer: RTO from the handshake's sample, doubling on each expiry, stopped"
          + " by the ACK")
  void retransmitsWithExponentialBackoff() {
    script("retransmission in the connection: RTO 200 ms after a 10 ms handshake")
        .act("handshake with a 10 ms RTT", b -> {
          b.connect();
          b.advanceBy(10 * MS);
          b.peer(SYN | ACK, 0, 1).mss().arrive();
          b.all();
        })
        .expect("RTO (the 200 ms minimum)", b -> b.connection.retransmissionTimeoutNs(),
            200 * MS)
        .act("write \"abc\"", b -> b.write(text("abc")))
        .expect("segment sent", ConnectionBench::next, "PSH|ACK seq=1 ack=1 len=3")
        .expect("timer", b -> b.connection.pollTimeoutNs(), 210 * MS)
        .act("the timer fires", ConnectionBench::fireTimer)
        .expect("segment sent (again)", ConnectionBench::next, "PSH|ACK seq=1 ack=1 len=3")
        .expect("timer (RTO doubled to 400 ms)", b -> b.connection.pollTimeoutNs(), 610 * MS)
        .act("the timer fires", ConnectionBench::fireTimer)
        .expect("timer (RTO doubled to 800 ms)", b -> b.connection.pollTimeoutNs(), 1410 * MS)
        .act("the peer finally acknowledges", b -> {
          b.all();
          b.peer(ACK, 1, 4).arrive();
        })
        .expect("timer (nothing outstanding)", b -> b.connection.pollTimeoutNs(),
            Long.MAX_VALUE);
  }

  @Test
  @Rule(id = "CONN-09", cites = "RFC 9293 §3.10.7.4 (second and fourth checks), RFC 5961 §3, §4",
      hint = "If this fails, check segment acceptability with your receiver's window: only a RST"
          + " exactly at RCV.NXT resets; one elsewhere in the window, and a SYN, draw a challenge"
          + " ACK; one outside the window is dropped silently")
  void blindResetDefences() {
    Script<ConnectionBench> s = script("RFC 5961: only a RST exactly at RCV.NXT resets");
    established(s);
    s.act("a RST 5 bytes into the window", b -> b.peer(RST, 6, 0).arrive())
        .expect("segment sent (challenge ACK)", ConnectionBench::next, "ACK seq=1 ack=1")
        .expect("state", b -> b.connection.state(), TcpState.ESTABLISHED)
        .act("a RST far outside the window", b -> b.peer(RST, 50_000_000, 0).arrive())
        .expect("segment sent (dropped silently)", ConnectionBench::next, "nothing")
        .act("a SYN", b -> b.peer(SYN, 1, 0).arrive())
        .expect("segment sent (challenge ACK)", ConnectionBench::next, "ACK seq=1 ack=1")
        .act("a RST exactly at RCV.NXT", b -> b.peer(RST, 1, 0).arrive())
        .expect("state", b -> b.connection.state(), TcpState.CLOSED)
        .expect("failure", b -> b.connection.failure(), Optional.of(Failure.RESET));
  }

  @Test
  @Rule(id = "CONN-10", cites = "RFC 9293 §3.10.7.4 (first check: unacceptable segments)",
      hint = "If this fails, check that a segment outside the receive window (a keep-alive"
          + " probe, an old duplicate) is answered with an ACK and dropped, and that its ACK field"
          + " never reaches your sender")
  void unacceptableSegmentsAreAcknowledgedThenDropped() {
    Script<ConnectionBench> s = script("probes get an ACK; an old segment's ACK field is unused");
    established(s);
    s.act("the peer sends 100 bytes", b -> b.peer(ACK, 1, 1).payload(text("x".repeat(100)))
            .arrive())
        .act("the delayed ACK goes out", ConnectionBench::fireTimer)
        .expect("segment sent", ConnectionBench::next, "ACK seq=1 ack=101")
        .act("a keep-alive probe: SEQ = RCV.NXT - 1, no data", b -> b.peer(ACK, 100, 1)
            .arrive())
        .expect("segment sent (the probe is answered)", ConnectionBench::next,
            "ACK seq=1 ack=101")
        .act("write \"abc\"", b -> b.write(text("abc")))
        .expect("segment sent", ConnectionBench::next, "PSH|ACK seq=1 ack=101 len=3")
        .act("an old segment (SEQ 50) claims to acknowledge \"abc\"",
            b -> b.peer(ACK, 50, 4).arrive())
        .expect("bytes waiting for an ACK (its ACK field was not used)",
            b -> b.connection.bytesUnacknowledged(), 3)
        .expect("segment sent (answered, then dropped)", ConnectionBench::next,
            "ACK seq=4 ack=101")
        .act("the real ACK arrives", b -> b.peer(ACK, 101, 4).arrive())
        .expect("bytes waiting for an ACK", b -> b.connection.bytesUnacknowledged(), 0);
  }

  @Test
  @Rule(id = "CONN-11", cites = "RFC 9293 §3.10.7.4, §3.9 (receive), RFC 1122 §4.2.2.21",
      hint = "If this fails, check the receive path in the connection: out-of-order data is"
          + " held and acknowledged at once with the old RCV.NXT, and delivered in order once"
          + " the gap is filled")
  void reordersAndDeliversInOrder() {
    Script<ConnectionBench> s = script("out-of-order data");
    established(s);
    s.act("\"world\" arrives before \"hello \"", b -> b.peer(ACK, 7, 1).payload(text("world"))
            .arrive())
        .expect("segment sent (a duplicate ACK at once)", ConnectionBench::next,
            "ACK seq=1 ack=1")
        .expect("read (nothing yet)", ConnectionBench::readAll, new byte[0])
        .act("\"hello \" arrives", b -> b.peer(ACK, 1, 1).payload(text("hello ")).arrive())
        .expect("read", ConnectionBench::readAll, text("hello world"))
        .expect("segment sent (the gap filled: ACK at once)", ConnectionBench::next,
            "ACK seq=1 ack=12");
  }

  // ------------------------------------------------------------------ per-state rules (issue 12)

  /** Reads {@code n} bytes (fewer if fewer are buffered); returns how many. */
  private static int read(ConnectionBench b, int n) {
    return b.connection.read(b.nowNs, new byte[n], 0, n);
  }

  /** Drains what was sent; returns the window field of the last segment, or -1 if none. */
  private static int lastWindowField(ConnectionBench b) {
    int window = -1;
    for (var seg = b.nextSegment(); seg != null; seg = b.nextSegment()) {
      window = seg.header().window();
    }
    return window;
  }

  @Test
  @Rule(id = "CONN-15", cites = "RFC 9293 §3.10.7.4 (fourth check, SYN-RECEIVED), RFC 5961 §4",
      hint = "If this fails, check a SYN that arrives in SYN-RECEIVED (not the retransmitted"
          + " first SYN): from a passive open the half-open connection is given up silently"
          + " (back to LISTEN); from a simultaneous open it draws a challenge ACK")
  void aNewSynInSynReceivedEndsAPassiveOpenButIsChallengedInASimultaneousOne() {
    script("a second SYN, in the window, in SYN-RECEIVED")
        .act("a SYN arrives at a listener", b -> b.accept(b.peer(SYN, 0, 0).mss()))
        .expect("segment sent", ConnectionBench::next, "SYN|ACK seq=0 ack=1")
        .act("a SYN with another sequence number, inside the window", b -> b.peer(SYN, 5, 0)
            .mss().arrive())
        .expect("segment sent (none: back to LISTEN)", ConnectionBench::next, "nothing")
        .expect("state", b -> b.connection.state(), TcpState.CLOSED)
        .expect("events include no CONNECTED", b -> b.events().contains(Event.CONNECTED),
            false);
    script("the same in a simultaneous open")
        .act("open a connection", ConnectionBench::connect)
        .expect("segment sent", ConnectionBench::next, "SYN seq=0")
        .act("the peer's SYN crosses ours", b -> b.peer(SYN, 0, 0).mss().arrive())
        .expect("segment sent", ConnectionBench::next, "SYN|ACK seq=0 ack=1")
        .act("a SYN with another sequence number, inside the window", b -> b.peer(SYN, 5, 0)
            .mss().arrive())
        .expect("state", b -> b.connection.state(), TcpState.SYN_RECEIVED)
        .expect("segment sent (a challenge ACK)", ConnectionBench::next, "ACK seq=1 ack=1");
  }

  @Test
  @Rule(id = "CONN-16", cites = "RFC 9293 §3.10.7.4 (fifth check: if the ACK bit is off, drop"
      + " the segment)",
      hint = "If this fails, check that a segment without the ACK flag is dropped once the"
          + " connection is synchronized: its text must not reach the reader")
  void aSegmentWithoutAckIsDropped() {
    Script<ConnectionBench> s = script("text without the ACK flag");
    established(s);
    s.act("\"x\" arrives at RCV.NXT without the ACK flag", b -> b.peer(0, 1, 0)
            .payload(text("x")).arrive())
        .expect("bytes readable (dropped)", b -> b.connection.bytesReadable(), 0)
        .expect("segment sent", ConnectionBench::next, "nothing")
        .act("\"x\" again, with ACK", b -> b.peer(ACK, 1, 1).payload(text("x")).arrive())
        .expect("read", ConnectionBench::readAll, text("x"));
  }

  @Test
  @Rule(id = "CONN-17", cites = "RFC 9293 §3.10.7.3 (SYN-SENT: text on the SYN-ACK), §3.5"
      + " (simultaneous open), §3.10.7.2",
      hint = "If this fails, check data that rides on the peer's SYN in SYN-SENT: on a SYN-ACK"
          + " that acknowledges our SYN it is delivered and our ACK covers it at once; on a"
          + " crossing SYN (no ACK) it is not taken, as at a listener (CONN-05), so our SYN-ACK"
          + " acknowledges only the SYN and the peer's resent text is read once")
  void dataOnTheSynAckIsTakenButNotOnACrossingSyn() {
    script("a SYN-ACK carrying \"hi\"")
        .act("open a connection", ConnectionBench::connect)
        .expect("segment sent", ConnectionBench::next, "SYN seq=0")
        .act("the peer's SYN-ACK carries \"hi\"", b -> b.peer(SYN | ACK, 0, 1).mss()
            .payload(text("hi")).arrive())
        .expect("state", b -> b.connection.state(), TcpState.ESTABLISHED)
        .expect("segment sent (at once, covering \"hi\")", ConnectionBench::next,
            "ACK seq=1 ack=3")
        .expect("events", ConnectionBench::events, List.of(Event.CONNECTED, Event.READABLE))
        .expect("read", ConnectionBench::readAll, text("hi"));
    script("a crossing SYN carrying \"hi\" (simultaneous open)")
        .act("open a connection", ConnectionBench::connect)
        .expect("segment sent", ConnectionBench::next, "SYN seq=0")
        .act("the peer's own SYN carries \"hi\"", b -> b.peer(SYN, 0, 0).mss()
            .payload(text("hi")).arrive())
        .expect("segment sent (the SYN only is acknowledged)", ConnectionBench::next,
            "SYN|ACK seq=0 ack=1")
        .act("the peer's SYN-ACK acknowledges our SYN", b -> b.peer(SYN | ACK, 0, 1).mss()
            .arrive())
        .expect("state", b -> b.connection.state(), TcpState.ESTABLISHED)
        .expect("bytes readable (\"hi\" was not taken)", b -> b.connection.bytesReadable(), 0)
        .act("the peer sends \"hi\" again", b -> b.peer(ACK, 1, 1).payload(text("hi"))
            .arrive())
        .expect("read (once)", ConnectionBench::readAll, text("hi"));
  }

  @Test
  @Rule(id = "CONN-18", cites = "RFC 9293 §3.8.6.2.2 (receiver SWS avoidance), RFC 1122"
      + " §4.2.3.3 (window update)",
      hint = "If this fails, check the window after reads: it opens only in steps of"
          + " min(MSS, buffer / 2) (your receiver's send()), and once reads open it that far an"
          + " ACK carrying the new window goes at once (windowUpdateWorthSending, whose default"
          + " says yes after every read); else a sender facing a zero window waits for its"
          + " persist timer")
  void readsOpenTheWindowInSwsStepsAndAnnounceItAtOnce() {
    Script<ConnectionBench> s = script("a 4000-byte receive buffer (MSS 1460: step 1460)",
        plain().receiveBufferBytes(4000));
    established(s);
    s.act("the peer fills the buffer: 4 segments of 1000 bytes", b -> {
      for (int i = 0; i < 4; i++) {
        b.peer(ACK, 1 + 1000L * i, 1).payload(new byte[1000]).arrive();
      }
    })
        .expect("window field of our last ACK (the buffer is full)",
            TcpConnectionVerification::lastWindowField, 0)
        .expect("read 1000 bytes", b -> read(b, 1000), 1000)
        .expectThat("window field of anything sent (1000 free is less than a step: still 0)",
            b -> lastWindowField(b) <= 0)
        .expect("read 459 more", b -> read(b, 459), 459)
        .expectThat("window field of anything sent (1459 free: still 0)",
            b -> lastWindowField(b) <= 0)
        .expect("read 1 more", b -> read(b, 1), 1)
        .expect("segment sent (a window update, at once)", b -> {
          var seg = b.nextSegment();
          return seg == null ? "nothing"
              : ConnectionBench.render(seg) + " window=" + seg.header().window();
        }, "ACK seq=1 ack=4001 window=1460")
        .expect("segment sent", ConnectionBench::next, "nothing");
  }

  @Test
  @Rule(id = "CONN-19", cites = "RFC 9293 §3.8.4, RFC 1122 §4.2.3.6 (keep-alive only when idle)",
      hint = "If this fails, check that keep-alive sends no probe while data is outstanding"
          + " (the retransmission timer watches the peer then), and that it starts again, idle"
          + " time first, once everything is acknowledged: probe SEQ = SND.NXT - 1")
  void keepAliveWaitsWhileDataIsOutstanding() {
    Script<ConnectionBench> s = script("keep-alive: idle 1 s, interval 1 s, 3 probes",
        plain().keepAlive(true).keepAlive(Duration.ofSeconds(1), Duration.ofSeconds(1), 3));
    established(s);
    s.act("write \"abc\"", b -> b.write(text("abc")))
        .expect("segment sent", ConnectionBench::next, "PSH|ACK seq=1 ack=1 len=3")
        .expect("timers fired up to 3.5 s: only retransmissions, no probe", b -> {
          List<String> sent = new java.util.ArrayList<>();
          while (b.connection.pollTimeoutNs() < 3_500 * MS) {
            b.fireTimer();
            for (var seg = b.nextSegment(); seg != null; seg = b.nextSegment()) {
              sent.add(ConnectionBench.render(seg));
            }
          }
          return sent.stream().allMatch("PSH|ACK seq=1 ack=1 len=3"::equals) && !sent.isEmpty();
        }, true)
        .expect("state", b -> b.connection.state(), TcpState.ESTABLISHED);
    long[] ackedAt = {0};
    s.act("the peer acknowledges \"abc\"", b -> {
      b.peer(ACK, 1, 4).arrive();
      ackedAt[0] = b.nowNs;
      b.all();
    })
        .expect("next timer (idle 1 s from the ACK)", b -> b.connection.pollTimeoutNs() - ackedAt[0],
            1_000 * MS)
        .act("the timer fires", ConnectionBench::fireTimer)
        .expect("segment sent (a probe)", ConnectionBench::next, "ACK seq=3 ack=1");
  }

  @Test
  @Rule(id = "CONN-20", cites = "TcpConnection.Event.WRITABLE (the connection's contract)",
      hint = "If this fails, check WRITABLE: posted when an ACK frees send-buffer space, not"
          + " for an ACK that frees none, and never once the output was shut down")
  void writableWhenAnAckFreesSendBufferSpace() {
    Script<ConnectionBench> s = script("a 3000-byte send buffer",
        plain().sendBufferBytes(3000));
    established(s);
    s.expect("write 5000 bytes (takes what fits)", b -> b.write(new byte[5000]), 3000)
        .act("(what was sent)", ConnectionBench::all)
        .act("the peer acknowledges nothing new", b -> b.peer(ACK, 1, 1).arrive())
        .expect("events (nothing freed)", ConnectionBench::events, List.of())
        .act("the peer acknowledges 1000 bytes", b -> b.peer(ACK, 1, 1001).arrive())
        .expect("events", ConnectionBench::events, List.of(Event.WRITABLE))
        .expect("room to write", b -> b.connection.sendCapacity(), 1000)
        .act("shut down output", b -> b.connection.shutdownOutput(b.nowNs))
        .act("the peer acknowledges 1000 more", b -> b.peer(ACK, 1, 2001).arrive())
        .expect("events (output shut down: no WRITABLE)", ConnectionBench::events, List.of());
  }

  @Test
  @Rule(id = "CONN-21", cites = "RFC 5961 §5.2 (SND.UNA - MAX.SND.WND <= SEG.ACK), RFC 7323"
      + " §2.2, §2.3",
      hint = "If this fails, check MAX.SND.WND: the largest window the peer offered, scaled by"
          + " its shift (a SYN's window unscaled), pure window updates at SND.UNA included; an"
          + " old ACK no further than that below SND.UNA is acceptable and its text is taken")
  void anOldAckWithinTheLargestWindowIsAcceptable() {
    TcpOptions scale3 = TcpOptions.NONE.withMss(1000).withWindowScale(3);
    Script<ConnectionBench> active = script("active open, peer shift 3",
        plain().windowScaling(true));
    active.act("open a connection", ConnectionBench::connect)
        .expect("segment sent", ConnectionBench::next, "SYN seq=0")
        .act("the SYN-ACK: window 100 (a SYN's: unscaled)", b -> b.peer(SYN | ACK, 0, 1)
            .window(100).options(scale3).arrive())
        .act("a window update at SND.UNA: field 1000 (8000 bytes)", b -> {
          b.all();
          b.peer(ACK, 1, 1).window(1000).arrive();
        });
    anOldAckIsTakenAfter4000BytesAcknowledged(active);
    Script<ConnectionBench> passive = script("passive open, peer shift 3",
        plain().windowScaling(true));
    passive.act("a SYN arrives at a listener: window 100", b -> b.accept(b.peer(SYN, 0, 0)
            .window(100).options(scale3)))
        .expect("segment sent", ConnectionBench::next, "SYN|ACK seq=0 ack=1")
        .act("the third segment: field 1000 (8000 bytes)", b -> b.peer(ACK, 1, 1).window(1000)
            .arrive())
        .expect("state", b -> b.connection.state(), TcpState.ESTABLISHED);
    anOldAckIsTakenAfter4000BytesAcknowledged(passive);
    script("passive open: the SYN's window is the largest")
        .act("a SYN arrives at a listener: window 60000", b -> b.accept(b.peer(SYN, 0, 0)
            .window(60_000).mss()))
        .expect("segment sent", ConnectionBench::next, "SYN|ACK seq=0 ack=1")
        .act("the third segment: window 5000", b -> b.peer(ACK, 1, 1).window(5000).arrive())
        .act("write 8000 bytes; the peer acknowledges the first 4000 (window 5000)", b -> {
          b.write(new byte[8000]);
          b.all();
          b.peer(ACK, 1, 4001).window(5000).arrive();
        })
        .expect("bytes sent then", b -> {
          int sent = 0;
          for (var seg = b.nextSegment(); seg != null; seg = b.nextSegment()) {
            sent += seg.payloadLength();
          }
          return sent;
        }, 4000)
        .act("the peer acknowledges them all (window 5000)", b -> b.peer(ACK, 1, 8001)
            .window(5000).arrive())
        .act("\"z\" arrives with an old ACK field (1, 8000 below SND.UNA: within 60000)",
            b -> b.peer(ACK, 1, 1).payload(text("z")).arrive())
        .expect("read", ConnectionBench::readAll, text("z"));
  }

  private static void anOldAckIsTakenAfter4000BytesAcknowledged(Script<ConnectionBench> s) {
    s.act("write 4000 bytes", b -> b.write(new byte[4000]))
        .expect("bytes sent", b -> {
          int sent = 0;
          for (var seg = b.nextSegment(); seg != null; seg = b.nextSegment()) {
            sent += seg.payloadLength();
          }
          return sent;
        }, 4000)
        .act("the peer acknowledges them all: field 100 (800 bytes)", b -> b.peer(ACK, 1, 4001)
            .window(100).arrive())
        .act("\"z\" arrives with an old ACK field (1, 4000 below SND.UNA: within 8000)",
            b -> b.peer(ACK, 1, 1).payload(text("z")).arrive())
        .expect("read", ConnectionBench::readAll, text("z"));
  }

  @Test
  @Rule(id = "CONN-22", cites = "RFC 9293 §3.8.3 (R1: tell the application), RFC 1122"
      + " §4.2.3.5",
      hint = "If this fails, check STRUGGLING: once after R1 retransmissions of one segment,"
          + " and again in a later struggle only after an ACK of new data ended the first")
  void strugglingOnceR1IsReachedAndAgainAfterProgress() {
    Script<ConnectionBench> s = script("R1 = 2", plain().retries(2, 15));
    established(s);
    s.act("write \"abc\"", b -> b.write(text("abc")))
        .act("a duplicate ACK (no progress)", b -> b.peer(ACK, 1, 1).arrive())
        .act("the timer fires twice", b -> {
          b.fireTimer();
          b.fireTimer();
        })
        .expect("events", ConnectionBench::events, List.of(Event.STRUGGLING))
        .act("a duplicate ACK (still no progress); the timer fires again", b -> {
          b.peer(ACK, 1, 1).arrive();
          b.fireTimer();
        })
        .expect("events (told once)", ConnectionBench::events, List.of())
        .act("the peer acknowledges \"abc\" (WRITABLE follows); write \"def\"", b -> {
          b.peer(ACK, 1, 4).arrive();
          b.events();
          b.write(text("def"));
        })
        .act("the timer fires twice", b -> {
          b.fireTimer();
          b.fireTimer();
        })
        .expect("events (a new struggle)", ConnectionBench::events, List.of(Event.STRUGGLING));
  }

  @Test
  @Rule(id = "CONN-23", cites = "RFC 9293 §3.10.7.4 (first check: the four cases of segment"
      + " acceptability), RFC 5961 §3",
      hint = "If this fails, check the acceptability test with RCV.WND the free receive buffer:"
          + " a segment without octets is acceptable in [RCV.NXT, RCV.NXT + RCV.WND), or at"
          + " RCV.NXT exactly when the window is zero; one with octets if its first or last"
          + " octet is in the window, never into a zero window (yet its ACK field is used and it"
          + " is answered at once); an unacceptable one is answered with an ACK, a RST among them"
          + " dropped silently")
  void segmentAcceptabilityInEveryCase() {
    Script<ConnectionBench> s = script("a 2000-byte receive buffer",
        plain().receiveBufferBytes(2000));
    established(s);
    s.act("write \"abc\"", b -> b.write(text("abc")))
        .expect("segment sent", ConnectionBench::next, "PSH|ACK seq=1 ack=1 len=3")
        .act("an ACK of \"abc\" at the last number of the window (RCV.NXT + 1999)",
            b -> b.peer(ACK, 2000, 4).arrive())
        .expect("bytes waiting for an ACK (acceptable: its ACK field was used)",
            b -> b.connection.bytesUnacknowledged(), 0)
        .expect("segment sent", ConnectionBench::next, "nothing")
        .act("write \"def\"", b -> b.write(text("def")))
        .expect("segment sent", ConnectionBench::next, "PSH|ACK seq=4 ack=1 len=3")
        .act("an ACK of \"def\" just past the window (RCV.NXT + 2000)",
            b -> b.peer(ACK, 2001, 7).arrive())
        .expect("bytes waiting for an ACK (unacceptable: its ACK field was not used)",
            b -> b.connection.bytesUnacknowledged(), 3)
        .expect("segment sent (an ACK)", ConnectionBench::next, "ACK seq=7 ack=1")
        .act("a SYN|RST just past the window", b -> b.peer(SYN | RST, 2001, 0).arrive())
        .expect("segment sent (a RST outside the window: dropped silently)",
            ConnectionBench::next, "nothing")
        .expect("state", b -> b.connection.state(), TcpState.ESTABLISHED)
        .act("\"hello\" arrives and is read", b -> {
          b.peer(ACK, 1, 7).payload(text("hello")).arrive();
          b.readAll();
        })
        .act("\"hello world\" from seq 1: starts before RCV.NXT, ends inside the window",
            b -> b.peer(ACK, 1, 7).payload(text("hello world")).arrive())
        .expect("read (only the new part)", ConnectionBench::readAll, text(" world"))
        .act("the peer fills the window: 2000 bytes from RCV.NXT (12)", b -> {
          b.peer(ACK, 12, 7).payload(new byte[1000]).arrive();
          b.peer(ACK, 1012, 7).payload(new byte[1000]).arrive();
          b.all();
        })
        .act("write \"ghi\"", b -> b.write(text("ghi")))
        .expect("segment sent (the window is zero)", b -> {
          var seg = b.nextSegment();
          return seg == null ? "nothing"
              : ConnectionBench.render(seg) + " window=" + seg.header().window();
        }, "PSH|ACK seq=7 ack=2012 len=3 window=0")
        .act("an ACK of \"ghi\" exactly at RCV.NXT, into the zero window",
            b -> b.peer(ACK, 2012, 10).arrive())
        .expect("bytes waiting for an ACK (acceptable)",
            b -> b.connection.bytesUnacknowledged(), 0)
        .act("write \"jkl\"", b -> b.write(text("jkl")))
        .expect("segment sent", ConnectionBench::next, "PSH|ACK seq=10 ack=2012 len=3")
        .act("an ACK of \"jkl\" at RCV.NXT + 1, into the zero window",
            b -> b.peer(ACK, 2013, 13).arrive())
        .expect("bytes waiting for an ACK (unacceptable)",
            b -> b.connection.bytesUnacknowledged(), 3)
        .expect("segment sent (an ACK)", ConnectionBench::next, "ACK seq=13 ack=2012")
        .act("\"p\" at RCV.NXT into the zero window, acknowledging \"jkl\"",
            b -> b.peer(ACK, 2012, 13).payload(text("p")).arrive())
        .expect("bytes waiting for an ACK (its ACK field is used)",
            b -> b.connection.bytesUnacknowledged(), 0)
        .expect("segment sent (at once; \"p\" not taken)", ConnectionBench::next,
            "ACK seq=13 ack=2012")
        .expect("bytes readable (the 2000, not \"p\")", b -> b.connection.bytesReadable(), 2000)
        .act("a bare FIN at RCV.NXT into the zero window", b -> b.peer(FIN | ACK, 2012, 13)
            .arrive())
        .expect("state (a FIN takes no buffer: taken)", b -> b.connection.state(),
            TcpState.CLOSE_WAIT)
        .expect("segment sent", ConnectionBench::next, "ACK seq=13 ack=2013");
  }

  @Test
  @Rule(id = "CONN-24", cites = "RFC 9293 §3.10.7.4 (fifth check, SYN-RECEIVED)",
      hint = "If this fails, check an ACK in SYN-RECEIVED that does not acknowledge our SYN-ACK"
          + " (SND.UNA < SEG.ACK <= SND.NXT fails): it is answered with <SEQ=SEG.ACK><CTL=RST>"
          + " and the half-open connection waits on for the right ACK")
  void aBadAckInSynReceivedIsAnsweredWithAReset() {
    script("passive open, then ACKs of the wrong number")
        .act("a SYN arrives at a listener", b -> b.accept(b.peer(SYN, 0, 0).mss()))
        .expect("segment sent", ConnectionBench::next, "SYN|ACK seq=0 ack=1")
        .act("an ACK of something never sent (ack 5)", b -> b.peer(ACK, 1, 5).arrive())
        .expect("segment sent", ConnectionBench::next, "RST seq=5")
        .act("an ACK of nothing new (ack 0)", b -> b.peer(ACK, 1, 0).arrive())
        .expect("segment sent", ConnectionBench::next, "RST seq=0")
        .expect("state", b -> b.connection.state(), TcpState.SYN_RECEIVED)
        .act("the right ACK", b -> b.peer(ACK, 1, 1).arrive())
        .expect("state", b -> b.connection.state(), TcpState.ESTABLISHED);
  }

  @Test
  @Rule(id = "CONN-25", cites = "RFC 9293 §3.10.7.4 (eighth check, TIME-WAIT), §3.6",
      hint = "If this fails, check TIME-WAIT: the peer's retransmitted FIN (our last ACK was"
          + " lost) is acknowledged again and restarts the 2 MSL timeout")
  void aRetransmittedFinInTimeWaitRestartsTheTimer() {
    Script<ConnectionBench> s = script("TIME-WAIT, MSL 1 s");
    established(s);
    s.act("shut down output", b -> b.connection.shutdownOutput(b.nowNs))
        .expect("segment sent", ConnectionBench::next, "FIN|ACK seq=1 ack=1")
        .act("the peer acknowledges our FIN and sends its own", b -> b.peer(FIN | ACK, 1, 2)
            .arrive())
        .expect("state", b -> b.connection.state(), TcpState.TIME_WAIT)
        .expect("segment sent", ConnectionBench::next, "ACK seq=2 ack=2")
        .act("1.5 s later the peer sends its FIN again", b -> {
          b.advanceBy(1_500 * MS);
          b.peer(FIN | ACK, 1, 2).arrive();
        })
        .expect("segment sent (acknowledged again)", ConnectionBench::next, "ACK seq=2 ack=2")
        .expect("time left in TIME-WAIT (2 MSL again)", b -> b.connection.pollTimeoutNs()
            - b.nowNs, 2_000 * MS)
        .act("1 s later the old deadline passes", b -> {
          b.advanceBy(1_000 * MS);
          b.connection.handleTimeout(b.nowNs);
        })
        .expect("state", b -> b.connection.state(), TcpState.TIME_WAIT);
  }

  /** The TSecr of the next segment sent, or -1 if none or without timestamps. */
  private static long nextTsEcr(ConnectionBench b) {
    var seg = b.nextSegment();
    return seg == null ? -1
        : seg.header().options().timestamps().map(ts -> ts.tsEcr()).orElse(-1L);
  }

  @Test
  @Rule(id = "CONN-26", cites = "RFC 7323 §4.3 (TS.Recent), §5.3 (PAWS)",
      hint = "If this fails, check timestamps in the connection: our TSecr echoes the TSval of"
          + " the peer's latest in-order segment; a segment whose TSval is older than that is"
          + " an old duplicate (PAWS): answered with an ACK, its text not taken")
  void timestampsAreEchoedAndOldOnesRejected() {
    TcpOptions ts = TcpOptions.NONE;
    script("timestamps on", plain().timestamps(true))
        .act("open a connection", ConnectionBench::connect)
        .act("the SYN-ACK: TSval 1000", b -> {
          b.all();
          b.advanceBy(10 * MS);
          b.peer(SYN | ACK, 0, 1).options(ts.withMss(1000).withTimestamps(1000, 0)).arrive();
        })
        .expect("our ACK's TSecr", TcpConnectionVerification::nextTsEcr, 1000L)
        .act("\"a\" with TSval 1100", b -> b.peer(ACK, 1, 1).payload(text("a"))
            .options(ts.withTimestamps(1100, 10)).arrive())
        .act("the delayed ACK goes out", ConnectionBench::fireTimer)
        .expect("its TSecr", TcpConnectionVerification::nextTsEcr, 1100L)
        .act("\"b\" with an older TSval, 1050", b -> b.peer(ACK, 2, 1).payload(text("b"))
            .options(ts.withTimestamps(1050, 10)).arrive())
        .expect("segment sent (an ACK)", ConnectionBench::next, "ACK seq=1 ack=2")
        .expect("read (\"b\" was dropped)", ConnectionBench::readAll, text("a"))
        .act("\"b\" with TSval 1200", b -> b.peer(ACK, 2, 1).payload(text("b"))
            .options(ts.withTimestamps(1200, 10)).arrive())
        .expect("read", ConnectionBench::readAll, text("b"));
  }

  @Test
  @Rule(id = "CONN-27", cites = "RFC 9293 §3.10.7.4 (an unacceptable segment is acknowledged),"
      + " RFC 5961 §7 (challenge ACKs limited), RFC 5681 §4.2",
      hint = "If this fails, check which ACKs the challenge-ACK limit covers: a retransmission"
          + " of data already received (old octets, a plausible ACK field) is acknowledged at"
          + " once every time, since its sender waits on that ACK; segments outside the window"
          + " that a blind attacker could forge are answered only within the limit")
  void oldDuplicatesAreAcknowledgedEveryTimeOutOfWindowSegmentsWithinTheLimit() {
    Script<ConnectionBench> s = script("a limit of 2 challenge ACKs a second",
        plain().challengeAcksPerSecond(2));
    established(s);
    s.act("\"abc\" arrives; the delayed ACK goes out", b -> {
      b.peer(ACK, 1, 1).payload(text("abc")).arrive();
      b.fireTimer();
      b.all();
    })
        .act("\"abc\" again, 5 times at once", b -> {
          for (int i = 0; i < 5; i++) {
            b.peer(ACK, 1, 1).payload(text("abc")).arrive();
          }
        })
        .expect("segments sent (one ACK each)", ConnectionBench::all,
            String.join(", ", java.util.Collections.nCopies(5, "ACK seq=1 ack=4")))
        .act("5 segments far outside the window", b -> {
          for (int i = 0; i < 5; i++) {
            b.peer(ACK, 50_000_000, 1).payload(text("x")).arrive();
          }
        })
        .expect("segments sent (within the limit)", ConnectionBench::all,
            "ACK seq=1 ack=4, ACK seq=1 ack=4");
  }

  // ------------------------------------------------------------------ end to end

  /** The scenario generators' base configuration with the components under test. */
  private TcpConfig endToEndBase() {
    return TcpScenarios.baseConfig().components(components()).build();
  }

  @Test
  @Rule(id = "CONN-12", cites = "RFC 9293 §3.1 (reliable, ordered delivery), §3.8, §3.10",
      hint = "If this fails, replay the shrunk scenario printed below (its JSON and seed): every"
          + " byte must arrive once and in order, or both sides fail; look at the last steps of"
          + " each side for the segment your component got wrong")
  void transfersOverRandomImpairmentsKeepThePromise() {
    TcpConfig base = endToEndBase();
    ScenarioProperty.forAll(TcpScenarios.scenarios(16 * 1024, ImpairmentGenerators.TRANSPORT,
            base).map(TcpConnectionVerification::boundedSteps))
        .examples(120)
        .shrinkRuns(30)
        .shrinkingToward(base)
        .check(TcpOutcome::assertInvariants);
  }

  /**
   * A scenario that gives up (a livelock, reported as such) after 200,000 steps instead of three
   * million: a 16 KiB transfer takes a few thousand, and a component that never ends a
   * connection then fails in a second, not a minute.
   */
  private static TcpScenario boundedSteps(TcpScenario s) {
    return new TcpScenario(s.seed(), s.clientToServer(), s.serverToClient(), s.client(),
        s.server(), 200_000);
  }

  @Test
  @Tag(EXTERNAL)
  @Rule(id = "CONN-13", cites = "RFC 9293 §3.1 (header), RFC 1071 (checksum); tshark as judge",
      hint = "If this fails, open the capture named below in Wireshark: tshark found a malformed"
          + " segment, a bad checksum or an error-level expert note in what your components"
          + " sent")
  void captureIsCleanToTshark() throws java.io.IOException {
    assumeTrue(TsharkVerdict.locate().isPresent(), TsharkVerdict.INSTALL_HINT);
    TcpConfig base = endToEndBase();
    java.nio.file.Path pcap = java.nio.file.Files.createTempFile("conn-13-", ".pcap");
    try {
      ScenarioProperty.forAll(TcpScenarios.scenarios(64 * 1024,
              ImpairmentGenerators.MILD, base))
          .examples(6)
          .shrinkRuns(10)
          .shrinkingToward(base)
          .runOptions(RunOptions.DEFAULT.withTsharkVerdict(pcap))
          .check(TcpOutcome::assertInvariants);
    } finally {
      java.nio.file.Files.deleteIfExists(pcap);
    }
  }

  @Test
  @Tag(EXTERNAL)
  @Rule(id = "CONN-14", cites = "RFC 9293 (interoperation with the Linux kernel's TCP)",
      hint = "If this fails, your components disagree with Linux: 256 KiB sent to a Linux"
          + " program, then a half-close, must arrive intact and draw Linux's answer (SHA-256 on"
          + " both sides); capture with KernelNetwork.builder().capture(path) to see where")
  @org.junit.jupiter.api.Timeout(value = 90)
  void talksToTheLinuxKernel() throws Exception {
    Optional<String> why = KernelNetwork.whyUnavailable();
    assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
    new KernelConversation(plain().windowScaling(true).sack(true).timestamps(true).build())
        .exchange(256 * 1024);
  }
}
