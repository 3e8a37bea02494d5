package org.minitransport.tcp.internal;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.minitransport.tcp.SeqNum;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.component.AckDetails;
import org.minitransport.tcp.component.TcpReceiverMessage;
import org.minitransport.tcp.wire.SackBlock;
import org.minitransport.tcp.wire.TcpHeader;
import org.minitransport.tcp.wire.TcpOptions;
import org.minitransport.tcp.wire.TcpTimestamps;

/**
 * What one connection's handshake settled about TCP options, and the per-segment rules that
 * follow from it: MSS (RFC 9293 §3.7.1), window scaling and timestamps with PAWS (RFC 7323),
 * SACK (RFC 2018). An option is in use only if both SYNs carried it.
 *
 * <p>The timestamp clock ticks in milliseconds (RFC 7323 §5.4 asks for 1 ms to 1 s per tick).
 * Not thread-safe; owned by one connection.
 */
public final class NegotiatedOptions {

  /** The MSS assumed when the peer's SYN has none (RFC 9293 §3.7.1: 536 for IPv4). */
  public static final int DEFAULT_PEER_MSS = 536;

  private static final int TIMESTAMP_OPTION_BYTES = 12;

  /**
   * How long TS.Recent stays valid without an update (RFC 7323 §5.5): 24 days, well inside the
   * 2^31 ms a 1 ms timestamp clock needs to wrap half way, after which "older" means nothing.
   */
  public static final long TS_RECENT_LIFETIME_NS = 24L * 24 * 3600 * 1_000_000_000L;

  private final TcpConfig config;
  private final int ourMss;
  private final int ourWindowShift;
  private boolean windowScaling;
  private int sendShift;
  private int receiveShift;
  private boolean sackPermitted;
  private boolean timestamps;
  private long tsRecent = -1;
  private long tsRecentSetNs;

  /**
   * @param ourMss the MSS this side announces
   */
  public NegotiatedOptions(TcpConfig config, int ourMss) {
    this.config = config;
    this.ourMss = ourMss;
    this.ourWindowShift = windowShiftFor(config.receiveBufferBytes());
  }

  /**
   * Applies the options of the peer's SYN.
   *
   * @return the effective send MSS: the smaller MSS, less the timestamps option's 12 bytes when
   *     timestamps are in use (RFC 6691)
   */
  public int negotiate(TcpOptions peer, long nowNs) {
    OptionalInt peerShift = peer.windowScale();
    windowScaling = config.windowScaling() && peerShift.isPresent();
    sendShift = windowScaling ? Math.min(peerShift.getAsInt(), TcpOptions.MAX_WINDOW_SCALE) : 0;
    receiveShift = windowScaling ? ourWindowShift : 0;
    sackPermitted = config.sack() && peer.sackPermitted();
    timestamps = config.timestamps() && peer.timestamps().isPresent();
    if (timestamps) {
      tsRecent = peer.timestamps().get().tsVal();
      tsRecentSetNs = nowNs;
    }
    int peerMss = peer.mss().orElse(DEFAULT_PEER_MSS);
    int mss = Math.min(peerMss, ourMss) - (timestamps ? TIMESTAMP_OPTION_BYTES : 0);
    return Math.max(mss, 32);
  }

  /** The shift applied to the peer's window field (0 unless both sides scale). */
  public int sendShift() {
    return sendShift;
  }

  /** The shift applied to the window field we send (0 unless both sides scale). */
  public int receiveShift() {
    return receiveShift;
  }

  public boolean sackPermitted() {
    return sackPermitted;
  }

  public boolean timestamps() {
    return timestamps;
  }

  /**
   * PAWS (RFC 7323 §5.3 R1): whether a segment's TSval is older than a valid TS.Recent, so the
   * segment is an old duplicate to drop (and acknowledge). TS.Recent is invalid before the first
   * timestamp and after 24 days without an update (§5.5): a connection idle that long would
   * otherwise reject every new segment once the peer's clock has moved on by 2^31 ticks. The
   * caller exempts RSTs.
   */
  public boolean pawsRejects(TcpHeader header, long nowNs) {
    Optional<TcpTimestamps> ts = header.options().timestamps();
    return timestamps && ts.isPresent() && tsRecentValid(nowNs)
        && serialLess(ts.get().tsVal(), tsRecent);
  }

  /**
   * Updates TS.Recent from a segment already found acceptable, ACK field included (RFC 7323
   * §4.3): only if its TSval is not older and the segment covers Last.ACK.sent, that is SEG.SEQ ≤
   * Last.ACK.sent &lt; SEG.SEQ + SEG.LEN, SEG.LEN counting SYN and FIN; a segment without octets
   * covers the one number SEG.SEQ = Last.ACK.sent (RFC 1323 p. 35's reading, as Linux and BSD,
   * so that pure ACKs update it too). So TS.Recent echoes the segment that the ACK we send next
   * acknowledges, and a forged segment with an old SEQ cannot set it.
   *
   * @param segLen SEG.LEN: payload octets plus one for SYN and one for FIN
   */
  public void updateTsRecent(TcpHeader header, long segSeqAbs, long segLen, long lastAckSentAbs,
      long nowNs) {
    Optional<TcpTimestamps> ts = header.options().timestamps();
    if (!timestamps || ts.isEmpty()) {
      return;
    }
    boolean covers = segSeqAbs <= lastAckSentAbs
        && (segLen == 0 ? segSeqAbs == lastAckSentAbs : lastAckSentAbs < segSeqAbs + segLen);
    long tsVal = ts.get().tsVal();
    if (covers && (!tsRecentValid(nowNs) || !serialLess(tsVal, tsRecent))) {
      tsRecent = tsVal;
      tsRecentSetNs = nowNs;
    }
  }

  private boolean tsRecentValid(long nowNs) {
    return tsRecent >= 0 && nowNs - tsRecentSetNs <= TS_RECENT_LIFETIME_NS;
  }

  /** An RTT sample from the echoed timestamp of an ACK (RFC 7323 §4.1), or -1 if none. */
  public long rttSampleNs(TcpHeader header, long nowNs) {
    if (!timestamps) {
      return -1;
    }
    Optional<TcpTimestamps> ts = header.options().timestamps();
    if (ts.isEmpty() || ts.get().tsEcr() == 0) {
      return -1;
    }
    long elapsedMs = (tsClock(nowNs) - ts.get().tsEcr()) & 0xFFFF_FFFFL;
    if (elapsedMs > 0x7FFF_FFFFL) {
      return -1;
    }
    return Math.max(elapsedMs, 1) * 1_000_000L;
  }

  /**
   * The TSecr of an ACK as a time on our own millisecond timestamp clock (RFC 7323 §4.1): when we
   * sent the segment whose TSval the peer echoes, to tell an ACK for an original from one for its
   * retransmission (Eifel detection, RFC 3522; RACK, RFC 8985 §6.2). -1 without timestamps, for
   * an echo of 0 or one from the future.
   */
  public long echoedTimestampMs(TcpHeader header, long nowNs) {
    long elapsedNs = rttSampleNs(header, nowNs);
    if (elapsedNs < 0) {
      return -1;
    }
    long nowMs = nowNs / 1_000_000L;
    long elapsedMs = (tsClock(nowNs) - header.options().timestamps().get().tsEcr()) & 0xFFFF_FFFFL;
    return nowMs - elapsedMs;
  }

  /**
   * The acknowledgment part of an arriving segment as the sender takes it: SEG.ACK (if ACK is
   * set), the window — scaled by the peer's shift (RFC 7323 §2.3) unless it is a SYN's — and the
   * SACK blocks as they came off the wire (RFC 2018), unchecked; none if SACK was not negotiated.
   */
  public TcpReceiverMessage receiverMessage(TcpHeader header, boolean scaled) {
    return new TcpReceiverMessage(
        header.flags().ack()
            ? Optional.of(SeqNum.ofUnsigned(header.acknowledgmentNumber())) : Optional.empty(),
        scaled ? (long) header.window() << sendShift : header.window(), false,
        sackPermitted ? header.options().sackBlocks() : List.of());
  }

  /**
   * What the sender may want to know about the segment beyond its acknowledgment: its SEQ
   * (SND.WL1), whether it carries sequence space, the RTT sample of its timestamps (RFC 7323
   * §4.1) and its TSecr on our clock (RFC 3522, RFC 8985 §6.2).
   */
  public AckDetails ackDetails(TcpHeader header, boolean carriesSequenceSpace, long nowNs) {
    return new AckDetails(Optional.of(SeqNum.ofUnsigned(header.sequenceNumber())),
        carriesSequenceSpace, rttSampleNs(header, nowNs), echoedTimestampMs(header, nowNs));
  }

  /**
   * The options of our SYN or SYN-ACK. An active open offers what the configuration enables; a
   * SYN-ACK ({@code answering}) only what the peer's SYN offered too.
   */
  public TcpOptions forSyn(boolean answering, long nowNs) {
    TcpOptions options = TcpOptions.NONE.withMss(ourMss);
    if (config.windowScaling() && (!answering || windowScaling)) {
      options = options.withWindowScale(ourWindowShift);
    }
    if (config.sack() && (!answering || sackPermitted)) {
      options = options.withSackPermitted(true);
    }
    if (config.timestamps() && (!answering || timestamps)) {
      options = options.withTimestamps(tsClock(nowNs), answering ? Math.max(tsRecent, 0) : 0);
    }
    return options;
  }

  /**
   * The options of any other segment: timestamps when in use, and the given SACK blocks (the
   * sender has already shrunk the payload to make room for them).
   */
  public TcpOptions forSegment(long nowNs, List<SackBlock> sackBlocks) {
    TcpOptions options = TcpOptions.NONE;
    if (timestamps) {
      options = options.withTimestamps(tsClock(nowNs), Math.max(tsRecent, 0));
    }
    if (sackPermitted && !sackBlocks.isEmpty()) {
      options = options.withSackBlocks(sackBlocks);
    }
    return options;
  }

  /** How many SACK blocks fit beside the other options (RFC 2018 §3). */
  public int maxSackBlocks() {
    return timestamps ? 3 : 4;
  }

  /** For diagnostics: "mss=1448 wscale=3/3 sack=true ts=true". */
  public String describe(int sendMss) {
    return "mss=" + sendMss + " wscale=" + (windowScaling ? sendShift + "/" + receiveShift : "off")
        + " sack=" + sackPermitted + " ts=" + timestamps;
  }

  /** The smallest shift that fits the receive buffer into 16 bits (RFC 7323 §2.3). */
  public static int windowShiftFor(int bufferBytes) {
    int shift = 0;
    while (shift < TcpOptions.MAX_WINDOW_SCALE && (bufferBytes >> shift) > 0xFFFF) {
      shift++;
    }
    return shift;
  }

  /** The timestamp clock (RFC 7323 §5.4): milliseconds, 32 bits. */
  public static long tsClock(long nowNs) {
    return (nowNs / 1_000_000L) & 0xFFFF_FFFFL;
  }

  private static boolean serialLess(long a, long b) {
    return (int) (a - b) < 0;
  }
}
