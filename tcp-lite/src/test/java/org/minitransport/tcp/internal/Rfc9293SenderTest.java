package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.LossRecoveryConfig;
import org.minitransport.tcp.RtoSettings;
import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.component.AckDetails;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.CongestionControl;
import org.minitransport.tcp.component.CongestionControlFactory;
import org.minitransport.tcp.component.TcpReceiverMessage;
import org.minitransport.tcp.component.TcpSender;
import org.minitransport.tcp.component.TcpSenderFactory;
import org.minitransport.tcp.component.TcpSenderMessage;
import org.minitransport.tcp.wire.SackBlock;

/**
 * What the reference sender does beyond the {@code TcpSender} interface's rules (those are
 * transport-tck's SEND suite): its statistics, the hooks it gives the reference congestion
 * controller, Limited Transmit, urgent data, where it puts the FIN, and the sender's side of SACK
 * loss recovery (the timeout's retransmission, the tail loss probe). Sequence numbers in the
 * messages below are relative to the ISN (0 is the SYN); the MSS is 1000 bytes and the peer's
 * window 64000 unless a test says otherwise.
 */
class Rfc9293SenderTest {

  private static final long MS = 1_000_000L;
  private static final int MSS = 1000;
  private static final SeqNum ISN = SeqNum.ofUnsigned(5_000);
  private static final SeqNum PEER_ISN = SeqNum.ofUnsigned(90_000);
  private static final RtoSettings RTO = new RtoSettings(1_000 * MS, 200 * MS, 60_000 * MS, MS);

  /** One reference sender, its clock, and the peer's side. */
  private static final class Bench {
    final ByteStream outbound = ComponentFactories.reference().byteStream().create(64_000);
    final Rfc6298RttEstimator rtt = new Rfc6298RttEstimator(RTO);
    final Rfc9293Sender sender;
    final List<TcpSenderMessage> sent = new ArrayList<>();
    /** Option bytes beyond the MSS's allowance that the next segments carry (SACK blocks). */
    int extraOptionBytes;
    final TcpSender.Transmit transmit = new TcpSender.Transmit() {
      @Override
      public void transmit(TcpSenderMessage message) {
        sent.add(message);
      }

      @Override
      public int extraOptionBytes() {
        return extraOptionBytes;
      }
    };
    long nowNs;

    Bench(CongestionControlFactory congestion, boolean noDelay, LossRecoveryConfig recovery) {
      sender = new Rfc9293Sender(outbound,
          new TcpSenderFactory.Settings(ISN, MSS, noDelay, rtt, congestion, recovery));
    }

    /** The SYN at 0 ms, the peer's SYN-ACK 100 ms later; {@code sack}: both offered SACK. */
    Bench established(long window, boolean sack) {
      sender.push(nowNs, transmit);
      nowNs += 100 * MS;
      sender.onNegotiated(MSS, sack);
      sender.receive(nowNs, new TcpReceiverMessage(Optional.of(ISN.plus(1)), window, false),
          new AckDetails(Optional.of(PEER_ISN), true, -1, -1), transmit);
      sent.clear();
      return this;
    }

    void write(String text) {
      write(text.getBytes(StandardCharsets.US_ASCII));
    }

    void write(int bytes) {
      write(new byte[bytes]);
    }

    private void write(byte[] data) {
      assertEquals(data.length, outbound.writer().push(data, 0, data.length));
    }

    void push() {
      sender.push(nowNs, transmit);
    }

    void ack(long ackRel, long window) {
      ack(ackRel, window, List.of());
    }

    void ack(long ackRel, long window, List<SackBlock> sacks) {
      sender.receive(nowNs,
          new TcpReceiverMessage(Optional.of(ISN.plus(ackRel)), window, false, sacks),
          new AckDetails(Optional.of(PEER_ISN.plus(1)), false, -1, -1), transmit);
    }

    void fireTimer() {
      nowNs = Math.max(nowNs, sender.nextDeadlineNs());
      sender.tick(nowNs, transmit);
    }

    /** The messages sent since the last call, as "seq=1 len=1000", and forgotten. */
    String drain() {
      String text = sent.isEmpty() ? "nothing" : sent.stream().map(Bench::render)
          .collect(Collectors.joining(", "));
      sent.clear();
      return text;
    }

    static String render(TcpSenderMessage m) {
      return (m.fin() ? "FIN " : "") + "seq=" + Integer.toUnsignedLong(m.seqno().minus(ISN))
          + (m.payload().length > 0 ? " len=" + m.payload().length : "")
          + (m.urgentPointer() > 0 ? " urg=" + m.urgentPointer() : "");
    }
  }

  private static SackBlock sack(long fromRel, long toRel) {
    return new SackBlock(ISN.plus(fromRel).unsignedValue(), ISN.plus(toRel).unsignedValue());
  }

  /** A controller with a fixed window that never signals, recording what the sender tells it. */
  private static final class FixedWindow implements CongestionControl {
    final long cwndBytes;
    final long ssthreshBytes;
    final List<String> events = new ArrayList<>();

    FixedWindow(long cwndBytes) {
      this(cwndBytes, Long.MAX_VALUE);
    }

    FixedWindow(long cwndBytes, long ssthreshBytes) {
      this.cwndBytes = cwndBytes;
      this.ssthreshBytes = ssthreshBytes;
    }

    @Override
    public Signal onAck(long nowNs, long ackedBytes, long flightSizeBeforeAckBytes, long ackAbs,
        long sndNxtAbs) {
      events.add("ack " + ackedBytes);
      return Signal.NONE;
    }

    @Override
    public Signal onDuplicateAck(long nowNs, long ackAbs, long flightSizeBytes, long sndNxtAbs) {
      events.add("duplicate ack");
      return Signal.NONE;
    }

    @Override
    public void onRetransmissionTimeout(long nowNs, long flightSizeBytes, long sndNxtAbs) {
      events.add("timeout");
    }

    @Override
    public void beforeSendingData(long nowNs, long rtoNs) {}

    @Override
    public void onRttSample(long nowNs, long rttNs) {
      events.add("rtt " + rttNs / MS + " ms");
    }

    @Override
    public long cwndBytes() {
      return cwndBytes;
    }

    @Override
    public long ssthreshBytes() {
      return ssthreshBytes;
    }

    @Override
    public boolean inRecovery() {
      return false;
    }
  }

  private static Bench withFixedWindow(FixedWindow controller, boolean noDelay) {
    return new Bench((smss, rtt) -> controller, noDelay, LossRecoveryConfig.newRenoOnly());
  }

  private static CongestionControlFactory newReno(LossRecoveryConfig recovery) {
    return TcpConfig.builder().congestionControl(TcpConfig.CongestionAlgorithm.NEW_RENO)
        .lossRecovery(recovery).build().components().congestionControl();
  }

  @Nested
  class TheCongestionController {

    @Test
    void hearsEachRttSampleJustBeforeTheAckThatGaveIt() {
      FixedWindow controller = new FixedWindow(1L << 40);
      Bench b = withFixedWindow(controller, true).established(64_000, false);
      controller.events.clear();
      b.write(1000);
      b.push();
      b.nowNs += 50 * MS;
      b.ack(1001, 64_000);
      assertEquals(List.of("rtt 50 ms", "ack 1000"), controller.events);
    }

    @Test
    void limitedTransmitSendsOneSegmentOnEachOfTheFirstTwoDuplicateAcksOnly() {
      FixedWindow controller = new FixedWindow(2 * MSS);
      Bench b = withFixedWindow(controller, true).established(64_000, false);
      b.write(10_000);
      b.push();
      assertEquals("seq=1 len=1000, seq=1001 len=1000", b.drain(), "cwnd is two segments");
      b.ack(1, 64_000);
      b.push();
      assertEquals("seq=2001 len=1000", b.drain(), "RFC 3042: one segment beyond cwnd");
      b.ack(1, 64_000);
      b.push();
      assertEquals("seq=3001 len=1000", b.drain(), "RFC 3042: a second one");
      b.ack(1, 64_000);
      b.push();
      assertEquals("nothing", b.drain(), "no Limited Transmit past the second duplicate ACK");
    }
  }

  /**
   * Pacing ({@link LossRecoveryConfig#pacing()}): the sender asks {@link Pacing} before each data
   * segment and, held back, makes the release time its deadline. The handshake's RTT sample is
   * 100 ms; the window is fixed at ten segments.
   */
  @Nested
  class WithPacing {

    private Bench paced(FixedWindow controller, boolean pacing) {
      Bench b = new Bench((smss, rtt) -> controller, true,
          LossRecoveryConfig.newRenoOnly().withPacing(pacing)).established(64_000, false);
      assertEquals(100 * MS, b.rtt.smoothedRttNs(), "the SYN was timed");
      return b;
    }

    /** Pushes 10,000 bytes, then fires the sender's timer for 150 ms: what left when. */
    private List<String> departures(Bench b) {
      long start = b.nowNs;
      b.write(10_000);
      b.push();
      List<String> departures = new ArrayList<>();
      departures.add("+0.0 ms: " + b.drain());
      while (b.sender.nextDeadlineNs() <= start + 150 * MS) {
        b.fireTimer();
        departures.add(String.format(java.util.Locale.ROOT, "+%.1f ms: %s",
            (b.nowNs - start) / 1e6, b.drain()));
      }
      return departures;
    }

    @Test
    void spreadsSlowStartsWindowOverHalfTheRoundTripInBurstsOfTwoSegments() {
      // Slow start: 2 × 10,000 B per 100 ms = 200 kB/s; a burst of 2,000 B every 10 ms.
      assertEquals(List.of(
          "+0.0 ms: seq=1 len=1000, seq=1001 len=1000",
          "+10.0 ms: seq=2001 len=1000, seq=3001 len=1000",
          "+20.0 ms: seq=4001 len=1000, seq=5001 len=1000",
          "+30.0 ms: seq=6001 len=1000, seq=7001 len=1000",
          "+40.0 ms: seq=8001 len=1000, seq=9001 len=1000"),
          departures(paced(new FixedWindow(10 * MSS), true)));
    }

    @Test
    void spreadsTheWindowOverFiveSixthsOfTheRoundTripOutsideSlowStart() {
      // cwnd = ssthresh: 1.2 × 10,000 B per 100 ms = 120 kB/s; 2,000 B every 16.7 ms.
      assertEquals(List.of(
          "+0.0 ms: seq=1 len=1000, seq=1001 len=1000",
          "+16.7 ms: seq=2001 len=1000, seq=3001 len=1000",
          "+33.3 ms: seq=4001 len=1000, seq=5001 len=1000",
          "+50.0 ms: seq=6001 len=1000, seq=7001 len=1000",
          "+66.7 ms: seq=8001 len=1000, seq=9001 len=1000"),
          departures(paced(new FixedWindow(10 * MSS, 10 * MSS), true)));
    }

    @Test
    void withoutItTheWholeWindowLeavesAtOnce() {
      List<String> departures = departures(paced(new FixedWindow(10 * MSS), false));
      assertEquals(1, departures.size(), departures.toString());
      assertTrue(departures.get(0).contains("seq=9001 len=1000"), departures.get(0));
    }

    @Test
    void pacesTheRetransmissionsOfARecoveryAfterTheFirst() {
      // Without PRR cwnd is ssthresh at once (RFC 6675 §5 step 4.2): room for three.
      LossRecoveryConfig recovery = LossRecoveryConfig.linuxDefaults()
          .withPrr(LossRecoveryConfig.Prr.OFF).withPacing(true);
      Bench b = new Bench(newReno(recovery), true, recovery).established(64_000, true);
      long start = b.nowNs;
      b.write(40_000);
      b.push();
      while (b.sent.size() < 4) {
        b.fireTimer();
      }
      assertEquals(4, b.sent.size(), "the initial window, paced");
      b.sent.clear();
      b.nowNs = start + 100 * MS;
      for (int ack = 1001; ack <= 4001; ack += 1000) {
        b.ack(ack, 64_000);
      }
      b.push();
      while (b.sender.nextDeadlineNs() < start + 200 * MS) {
        b.fireTimer();
      }
      assertEquals("seq=4001 len=1000", Bench.render(b.sent.get(0)));
      assertEquals(6, b.sent.size(), "cwnd grew to six segments: " + b.drain());
      b.sent.clear();
      // 4001, 5001 and 6001 are lost; 7001, 8001 and 9001 arrive: three SACKs at one instant.
      b.nowNs = start + 200 * MS;
      b.ack(4001, 64_000, List.of(sack(7001, 8001)));
      b.ack(4001, 64_000, List.of(sack(7001, 9001)));
      b.ack(4001, 64_000, List.of(sack(7001, 10001)));
      b.push();
      assertEquals("seq=4001 len=1000, seq=5001 len=1000", b.drain(),
          "the first retransmission goes at once, a second in its burst; the third waits");
      assertTrue(b.sender.nextDeadlineNs() < b.nowNs + 50 * MS, "a pacing deadline, not the RTO");
      b.fireTimer();
      assertEquals("seq=6001 len=1000", b.drain(), "the third at the release time");
    }

    @Test
    void holdsNothingBackWhenTheWindowIsWhatLimits() {
      Bench b = paced(new FixedWindow(2 * MSS), true);
      b.write(10_000);
      b.push();
      assertEquals("seq=1 len=1000, seq=1001 len=1000", b.drain());
      assertEquals(b.nowNs + 300 * MS, b.sender.nextDeadlineNs(),
          "cwnd, not pacing, holds the rest: the only deadline is the RTO (100 ms + 4 × 50 ms)");
      b.nowNs += 100 * MS;
      b.ack(2001, 64_000);
      b.push();
      assertEquals("seq=2001 len=1000, seq=3001 len=1000", b.drain(),
          "the release time passed long ago: the next burst leaves with the ACK");
    }
  }

  @Nested
  class Statistics {

    @Test
    void countsRenoRecoveriesAndEveryFastRetransmission() {
      Bench b = new Bench(newReno(LossRecoveryConfig.newRenoOnly()), true,
          LossRecoveryConfig.newRenoOnly()).established(64_000, false);
      b.write(4000);
      b.push();
      b.ack(1, 64_000);
      b.ack(1, 64_000);
      b.ack(1, 64_000);
      assertEquals(1, b.sender.lossRecoveryCounters().renoRecoveries());
      assertEquals(1, b.sender.lossRecoveryCounters().fastRetransmits());
      b.ack(2001, 64_000);
      assertEquals(2, b.sender.lossRecoveryCounters().fastRetransmits(),
          "the partial-ACK retransmission (RFC 6582 §3.2) is a fast retransmission too");
      assertEquals(1, b.sender.lossRecoveryCounters().renoRecoveries());
    }

    @Test
    void timesALoneFinAsNewData() {
      FixedWindow controller = new FixedWindow(1L << 40);
      Bench b = withFixedWindow(controller, true).established(64_000, false);
      b.write(1000);
      b.push();
      b.ack(1001, 64_000);
      b.sent.clear();
      b.outbound.writer().close();
      b.push();
      assertEquals("FIN seq=1001", b.drain());
      controller.events.clear();
      b.nowNs += 30 * MS;
      b.ack(1002, 64_000);
      assertEquals(List.of("rtt 30 ms", "ack 1"), controller.events);
      assertEquals(0, b.sender.retransmittedSegments());
    }
  }

  @Nested
  class TheWindow {

    @Test
    void anAckWithoutSegmentFactsDoesNotForgetSndWl1() {
      Bench b = withFixedWindow(new FixedWindow(1L << 40), true).established(64_000, false);
      b.write(20_000);
      b.sender.receive(b.nowNs, new TcpReceiverMessage(Optional.of(ISN.plus(1)), 1000, false),
          new AckDetails(Optional.of(PEER_ISN.plus(101)), true, -1, -1), b.transmit);
      b.sender.receive(b.nowNs, new TcpReceiverMessage(Optional.of(ISN.plus(1)), 2000, false),
          b.transmit);
      b.sender.receive(b.nowNs, new TcpReceiverMessage(Optional.of(ISN.plus(1)), 8000, false),
          new AckDetails(Optional.of(PEER_ISN.plus(1)), true, -1, -1), b.transmit);
      b.push();
      assertEquals("seq=1 len=1000, seq=1001 len=1000", b.drain(),
          "the window is 2000: the late segment (below SND.WL1) must not set it to 8000");
    }
  }

  @Nested
  class TheFin {

    @Test
    void ridesOnTheLastDataSegmentWhenTheWindowHasRoom() {
      Bench b = withFixedWindow(new FixedWindow(1L << 40), true).established(64_000, false);
      b.write(2500);
      b.outbound.writer().close();
      b.push();
      assertEquals("seq=1 len=1000, seq=1001 len=1000, FIN seq=2001 len=500", b.drain());
    }

    @Test
    void goesAloneOnceTheWindowHasRoomForIt() {
      Bench b = withFixedWindow(new FixedWindow(1L << 40), true).established(2500, false);
      b.write(2500);
      b.outbound.writer().close();
      b.push();
      assertEquals("seq=1 len=1000, seq=1001 len=1000, seq=2001 len=500", b.drain());
      b.ack(2501, 2500);
      b.push();
      assertEquals("FIN seq=2501", b.drain());
    }
  }

  @Nested
  class UrgentData {

    @Test
    void aZeroWindowProbeAfterTheUrgentByteWasAcknowledgedCarriesNoUrgentPointer() {
      Bench b = withFixedWindow(new FixedWindow(1L << 40), true).established(64_000, false);
      b.write("!");
      b.sender.markUrgent();
      b.push();
      assertEquals("seq=1 len=1 urg=1", b.drain());
      b.ack(2, 0);
      b.write("more");
      b.push();
      b.fireTimer();
      assertEquals("seq=1", b.drain(), "a probe (SEQ = SND.UNA − 1) without URG");
    }

    @Test
    void naglesAlgorithmHoldsDataWrittenAfterTheUrgentByteWentOut() {
      Bench b = withFixedWindow(new FixedWindow(1L << 40), false).established(64_000, false);
      b.write("!");
      b.sender.markUrgent();
      b.push();
      assertEquals("seq=1 len=1 urg=1", b.drain());
      b.write("x");
      b.push();
      assertEquals("nothing", b.drain(), "Nagle: a small segment waits for the ACK");
      b.ack(2, 64_000);
      b.push();
      assertEquals("seq=2 len=1", b.drain());
    }
  }

  @Nested
  class SackRecovery {

    private Bench sackSender(long window) {
      LossRecoveryConfig recovery = LossRecoveryConfig.linuxDefaults();
      return new Bench(newReno(recovery), true, recovery).established(window, true);
    }

    @Test
    void aTimeoutResendsTheFirstSegmentFromTickItself() {
      Bench b = sackSender(64_000);
      b.write(4000);
      b.push();
      assertEquals(4, b.sent.size());
      b.sent.clear();
      for (int i = 0; i < 5 && b.sender.lossRecoveryCounters().timeouts() == 0; i++) {
        b.sent.clear();
        b.fireTimer();
      }
      assertEquals(1, b.sender.lossRecoveryCounters().timeouts());
      assertTrue(b.drain().startsWith("seq=1 len=1000"),
          "RFC 6675 §5.1: the timeout's tick resends SND.UNA's segment without waiting for push");
    }

    @Test
    void theTailLossProbeSendsNewDataTheWindowTakesBeyondCwnd() {
      Bench b = sackSender(4500);
      b.write(6000);
      b.push();
      assertEquals("seq=1 len=1000, seq=1001 len=1000, seq=2001 len=1000, seq=3001 len=1000",
          b.drain(), "the initial window is four segments");
      b.fireTimer();
      assertEquals(1, b.sender.lossRecoveryCounters().lossProbes());
      assertEquals("seq=4001 len=500", b.drain(),
          "RFC 8985 §7.3: a new segment, cut to the peer's window");
    }

    @Test
    void theTailLossProbeResendsTheFinWithTheLastSegment() {
      Bench b = sackSender(64_000);
      b.write(1000);
      b.outbound.writer().close();
      b.push();
      assertEquals("FIN seq=1 len=1000", b.drain());
      b.fireTimer();
      assertEquals(1, b.sender.lossRecoveryCounters().lossProbes());
      assertEquals("FIN seq=1 len=1000", b.drain());
    }

    @Test
    void sackBlocksAreTakenOnlyOnceSackWasNegotiated() {
      LossRecoveryConfig recovery = LossRecoveryConfig.linuxDefaults();
      Bench b = new Bench(newReno(recovery), true, recovery).established(64_000, false);
      b.write(4000);
      b.push();
      b.sent.clear();
      b.ack(1, 64_000, List.of(sack(1001, 4001)));
      assertEquals("nothing", b.drain(), "without SACK, one ACK with blocks is one duplicate");
    }

    @Test
    void theTailLossProbeResendsTheLastSegmentWhenThePeersWindowIsFull() {
      Bench b = sackSender(4000);
      b.write(6000);
      b.push();
      assertEquals(4, b.sent.size());
      b.sent.clear();
      b.fireTimer();
      assertEquals(1, b.sender.lossRecoveryCounters().lossProbes());
      assertEquals("seq=3001 len=1000", b.drain(), "RFC 8985 §7.3: no new segment fits");
    }

    @Test
    void theTailLossProbesNewSegmentCarriesTheFinWhenItIsTheLast() {
      Bench b = sackSender(64_000);
      b.write(4500);
      b.outbound.writer().close();
      b.push();
      assertEquals(4, b.sent.size(), "the initial window is four segments");
      b.sent.clear();
      b.fireTimer();
      assertEquals(1, b.sender.lossRecoveryCounters().lossProbes());
      assertEquals("FIN seq=4001 len=500", b.drain());
    }

    @Test
    void theTailLossProbesNewSegmentLeavesOutAFinTheWindowHasNoRoomFor() {
      Bench b = sackSender(4500);
      b.write(4500);
      b.outbound.writer().close();
      b.push();
      assertEquals(4, b.sent.size(), "the initial window is four segments");
      b.sent.clear();
      b.fireTimer();
      assertEquals(1, b.sender.lossRecoveryCounters().lossProbes());
      assertEquals("seq=4001 len=500", b.drain());
    }

    @Test
    void theTailLossProbeSendsNoFinTheWindowHadNoRoomFor() {
      Bench b = sackSender(2500);
      b.write(2500);
      b.outbound.writer().close();
      b.push();
      assertEquals("seq=1 len=1000, seq=1001 len=1000, seq=2001 len=500", b.drain());
      b.fireTimer();
      assertEquals(1, b.sender.lossRecoveryCounters().lossProbes());
      assertEquals("seq=2001 len=500", b.drain());
    }

    @Test
    void noTailLossProbeIntoAZeroWindow() {
      Bench b = sackSender(64_000);
      b.write(4000);
      b.push();
      b.sent.clear();
      b.ack(2001, 0);
      b.push();
      b.fireTimer();
      assertEquals(0, b.sender.lossRecoveryCounters().lossProbes(),
          "RFC 8985 §7.3 sends new data or the last segment: neither fits a zero window");
      for (int i = 0; i < 3 && b.sent.isEmpty(); i++) {
        b.fireTimer();
      }
      assertEquals(0, b.sender.lossRecoveryCounters().lossProbes());
      assertEquals(1, b.sender.lossRecoveryCounters().timeouts());
      assertTrue(b.drain().startsWith("seq=2001 len=1000"),
          "the timeout retransmits SND.UNA's segment, which probes the zero window");
    }

    @Test
    void noTailLossProbeWhenNothingIsInFlight() {
      Bench b = sackSender(64_000);
      b.write(6000);
      b.push();
      assertEquals(4, b.sent.size(), "the initial window is four segments");
      b.sent.clear();
      long probeAtNs = b.sender.nextDeadlineNs();
      b.nowNs += 10 * MS;
      b.ack(4001, 64_000);
      b.nowNs = Math.max(b.nowNs, probeAtNs);
      b.sender.tick(b.nowNs, b.transmit);
      assertEquals(0, b.sender.lossRecoveryCounters().lossProbes());
      assertEquals("nothing", b.drain(), "new data waits for push, not for a probe");
    }

    @Test
    void anAckWhoseSackBlocksAddNothingIsNoDuplicateOnceTheWindowChanged() {
      FixedWindow controller = new FixedWindow(1L << 40);
      Bench b = new Bench((smss, rtt) -> controller, true,
          LossRecoveryConfig.newRenoOnly()).established(64_000, true);
      b.write(3000);
      b.push();
      b.ack(1, 64_000, List.of(sack(1001, 2001)));
      b.ack(1, 32_000, List.of(sack(1001, 2001)));
      b.ack(1, 32_000, List.of(sack(1001, 3001)));
      assertEquals(List.of("duplicate ack", "duplicate ack"), controller.events.stream()
          .filter(e -> e.startsWith("duplicate")).toList(),
          "RFC 6675 §2: an ACK that SACKs new data is a duplicate whatever its window; one that"
              + " SACKs nothing new is one only with the window unchanged");
    }

    @Test
    void anEmptySackBlockIsIgnored() {
      Bench b = sackSender(64_000);
      b.write(2000);
      b.push();
      b.ack(2001, 64_000);
      b.ack(2001, 64_000, List.of(sack(500, 500)));
      assertEquals(0, b.sender.lossRecoveryCounters().dsacksReceived());
    }

    @Test
    void withoutRackAPartialAckLetsRuleThreeResendTheNextUnsackedSegment() {
      LossRecoveryConfig recovery = LossRecoveryConfig.linuxDefaults().withRackTlp(false);
      Bench b = new Bench(newReno(recovery), true, recovery).established(64_000, true);
      b.write(6000);
      b.push();
      b.nowNs += 10 * MS;
      b.ack(1001, 64_000);
      b.push();
      assertEquals("seq=1 len=1000, seq=1001 len=1000, seq=2001 len=1000, seq=3001 len=1000,"
          + " seq=4001 len=1000, seq=5001 len=1000", b.drain(),
          "four segments, then slow start makes cwnd five");
      b.ack(1001, 64_000, List.of(sack(2001, 3001)));
      b.ack(1001, 64_000, List.of(sack(2001, 3001), sack(4001, 5001)));
      b.push();
      assertEquals("nothing", b.drain(), "two duplicate ACKs: nothing lost yet");
      b.ack(1001, 64_000, List.of(sack(2001, 3001), sack(4001, 6001)));
      b.push();
      assertEquals("seq=1001 len=1000", b.drain(),
          "the third: 1001 has three SACKed segments above it (RFC 6675 IsLost), rule 1");
      b.ack(2001, 64_000, List.of(sack(4001, 6001)));
      b.push();
      assertEquals("seq=3001 len=1000", b.drain(),
          "RFC 6675 §4 NextSeg rule 3: 3001 is not deemed lost (only two SACKed segments above"
              + " it), no new data waits, and cwnd has room: send it");
      assertEquals(2, b.sender.lossRecoveryCounters().fastRetransmits());
    }

    @Test
    void anAckOfNewDataRestartsTheProbeTimer() {
      Bench b = sackSender(64_000);
      b.write(4000);
      b.push();
      long probeAtNs = b.sender.nextDeadlineNs();
      b.nowNs = probeAtNs - 10 * MS;
      b.ack(2001, 64_000);
      b.push();
      assertTrue(b.sender.nextDeadlineNs() > probeAtNs + 50 * MS,
          "RFC 8985 §7.2: the PTO restarts from an ACK of new data, not from the first send");
    }

    @Test
    void aPushWithNothingNewLeavesTheProbeTimerAlone() {
      Bench b = sackSender(64_000);
      b.write(4000);
      b.push();
      long probeAtNs = b.sender.nextDeadlineNs();
      b.nowNs += 50 * MS;
      b.push();
      assertEquals(probeAtNs, b.sender.nextDeadlineNs());
    }

    @Test
    void aTimeoutResendsTheLastSegmentWithItsFin() {
      Bench b = sackSender(64_000);
      b.write(1000);
      b.outbound.writer().close();
      b.push();
      assertEquals("FIN seq=1 len=1000", b.drain());
      for (int i = 0; i < 5 && b.sender.lossRecoveryCounters().timeouts() == 0; i++) {
        b.sent.clear();
        b.fireTimer();
      }
      assertEquals(1, b.sender.lossRecoveryCounters().timeouts());
      assertEquals("FIN seq=1 len=1000", b.drain());
    }

    @Test
    void retransmissionsShrinkToLeaveRoomForSackOptions() {
      Bench b = sackSender(64_000);
      b.write(1000);
      b.push();
      b.write(500);
      b.push();
      b.write(1000);
      b.push();
      assertEquals("seq=1 len=1000, seq=1001 len=500, seq=1501 len=1000", b.drain());
      b.extraOptionBytes = 12;
      for (int i = 0; i < 5 && b.sender.lossRecoveryCounters().timeouts() == 0; i++) {
        b.sent.clear();
        b.fireTimer();
      }
      assertEquals(1, b.sender.lossRecoveryCounters().timeouts());
      assertEquals("seq=1 len=988", Bench.render(b.sent.get(0)),
          "RFC 6691: the segment and its 12 option bytes fit the peer's MSS");
      assertTrue(b.sent.stream().allMatch(m -> m.payload().length <= 988
          && Integer.toUnsignedLong(m.seqno().minus(ISN)) + m.payload().length <= 1001),
          "the timeout resends the first segment, in pieces of at most 988 bytes: " + b.drain());
    }
  }

  @Nested
  class TheOverrideTimer {

    @Test
    void sendsNoMoreThanTheDataWaitingWhenTheWindowOpenedMeanwhile() {
      Bench b = withFixedWindow(new FixedWindow(1L << 40), true).established(64_000, false);
      b.write(1000);
      b.push();
      b.ack(1001, 300);
      b.write(500);
      b.push();
      assertEquals("seq=1 len=1000", b.drain(), "300 of 500 bytes: silly-window avoidance waits");
      b.ack(1001, 64_000);
      b.fireTimer();
      assertEquals("seq=1001 len=500", b.drain());
    }
  }
}
