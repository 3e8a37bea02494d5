package org.minitransport.core.address;

import java.net.InetSocketAddress;

/**
 * One end of a transport conversation: an IPv4 address and a port, written {@code 10.0.0.1:80}.
 *
 * @param address the IPv4 address, possibly {@link Ipv4Address#ANY} for a wildcard binding
 * @param port the port, 0–65535 (0 means "not yet chosen" when binding)
 */
public record Endpoint(Ipv4Address address, int port) implements Comparable<Endpoint> {

  /** The largest port number. */
  public static final int MAX_PORT = 65_535;

  /**
   * @throws IllegalArgumentException if {@code port} is outside 0–65535
   * @throws NullPointerException if {@code address} is null
   */
  public Endpoint {
    if (address == null) {
      throw new NullPointerException("address");
    }
    checkPort(port);
  }

  /** Shorthand for {@code new Endpoint(Ipv4Address.parse(address), port)}. */
  public static Endpoint of(String address, int port) {
    return new Endpoint(Ipv4Address.parse(address), port);
  }

  /**
   * Parses {@code address:port}, for example {@code 10.0.0.1:80}.
   *
   * @throws IllegalArgumentException naming the bad part if the text is malformed
   */
  public static Endpoint parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("endpoint is null");
    }
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "bad endpoint '" + text + "': expected address:port, found no ':'");
    }
    String portText = text.substring(colon + 1);
    Ipv4Address address;
    try {
      address = Ipv4Address.parse(text.substring(0, colon));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad endpoint '" + text + "': " + e.getMessage(), e);
    }
    if (portText.isEmpty() || portText.length() > 5
        || !portText.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw new IllegalArgumentException(
          "bad endpoint '" + text + "': port '" + portText + "' is not a decimal number 0-65535");
    }
    int port = Integer.parseInt(portText);
    if (port > MAX_PORT) {
      throw new IllegalArgumentException(
          "bad endpoint '" + text + "': port " + port + " is above 65535");
    }
    return new Endpoint(address, port);
  }

  /** Converts to a {@code java.net} socket address. */
  public InetSocketAddress toInetSocketAddress() {
    return new InetSocketAddress(address.toInetAddress(), port);
  }

  /** This endpoint with another port. */
  public Endpoint withPort(int newPort) {
    return new Endpoint(address, newPort);
  }

  /**
   * Checks a port number.
   *
   * @return {@code port}
   * @throws IllegalArgumentException naming the port if it is outside 0–65535
   */
  public static int checkPort(int port) {
    if (port < 0 || port > MAX_PORT) {
      throw new IllegalArgumentException("port " + port + " is outside 0-65535");
    }
    return port;
  }

  @Override
  public int compareTo(Endpoint other) {
    int byAddress = address.compareTo(other.address);
    return byAddress != 0 ? byAddress : Integer.compare(port, other.port);
  }

  @Override
  public String toString() {
    return address + ":" + port;
  }
}
