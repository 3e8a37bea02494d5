package org.minitransport.tcp;

/**
 * A 32-bit TCP sequence number (RFC 9293 §3.4): the value carried in a segment's sequence and
 * acknowledgment fields, which wraps around modulo 2<sup>32</sup>.
 *
 * <p><b>Representation.</b> {@link #raw()} holds the 32 bits exactly as on the wire, in a Java
 * {@code int}; values of 2<sup>31</sup> and above are negative ints. {@link #toString()} and
 * {@link #unsignedValue()} show the unsigned value.
 *
 * <p><b>Ordering.</b> Sequence numbers are compared with serial-number arithmetic (RFC 1982, as
 * RFC 9293 §3.4 requires "=<" to be read modulo 2<sup>32</sup>): {@code a} is before {@code b} iff
 * the signed 32-bit difference {@code (int) (a - b)} is negative. This agrees with the order of the
 * absolute stream positions whenever the two are less than 2<sup>31</sup> apart. When they are
 * exactly 2<sup>31</sup> apart the comparison is undefined in RFC 1982; here both {@code a.lt(b)}
 * and {@code b.lt(a)} are then true, as in the Linux kernel's {@code before()}. Because the order
 * is not transitive over the whole circle, this type deliberately does not implement {@link
 * Comparable}.
 *
 * <p><b>Absolute positions.</b> Engines count in 64-bit absolute sequence numbers, which never
 * wrap: absolute 0 is the initial sequence number (ISN) itself. {@link #wrap(long, SeqNum)} turns an
 * absolute number into a wire value; {@link #unwrap(SeqNum, long)} turns a wire value back into the
 * absolute number closest to a checkpoint (for example the last absolute number the caller saw),
 * as in CS144's {@code Wrap32}. Note that the SYN occupies absolute 0, so stream byte {@code i} has
 * absolute sequence number {@code i + 1}; converting between the two is the caller's business.
 *
 * @param raw the 32 bits of the sequence number as a Java int (two's complement)
 */
public record SeqNum(int raw) {

  private static final long MODULUS = 1L << 32;
  private static final long HALF = 1L << 31;
  private static final long LOW_32_BITS = MODULUS - 1;

  /** The sequence number with unsigned value {@code unsigned}, which must be in [0, 2^32). */
  public static SeqNum ofUnsigned(long unsigned) {
    if (unsigned < 0 || unsigned > LOW_32_BITS) {
      throw new IllegalArgumentException(
          "sequence number " + unsigned + " is outside the unsigned 32-bit range [0, 4294967295]");
    }
    return new SeqNum((int) unsigned);
  }

  /**
   * The wire value of absolute sequence number {@code absolute} on a connection whose initial
   * sequence number is {@code isn}: {@code (isn + absolute) mod 2^32}.
   *
   * @throws IllegalArgumentException if {@code absolute} is negative
   */
  public static SeqNum wrap(long absolute, SeqNum isn) {
    if (absolute < 0) {
      throw new IllegalArgumentException(
          "absolute sequence number " + absolute + " is negative; absolute numbers start at 0");
    }
    return new SeqNum(isn.raw + (int) absolute);
  }

  /**
   * The absolute sequence number that wraps to this value (given {@code isn}) and lies closest to
   * {@code checkpoint}. Among the candidates {@code offset + k·2^32} (where {@code offset} is this
   * value minus {@code isn}, taken unsigned) it picks the one nearest the checkpoint, never a
   * negative one; if two candidates are exactly 2<sup>31</sup> from the checkpoint, it picks the one
   * in the same 2<sup>32</sup> block as the checkpoint.
   *
   * @param isn the connection's initial sequence number (absolute 0)
   * @param checkpoint a recent absolute sequence number, e.g. the first unassembled index
   * @throws IllegalArgumentException if {@code checkpoint} is negative
   */
  public long unwrap(SeqNum isn, long checkpoint) {
    if (checkpoint < 0) {
      throw new IllegalArgumentException(
          "checkpoint " + checkpoint + " is negative; absolute numbers start at 0");
    }
    long offset = Integer.toUnsignedLong(raw - isn.raw);
    long candidate = (checkpoint & ~LOW_32_BITS) | offset;
    if (candidate - checkpoint > HALF && candidate >= MODULUS) {
      return candidate - MODULUS;
    }
    if (checkpoint - candidate > HALF && candidate <= Long.MAX_VALUE - MODULUS) {
      return candidate + MODULUS;
    }
    return candidate;
  }

  /** This value advanced by {@code n} (which may be negative), modulo 2<sup>32</sup>. */
  public SeqNum plus(long n) {
    return new SeqNum(raw + (int) n);
  }

  /**
   * The signed distance {@code this − other} in serial arithmetic: the int {@code d} in
   * [−2<sup>31</sup>, 2<sup>31</sup>) with {@code other.plus(d).equals(this)}. Positive when this
   * value is after {@code other}.
   */
  public int minus(SeqNum other) {
    return raw - other.raw;
  }

  /** True iff this value comes strictly before {@code other} (RFC 1982 serial order). */
  public boolean lt(SeqNum other) {
    return raw - other.raw < 0;
  }

  /** True iff this value is before or equal to {@code other}. */
  public boolean le(SeqNum other) {
    return raw - other.raw <= 0;
  }

  /** True iff this value comes strictly after {@code other}. */
  public boolean gt(SeqNum other) {
    return raw - other.raw > 0;
  }

  /** True iff this value is after or equal to {@code other}. */
  public boolean ge(SeqNum other) {
    return raw - other.raw >= 0;
  }

  /**
   * True iff {@code low ≤ this < highExclusive} in serial order, measured as offsets from {@code
   * low}; the usual test for "inside the window" (RFC 9293 §3.4). An empty range ({@code low ==
   * highExclusive}) contains nothing.
   */
  public boolean isWithin(SeqNum low, SeqNum highExclusive) {
    return Integer.compareUnsigned(raw - low.raw, highExclusive.raw - low.raw) < 0;
  }

  /** The unsigned 32-bit value, in [0, 2^32). */
  public long unsignedValue() {
    return Integer.toUnsignedLong(raw);
  }

  /** The unsigned decimal value, e.g. {@code 4294967295}. */
  @Override
  public String toString() {
    return Integer.toUnsignedString(raw);
  }
}
