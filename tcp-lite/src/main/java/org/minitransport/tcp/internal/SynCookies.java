package org.minitransport.tcp.internal;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.util.Optional;
import java.util.OptionalInt;
import org.minitransport.core.address.SocketPair;
import org.minitransport.tcp.wire.TcpOptions;

/**
 * SYN cookies (RFC 4987 §3.6): when a listener's SYN queue is full it answers a SYN with a SYN-ACK
 * whose ISN encodes what it would have remembered, and keeps no state; the peer's ACK of that
 * SYN-ACK brings the ISN back (as SEG.ACK − 1), and the listener rebuilds the connection from it.
 * The layout is Linux's ({@code net/ipv4/syncookies.c}):
 *
 * <pre>
 *   ISN = F(k; 4-tuple, 0) + SEG.SEQ + (t &lt;&lt; 24) + ((F(k; 4-tuple, t) + mssIndex) mod 2^24)
 * </pre>
 *
 * where F is SipHash-2-4 under keys derived from the endpoint's injected secret, {@code t} counts
 * minutes ({@link #TICK_NS}; its low 8 bits travel in the cookie's top byte), and {@code mssIndex}
 * picks the peer's MSS from {@link #MSS_TABLE} (3 bits). A cookie is valid while {@code t} is at
 * most one tick old ({@link #MAX_AGE_TICKS}, as Linux's {@code MAX_SYNCOOKIE_AGE}), so between one
 * and two minutes. An attacker who cannot compute F has one chance in 2^24 / 8 per guess of the
 * lower 24 bits, and must also know the peer's ISN.
 *
 * <p>The other SYN options do not fit in 32 bits. As in Linux, when the SYN carried timestamps the
 * low 6 bits of our SYN-ACK's TSval carry them ({@link #timestampWithOptions}): the peer's window
 * scale (4 bits, 0xF for none) and SACK-permitted (bit 4); its ACK echoes them in TSecr. Without
 * timestamps a cookie connection has neither window scaling nor SACK.
 *
 * <p>Immutable and sans-IO: time comes in as {@code nowNs}.
 */
public final class SynCookies {

  /** How long one cookie counter tick lasts: a minute, as in Linux. */
  public static final long TICK_NS = 60_000_000_000L;
  /** A cookie older than this many ticks is refused. */
  public static final int MAX_AGE_TICKS = 2;
  /**
   * The MSS values a cookie can carry, ascending: Linux's IPv4 table (536, 1300, 1440, 1460) with
   * a floor for tiny links and the common jumbo sizes, since the simulated links here range from
   * MTU 68 to 65 535. A SYN's MSS is rounded down to an entry (up to the first).
   */
  public static final int[] MSS_TABLE = {64, 536, 1300, 1440, 1460, 4312, 8960, 65_495};

  private static final int COOKIE_BITS = 24;
  private static final long COOKIE_MASK = (1L << COOKIE_BITS) - 1;
  private static final long U32 = 0xFFFF_FFFFL;
  /** Bits of TSval that carry SYN options (Linux {@code TSBITS}). */
  private static final int TS_OPTION_BITS = 6;
  private static final int TS_NO_WINDOW_SCALE = 0xF;
  private static final int TS_SACK = 1 << 4;
  /** Linux's ECN bit; this stack never offers ECN, so an ACK echoing it is forged. */
  private static final int TS_ECN = 1 << 5;

  private final HashFunction keyedHash;

  /**
   * @param secretKey0 first half of the endpoint's secret (the one its ISNs use); the cookie keys
   *     are derived from it, so they differ from the ISN keys
   * @param secretKey1 second half
   */
  public SynCookies(long secretKey0, long secretKey1) {
    HashFunction derive = Hashing.sipHash24(secretKey0, secretKey1);
    long key0 = derive.hashLong(0x5359_4E43_4F4F_4B30L).asLong(); // "SYNCOOK0"
    long key1 = derive.hashLong(0x5359_4E43_4F4F_4B31L).asLong(); // "SYNCOOK1"
    this.keyedHash = Hashing.sipHash24(key0, key1);
  }

  /**
   * The ISN of a cookie SYN-ACK.
   *
   * @param pair the connection as the listener sees it (local = the listener's address and port)
   * @param peerIsn the SYN's sequence number
   * @param mssIndex from {@link #mssIndexFor}
   * @return an unsigned 32-bit ISN
   */
  public long isn(SocketPair pair, long peerIsn, int mssIndex, long nowNs) {
    if (mssIndex < 0 || mssIndex >= MSS_TABLE.length) {
      throw new IllegalArgumentException(
          "MSS index " + mssIndex + " is outside 0-" + (MSS_TABLE.length - 1));
    }
    long tick = tick(nowNs);
    return (hash(pair, 0, 0) + peerIsn + (tick << COOKIE_BITS)
        + ((hash(pair, tick, 1) + mssIndex) & COOKIE_MASK)) & U32;
  }

  /**
   * Checks the cookie an ACK brings back.
   *
   * @param peerIsn the ACK's SEG.SEQ − 1 (the ISN of the SYN it answers)
   * @param cookie the ACK's SEG.ACK − 1
   * @return the MSS index the cookie carries, or empty if it is forged or too old
   */
  public OptionalInt check(SocketPair pair, long peerIsn, long cookie, long nowNs) {
    long rest = (cookie - hash(pair, 0, 0) - peerIsn) & U32;
    long nowTick = tick(nowNs);
    long age = (nowTick - (rest >>> COOKIE_BITS)) & 0xFF;
    if (age >= MAX_AGE_TICKS) {
      return OptionalInt.empty();
    }
    long mssIndex = (rest - hash(pair, nowTick - age, 1)) & COOKIE_MASK;
    return mssIndex < MSS_TABLE.length ? OptionalInt.of((int) mssIndex) : OptionalInt.empty();
  }

  /** The index of the largest {@link #MSS_TABLE} entry not above {@code peerMss} (else 0). */
  public static int mssIndexFor(int peerMss) {
    int index = MSS_TABLE.length - 1;
    while (index > 0 && MSS_TABLE[index] > peerMss) {
      index--;
    }
    return index;
  }

  /**
   * Our SYN-ACK's TSval, carrying the peer's SYN options in its low bits (Linux {@code
   * cookie_init_timestamp}): {@code timestampClock} with its low 6 bits replaced, and moved one
   * step back if that made it later than the clock, so our timestamps never run backwards.
   *
   * @param peerWindowShift the SYN's window scale if we accept scaling, else empty
   */
  public static long timestampWithOptions(long timestampClock, OptionalInt peerWindowShift,
      boolean sackPermitted) {
    long options = peerWindowShift.isPresent() ? peerWindowShift.getAsInt() : TS_NO_WINDOW_SCALE;
    if (sackPermitted) {
      options |= TS_SACK;
    }
    long stamped = (timestampClock & ~((1L << TS_OPTION_BITS) - 1)) | options;
    if (stamped > timestampClock) {
      stamped -= 1L << TS_OPTION_BITS;
    }
    return stamped & U32;
  }

  /**
   * The SYN options a cookie connection goes on with, rebuilt from the MSS index and, if the ACK
   * carries timestamps, from the options its TSecr echoes (Linux {@code cookie_timestamp_decode}).
   *
   * @param ack the options of the peer's ACK
   * @param windowScaling whether this side scales windows (a scale it never offered is forged)
   * @param sack whether this side does SACK
   * @param timestamps whether this side does timestamps
   * @return the options to negotiate as if the SYN had carried them, or empty if the echoed bits
   *     ask for something this side never offered (including ECN, which it never does)
   */
  public static Optional<TcpOptions> synOptions(int mssIndex, TcpOptions ack,
      boolean windowScaling, boolean sack, boolean timestamps) {
    TcpOptions syn = TcpOptions.NONE.withMss(MSS_TABLE[mssIndex]);
    if (ack.timestamps().isEmpty()) {
      return Optional.of(syn);
    }
    if (!timestamps) {
      return Optional.empty();
    }
    long echoed = ack.timestamps().get().tsEcr();
    int shift = (int) (echoed & TS_NO_WINDOW_SCALE);
    boolean sackPermitted = (echoed & TS_SACK) != 0;
    if ((shift != TS_NO_WINDOW_SCALE && (!windowScaling || shift > TcpOptions.MAX_WINDOW_SCALE))
        || (sackPermitted && !sack) || (echoed & TS_ECN) != 0) {
      return Optional.empty();
    }
    if (shift != TS_NO_WINDOW_SCALE) {
      syn = syn.withWindowScale(shift);
    }
    // The ACK's own TSval stands in for the SYN's: it seeds TS.Recent (RFC 7323 §4.3).
    return Optional.of(syn.withSackPermitted(sackPermitted)
        .withTimestamps(ack.timestamps().get().tsVal(), 0));
  }

  private static long tick(long nowNs) {
    return Math.floorDiv(nowNs, TICK_NS);
  }

  private long hash(SocketPair pair, long tick, int which) {
    return keyedHash.newHasher(21)
        .putInt(pair.local().address().bits())
        .putShort((short) pair.local().port())
        .putInt(pair.remote().address().bits())
        .putShort((short) pair.remote().port())
        .putLong(tick)
        .putByte((byte) which)
        .hash().asInt() & U32;
  }
}
