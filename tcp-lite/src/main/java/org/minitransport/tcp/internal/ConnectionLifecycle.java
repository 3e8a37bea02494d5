package org.minitransport.tcp.internal;

import java.util.ArrayDeque;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpConnection.Event;
import org.minitransport.tcp.TcpConnection.Failure;
import org.minitransport.tcp.TcpState;

/**
 * The state of one connection (RFC 9293 §3.3.2) and the moves it makes around the data path:
 * the end of the handshake, the FIN exchange in both directions (§3.10.4, §3.10.7.4 "eighth"),
 * TIME-WAIT and its 2·MSL timer, a RST received (§3.10.7.4 "second"), and a failure; plus the
 * queue of {@link Event}s these moves (and the connection's data path) post for the application.
 *
 * <p>The connection decides <em>when</em> a move is due (which segment is acceptable, whether our
 * FIN was acknowledged); this class knows <em>where</em> each state goes and what the sender,
 * receiver, ACK output and liveness timers must do on the way (no sender timer is consulted in
 * TIME-WAIT or CLOSED, mark both streams failed, start the FIN-WAIT-2 timeout after the
 * application's close). Sans-IO and not thread-safe; times come from the connection's clock.
 */
public final class ConnectionLifecycle {

  private static final long NONE = Long.MAX_VALUE;

  private final boolean passive;
  private final long timeWaitNs;
  private final ConnectionParts parts;
  private final SegmentOutput output;
  private final LivenessTimers liveness;
  private final ArrayDeque<Event> events = new ArrayDeque<>();

  private TcpState state;
  private Failure failure;
  private long timeWaitDeadlineNs = NONE;
  private boolean closedByApplication;

  /**
   * @param state where the connection starts: SYN-SENT (active open) or SYN-RECEIVED (passive)
   * @param passive whether the connection came from a listener
   */
  public ConnectionLifecycle(TcpState state, boolean passive, TcpConfig config,
      ConnectionParts parts, SegmentOutput output, LivenessTimers liveness) {
    if (state != TcpState.SYN_SENT && state != TcpState.SYN_RECEIVED) {
      throw new IllegalArgumentException("a connection starts in SYN-SENT or SYN-RECEIVED, not "
          + state);
    }
    this.state = state;
    this.passive = passive;
    this.timeWaitNs = 2 * config.mslNs();
    this.parts = parts;
    this.output = output;
    this.liveness = liveness;
  }

  public TcpState state() {
    return state;
  }

  /** The failure both the reader and the writer see, or null. */
  public Failure failure() {
    return failure;
  }

  /** Whether the application closed the connection for good (not just shut its output down). */
  public boolean closedByApplication() {
    return closedByApplication;
  }

  /** When TIME-WAIT ends, if the connection is in it. */
  public long timeWaitDeadlineNs() {
    return timeWaitDeadlineNs;
  }

  // ------------------------------------------------------------------ events

  /** Posts {@code event}, unless it is the last one already waiting (READABLE, WRITABLE, URGENT). */
  public void post(Event event) {
    if (events.peekLast() != event) {
      events.add(event);
    }
  }

  /** Posts {@code event} even if the same one is waiting (each STRUGGLING warning counts). */
  public void postAgain(Event event) {
    events.add(event);
  }

  /** The next event for the application, or null. */
  public Event pollEvent() {
    return events.poll();
  }

  // ------------------------------------------------------------------ moves

  /** A simultaneous open (RFC 9293 §3.5, figure 8): SYN-SENT receives a SYN without ACK. */
  public void synReceivedInSynSent() {
    state = TcpState.SYN_RECEIVED;
  }

  /**
   * The handshake completed: ESTABLISHED, or FIN-WAIT-1 if the application already shut its
   * output down; a FIN that came with the peer's SYN counts only now (RFC 9293 §3.10.7.2), so no
   * connection reaches CLOSE-WAIT before CONNECTED.
   */
  public void establish(long nowNs) {
    if (parts.synRetransmitted()) {
      // RFC 6298 §5.7: after a SYN (or SYN-ACK) timed out, data starts with RTO = 3 s unless the
      // handshake still gave an RTT sample.
      parts.rtt().resetAfterSynTimeout();
    }
    state = parts.finQueued() ? TcpState.FIN_WAIT_1 : TcpState.ESTABLISHED;
    if (parts.finReceived()) {
      state = state == TcpState.FIN_WAIT_1 ? TcpState.CLOSING : TcpState.CLOSE_WAIT;
    }
    events.add(Event.CONNECTED);
    liveness.start(nowNs);
  }

  /** The application's CLOSE (RFC 9293 §3.10.4) queued our FIN. */
  public void outputShutDown() {
    if (state == TcpState.ESTABLISHED) {
      state = TcpState.FIN_WAIT_1;
    } else if (state == TcpState.CLOSE_WAIT) {
      state = TcpState.LAST_ACK;
    }
  }

  /** The application closes for good: from now on FIN-WAIT-2 is bounded by its timeout. */
  public void closeByApplication() {
    closedByApplication = true;
  }

  /** After the application's close: if our FIN is already acknowledged, bound FIN-WAIT-2 now. */
  public void boundFinWait2(long nowNs) {
    if (state == TcpState.FIN_WAIT_2) {
      liveness.startFinWait2(nowNs);
    }
  }

  /** The peer's FIN was received in order (RFC 9293 §3.10.7.4, eighth check). */
  public void finReceived(long nowNs) {
    switch (state) {
      // In SYN-RECEIVED a FIN (one that came on a SYN) waits for ESTABLISHED, RFC 9293 §3.10.7.2:
      // see establish. No connection reaches CLOSE-WAIT before CONNECTED.
      case ESTABLISHED -> state = TcpState.CLOSE_WAIT;
      case FIN_WAIT_1 -> {
        if (parts.finAcknowledged()) {
          enterTimeWait(nowNs);
        } else {
          state = TcpState.CLOSING;
        }
      }
      case FIN_WAIT_2 -> enterTimeWait(nowNs);
      default -> { }
    }
  }

  /** An ACK was processed: if it covered our FIN, move on from FIN-WAIT-1, CLOSING or LAST-ACK. */
  public void ackProcessed(long nowNs) {
    if (!parts.finAcknowledged()) {
      return;
    }
    switch (state) {
      case FIN_WAIT_1 -> {
        state = TcpState.FIN_WAIT_2;
        if (closedByApplication) {
          liveness.startFinWait2(nowNs);
        }
      }
      case CLOSING -> enterTimeWait(nowNs);
      case LAST_ACK -> {
        state = TcpState.CLOSED;
        events.add(Event.CLOSED);
      }
      default -> { }
    }
  }

  /** An acceptable RST arrived (RFC 9293 §3.10.7.4, second check). */
  public void resetReceived() {
    switch (state) {
      case SYN_RECEIVED -> {
        if (passive) {
          fail(Failure.RESET);
        } else {
          fail(Failure.REFUSED);
        }
      }
      case TIME_WAIT -> {
        state = TcpState.CLOSED;
        events.add(Event.CLOSED);
      }
      // RFC 9293 §3.10.7.4 closes CLOSING and LAST-ACK quietly on a RST, but our FIN (and maybe
      // data) was never acknowledged: the peer may never have read our end of stream, so closing
      // quietly would break "delivered, or both sides see an error". Linux reports ECONNRESET.
      default -> fail(Failure.RESET);
    }
  }

  /**
   * The peer repeated its FIN in TIME-WAIT because our last ACK was lost: the 2·MSL timeout
   * restarts (RFC 9293 §3.10.7.4), so TIME-WAIT outlasts its retransmissions.
   */
  public void restartTimeWait(long nowNs) {
    timeWaitDeadlineNs = nowNs + timeWaitNs;
  }

  /** TIME-WAIT's timer: CLOSED once 2·MSL have passed. */
  public void timeWaitTimeout(long nowNs) {
    if (nowNs >= timeWaitDeadlineNs) {
      state = TcpState.CLOSED;
      events.add(Event.CLOSED);
    }
  }

  /**
   * The connection fails: CLOSED, both streams marked failed (buffered bytes stay readable),
   * {@link Event#FAILED} (unless the application aborted: it knows) and then CLOSED posted.
   */
  public void fail(Failure reason) {
    failure = reason;
    state = TcpState.CLOSED;
    parts.outbound().writer().setError();
    parts.inbound().writer().setError();
    output.cancelDelayedAck();
    liveness.stop();
    if (reason != Failure.ABORTED) {
      events.add(Event.FAILED);
    }
    events.add(Event.CLOSED);
  }

  private void enterTimeWait(long nowNs) {
    state = TcpState.TIME_WAIT;
    output.cancelDelayedAck();
    liveness.stop();
    timeWaitDeadlineNs = nowNs + timeWaitNs;
  }
}
