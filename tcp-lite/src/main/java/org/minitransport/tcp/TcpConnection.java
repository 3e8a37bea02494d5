package org.minitransport.tcp;

import java.util.Objects;
import java.util.Optional;
import org.minitransport.core.address.SocketPair;
import org.minitransport.tcp.component.ByteStream;
import org.minitransport.tcp.component.TcpReceiver;
import org.minitransport.tcp.component.TcpSender;
import org.minitransport.tcp.component.TcpSenderMessage;
import org.minitransport.tcp.internal.ChunkPool;
import org.minitransport.tcp.internal.ConnectionLifecycle;
import org.minitransport.tcp.internal.ConnectionParts;
import org.minitransport.tcp.internal.HandshakeArrival;
import org.minitransport.tcp.internal.LivenessTimers;
import org.minitransport.tcp.internal.NegotiatedOptions;
import org.minitransport.tcp.internal.SegmentAcceptance;
import org.minitransport.tcp.internal.SegmentOutput;
import org.minitransport.tcp.wire.TcpFlags;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpSegment;

/**
 * One TCP connection: the RFC 9293 state machine (§3.3.2, all eleven states; event processing
 * per §3.10) joining a {@link TcpSender} and a {@link TcpReceiver}, which it builds, with its
 * byte streams, reassembler, RTT estimator and congestion control, only through the factories
 * of {@link TcpConfig#components()} and drives only through their interfaces ({@link
 * org.minitransport.tcp.component}): a student's component runs here in place of the
 * reference. The connection keeps the segment-level checks to itself (acceptability, RST, SYN,
 * ACK range; RFC 9293 §3.10.7.4, RFC 5961), the handshake, the ACK timing and the options.
 *
 * <h2>Engine contract (sans-IO)</h2>
 *
 * <ul>
 *   <li><b>Inputs</b>, each with an explicit {@code nowNs} that never decreases: {@link
 *       #handleSegment} for every segment of this socket pair (already checksum-verified and
 *       demultiplexed by the {@link TcpEndpoint}), {@link #handleTimeout} when {@code now} reaches
 *       {@link #pollTimeoutNs()} (early or extra calls are harmless), and the application commands
 *       {@link #write}, {@link #read}, {@link #shutdownOutput}, {@link #close} and {@link
 *       #abort}.
 *   <li><b>Outputs</b>, drained after every input in this order: {@link #pollSegment()} until
 *       null (segments to send, addressed by {@link #socketPair()}), then {@link #pollEvent()}
 *       until null, then {@link #pollTimeoutNs()}.
 *   <li>No threads, clocks or randomness: the ISN comes in from the endpoint.
 * </ul>
 *
 * <h2>Guarantees</h2>
 *
 * For each direction of a connection, with W the application that writes and R the application
 * that reads at the other end:
 *
 * <ol>
 *   <li><b>Integrity.</b> R reads a prefix of the bytes W wrote: each exactly once, in order,
 *       unchanged. It reads the end of stream ({@link #isInputFinished()}) only after every byte
 *       W wrote before {@link #shutdownOutput} or {@link #close}.
 *   <li><b>No silent loss.</b> If W's connection reaches CLOSED without a {@link #failure()}, its
 *       FIN was acknowledged: R's connection holds every byte and the FIN, and R reads them all
 *       and the end of stream, even if R's connection fails afterwards (a failure never takes
 *       back bytes already received). Hence, once both connections are CLOSED: if R did not read
 *       every byte and the end of stream, <em>both</em> W and R see a failure.
 *   <li><b>Ending.</b> Both connections do reach CLOSED when both applications shut their output
 *       down (or close, or abort) and read until the end of stream, a failure or their close,
 *       and when no side can wait for ever on a peer that vanished: data or a FIN outstanding is
 *       bounded by R2 ({@link TcpConfig#retriesBeforeAbort}) or the user timeout ({@link
 *       TcpConfig#userTimeoutNs}), a FIN-WAIT-2 after {@link #close} by {@link
 *       TcpConfig#finWait2TimeoutNs}, and an idle wait only by keep-alive ({@link
 *       TcpConfig#keepAlive}). Without keep-alive, a side with nothing to send whose peer
 *       vanished silently waits for ever, as in Linux; the RST that a connection sends when it
 *       gives up on its peer makes that rare, not impossible, since the RST may be lost too.
 * </ol>
 *
 * <p>transport-tck's {@code TcpTransferProperties} checks exactly these three clauses over 10,000
 * random impaired transfers per build with keep-alive on (its scenario API, {@code TcpScenario},
 * checks them for any test). They hold against the network (loss, duplication,
 * reordering, corruption caught by the checksum, partitions) and against an off-path attacker
 * who does not know the sequence numbers; an attacker who sees the traffic can always reset a
 * connection, and then both sides see the failure.
 *
 * <p>Loss recovery is Linux's by default ({@link TcpConfig#lossRecovery}): with SACK, RFC 6675
 * recovery with RACK-TLP (RFC 8985), PRR (RFC 6937), D-SACK (RFC 2883) and undo of spurious
 * recoveries (RFC 3522, RFC 3708); without SACK, NewReno (RFC 6582).
 *
 * <p>Urgent data (RFC 9293 §3.8.5) is delivered inline, in order, as {@code java.net.Socket} does
 * with {@code setOOBInline(true)}: {@link Event#URGENT} and {@link #urgentBytesPending()} say how
 * far to read; {@link #sendUrgentData} sends it. What is not implemented: out-of-line urgent data,
 * ECN, and RFC 6191 TIME-WAIT reuse.
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
    /**
     * The connection failed for a reason the application did not cause — {@link #failure()} says
     * which: {@link Failure#RESET}, {@link Failure#REFUSED} or {@link Failure#TIMED_OUT}; {@link
     * #CLOSED} follows. (An abort by the application posts only CLOSED.)
     */
    FAILED,
    /**
     * The peer's urgent pointer moved past what has been read (RFC 9293 §3.8.5): urgent data is
     * coming, inline; {@link #urgentBytesPending()} says how much is left to read.
     */
    URGENT
  }

  /** Why a connection failed, as seen by its reader and writer ({@link #failure()}). */
  public enum Failure {
    /** The peer reset the connection. */
    RESET,
    /** The peer refused the connection (RST in reply to our SYN). */
    REFUSED,
    /**
     * The peer stayed silent past a limit: R2, keep-alive probes, the user timeout or the
     * FIN-WAIT-2 timeout (see {@link LivenessTimers}).
     */
    TIMED_OUT,
    /** The application aborted, or closed with data unread (RFC 1122 §4.2.2.13). */
    ABORTED
  }

  private static final long NONE = Long.MAX_VALUE;

  private final TcpConfig config;
  private final SocketPair pair;
  private final boolean passive;
  private final int ourMss;
  private final ConnectionParts parts;
  private final TcpSender sender;
  private final TcpReceiver receiver;
  private final ByteStream outbound;
  private final ByteStream inbound;
  private final SegmentOutput output;
  private final LivenessTimers liveness;
  private final ConnectionLifecycle lifecycle;
  private final HandshakeArrival handshake;
  private final ConnectionCounters counters = new ConnectionCounters();
  private final NegotiatedOptions options;
  private long nowNs;
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
    this.parts = new ConnectionParts(config, issSeq, ourMss,
        Math.min(ourMss, NegotiatedOptions.DEFAULT_PEER_MSS), buffers);
    this.sender = parts.sender();
    this.receiver = parts.receiver();
    this.outbound = parts.outbound();
    this.inbound = parts.inbound();
    this.output = new SegmentOutput(pair.local().port(), pair.remote().port(), parts, options,
        config.receiveBufferBytes(), config.delayedAckNs(), config.challengeAcksPerSecond());
    output.advanceTo(nowNs);
    this.liveness = new LivenessTimers(config);
    this.lifecycle = new ConnectionLifecycle(passive ? TcpState.SYN_RECEIVED : TcpState.SYN_SENT,
        passive, config, parts, output, liveness);
    this.handshake = new HandshakeArrival(parts, options, output, lifecycle);
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
    connection.sender.push(nowNs, connection.output);
    return connection;
  }

  /**
   * A passive open from a listener that received {@code syn} (RFC 9293 §3.10.7.2): the
   * connection starts in SYN-RECEIVED with its SYN-ACK queued, which acknowledges only the SYN:
   * text and a FIN on {@code syn} are not taken, as in Linux without TCP Fast Open.
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
      throw new IllegalArgumentException(
          "a passive open needs a SYN without ACK or RST, got " + flags);
    }
    TcpConnection connection = new TcpConnection(config, pair, linkMtu, iss, nowNs, true,
        buffers);
    connection.parts.onPeerSyn(SeqNum.ofUnsigned(syn.header().sequenceNumber()));
    connection.parts.onNegotiated(connection.options.negotiate(syn.header().options(), nowNs),
        connection.options.sackPermitted());
    // The SYN's window, never scaled (RFC 7323 §2.2), and no ACK yet.
    connection.parts.onPeerWindow(syn.header().window());
    connection.sender.receive(nowNs, connection.options.receiverMessage(syn.header(), false),
        connection.options.ackDetails(syn.header(), true, nowNs), connection.output);
    connection.sender.push(nowNs, connection.output); // the SYN's text and FIN are not taken
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
    connection.parts.onPeerSyn(SeqNum.ofUnsigned(ack.header().sequenceNumber()).plus(-1));
    connection.parts.onNegotiated(connection.options.negotiate(synOptions, nowNs),
        connection.options.sackPermitted());
    connection.parts.synSentStatelessly(nowNs);
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
    return outbound.allocatedBytes() + inbound.allocatedBytes();
  }

  // ------------------------------------------------------------------ queries

  public TcpState state() {
    return lifecycle.state();
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
    return Optional.ofNullable(lifecycle.failure());
  }

  /** Bytes that {@link #read} can return now. */
  public int bytesReadable() {
    return inbound.reader().bytesBuffered();
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
    return inbound.reader().isFinished();
  }

  /** Bytes {@link #write} would take now. */
  public int sendCapacity() {
    return parts.finQueued() || state() == TcpState.CLOSED ? 0
        : outbound.writer().availableCapacity();
  }

  /** Bytes written but not yet acknowledged by the peer. */
  public int bytesUnacknowledged() {
    long pushed = outbound.writer().bytesPushed();
    long acked = Math.min(Math.max(parts.sndUnaAbs() - 1, 0), pushed);
    return (int) (pushed - acked);
  }

  /** Whether the application shut down its sending side. */
  public boolean isOutputShutdown() {
    return parts.finQueued();
  }

  public long retransmittedSegments() {
    return sender.retransmittedSegments();
  }

  /** What loss recovery did on this connection so far (timeouts, fast retransmits, probes, …). */
  public LossRecoveryCounters lossRecoveryCounters() {
    return sender.lossRecoveryCounters().plus(output.dsacksSent());
  }

  public long congestionWindowBytes() {
    return parts.congestionWindowBytes();
  }

  public long smoothedRttNs() {
    return parts.rtt().smoothedRttNs();
  }

  public long retransmissionTimeoutNs() {
    return parts.rtt().rtoNs();
  }

  /** The MSS this side sends with (after the handshake: the peer's, less option space). */
  public int sendMss() {
    return parts.sendMss();
  }

  /** SND.UNA − ISS, the absolute acknowledged position (for plots and tests). */
  public long sndUnaAbs() {
    return parts.sndUnaAbs();
  }

  /** SND.NXT − ISS, the highest sequence number sent plus one (before any go-back-N rewind). */
  public long sndNxtAbs() {
    return parts.sndMaxAbs();
  }

  /** Whether window scaling, SACK and timestamps were negotiated, for diagnostics. */
  public String negotiatedOptions() {
    return options.describe(parts.sendMss());
  }

  // ------------------------------------------------------------------ outputs

  /** The next segment to send, or null. */
  public TcpSegment pollSegment() {
    return output.poll();
  }

  /** The next event for the application, or null. */
  public Event pollEvent() {
    return lifecycle.pollEvent();
  }

  /** When to call {@link #handleTimeout}, or {@code Long.MAX_VALUE}. */
  public long pollTimeoutNs() {
    if (state() == TcpState.CLOSED) {
      return NONE;
    }
    if (state() == TcpState.TIME_WAIT) {
      return lifecycle.timeWaitDeadlineNs();
    }
    return Math.min(Math.min(sender.nextDeadlineNs(), output.delayedAckDeadlineNs()),
        liveness.nextDeadlineNs());
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
    if (parts.finQueued()) {
      throw new IllegalStateException("cannot write to " + pair + ": output was shut down");
    }
    if (state() == TcpState.CLOSED || state() == TcpState.LISTEN) {
      throw new IllegalStateException("cannot write to " + pair + " in state " + state());
    }
    int taken = outbound.writer().push(data, offset, length);
    afterInput();
    return taken;
  }

  /**
   * Reads up to {@code length} received bytes; returns how many (0 if none are buffered — check
   * {@link #isInputFinished()} and {@link #failure()}).
   */
  public int read(long now, byte[] into, int offset, int length) {
    advance(now);
    int n = inbound.reader().read(into, offset, length);
    if (n > 0 && state().isSynchronized() && receiver.windowUpdateWorthSending()) {
      output.ackNow(); // window update (RFC 9293 §3.8.6.2.2)
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
    if (parts.finQueued() || state() == TcpState.CLOSED || state() == TcpState.LISTEN) {
      throw new IllegalStateException("cannot send urgent data on " + pair + " in state " + state()
          + (parts.finQueued() ? " after its output was shut down" : ""));
    }
    if (outbound.writer().push(new byte[] {(byte) data}, 0, 1) == 0) {
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
    if (parts.finQueued() || state() == TcpState.CLOSED) {
      return;
    }
    outbound.writer().close(); // the sender sends a FIN after the last byte
    lifecycle.outputShutDown();
    afterInput();
  }

  /**
   * Closes the connection for good, as {@code close(2)} does to a socket (RFC 9293 §3.10.4): a FIN
   * follows the queued data, as with {@link #shutdownOutput}, and the application reads no more.
   * Bytes still unread, or new bytes that arrive later, can no longer be delivered, so the
   * connection is aborted with a RST instead (RFC 1122 §4.2.2.13; Linux does the same), and the
   * writer on the other side learns that they were lost. FIN-WAIT-2 then waits at most {@link
   * TcpConfig#finWait2TimeoutNs} for the peer's FIN (Linux {@code tcp_fin_timeout}); after that
   * the connection sends a RST and ends {@link Failure#TIMED_OUT}.
   */
  public void close(long now) {
    advance(now);
    if (state() == TcpState.CLOSED) {
      return;
    }
    if (inbound.reader().bytesBuffered() > 0) {
      abort(now);
      return;
    }
    lifecycle.closeByApplication();
    shutdownOutput(now);
    lifecycle.boundFinWait2(nowNs);
  }

  /**
   * Aborts (RFC 9293 §3.10.5): sends a RST in synchronized states, drops everything queued, and
   * closes. The reader and writer see {@link Failure#ABORTED}.
   */
  public void abort(long now) {
    advance(now);
    if (state() == TcpState.CLOSED) {
      return;
    }
    if (state() != TcpState.SYN_SENT && state() != TcpState.TIME_WAIT) {
      output.abortWithReset();
    }
    lifecycle.fail(Failure.ABORTED);
  }

  // ------------------------------------------------------------------ inputs

  /** Processes one arriving segment of this connection (RFC 9293 §3.10.7). */
  public void handleSegment(long now, TcpSegment segment) {
    advance(now);
    if (state() == TcpState.CLOSED) {
      return;
    }
    if (state() == TcpState.SYN_SENT) {
      if (handshake.inSynSent(nowNs, segment) && segment.header().flags().ack()) {
        acceptText(0, segment); // a SYN-ACK's text and FIN (a crossing SYN's are not taken)
      }
    } else {
      handleInOtherStates(segment);
    }
    afterInput();
  }

  /**
   * Fires due timers: retransmission, persist, delayed ACK, TIME-WAIT, and those that give up on
   * a silent peer (R2, keep-alive, user timeout, FIN-WAIT-2; see {@link LivenessTimers}).
   */
  public void handleTimeout(long now) {
    advance(now);
    if (state() == TcpState.CLOSED) {
      return;
    }
    if (state() == TcpState.TIME_WAIT) {
      lifecycle.timeWaitTimeout(now);
      return;
    }
    LivenessTimers.Expiry expiry = liveness.expired(now, sender.sequenceNumbersInFlight() > 0);
    if (expiry == LivenessTimers.Expiry.KEEP_ALIVE_PROBE) {
      output.probe();
    } else if (expiry != LivenessTimers.Expiry.NOTHING) {
      giveUpOnPeer(expiry);
      return;
    }
    if (sender.nextDeadlineNs() <= now) {
      expiry = liveness.retriesExpired(state().isSynchronized(), passive, sender);
      if (expiry != LivenessTimers.Expiry.NOTHING) {
        giveUpOnPeer(expiry);
        return;
      }
      sender.tick(now, output);
      if (sender.consecutiveRetransmissions() >= config.retriesBeforeWarning()
          && !warnedStruggling) {
        warnedStruggling = true;
        lifecycle.postAgain(Event.STRUGGLING);
      }
    }
    output.onTimeout(now);
    afterInput();
  }

  /**
   * The peer stayed silent past a limit: the connection ends {@link Failure#TIMED_OUT}. Once
   * synchronized it sends a RST on the way out, in case the peer is alive and only its answers
   * were lost: then the peer hears of the failure instead of waiting on its own timers.
   */
  private void giveUpOnPeer(LivenessTimers.Expiry why) {
    counters.timeoutAborts++;
    if (why == LivenessTimers.Expiry.USER_TIMEOUT) {
      counters.userTimeouts++;
    } else if (why == LivenessTimers.Expiry.FIN_WAIT_2_TIMEOUT) {
      counters.finWait2Timeouts++;
    }
    if (state().isSynchronized()) {
      output.abortWithReset();
    }
    lifecycle.fail(Failure.TIMED_OUT);
  }

  // ------------------------------------------------------------------ segment arrival

  private void handleInOtherStates(TcpSegment segment) {
    TcpHeader h = segment.header();
    TcpFlags flags = h.flags();
    long segSeqAbs = parts.unwrapSeq(h.sequenceNumber());
    int payloadLength = segment.payloadLength();
    long segLen = payloadLength + (flags.syn() ? 1 : 0) + (flags.fin() ? 1 : 0);

    if (state() == TcpState.SYN_RECEIVED && flags.syn() && !flags.rst() && segSeqAbs == 0
        && handshake.peerSynInSynReceived(nowNs, segment, passive)) {
      return;
    }

    // PAWS (RFC 7323 §5.3 R1), before the sequence check: an old timestamp marks an old duplicate.
    if (!flags.rst() && options.pawsRejects(h, nowNs)) {
      counters.pawsRejects++;
      challengeAck();
      return;
    }

    // First check (RFC 9293 §3.10.7.4): is the segment in the receive window?
    SegmentAcceptance.Verdict verdict = SegmentAcceptance.check(segSeqAbs, segLen, payloadLength,
        parts.rcvNxtAbs(), inbound.writer().availableCapacity(), inbound.capacity());
    if (verdict == SegmentAcceptance.Verdict.OLD_DUPLICATE
        || verdict == SegmentAcceptance.Verdict.OUT_OF_WINDOW) {
      onUnacceptable(h, verdict, segSeqAbs, payloadLength);
      return;
    }
    boolean textAllowed = verdict == SegmentAcceptance.Verdict.ACCEPTABLE;
    if (!textAllowed) {
      output.ackNow(); // a zero-window probe: answer it now (MUST-36/37), keep its ACK field
    }

    // Second check: RST (RFC 5961 §3.2).
    if (flags.rst()) {
      if (segSeqAbs == parts.rcvNxtAbs()) {
        lifecycle.resetReceived();
      } else {
        challengeAck();
      }
      return;
    }

    // Fourth check: SYN in a synchronized state (RFC 5961 §4.2).
    if (flags.syn()) {
      if (state() == TcpState.SYN_RECEIVED && passive) {
        // Back to LISTEN: the endpoint forgets this embryo.
        lifecycle.fail(Failure.RESET);
      } else {
        challengeAck();
      }
      return;
    }

    // Fifth check: the ACK field.
    if (!flags.ack()) {
      return;
    }
    long ackAbs = parts.unwrapAck(h.acknowledgmentNumber());
    boolean carriesSequenceSpace = payloadLength > 0 || flags.fin();
    if (state() == TcpState.SYN_RECEIVED) {
      if (!parts.acksNewData(ackAbs)) {
        output.sendReset(h.acknowledgmentNumber());
        return;
      }
      options.updateTsRecent(h, segSeqAbs, segLen, output.lastAckSentAbs(), nowNs);
      parts.onPeerWindow((long) h.window() << options.sendShift());
      sender.receive(nowNs, options.receiverMessage(h, true),
          options.ackDetails(h, carriesSequenceSpace, nowNs), output);
      lifecycle.establish(nowNs);
    } else {
      if (!ackInRange(ackAbs)) {
        challengeAck(); // RFC 5961 §5.2: acknowledges what was never sent, or far too old
        return;
      }
      // Only now, with the sequence number and the ACK both valid (RFC 7323 §4.3, as Linux).
      options.updateTsRecent(h, segSeqAbs, segLen, output.lastAckSentAbs(), nowNs);
      liveness.heard(nowNs);
      warnedStruggling &= !parts.acksNewData(ackAbs);
      if (ackAbs >= parts.sndUnaAbs()) {
        parts.onPeerWindow((long) h.window() << options.sendShift());
      }
      int roomBefore = outbound.writer().availableCapacity();
      sender.receive(nowNs, options.receiverMessage(h, true),
          options.ackDetails(h, carriesSequenceSpace, nowNs), output);
      boolean freed = outbound.writer().availableCapacity() > roomBefore;
      if (freed && !parts.finQueued()) {
        lifecycle.post(Event.WRITABLE);
      }
    }
    lifecycle.ackProcessed(nowNs);
    if (state() == TcpState.CLOSED || state() == TcpState.TIME_WAIT) {
      return;
    }
    // Sixth check: the URG bit, in the states that still receive (RFC 9293 §3.10.7.4).
    TcpState state = state();
    boolean receiving = state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1
        || state == TcpState.FIN_WAIT_2;
    if (flags.urg() && receiving
        && receiver.onUrgentPointer(SeqNum.ofUnsigned(h.sequenceNumber()), h.urgentPointer())) {
      lifecycle.post(Event.URGENT);
    }
    if (textAllowed) {
      acceptText(segSeqAbs, segment);
    }
  }

  /**
   * A segment that failed the first check is dropped without looking at its ACK field (RFC 9293
   * §3.10.7.4); a RST silently, anything else with an ACK. That ACK goes out at once only for a
   * plausible retransmission of data we hold (old octets and an ACK field a real peer could
   * send: guessing both is beyond a blind attacker); every other one through the challenge-ACK
   * limit, so that neither an attacker nor two confused peers can make us send ACKs without
   * bound.
   */
  private void onUnacceptable(TcpHeader h, SegmentAcceptance.Verdict verdict, long segSeqAbs,
      int payloadLength) {
    counters.outOfWindowDrops++;
    TcpFlags flags = h.flags();
    if (flags.rst()) {
      return;
    }
    boolean plausibleRetransmission = verdict == SegmentAcceptance.Verdict.OLD_DUPLICATE
        && !flags.syn() && flags.ack() && ackInRange(
            parts.unwrapAck(h.acknowledgmentNumber()));
    if (plausibleRetransmission) {
      if (state() == TcpState.TIME_WAIT && flags.fin()) {
        // RFC 9293 §3.10.7.4: a FIN in TIME-WAIT restarts the 2 MSL timeout. The peer repeats its
        // FIN because our last ACK was lost; TIME-WAIT must outlast its retransmissions.
        lifecycle.restartTimeWait(nowNs);
      }
      // a D-SACK (RFC 2883)
      receiver.onDuplicate(SeqNum.ofUnsigned(h.sequenceNumber()), payloadLength);
      output.ackNow();
    } else {
      challengeAck();
    }
  }

  /** RFC 5961 §5.2: SND.UNA − MAX.SND.WND ≤ SEG.ACK ≤ SND.NXT (SND.NXT being the highest sent). */
  private boolean ackInRange(long ackAbs) {
    return parts.ackInRange(ackAbs);
  }

  /** Seventh and eighth checks: segment text and FIN (RFC 9293 §3.10.7.4). */
  private void acceptText(long segSeqAbs, TcpSegment segment) {
    TcpFlags flags = segment.header().flags();
    if (segment.payloadLength() == 0 && !flags.fin()) {
      return;
    }
    if (parts.finReceived()) {
      output.ackNow(); // a retransmitted FIN or data after it: acknowledge, ignore
      return;
    }
    long dataSeqAbs = segSeqAbs + (flags.syn() ? 1 : 0);
    if (lifecycle.closedByApplication()
        && dataSeqAbs + segment.payloadLength() > parts.rcvNxtAbs()
        && segment.payloadLength() > 0) {
      // RFC 1122 §4.2.2.13: new data after the application's CLOSE can never be read; a RST
      // tells the peer that it was lost.
      output.abortWithReset();
      lifecycle.fail(Failure.ABORTED);
      return;
    }
    boolean holeBefore = parts.reassembler().bytesPending() > 0;
    long assembledBefore = inbound.writer().bytesPushed();
    // In order (RFC 9293 §3.8.6.3, RFC 5681 §4.2): starting at or before RCV.NXT.
    boolean inOrder = dataSeqAbs - 1 <= assembledBefore;
    receiver.receive(new TcpSenderMessage(parts.wrapSeq(dataSeqAbs), false, segment.payload(),
        flags.fin()));
    output.acknowledgeText(!inOrder || holeBefore || parts.reassembler().bytesPending() > 0
        || receiver.duplicateReport().isPresent());
    if (inbound.writer().bytesPushed() > assembledBefore) {
      lifecycle.post(Event.READABLE);
    }
    if (parts.finReceived()) {
      output.ackNow();
      lifecycle.post(Event.READABLE);
      lifecycle.finReceived(nowNs);
    }
  }

  /** An ACK provoked by an unacceptable segment, if the RFC 5961 §7 limit allows. */
  private void challengeAck() {
    if (output.challengeAck()) {
      counters.challengeAcks++;
    } else {
      counters.acksRateLimited++;
    }
  }

  // ------------------------------------------------------------------ output

  /** After every input: send what may be sent, then any ACK still owed. */
  private void afterInput() {
    if (state() == TcpState.CLOSED) {
      return;
    }
    if (state() != TcpState.TIME_WAIT && state().isSynchronized()) {
      sender.push(nowNs, output); // before the handshake completes, only the sender's SYN goes
    }
    output.flushAck();
    liveness.observe(nowNs, sender.sequenceNumbersInFlight() > 0,
        parts.hasUnsent() && parts.peerWindowBytes() == 0, parts.sndUnaAbs());
  }

  /** Adds what this connection counted since the last call to its endpoint's counters. */
  void moveCountersTo(TcpCounters endpointCounters) {
    counters.moveTo(endpointCounters, lossRecoveryCounters());
  }

  private void advance(long now) {
    if (now < nowNs) {
      throw new IllegalArgumentException(
          "time went backwards for " + pair + ": " + now + " ns after " + nowNs + " ns");
    }
    nowNs = now;
    output.advanceTo(now);
  }

  @Override
  public String toString() {
    Failure failure = lifecycle.failure();
    return "TcpConnection(" + pair + " " + state() + (failure == null ? "" : " " + failure) + ")";
  }
}
