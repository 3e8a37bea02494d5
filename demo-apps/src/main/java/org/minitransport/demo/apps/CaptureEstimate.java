package org.minitransport.demo.apps;

/**
 * About how large a pcap of a TCP transfer will be, so that a command can warn before it fills
 * a disk: every data segment is captured whole (with its 40 bytes of IPv4 and TCP headers, 12 of
 * timestamps and a 16-byte record header), plus an ACK about every second segment.
 */
public final class CaptureEstimate {

  /** Captures at least this large are worth a warning. */
  public static final long WARN_BYTES = 100L << 20;

  private static final int HEADERS = 20 + 20 + 12;
  private static final int RECORD = 16;

  private CaptureEstimate() {}

  /** The capture of {@code payloadBytes} carried once, one way, on a link of {@code mtu}. */
  public static long bytes(long payloadBytes, int mtu) {
    long mss = Math.max(1, mtu - HEADERS);
    long segments = (payloadBytes + mss - 1) / mss;
    long acks = segments / 2 + 1;
    return payloadBytes + segments * (HEADERS + RECORD) + acks * (HEADERS + RECORD);
  }
}
