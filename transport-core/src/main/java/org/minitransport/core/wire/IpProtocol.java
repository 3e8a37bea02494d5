package org.minitransport.core.wire;

/**
 * The IPv4 protocol numbers this stack knows by name (RFC 791 §3.1, IANA "Assigned Internet
 * Protocol Numbers"). Any other number is carried as a plain {@code int}.
 */
public enum IpProtocol {
  ICMP(1),
  TCP(6),
  UDP(17);

  private final int number;

  IpProtocol(int number) {
    this.number = number;
  }

  /** The value of the IPv4 protocol field. */
  public int number() {
    return number;
  }

  /** The protocol with this number, or {@code null} if it has no name here. */
  public static IpProtocol ofNumber(int number) {
    switch (number) {
      case 1:
        return ICMP;
      case 6:
        return TCP;
      case 17:
        return UDP;
      default:
        return null;
    }
  }
}
