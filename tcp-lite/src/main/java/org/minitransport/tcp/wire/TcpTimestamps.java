package org.minitransport.tcp.wire;

/**
 * The values of a TCP timestamps option (RFC 7323 §3.2, kind 8, length 10).
 *
 * @param tsVal the sender's timestamp clock, 0 to 2<sup>32</sup>−1
 * @param tsEcr the echoed timestamp (meaningful when ACK is set), 0 to 2<sup>32</sup>−1
 */
public record TcpTimestamps(long tsVal, long tsEcr) {

  /**
   * @throws IllegalArgumentException if a value is outside 0 to 2<sup>32</sup>−1
   */
  public TcpTimestamps {
    WireFields.checkUnsigned32(tsVal, "TSval");
    WireFields.checkUnsigned32(tsEcr, "TSecr");
  }

  @Override
  public String toString() {
    return "TSval=" + tsVal + " TSecr=" + tsEcr;
  }
}
