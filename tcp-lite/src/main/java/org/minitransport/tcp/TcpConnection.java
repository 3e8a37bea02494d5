package org.minitransport.tcp;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.minitransport.core.address.SocketPair;
import org.minitransport.core.stack.internal.TokenBucket;
import org.minitransport.tcp.internal.ByteStream;
import org.minitransport.tcp.internal.ChunkPool;
import org.minitransport.tcp.internal.CubicWindowGrowth;
import org.minitransport.tcp.internal.NegotiatedOptions;
import org.minitransport.tcp.internal.NewRenoCongestionControl;
import org.minitransport.tcp.internal.RttEstimator;
import org.minitransport.tcp.internal.TcpReceiver;
import org.minitransport.tcp.internal.TcpSender;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * One TCP connection: the RFC 9293 state machine (§3.3.2, all eleven states; event processing
 * per §3.10) joining a {@link TcpSender} and a {@link TcpReceiver}.
 *
 * <h2>Engine contract (sans-IO)</h2>
 *
 * <ul>
 *   <li><b>Inputs</b>, each with an explicit {@code nowNs} that never decreases: {@link
 *       #handleSegment} for every segment of this socket pair (already checksum-verified and
 *       demultiplexed by the {@link TcpEndpoint}), {@link #handleTimeout} when {@code now} reaches
 *       {@link #pollTimeoutNs()} (early or extra calls are harmless), and the application commands
 *       {@link #write}, {@link #read}, {@link #shutdownOutput} and {@link #abort}.
 *   <li><b>Outputs</b>, drained after every input in this order: {@link #pollSegment()} until
 *       null (segments to send, addressed by {@link #socketPair()}), then {@link #pollEvent()} until
 *       null, then {@link #pollTimeoutNs()}.
 *   <li>No threads, clocks or randomness: the ISN comes in from the endpoint.
 * </ul>
 *
 * <h2>Guarantees</h2>
 *
 * Bytes written are delivered to the peer's reader exactly once and in order, or both sides see
 * an error ({@link #failure()}: reset, refused, timed out). Urgent data (RFC 9293 §3.8.5) is
 * delivered inline, in order, as {@code java.net.Socket} does with {@code setOOBInline(true)}:
 * {@link Event#URGENT} and {@link #urgentBytesPending()} say how far to read; {@link
 * #sendUrgentData} sends it. What is not implemented: out-of-line urgent data, SACK-based
 * retransmission (SACK blocks are sent and accepted; recovery is NewReno), ECN, and RFC 6191
 * TIME-WAIT reuse.
 */
public final class TcpConnection {

  /** What the application should hear about; drained with {@link #pollEvent()}. */
  public enum Event {
    /** The handshake completed (ESTABLISHED). */
    CONNECTED,
    /** New bytes, or the end of the stream, can be read. */
    READABLE,
    /** Send-buffer space was freed. */
    WRITABLE,
    /** R1 retransmissions of one segment: the connection is struggling (RFC 9293 §3.8.3). */
    STRUGGLING,
    /** The connection is closed and its socket pair can be released (normal end or abort). */
    CLOSED,
    /** The peer reset the connection. */
    RESET,
    /** The peer refused the connection (RST in reply to our SYN). */
    REFUSED,
    /** Retransmissions or keep-alive probes went unanswered past their limit (R2). */
    TIMED_OUT,
    /**
     * The peer's urgent pointer moved past what has been read (RFC 9293 §3.8.5): urgent data is
     * coming, inline; {@link #urgentBytesPending()} says how much is left to read.
     */
    URGENT
  }

  /** Why a connection failed, as seen by its reader and writer. */
  public enum Failure {
    RESET,
    REFUSED,
    TIMED_OUT,
    ABORTED
  }

  private static final long NONE = Long.MAX_VALUE;

  private final TcpConfig config;
  private final SocketPair pair;
  private final boolean passive;
  private final int ourMss;
  private final TcpSender sender;
  private final TcpReceiver receiver;
  private final TokenBucket challengeAcks;
  private final ArrayDeque<TcpSegment> outbox = new ArrayDeque<>();
  private final ArrayDeque<Event> events = new ArrayDeque<>();
  private final Transmitter transmitter = new Transmitter();

  private TcpState state;
  private Failure failure;
  private final NegotiatedOptions options;
  private long lastAckSentAbs;
  private long nowNs;

  private boolean ackNow;
  private int unackedInOrderSegments;
  private long delayedAckDeadlineNs = NONE;
  private long timeWaitDeadlineNs = NONE;
  private long keepAliveDeadlineNs = NONE;
  private int keepAliveProbesSent;
  private boolean warnedStruggling;

  private TcpConnection(TcpConfig config, SocketPair pair, int linkMtu, long iss, long nowNs,
      boolean passive, ChunkPool buffers) {
    this.config = Objects.requireNonNull(config, "config");
    this.pair = Objects.requireNonNull(pair, "pair");
    this.passive = passive;
    this.nowNs = nowNs;
    this.ourMss = config.effectiveMss(linkMtu);
    if (ourMss < 64) {
      throw new IllegalArgumentException("link MTU " + linkMtu + " leaves an MSS below 64");
    }
    this.options = new NegotiatedOptions(config, ourMss);
    SeqNum issSeq = SeqNum.ofUnsigned(iss & 0xFFFF_FFFFL);
    RttEstimator rtt = new RttEstimator(config.rto());
    this.sender = new TcpSender(
        new ByteStream(config.sendBufferBytes(), buffers),
        rtt,
        smss -> config.congestionControl() == TcpConfig.CongestionAlgorithm.CUBIC
            ? new NewRenoCongestionControl(smss, new CubicWindowGrowth(rtt::smoothedRttNs))
            : new NewRenoCongestionControl(smss),
        config.noDelay(), issSeq, Math.min(ourMss, NegotiatedOptions.DEFAULT_PEER_MSS));
    this.receiver = new TcpReceiver(config.receiveBufferBytes(), buffers);
    this.challengeAcks = new TokenBucket(config.challengeAcksPerSecond(),
        config.challengeAcksPerSecond());
  }

  /**
   * An active open (RFC 9293 §3.10.1): the connection starts in SYN-SENT with its SYN queued.
   *
   * @param linkMtu the MTU of the host's link, for the MSS we announce
   * @param iss our initial sequence number (RFC 6528, chosen by the endpoint)
   */
  public static TcpConnection connect(TcpConfig config, SocketPair pair, int linkMtu, long iss,
      long nowNs) {
    return connect(config, pair, linkMtu, iss, nowNs, ownBuffers());
  }

  /** {@link #connect} with buffer memory from the endpoint's pool. */
  static TcpConnection connect(TcpConfig config, SocketPair pair, int linkMtu, long iss,
      long nowNs, ChunkPool buffers) {
    TcpConnection connection = new TcpConnection(config, pair, linkMtu, iss, nowNs, false,
        buffers);
    connection.state = TcpState.SYN_SENT;
    connection.sender.fill(nowNs, false, connection.transmitter);
    return connection;
  }

  /**
   * A passive open from a listener that received {@code syn} (RFC 9293 §3.10.7.2): the
   * connection starts in SYN-RECEIVED with its SYN-ACK queued.
   *
   * @throws IllegalArgumentException if {@code syn} is not a SYN without ACK and RST
   */
  public static TcpConnection accept(TcpConfig config, SocketPair pair, int linkMtu, long iss,
      long nowNs, TcpSegment syn) {
    return accept(config, pair, linkMtu, iss, nowNs, syn, ownBuffers());
  }

  /** {@link #accept} with buffer memory from the endpoint's pool. */
  static TcpConnection accept(TcpConfig config, SocketPair pair, int linkMtu, long iss,
      long nowNs, TcpSegment syn, ChunkPool buffers) {
    TcpFlags flags = syn.header().flags();
    if (!flags.syn() || flags.ack() || flags.rst()) {
      throw new IllegalArgumentException("a passive open needs a SYN without ACK or RST, got " + flags);
    }
    TcpConnection connection = new TcpConnection(config, pair, linkMtu, iss, nowNs, true,
        buffers);
    connection.state = TcpState.SYN_RECEIVED;
    connection.receiver.onSyn(SeqNum.ofUnsigned(syn.header().sequenceNumber()));
    connection.sender.setMss(connection.options.negotiate(syn.header().options()));
    connection.sender.updateWindow(0, 0, syn.header().window());
    connection.sender.fill(nowNs, false, connection.transmitter);
    connection.acceptText(0, syn);
    return connection;
  }

  /**
   * A passive open completed by a SYN cookie (RFC 4987 §3.6): the listener kept no state for the
   * peer's SYN and answered it with a SYN-ACK whose ISN {@code iss} carried what it needed; {@code
   * ack} is the peer's ACK of that SYN-ACK, its cookie already checked by the endpoint. The
   * connection starts as if that SYN-ACK had been sent by it, then takes {@code ack}: normally it
   * is ESTABLISHED on return (CONNECTED queued), with the ACK's data and FIN accepted. The
   * handshake gives no RTT sample, since the SYN-ACK's send time is not known exactly.
   *
   * @param synOptions what the cookie says the peer's SYN offered: MSS and, with timestamps,
   *     window scale and SACK-permitted (the ACK's TSval standing in for the SYN's)
   */
  static TcpConnection acceptCookie(TcpConfig config, SocketPair pair, int linkMtu, long iss,
      long nowNs, TcpOptions synOptions, TcpSegment ack, ChunkPool buffers) {
    TcpConnection connection = new TcpConnection(config, pair, linkMtu, iss, nowNs, true,
        buffers);
    connection.state = TcpState.SYN_RECEIVED;
    connection.receiver.onSyn(SeqNum.ofUnsigned(ack.header().sequenceNumber()).plus(-1));
    connection.sender.setMss(connection.options.negotiate(synOptions));
    connection.sender.synSentStatelessly();
    TcpOptions ackOptions = ack.header().options();
    TcpSegment untimed = ackOptions.timestamps().isEmpty() ? ack : new TcpSegment(
        ack.header().withOptions(ackOptions.withTimestamps(
            ackOptions.timestamps().get().tsVal(), 0)), ack.payload());
    connection.handleSegment(nowNs, untimed);
    return connection;
  }

  /** Buffers for a connection made without an endpoint: a pool of its own. */
  private static ChunkPool ownBuffers() {
    return new ChunkPool(ChunkPool.DEFAULT_CHUNK_BYTES, 16);
  }

  /** Bytes of buffer memory the send and receive streams hold now (0 when both are empty). */
  public long bufferBytesAllocated() {
    return sender.outbound().allocatedBytes() + receiver.inbound().allocatedBytes();
  }

  // ------------------------------------------------------------------ queries

  public TcpState state() {
    return state;
  }

  public SocketPair socketPair() {
    return pair;
  }

  /** Whether this connection came from a listener (passive open). */
  public boolean isPassive() {
    return passive;
  }

  /** The failure both the reader and the writer see, if the connection failed. */
  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  /** Bytes that {@link #read} can return now. */
  public int bytesReadable() {
    return receiver.inbound().bytesBuffered();
  }

  /**
   * Bytes still to read up to and including the last urgent byte the peer pointed at (RFC 9293
   * §3.8.5; RFC 1122 §4.2.2.4 asks that the application can learn it); 0 if no urgent data is
   * pending, 1 when the next byte read is the urgent one (BSD's {@code sockatmark}).
   */
  public long urgentBytesPending() {
    return receiver.urgentBytesPending();
  }

  /** Whether the peer's FIN has been read past: no more bytes will ever arrive. */
  public boolean isInputFinished() {
    return receiver.inbound().isFinished();
  }

  /** Bytes {@link #write} would take now. */
  public int sendCapacity() {
    return sender.finQueued() || state == TcpState.CLOSED ? 0
        : sender.outbound().availableCapacity();
  }

  /** Bytes written but not yet acknowledged by the peer. */
  public int bytesUnacknowledged() {
    return sender.outbound().bytesBuffered();
  }

  /** Whether the application shut down its sending side. */
  public boolean isOutputShutdown() {
    return sender.finQueued();
  }

  public long retransmittedSegments() {
    return sender.retransmittedSegments();
  }

  public long congestionWindowBytes() {
    return sender.congestion().cwndBytes();
  }

  public long smoothedRttNs() {
    return sender.rtt().smoothedRttNs();
  }

  public long retransmissionTimeoutNs() {
    return sender.rtt().rtoNs();
  }

  /** The MSS this side sends with (after the handshake: the peer's, less option space). */
  public int sendMss() {
    return sender.mss();
  }

  /** SND.UNA − ISS, the absolute acknowledged position (for plots and tests). */
  public long sndUnaAbs() {
    return sender.sndUnaAbs();
  }

  /** SND.NXT − ISS. */
  public long sndNxtAbs() {
    return sender.sndNxtAbs();
  }

  /** Whether window scaling, SACK and timestamps were negotiated, for diagnostics. */
  public String negotiatedOptions() {
    return options.describe(sender.mss());
  }

  // ------------------------------------------------------------------ outputs

  /** The next segment to send, or null. */
  public TcpSegment pollSegment() {
    return outbox.poll();
  }

  /** The next event for the application, or null. */
  public Event pollEvent() {
    return events.poll();
  }

  /** When to call {@link #handleTimeout}, or {@code Long.MAX_VALUE}. */
  public long pollTimeoutNs() {
    if (state == TcpState.CLOSED) {
      return NONE;
    }
    if (state == TcpState.TIME_WAIT) {
      return timeWaitDeadlineNs;
    }
    return Math.min(Math.min(sender.nextDeadlineNs(), delayedAckDeadlineNs), keepAliveDeadlineNs);
  }

  // ------------------------------------------------------------------ application commands

  /**
   * Queues bytes for sending; returns how many fit in the send buffer.
   *
   * @throws IllegalStateException if the output was shut down or the connection is closed
   */
  public int write(long now, byte[] data, int offset, int length) {
    advance(now);
    Objects.checkFromIndexSize(offset, length, data.length);
    if (sender.finQueued()) {
      throw new IllegalStateException("cannot write to " + pair + ": output was shut down");
    }
    if (state == TcpState.CLOSED || state == TcpState.LISTEN) {
      throw new IllegalStateException("cannot write to " + pair + " in state " + state);
    }
    int taken = sender.outbound().push(data, offset, length);
    afterInput();
    return taken;
  }

  /**
   * Reads up to {@code length} received bytes; returns how many (0 if none are buffered — check
   * {@link #isInputFinished()} and {@link #failure()}).
   */
  public int read(long now, byte[] into, int offset, int length) {
    advance(now);
    int n = receiver.inbound().read(into, offset, length);
    if (n > 0 && state.isSynchronized() && receiver.windowUpdateWorthSending(ourMss)) {
      ackNow = true; // window update (RFC 9293 §3.8.6.2.2)
    }
    afterInput();
    return n;
  }

  /**
   * Queues one byte of urgent data after the bytes already written (RFC 9293 §3.8.5, like {@code
   * java.net.Socket.sendUrgentData}): the low eight bits of {@code data}. Segments carry URG and a
   * pointer just past this byte until the peer acknowledges it, and Nagle's algorithm does not
   * hold it back.
   *
   * @return false if the send buffer is full (nothing was queued; try again after WRITABLE)
   * @throws IllegalStateException if the output was shut down or the connection is closed
   */
  public boolean sendUrgentData(long now, int data) {
    advance(now);
    if (sender.finQueued() || state == TcpState.CLOSED || state == TcpState.LISTEN) {
      throw new IllegalStateException("cannot send urgent data on " + pair + " in state " + state
          + (sender.finQueued() ? " after its output was shut down" : ""));
    }
    if (sender.outbound().push(new byte[] {(byte) data}, 0, 1) == 0) {
      return false;
    }
    sender.markUrgent();
    afterInput();
    return true;
  }

  /**
   * Sends a FIN after the queued data (the application's CLOSE, RFC 9293 §3.10.4; a half-close:
   * reading goes on).
   */
  public void shutdownOutput(long now) {
    advance(now);
    if (sender.finQueued() || state == TcpState.CLOSED) {
      return;
    }
    sender.queueFin();
    if (state == TcpState.ESTABLISHED) {
      state = TcpState.FIN_WAIT_1;
    } else if (state == TcpState.CLOSE_WAIT) {
      state = TcpState.LAST_ACK;
    }
    afterInput();
  }

  /**
   * Aborts (RFC 9293 §3.10.5): sends a RST in synchronized states, drops everything queued, and
   * closes. The reader and writer see {@link Failure#ABORTED}.
   */
  public void abort(long now) {
    advance(now);
    if (state == TcpState.CLOSED) {
      return;
    }
    if (state != TcpState.SYN_SENT && state != TcpState.TIME_WAIT) {
      outbox.clear();
      emit(new TcpHeader(pair.local().port(), pair.remote().port(),
          SeqNum.wrap(sender.sndMaxAbs(), sender.iss()).unsignedValue(), 0,
          TcpFlags.of(TcpFlags.RST), 0, 0, TcpOptions.NONE),
          new byte[0]);
    }
    fail(Failure.ABORTED, Event.CLOSED);
  }

  // ------------------------------------------------------------------ inputs

  /** Processes one arriving segment of this connection (RFC 9293 §3.10.7). */
  public void handleSegment(long now, TcpSegment segment) {
    advance(now);
    if (state == TcpState.CLOSED) {
      return;
    }
    if (config.keepAlive()) {
      keepAliveProbesSent = 0;
      keepAliveDeadlineNs = now + config.keepAliveIdleNs();
    }
    if (state == TcpState.SYN_SENT) {
      handleInSynSent(segment);
    } else {
      handleInOtherStates(segment);
    }
    afterInput();
  }

  /** Fires due timers: retransmission, persist, delayed ACK, keep-alive, TIME-WAIT. */
  public void handleTimeout(long now) {
    advance(now);
    if (state == TcpState.CLOSED) {
      return;
    }
    if (state == TcpState.TIME_WAIT) {
      if (now >= timeWaitDeadlineNs) {
        state = TcpState.CLOSED;
        events.add(Event.CLOSED);
      }
      return;
    }
    if (sender.nextDeadlineNs() <= now) {
      boolean handshaking = state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED;
      int limit = !handshaking ? config.retriesBeforeAbort()
          : passive ? config.synAckRetriesBeforeAbort() : config.synRetriesBeforeAbort();
      if (sender.consecutiveRetransmissions() >= limit || sender.persistProbes() > limit) {
        fail(Failure.TIMED_OUT, Event.TIMED_OUT);
        return;
      }
      sender.onTimeout(now, state.isSynchronized(), transmitter);
      if (sender.consecutiveRetransmissions() >= config.retriesBeforeWarning()
          && !warnedStruggling) {
        warnedStruggling = true;
        events.add(Event.STRUGGLING);
      }
    }
    if (delayedAckDeadlineNs <= now) {
      ackNow = true;
    }
    if (keepAliveDeadlineNs <= now && sender.flightSize() > 0) {
      // RFC 9293 §3.8.4: keep-alives only while no sent data is outstanding; until then the
      // retransmission timer and its R2 limit watch the connection.
      keepAliveProbesSent = 0;
      keepAliveDeadlineNs = now + config.keepAliveIdleNs();
    }
    if (keepAliveDeadlineNs <= now) {
      if (keepAliveProbesSent >= config.keepAliveProbes()) {
        fail(Failure.TIMED_OUT, Event.TIMED_OUT);
        return;
      }
      keepAliveProbesSent++;
      transmitter.probe();
      keepAliveDeadlineNs = now + config.keepAliveIntervalNs();
    }
    afterInput();
  }

  // ------------------------------------------------------------------ segment arrival

  private void handleInSynSent(TcpSegment segment) {
    TcpHeader h = segment.header();
    TcpFlags flags = h.flags();
    long ackAbs = -1;
    if (flags.ack()) {
      ackAbs = SeqNum.ofUnsigned(h.acknowledgmentNumber()).unwrap(sender.iss(), 0);
      if (ackAbs <= 0 || ackAbs > sender.sndMaxAbs()) {
        if (!flags.rst()) {
          sendReset(h.acknowledgmentNumber());
        }
        return;
      }
    }
    if (flags.rst()) {
      if (ackAbs > 0) {
        fail(Failure.REFUSED, Event.REFUSED);
      }
      return;
    }
    if (!flags.syn()) {
      return;
    }
    receiver.onSyn(SeqNum.ofUnsigned(h.sequenceNumber()));
    sender.setMss(options.negotiate(h.options()));
    if (ackAbs > 0) {
      sender.onNewAck(nowNs, ackAbs, options.rttSampleNs(h, nowNs), transmitter);
      sender.updateWindow(0, ackAbs, h.window());
      becomeEstablished();
      ackNow = true;
    } else {
      // Simultaneous open (RFC 9293 §3.5, figure 8): answer with our SYN, now carrying an ACK.
      state = TcpState.SYN_RECEIVED;
      sender.updateWindow(0, 0, h.window());
      transmitter.transmit(0, new byte[0], true, false, true);
    }
    acceptText(0, segment);
  }

  private void handleInOtherStates(TcpSegment segment) {
    TcpHeader h = segment.header();
    TcpFlags flags = h.flags();
    long segSeqAbs = receiver.unwrap(SeqNum.ofUnsigned(h.sequenceNumber()));
    int payloadLength = segment.payloadLength();
    long segLen = payloadLength + (flags.syn() ? 1 : 0) + (flags.fin() ? 1 : 0);
    long rcvNxt = receiver.rcvNxtAbs();
    long rcvWnd = receiver.freeSpace();

    if (state == TcpState.SYN_RECEIVED && flags.syn() && !flags.rst() && segSeqAbs == 0) {
      if (!flags.ack()) {
        // A retransmitted SYN while we wait for the ACK of our SYN-ACK: our SYN-ACK was lost.
        transmitter.transmit(0, new byte[0], true, false, true);
        return;
      }
      long synAckAbs = SeqNum.ofUnsigned(h.acknowledgmentNumber()).unwrap(sender.iss(), 0);
      if (!passive && sender.acksNewData(synAckAbs)) {
        // Simultaneous open (RFC 9293 §3.5 figure 8, line 6): the peer's SYN-ACK acknowledges
        // our SYN, so we are established; our own SYN-ACK completes the peer's side.
        sender.onNewAck(nowNs, synAckAbs, options.rttSampleNs(h, nowNs), transmitter);
        sender.updateWindow(0, synAckAbs, h.window()); // a SYN's window is never scaled
        becomeEstablished();
        return;
      }
    }

    // PAWS (RFC 7323 §5.3): an old timestamp means an old duplicate.
    if (!flags.rst() && options.pawsRejects(h)) {
      ackNow = true;
      return;
    }

    // First check (RFC 9293 §3.10.7.4): is the segment in the receive window?
    boolean acceptable;
    if (segLen == 0) {
      acceptable = rcvWnd == 0 ? segSeqAbs == rcvNxt
          : segSeqAbs >= rcvNxt && segSeqAbs < rcvNxt + rcvWnd;
    } else {
      long last = segSeqAbs + segLen - 1;
      acceptable = rcvWnd > 0
          && ((segSeqAbs >= rcvNxt && segSeqAbs < rcvNxt + rcvWnd)
              || (last >= rcvNxt && last < rcvNxt + rcvWnd));
    }
    boolean textAllowed = true;
    if (!acceptable && rcvWnd == 0 && segSeqAbs == rcvNxt) {
      acceptable = true; // zero window: still take its ACK and RST, not its text
      textAllowed = false;
    }
    if (!acceptable && !flags.rst() && !flags.syn() && segSeqAbs + segLen <= rcvNxt) {
      // Entirely old (a retransmission we already hold, or an ACK sent from a sender that went
      // back to SND.UNA after a timeout): its text is a duplicate, but its ACK field is news.
      // Process the ACK (as BSD does); answer only if it carried sequence space, so two pure
      // ACKs can never answer each other forever.
      if (state == TcpState.TIME_WAIT && flags.fin()) {
        timeWaitDeadlineNs = nowNs + 2 * config.mslNs(); // RFC 9293 §3.10.7.4, see below
      }
      acceptable = true;
      textAllowed = false;
      if (segLen > 0) {
        ackNow = true;
      }
    }
    if (!acceptable) {
      if (flags.rst()) {
        return;
      }
      if (state == TcpState.TIME_WAIT && flags.fin()) {
        // RFC 9293 §3.10.7.4: a FIN in TIME-WAIT restarts the 2 MSL timeout. The peer repeats its
        // FIN because our last ACK was lost; TIME-WAIT must outlast its retransmissions.
        timeWaitDeadlineNs = nowNs + 2 * config.mslNs();
      }
      if (segLen == 0) {
        challengeAck(); // a pure ACK out of window: answer, but rate-limited against ACK wars
      } else {
        ackNow = true; // old data or FIN: our ACK was probably lost, repeat it at once
      }
      return;
    }

    // Second check: RST (RFC 5961 §3.2).
    if (flags.rst()) {
      if (segSeqAbs == rcvNxt) {
        onResetReceived();
      } else {
        challengeAck();
      }
      return;
    }

    // Fourth check: SYN in a synchronized state (RFC 5961 §4.2).
    if (flags.syn()) {
      if (state == TcpState.SYN_RECEIVED && passive) {
        fail(Failure.RESET, Event.RESET); // back to LISTEN: the endpoint forgets this embryo
      } else {
        challengeAck();
      }
      return;
    }

    // Fifth check: the ACK field.
    if (!flags.ack()) {
      return;
    }
    long ackAbs = SeqNum.ofUnsigned(h.acknowledgmentNumber()).unwrap(sender.iss(),
        sender.sndUnaAbs());
    options.updateTsRecent(h, segSeqAbs, lastAckSentAbs);
    long scaledWindow = (long) h.window() << options.sendShift();
    if (state == TcpState.SYN_RECEIVED) {
      if (!sender.acksNewData(ackAbs)) {
        sendReset(h.acknowledgmentNumber());
        return;
      }
      sender.onNewAck(nowNs, ackAbs, options.rttSampleNs(h, nowNs), transmitter);
      sender.updateWindow(segSeqAbs, ackAbs, scaledWindow);
      becomeEstablished();
    } else {
      if (ackAbs > sender.sndMaxAbs()
          || ackAbs < sender.sndUnaAbs() - Math.max(sender.maxSendWindow(), 1)) {
        challengeAck(); // RFC 5961 §5.2: acknowledges what was never sent
        return;
      }
      sender.onAckReceived();
      boolean duplicate = payloadLength == 0 && !flags.fin() && ackAbs == sender.sndUnaAbs()
          && sender.flightSize() > 0 && scaledWindow == sender.sendWindow();
      int capacityBefore = sender.outbound().availableCapacity();
      if (sender.acksNewData(ackAbs)) {
        sender.onNewAck(nowNs, ackAbs, options.rttSampleNs(h, nowNs), transmitter);
        warnedStruggling = false;
      } else if (duplicate) {
        sender.onDuplicateAck(nowNs, transmitter);
      }
      if (ackAbs >= sender.sndUnaAbs()) {
        sender.updateWindow(segSeqAbs, ackAbs, scaledWindow);
      }
      if (sender.outbound().availableCapacity() > capacityBefore && !sender.finQueued()) {
        addEvent(Event.WRITABLE);
      }
    }
    onOwnFinProgress();
    if (state == TcpState.CLOSED || state == TcpState.TIME_WAIT) {
      return;
    }
    // Sixth check: the URG bit, in the states that still receive (RFC 9293 §3.10.7.4).
    if (flags.urg() && (state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1
        || state == TcpState.FIN_WAIT_2) && receiver.onUrgentPointer(segSeqAbs, h.urgentPointer())) {
      addEvent(Event.URGENT);
    }
    if (textAllowed) {
      acceptText(segSeqAbs, segment);
    }
  }

  /** Seventh and eighth checks: segment text and FIN (RFC 9293 §3.10.7.4). */
  private void acceptText(long segSeqAbs, TcpSegment segment) {
    TcpFlags flags = segment.header().flags();
    if (segment.payloadLength() == 0 && !flags.fin()) {
      return;
    }
    if (receiver.finReceived()) {
      ackNow = true; // a retransmitted FIN or data after it: acknowledge, ignore
      return;
    }
    long dataSeqAbs = segSeqAbs + (flags.syn() ? 1 : 0);
    boolean holeBefore = receiver.hasPendingOutOfOrder();
    long assembledBefore = receiver.inbound().bytesPushed();
    boolean inOrder = receiver.insert(dataSeqAbs, segment.payload(), flags.fin());
    if (!inOrder || holeBefore || receiver.hasPendingOutOfOrder()) {
      ackNow = true; // out of order, or filling a hole: ACK at once (RFC 5681 §4.2)
    } else if (++unackedInOrderSegments >= 2) {
      ackNow = true; // at least every second full-sized segment (RFC 9293 §3.8.6.3)
    } else if (delayedAckDeadlineNs == NONE) {
      delayedAckDeadlineNs = nowNs + config.delayedAckNs();
    }
    if (receiver.inbound().bytesPushed() > assembledBefore) {
      addEvent(Event.READABLE);
    }
    if (receiver.finReceived()) {
      ackNow = true;
      addEvent(Event.READABLE);
      switch (state) {
        // In SYN-RECEIVED a FIN (one that came on a SYN) waits for ESTABLISHED, RFC 9293 §3.10.7.2:
        // see becomeEstablished. No connection reaches CLOSE-WAIT before CONNECTED.
        case ESTABLISHED -> state = TcpState.CLOSE_WAIT;
        case FIN_WAIT_1 -> {
          if (sender.finAcknowledged()) {
            enterTimeWait();
          } else {
            state = TcpState.CLOSING;
          }
        }
        case FIN_WAIT_2 -> enterTimeWait();
        default -> { }
      }
    }
  }

  private void onOwnFinProgress() {
    if (!sender.finAcknowledged()) {
      return;
    }
    switch (state) {
      case FIN_WAIT_1 -> state = TcpState.FIN_WAIT_2;
      case CLOSING -> enterTimeWait();
      case LAST_ACK -> {
        state = TcpState.CLOSED;
        sender.stopTimers();
        events.add(Event.CLOSED);
      }
      default -> { }
    }
  }

  private void onResetReceived() {
    switch (state) {
      case SYN_RECEIVED -> {
        if (passive) {
          fail(Failure.RESET, Event.RESET);
        } else {
          fail(Failure.REFUSED, Event.REFUSED);
        }
      }
      case CLOSING, LAST_ACK, TIME_WAIT -> {
        if (sender.outbound().bytesBuffered() > 0) {
          // RFC 9293 §3.10.7.4 just closes here, but data we sent was never acknowledged: closing
          // quietly would lose it silently, so the application hears of the reset.
          fail(Failure.RESET, Event.RESET);
          return;
        }
        state = TcpState.CLOSED;
        sender.stopTimers();
        events.add(Event.CLOSED);
      }
      default -> fail(Failure.RESET, Event.RESET);
    }
  }

  private void becomeEstablished() {
    if (sender.retransmittedSegments() > 0) {
      // RFC 6298 §5.7: after a SYN (or SYN-ACK) timed out, data starts with RTO = 3 s unless the
      // handshake still gave an RTT sample.
      sender.rtt().resetAfterSynTimeout();
    }
    state = sender.finQueued() ? TcpState.FIN_WAIT_1 : TcpState.ESTABLISHED;
    if (receiver.finReceived()) {
      state = state == TcpState.FIN_WAIT_1 ? TcpState.CLOSING : TcpState.CLOSE_WAIT;
    }
    events.add(Event.CONNECTED);
    if (config.keepAlive()) {
      keepAliveDeadlineNs = nowNs + config.keepAliveIdleNs();
    }
  }

  private void enterTimeWait() {
    state = TcpState.TIME_WAIT;
    sender.stopTimers();
    delayedAckDeadlineNs = NONE;
    keepAliveDeadlineNs = NONE;
    timeWaitDeadlineNs = nowNs + 2 * config.mslNs();
  }

  private void fail(Failure reason, Event event) {
    failure = reason;
    state = TcpState.CLOSED;
    sender.stopTimers();
    sender.outbound().setError();
    receiver.inbound().setError();
    delayedAckDeadlineNs = NONE;
    keepAliveDeadlineNs = NONE;
    events.add(event);
    if (event != Event.CLOSED) {
      events.add(Event.CLOSED);
    }
  }

  private void challengeAck() {
    if (challengeAcks.tryTake(nowNs)) {
      ackNow = true;
    }
  }

  // ------------------------------------------------------------------ output

  /** After every input: send what may be sent, then any ACK still owed. */
  private void afterInput() {
    if (state == TcpState.CLOSED || state == TcpState.TIME_WAIT) {
      if (ackNow && state == TcpState.TIME_WAIT) {
        sendPureAck();
      }
      return;
    }
    sender.fill(nowNs, state.isSynchronized(), transmitter);
    if (ackNow && receiver.hasSyn()) {
      sendPureAck();
    }
  }

  /**
   * An ACK without data. RFC 9293 §3.10.7.4 writes it as {@code <SEQ=SND.NXT>}, but after an RTO
   * our SND.NXT is rewound to SND.UNA (go-back-N) and may lie below the peer's RCV.NXT; the peer
   * then finds the ACK unacceptable and answers with an ACK of its own without reading ours, and
   * two rewound sides ACK each other forever. So the sequence number is the highest one sent, kept
   * inside the peer's window (Linux's {@code tcp_acceptable_seq}).
   */
  private void sendPureAck() {
    long seqAbs = Math.max(sender.sndNxtAbs(),
        Math.min(sender.sndMaxAbs(), sender.sndUnaAbs() + sender.sendWindow()));
    transmitter.transmitAt(SeqNum.wrap(seqAbs, sender.iss()).unsignedValue(), new byte[0], false,
        false);
  }

  private void sendReset(long seqRaw) {
    emit(new TcpHeader(pair.local().port(), pair.remote().port(), seqRaw, 0,
        TcpFlags.of(TcpFlags.RST), 0, 0, TcpOptions.NONE), new byte[0]);
  }

  private void emit(TcpHeader header, byte[] payload) {
    outbox.add(new TcpSegment(header, payload));
  }

  private void addEvent(Event event) {
    if (events.peekLast() != event) {
      events.add(event);
    }
  }

  private final class Transmitter implements TcpSender.Transmitter {
    @Override
    public void transmit(long seqAbs, byte[] payload, boolean syn, boolean fin,
        boolean retransmission) {
      transmitAt(SeqNum.wrap(seqAbs, sender.iss()).unsignedValue(), payload, syn, fin);
    }

    @Override
    public void probe() {
      long seq = SeqNum.wrap(Math.max(sender.sndUnaAbs(), 1), sender.iss()).plus(-1)
          .unsignedValue();
      transmitAt(seq, new byte[0], false, false);
    }

    void transmitAt(long seqRaw, byte[] payload, boolean syn, boolean fin) {
      boolean ack = receiver.hasSyn();
      int flagBits = (syn ? TcpFlags.SYN : 0) | (fin ? TcpFlags.FIN : 0)
          | (ack ? TcpFlags.ACK : 0) | (payload.length > 0 ? TcpFlags.PSH : 0);
      long window = ack ? receiver.advertisedWindow(ourMss) : config.receiveBufferBytes();
      int windowField = syn ? (int) Math.min(window, 0xFFFF)
          : (int) Math.min(window >> options.receiveShift(), 0xFFFF);
      TcpOptions segmentOptions = syn ? options.forSyn(receiver.hasSyn(), nowNs)
          : options.forSegment(nowNs, payload.length == 0 && !fin && receiver.hasSyn()
              && options.sackPermitted() && receiver.hasPendingOutOfOrder()
              ? receiver.sackBlocks(options.maxSackBlocks()) : List.of());
      long ackRaw = ack ? receiver.rcvNxt().unsignedValue() : 0;
      int urgentPointer = sender.urgentPointerFor(
          SeqNum.ofUnsigned(seqRaw).unwrap(sender.iss(), sender.sndNxtAbs()));
      if (urgentPointer > 0) {
        flagBits |= TcpFlags.URG;
      }
      emit(new TcpHeader(pair.local().port(), pair.remote().port(), seqRaw, ackRaw,
          TcpFlags.of(flagBits), windowField, urgentPointer, segmentOptions), payload);
      if (ack) {
        lastAckSentAbs = receiver.rcvNxtAbs();
        ackNow = false;
        unackedInOrderSegments = 0;
        delayedAckDeadlineNs = NONE;
      }
    }
  }

  private void advance(long now) {
    if (now < nowNs) {
      throw new IllegalArgumentException(
          "time went backwards for " + pair + ": " + now + " ns after " + nowNs + " ns");
    }
    nowNs = now;
  }

  @Override
  public String toString() {
    return "TcpConnection(" + pair + " " + state + (failure == null ? "" : " " + failure) + ")";
  }
}
