package org.minitransport.tck.verify.connection;

import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.RttEstimator;
import org.minitransport.tcp.component.TcpSenderFactory;
import org.minitransport.tcp.component.TcpSenderMessage;

/**
 * Deliberately broken components plugged into an otherwise reference connection, and the suite
 * subclass that runs each (nested, so Surefire does not run them; {@link
 * TcpConnectionVerificationCatchesBrokenComponentsTest} does, through the launcher).
 */
final class BrokenConnections {

  private BrokenConnections() {}

  private static final TcpSenderFactory REFERENCE = ComponentFactories.reference().sender();

  /** A sender that never sends a FIN: the reference, with the FIN flag taken off every segment. */
  static final TcpSenderFactory FORGETS_THE_FIN = (outbound, settings) -> {
    var inner = REFERENCE.create(outbound, settings);
    return new PluggedSenderConnectionVerificationTest.ForwardingSender(inner) {
      @Override
      public void push(long nowNs, Transmit transmit) {
        super.push(nowNs, m -> transmit.transmit(withoutFin(m)));
      }

      @Override
      public void tick(long nowNs, Transmit transmit) {
        super.tick(nowNs, m -> transmit.transmit(withoutFin(m)));
      }
    };
  };

  /** An RTT estimator whose RTO never backs off (RFC 6298 §5.5), plugged into the connection. */
  static final org.minitransport.tcp.component.RttEstimatorFactory NEVER_BACKS_OFF = settings -> {
    RttEstimator inner = ComponentFactories.reference().rttEstimator().create(settings);
    return new RttEstimator() {
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
    };
  };

  private static TcpSenderMessage withoutFin(TcpSenderMessage m) {
    return new TcpSenderMessage(m.seqno(), m.syn(), m.payload(), false, m.rst(),
        m.urgentPointer());
  }

  static class ForgetsTheFin extends TcpConnectionVerification {
    @Override
    protected ComponentFactories components() {
      return ComponentFactories.reference().withSender(FORGETS_THE_FIN);
    }
  }

  static class NeverBacksOff extends TcpConnectionVerification {
    @Override
    protected ComponentFactories components() {
      return ComponentFactories.reference().withRttEstimator(NEVER_BACKS_OFF);
    }
  }
}
