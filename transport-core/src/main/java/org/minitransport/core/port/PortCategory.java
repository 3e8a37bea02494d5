package org.minitransport.core.port;

/**
 * The three port ranges of RFC 6335 §6: System (well-known) ports 0–1023, User (registered) ports
 * 1024–49151 and Dynamic (private, ephemeral) ports 49152–65535.
 *
 * <p>The category decides one rule in {@link PortTable}: binding a well-known port explicitly needs
 * a privileged stack ({@link PortTableConfig#privileged()}).
 */
public enum PortCategory {
  /** System ports, 0–1023 (RFC 6335 §6); assigned by IETF review, traditionally privileged. */
  WELL_KNOWN(0, 1023),
  /** User ports, 1024–49151 (RFC 6335 §6); assigned by IANA on request. */
  REGISTERED(1024, 49151),
  /** Dynamic and/or private ports, 49152–65535 (RFC 6335 §6); never assigned, used as ephemeral. */
  DYNAMIC(49152, 65535);

  private final int lowest;
  private final int highest;

  PortCategory(int lowest, int highest) {
    this.lowest = lowest;
    this.highest = highest;
  }

  /**
   * The category of {@code port}.
   *
   * @throws IllegalArgumentException naming the port if it is outside 0–65535
   */
  public static PortCategory of(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port " + port + " is outside 0-65535");
    }
    if (port <= WELL_KNOWN.highest) {
      return WELL_KNOWN;
    }
    return port <= REGISTERED.highest ? REGISTERED : DYNAMIC;
  }

  /** The lowest port in this category (inclusive). */
  public int lowest() {
    return lowest;
  }

  /** The highest port in this category (inclusive). */
  public int highest() {
    return highest;
  }

  /** Whether {@code port} lies in this category; false for any number outside 0–65535. */
  public boolean contains(int port) {
    return port >= lowest && port <= highest;
  }

  /** The range as text, for example {@code 0-1023}. */
  public String rangeText() {
    return lowest + "-" + highest;
  }
}
