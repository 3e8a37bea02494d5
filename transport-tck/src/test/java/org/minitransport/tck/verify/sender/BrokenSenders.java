package org.minitransport.tck.verify.sender;

import org.minitransport.tcp.component.AckDetails;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.CongestionControl;
import org.minitransport.tcp.component.CongestionControlFactory;
import org.minitransport.tcp.component.RttEstimator;
import org.minitransport.tcp.component.TcpReceiverMessage;
import org.minitransport.tcp.component.TcpSender;
import org.minitransport.tcp.component.TcpSenderFactory;
import org.minitransport.tcp.component.TcpSenderMessage;

/**
 * Deliberately broken senders, each the reference with one rule taken out, and the suite subclass
 * that runs against it (nested, so Surefire does not run them; {@link
 * TcpSenderVerificationCatchesBrokenSendersTest} does, through the launcher).
 */
final class BrokenSenders {

  private BrokenSenders() {}

  private static final TcpSenderFactory REFERENCE = ComponentFactories.reference().sender();

  /**
   * Never backs off its RTO (RFC 6298 §5.5): the reference, given an estimator whose backoff does
   * nothing.
   */
  static final TcpSenderFactory NEVER_BACKS_OFF = (outbound, settings) -> REFERENCE.create(
      outbound, new TcpSenderFactory.Settings(settings.isn(), settings.mssBytes(),
          settings.noDelay(), new NoBackoff(settings.rtt()), settings.congestion(),
          settings.lossRecovery()));

  /** Ignores the peer's window: every window it is told of reads as 1 GiB. */
  static final TcpSenderFactory IGNORES_THE_WINDOW =
      (outbound, settings) -> new ForgetsWindow(REFERENCE.create(outbound, settings));

  /**
   * Never fast-retransmits: the reference, given a congestion controller whose duplicate-ACK
   * signal is dropped on the way.
   */
  static final TcpSenderFactory NO_FAST_RETRANSMIT = (outbound, settings) -> {
    CongestionControlFactory real = settings.congestion();
    CongestionControlFactory muted = (smss, rtt) -> new SilentOnDuplicates(real.create(smss, rtt));
    return REFERENCE.create(outbound, new TcpSenderFactory.Settings(settings.isn(),
        settings.mssBytes(), settings.noDelay(), settings.rtt(), muted, settings.lossRecovery()));
  };

  static class NeverBacksOff extends TcpSenderVerification {
    @Override
    protected TcpSenderFactory sender() {
      return NEVER_BACKS_OFF;
    }
  }

  static class IgnoresTheWindow extends TcpSenderVerification {
    @Override
    protected TcpSenderFactory sender() {
      return IGNORES_THE_WINDOW;
    }
  }

  static class NoFastRetransmit extends TcpSenderVerification {
    @Override
    protected TcpSenderFactory sender() {
      return NO_FAST_RETRANSMIT;
    }
  }

  private static final class NoBackoff implements RttEstimator {
    private final RttEstimator inner;

    NoBackoff(RttEstimator inner) {
      this.inner = inner;
    }

    @Override
    public void addSample(long rttNs) {
      inner.addSample(rttNs);
    }

    @Override
    public void backoff() {}

    @Override
    public long rtoNs() {
      return inner.rtoNs();
    }

    @Override
    public long smoothedRttNs() {
      return inner.smoothedRttNs();
    }

    @Override
    public long rttVariationNs() {
      return inner.rttVariationNs();
    }
  }

  private static final class ForgetsWindow implements TcpSender {
    private final TcpSender inner;

    ForgetsWindow(TcpSender inner) {
      this.inner = inner;
    }

    private static TcpReceiverMessage open(TcpReceiverMessage m) {
      return new TcpReceiverMessage(m.ackno(), 1L << 30, m.rst(), m.sackBlocks());
    }

    @Override
    public void push(long nowNs, Transmit transmit) {
      inner.push(nowNs, transmit);
    }

    @Override
    public void receive(long nowNs, TcpReceiverMessage message, Transmit transmit) {
      inner.receive(nowNs, open(message), transmit);
    }

    @Override
    public void receive(long nowNs, TcpReceiverMessage message, AckDetails details,
        Transmit transmit) {
      inner.receive(nowNs, open(message), details, transmit);
    }

    @Override
    public void tick(long nowNs, Transmit transmit) {
      inner.tick(nowNs, transmit);
    }

    @Override
    public long nextDeadlineNs() {
      return inner.nextDeadlineNs();
    }

    @Override
    public TcpSenderMessage makeEmptyMessage() {
      return inner.makeEmptyMessage();
    }

    @Override
    public long sequenceNumbersInFlight() {
      return inner.sequenceNumbersInFlight();
    }

    @Override
    public int consecutiveRetransmissions() {
      return inner.consecutiveRetransmissions();
    }
  }

  private static final class SilentOnDuplicates implements CongestionControl {
    private final CongestionControl inner;

    SilentOnDuplicates(CongestionControl inner) {
      this.inner = inner;
    }

    @Override
    public Signal onAck(long nowNs, long ackedBytes, long flightSizeBeforeAckBytes, long ackAbs,
        long sndNxtAbs) {
      return inner.onAck(nowNs, ackedBytes, flightSizeBeforeAckBytes, ackAbs, sndNxtAbs);
    }

    @Override
    public Signal onDuplicateAck(long nowNs, long ackAbs, long flightSizeBytes, long sndNxtAbs) {
      inner.onDuplicateAck(nowNs, ackAbs, flightSizeBytes, sndNxtAbs);
      return Signal.NONE;
    }

    @Override
    public void onRetransmissionTimeout(long nowNs, long flightSizeBytes, long sndNxtAbs) {
      inner.onRetransmissionTimeout(nowNs, flightSizeBytes, sndNxtAbs);
    }

    @Override
    public void beforeSendingData(long nowNs, long rtoNs) {
      inner.beforeSendingData(nowNs, rtoNs);
    }

    @Override
    public long cwndBytes() {
      return inner.cwndBytes();
    }

    @Override
    public long ssthreshBytes() {
      return inner.ssthreshBytes();
    }

    @Override
    public boolean inRecovery() {
      return inner.inRecovery();
    }
  }
}
