package org.minitransport.tck.verify.congestion;

import org.minitransport.tcp.component.CongestionControl;
import org.minitransport.tcp.component.CongestionControl.Signal;
import org.minitransport.tcp.component.CongestionControlFactory;
import org.minitransport.tcp.component.RttEstimator;

/**
 * A congestion controller driven as a sender drives it, with the sender's sequence numbers kept
 * here so that every call gets consistent arguments (absolute numbers, 0 is the SYN, data from 1):
 * SND.UNA, SND.NXT and a clock. The steps a suite's script takes.
 */
final class CongestionBench {

  /** The SMSS every check uses unless it says otherwise. */
  static final long SMSS = 1000;
  /** The smoothed RTT the controller reads (CUBIC, RFC 9438 §4.2). */
  static final long RTT_NS = 100_000_000L;
  /** The RTO the sender passes to {@link CongestionControl#beforeSendingData}. */
  static final long RTO_NS = 300_000_000L;

  final CongestionControl cc;
  final long smss;
  long nowNs;
  long sndUnaAbs = 1;
  long sndNxtAbs = 1;
  /** For property checks: the last ACK's growth of cwnd and the most it was allowed. */
  long lastGrowth;
  long lastGrowthLimit = Long.MAX_VALUE;

  CongestionBench(CongestionControlFactory factory, long smss) {
    this.smss = smss;
    this.cc = factory.create(smss, new FixedRtt(RTT_NS, RTO_NS));
  }

  long flight() {
    return sndNxtAbs - sndUnaAbs;
  }

  long cwnd() {
    return cc.cwndBytes();
  }

  /** Sends new data until the flight fills cwnd (as a sender limited only by cwnd does). */
  void fillWindow() {
    if (cc.cwndBytes() > flight()) {
      cc.beforeSendingData(nowNs, RTO_NS);
      sndNxtAbs = sndUnaAbs + Math.max(flight(), cc.cwndBytes());
    }
  }

  /** Sends {@code bytes} more, whatever cwnd says (a retransmission or limited transmit). */
  void sendBeyond(long bytes) {
    cc.beforeSendingData(nowNs, RTO_NS);
    sndNxtAbs += bytes;
  }

  /** An ACK of {@code bytes} new bytes. */
  Signal ack(long bytes) {
    Signal s = cc.onAck(nowNs, bytes, flight(), sndUnaAbs + bytes, sndNxtAbs);
    sndUnaAbs += bytes;
    return s;
  }

  Signal duplicateAck() {
    return cc.onDuplicateAck(nowNs, sndUnaAbs, flight(), sndNxtAbs);
  }

  /** Three duplicate ACKs in a row: the loss signal of RFC 5681 §3.2. */
  void threeDuplicateAcks() {
    duplicateAck();
    duplicateAck();
    duplicateAck();
  }

  /**
   * Ends a fast recovery as a sender would: {@code newDataBytes} of new data go out during it,
   * then the ACK of everything that was outstanding when it began (the full ACK).
   */
  void completeRecovery(long newDataBytes) {
    long recoverEnd = sndNxtAbs;
    sendBeyond(newDataBytes);
    ack(recoverEnd - sndUnaAbs);
  }

  /** Round trips limited by cwnd until {@code elapsedNs} have passed since {@code sinceNs}. */
  void roundTripsUntil(long sinceNs, long elapsedNs) {
    while (nowNs - sinceNs < elapsedNs) {
      roundTrip();
    }
  }

  void timeout() {
    cc.onRetransmissionTimeout(nowNs, flight(), sndNxtAbs);
  }

  void advanceNs(long ns) {
    nowNs += ns;
  }

  /**
   * One round trip limited by cwnd: fills the window, then acknowledges it in SMSS-sized ACKs
   * spread over one RTT (each ACK refilling the window as a sender would).
   */
  void roundTrip() {
    roundTrip(smss);
  }

  /**
   * One round trip limited by cwnd, acknowledged in ACKs of {@code ackBytes} each (smaller than
   * SMSS: ACK division; larger: stretch ACKs).
   */
  void roundTrip(long ackBytes) {
    fillWindow();
    long toAck = flight();
    long acks = Math.max(1, (toAck + ackBytes - 1) / ackBytes);
    long step = Math.max(1, RTT_NS / acks);
    while (toAck > 0) {
      long n = Math.min(ackBytes, toAck);
      advanceNs(step);
      ack(n);
      toAck -= n;
      fillWindow();
    }
  }

  /** Slow start by whole ACKed segments until cwnd reaches {@code bytes}. */
  void slowStartTo(long bytes) {
    int guard = 0;
    while (cc.cwndBytes() < bytes && guard++ < 100_000) {
      fillWindow();
      advanceNs(RTT_NS / 10);
      ack(Math.min(smss, flight()));
    }
    fillWindow();
  }

  @Override
  public String toString() {
    return "cwnd=" + cc.cwndBytes() + " ssthresh=" + cc.ssthreshBytes() + " SND.UNA=" + sndUnaAbs
        + " SND.NXT=" + sndNxtAbs + " t=" + nowNs / 1_000_000 + "ms";
  }

  /** An RTT estimator that always says the same: the suite's, so that RTT is not in question. */
  static final class FixedRtt implements RttEstimator {
    private final long srttNs;
    private final long rtoNs;

    FixedRtt(long srttNs, long rtoNs) {
      this.srttNs = srttNs;
      this.rtoNs = rtoNs;
    }

    @Override
    public void addSample(long rttNs) {}

    @Override
    public void backoff() {}

    @Override
    public long rtoNs() {
      return rtoNs;
    }

    @Override
    public long smoothedRttNs() {
      return srttNs;
    }

    @Override
    public long rttVariationNs() {
      return srttNs / 2;
    }
  }
}
