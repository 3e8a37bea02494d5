package org.minitransport.tcp.component;

import java.util.ArrayDeque;
import org.minitransport.tcp.SeqNum;

/**
 * A deliberately plain {@link TcpSender}, written against the interface only, as in Minnow's
 * lab: it pops what it sends from the outbound stream and keeps its own queue of outstanding
 * segments; it fills the peer's window (0 counted as 1, for probes) in segments of the
 * factory's MSS; one retransmission timer resends the oldest outstanding segment and doubles its
 * own timeout (not while the window is 0), back to the estimator's RTO as soon as new data is
 * acknowledged — Minnow's rule, since a sender without timestamps rarely gets a clean RTT sample
 * while losses keep coming, and the estimator's backoff would last until one. It takes RTT
 * samples (Karn's rule) for the estimator it is given. No congestion control, Nagle, SACK, urgent data or MSS negotiation (every default
 * kept).
 */
public final class MinimalTcpSender implements TcpSender {

  private record Outstanding(long startAbs, TcpSenderMessage message) {
    long endAbs() {
      return startAbs + message.sequenceLength();
    }
  }

  private static final long MAX_TIMEOUT_NS = 60_000_000_000L;

  private final ByteStreamReader reader;
  private final ByteStreamWriter writer;
  private final SeqNum isn;
  private final int mss;
  private final RttEstimator rtt;
  private final ArrayDeque<Outstanding> outstanding = new ArrayDeque<>();
  private long nextAbs;
  private long ackedAbs;
  private long windowBytes = 1;
  private boolean finSent;
  private long deadlineNs = Long.MAX_VALUE;
  private int consecutiveRetransmissions;
  /** Timeouts since new data was last acknowledged, that doubled the timeout (RFC 6298 §5.5). */
  private int backoff;
  private long timedEndAbs = -1;
  private long timedSentNs;

  public MinimalTcpSender(ByteStream outbound, TcpSenderFactory.Settings settings) {
    this.reader = outbound.reader();
    this.writer = outbound.writer();
    this.isn = settings.isn();
    this.mss = settings.mssBytes();
    this.rtt = settings.rtt();
  }

  @Override
  public void push(long nowNs, Transmit transmit) {
    if (nextAbs == 0) {
      send(nowNs, new TcpSenderMessage(isn, true, new byte[0], false), transmit);
      return;
    }
    while (!finSent) {
      long room = ackedAbs + Math.max(windowBytes, 1) - nextAbs;
      if (room <= 0) {
        return;
      }
      int length = (int) Math.min(Math.min(mss, room), reader.bytesBuffered());
      byte[] payload = new byte[length];
      reader.read(payload, 0, length);
      boolean fin = writer.isClosed() && reader.bytesBuffered() == 0 && room > length;
      if (length == 0 && !fin) {
        return;
      }
      finSent = fin;
      send(nowNs, new TcpSenderMessage(SeqNum.wrap(nextAbs, isn), false, payload, fin),
          transmit);
    }
  }

  private void send(long nowNs, TcpSenderMessage message, Transmit transmit) {
    outstanding.add(new Outstanding(nextAbs, message));
    nextAbs += message.sequenceLength();
    if (timedEndAbs < 0) {
      timedEndAbs = nextAbs;
      timedSentNs = nowNs;
    }
    if (deadlineNs == Long.MAX_VALUE) {
      deadlineNs = nowNs + timeoutNs();
    }
    transmit.transmit(message);
  }

  @Override
  public void receive(long nowNs, TcpReceiverMessage message, Transmit transmit) {
    windowBytes = message.windowBytes();
    if (message.ackno().isEmpty()) {
      return;
    }
    long ackAbs = message.ackno().get().unwrap(isn, nextAbs);
    if (ackAbs <= ackedAbs || ackAbs > nextAbs) {
      return;
    }
    ackedAbs = ackAbs;
    if (timedEndAbs >= 0 && ackAbs >= timedEndAbs) {
      rtt.addSample(nowNs - timedSentNs);
      timedEndAbs = -1;
    }
    while (!outstanding.isEmpty() && outstanding.peek().endAbs() <= ackAbs) {
      outstanding.poll();
    }
    consecutiveRetransmissions = 0;
    backoff = 0;
    deadlineNs = outstanding.isEmpty() ? Long.MAX_VALUE : nowNs + timeoutNs();
  }

  @Override
  public void tick(long nowNs, Transmit transmit) {
    if (nowNs < deadlineNs || outstanding.isEmpty()) {
      return;
    }
    transmit.transmit(outstanding.peek().message());
    timedEndAbs = -1; // Karn: nothing sent before this retransmission is timed
    if (windowBytes > 0 || ackedAbs == 0) {
      consecutiveRetransmissions++;
      backoff++;
    }
    deadlineNs = nowNs + timeoutNs();
  }

  /** The estimator's RTO, doubled once per timeout since the last new ACK, at most 60 s. */
  private long timeoutNs() {
    return Math.min(rtt.rtoNs() << Math.min(backoff, 16), MAX_TIMEOUT_NS);
  }

  @Override
  public long nextDeadlineNs() {
    return deadlineNs;
  }

  @Override
  public TcpSenderMessage makeEmptyMessage() {
    return TcpSenderMessage.empty(SeqNum.wrap(nextAbs, isn));
  }

  @Override
  public long sequenceNumbersInFlight() {
    return nextAbs - ackedAbs;
  }

  @Override
  public int consecutiveRetransmissions() {
    return consecutiveRetransmissions;
  }
}
