package org.minitransport.tck.verify.connection;

import org.minitransport.tcp.component.AckDetails;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.TcpReceiverMessage;
import org.minitransport.tcp.component.TcpSender;
import org.minitransport.tcp.component.TcpSenderFactory;
import org.minitransport.tcp.component.TcpSenderMessage;

/**
 * The connection suite with a sender plugged in through {@code TcpConfig}'s factory, as a
 * student's is: a class of its own that forwards only the interface's required methods to the
 * reference (none of its optional extras), so the connection must work with what the interface
 * alone promises.
 */
class PluggedSenderConnectionVerificationTest extends TcpConnectionVerification {

  @Override
  protected ComponentFactories components() {
    TcpSenderFactory reference = ComponentFactories.reference().sender();
    return ComponentFactories.reference().withSender(
        (outbound, settings) -> new ForwardingSender(reference.create(outbound, settings)));
  }

  /** The reference behind the bare interface: no urgent data, no SACK, no statistics. */
  static class ForwardingSender implements TcpSender {
    private final TcpSender inner;

    ForwardingSender(TcpSender inner) {
      this.inner = inner;
    }

    @Override
    public void push(long nowNs, Transmit transmit) {
      inner.push(nowNs, transmit);
    }

    @Override
    public void receive(long nowNs, TcpReceiverMessage message, Transmit transmit) {
      inner.receive(nowNs, message, transmit);
    }

    @Override
    public void receive(long nowNs, TcpReceiverMessage message, AckDetails details,
        Transmit transmit) {
      inner.receive(nowNs, message, details, transmit);
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

    @Override
    public void onNegotiated(int mssBytes, boolean sackPermitted) {
      inner.onNegotiated(mssBytes, false);
    }

    @Override
    public int unansweredProbes() {
      return inner.unansweredProbes();
    }
  }
}
