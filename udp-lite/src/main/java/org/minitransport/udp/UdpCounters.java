package org.minitransport.udp;

import java.util.concurrent.atomic.LongAdder;

/**
 * UDP counters in the style of the UDP-MIB (RFC 4113) and Linux {@code /proc/net/snmp}: kept per
 * endpoint (all sockets of a host) and per socket. Thread-safe to read at any time.
 */
public final class UdpCounters {

  private final LongAdder inDatagrams = new LongAdder();
  private final LongAdder noPorts = new LongAdder();
  private final LongAdder inErrors = new LongAdder();
  private final LongAdder inChecksumErrors = new LongAdder();
  private final LongAdder receiveBufferErrors = new LongAdder();
  private final LongAdder outDatagrams = new LongAdder();

  /** Datagrams delivered to a socket's receive buffer ({@code udpHCInDatagrams}). */
  public long inDatagrams() {
    return inDatagrams.sum();
  }

  /** Datagrams for a port nobody had bound ({@code udpNoPorts}); answered with ICMP. */
  public long noPorts() {
    return noPorts.sum();
  }

  /**
   * Datagrams that arrived but could not be delivered for other reasons ({@code udpInErrors}):
   * malformed, bad checksum, or receive buffer full.
   */
  public long inErrors() {
    return inErrors.sum();
  }

  /** Of {@link #inErrors()}, those whose checksum failed (Linux {@code InCsumErrors}). */
  public long inChecksumErrors() {
    return inChecksumErrors.sum();
  }

  /** Of {@link #inErrors()}, those dropped because the receive buffer was full ({@code RcvbufErrors}). */
  public long receiveBufferErrors() {
    return receiveBufferErrors.sum();
  }

  /** Datagrams sent ({@code udpHCOutDatagrams}). */
  public long outDatagrams() {
    return outDatagrams.sum();
  }

  /** Counts a datagram delivered to a socket. For {@link UdpEndpoint} implementations. */
  public void recordIn() {
    inDatagrams.increment();
  }

  /** Counts a datagram for which no socket was found. For {@link UdpEndpoint} implementations. */
  public void recordNoPort() {
    noPorts.increment();
  }

  /** Counts a datagram dropped as malformed (bad length). For {@link UdpEndpoint} implementations. */
  public void recordMalformed() {
    inErrors.increment();
  }

  /** Counts a datagram dropped for its checksum (also an in-error). For {@link UdpEndpoint} implementations. */
  public void recordChecksumError() {
    inErrors.increment();
    inChecksumErrors.increment();
  }

  /** Counts a datagram dropped because the socket's buffer was full (also an in-error). For {@link UdpEndpoint} implementations. */
  public void recordReceiveBufferError() {
    inErrors.increment();
    receiveBufferErrors.increment();
  }

  /** Counts a datagram sent. For {@link UdpEndpoint} implementations. */
  public void recordOut() {
    outDatagrams.increment();
  }

  @Override
  public String toString() {
    return "in=" + inDatagrams() + " noPorts=" + noPorts() + " inErrors=" + inErrors()
        + " (checksum=" + inChecksumErrors() + " rcvbuf=" + receiveBufferErrors() + ") out="
        + outDatagrams();
  }
}
