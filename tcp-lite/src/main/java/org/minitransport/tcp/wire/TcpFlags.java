package org.minitransport.tcp.wire;

/**
 * The eight control bits of a TCP header (RFC 9293 §3.1, "Control bits"; CWR and ECE from RFC
 * 3168 §6.1) as an immutable value.
 *
 * <p>Build one from the named bit constants: {@code TcpFlags.of(TcpFlags.SYN | TcpFlags.ACK)}.
 * {@link #toString()} lists the set bits from FIN upward joined by {@code |}, e.g. {@code
 * "SYN|ACK"}, {@code "FIN|PSH|ACK"}, or {@code "NONE"}.
 *
 * <p>The four reserved bits before the control bits are not part of this value; they are sent as
 * zero and ignored on receipt (RFC 9293 §3.1), though {@link TcpPacket#reservedBits()} shows them.
 *
 * @param bits the control bits as they appear in byte 13 of the header, 0–255
 */
public record TcpFlags(int bits) {

  /** No more data from sender. */
  public static final int FIN = 0x01;
  /** Synchronize sequence numbers. */
  public static final int SYN = 0x02;
  /** Reset the connection. */
  public static final int RST = 0x04;
  /** Push function. */
  public static final int PSH = 0x08;
  /** Acknowledgment field is significant. */
  public static final int ACK = 0x10;
  /** Urgent pointer field is significant. */
  public static final int URG = 0x20;
  /** ECN-Echo (RFC 3168). */
  public static final int ECE = 0x40;
  /** Congestion Window Reduced (RFC 3168). */
  public static final int CWR = 0x80;

  /** No bits set. */
  public static final TcpFlags NONE = new TcpFlags(0);

  private static final String[] NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};

  /**
   * @throws IllegalArgumentException if {@code bits} is outside 0–255
   */
  public TcpFlags {
    if (bits < 0 || bits > 0xFF) {
      throw new IllegalArgumentException(
          "TCP control bits 0x" + Integer.toHexString(bits) + " do not fit in 8 bits");
    }
  }

  /** The flags with exactly {@code bits} set, e.g. {@code of(SYN | ACK)}. */
  public static TcpFlags of(int bits) {
    return bits == 0 ? NONE : new TcpFlags(bits);
  }

  /** Whether every bit of {@code mask} is set. */
  public boolean has(int mask) {
    return (bits & mask) == mask;
  }

  /** These flags with the bits of {@code mask} also set. */
  public TcpFlags with(int mask) {
    return of(bits | mask);
  }

  /** These flags with the bits of {@code mask} cleared. */
  public TcpFlags without(int mask) {
    return of(bits & ~mask);
  }

  /** Whether FIN is set. */
  public boolean fin() {
    return (bits & FIN) != 0;
  }

  /** Whether SYN is set. */
  public boolean syn() {
    return (bits & SYN) != 0;
  }

  /** Whether RST is set. */
  public boolean rst() {
    return (bits & RST) != 0;
  }

  /** Whether PSH is set. */
  public boolean psh() {
    return (bits & PSH) != 0;
  }

  /** Whether ACK is set. */
  public boolean ack() {
    return (bits & ACK) != 0;
  }

  /** Whether URG is set. */
  public boolean urg() {
    return (bits & URG) != 0;
  }

  /** Whether ECE is set. */
  public boolean ece() {
    return (bits & ECE) != 0;
  }

  /** Whether CWR is set. */
  public boolean cwr() {
    return (bits & CWR) != 0;
  }

  @Override
  public String toString() {
    if (bits == 0) {
      return "NONE";
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < NAMES.length; i++) {
      if ((bits & (1 << i)) != 0) {
        if (text.length() > 0) {
          text.append('|');
        }
        text.append(NAMES[i]);
      }
    }
    return text.toString();
  }
}
