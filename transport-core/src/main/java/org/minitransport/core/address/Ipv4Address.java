package org.minitransport.core.address;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 address as an immutable value (RFC 791 §3.2): 32 bits, written in dotted-quad form.
 *
 * <p>The wildcard address {@code 0.0.0.0} ({@link #ANY}) means "any local address" when binding,
 * as in {@code java.net}.
 *
 * @param bits the address as an unsigned 32-bit integer stored in an {@code int}, most significant
 *     octet first ({@code 10.0.0.1} is {@code 0x0A000001})
 */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

  /** The wildcard address {@code 0.0.0.0}. */
  public static final Ipv4Address ANY = new Ipv4Address(0);

  /** The loopback address {@code 127.0.0.1}. */
  public static final Ipv4Address LOOPBACK = new Ipv4Address(0x7F000001);

  /** Returns the address with the given four octets, each 0–255. */
  public static Ipv4Address of(int a, int b, int c, int d) {
    checkOctet(a, "first");
    checkOctet(b, "second");
    checkOctet(c, "third");
    checkOctet(d, "fourth");
    return new Ipv4Address((a << 24) | (b << 16) | (c << 8) | d);
  }

  /**
   * Parses dotted-quad text such as {@code 10.0.0.1}.
   *
   * @throws IllegalArgumentException naming the bad text or octet if {@code text} is not exactly
   *     four decimal octets 0–255 separated by dots
   */
  public static Ipv4Address parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("IPv4 address is null");
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "bad IPv4 address '" + text + "': expected four dot-separated octets, found "
              + parts.length + " part(s)");
    }
    int bits = 0;
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
        throw new IllegalArgumentException(
            "bad IPv4 address '" + text + "': octet " + (i + 1) + " '" + part
                + "' is not a decimal number 0-255");
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        throw new IllegalArgumentException(
            "bad IPv4 address '" + text + "': octet " + (i + 1) + " is " + octet + ", above 255");
      }
      bits = (bits << 8) | octet;
    }
    return new Ipv4Address(bits);
  }

  /** Reads four bytes in network order at {@code offset}. */
  public static Ipv4Address fromBytes(byte[] bytes, int offset) {
    return new Ipv4Address(
        ((bytes[offset] & 0xFF) << 24)
            | ((bytes[offset + 1] & 0xFF) << 16)
            | ((bytes[offset + 2] & 0xFF) << 8)
            | (bytes[offset + 3] & 0xFF));
  }

  /** Converts a {@code java.net} IPv4 address. */
  public static Ipv4Address fromInetAddress(InetAddress address) {
    if (!(address instanceof Inet4Address)) {
      throw new IllegalArgumentException("not an IPv4 address: " + address);
    }
    return fromBytes(address.getAddress(), 0);
  }

  /** Writes the four bytes in network order at {@code offset}. */
  public void writeTo(byte[] bytes, int offset) {
    bytes[offset] = (byte) (bits >>> 24);
    bytes[offset + 1] = (byte) (bits >>> 16);
    bytes[offset + 2] = (byte) (bits >>> 8);
    bytes[offset + 3] = (byte) bits;
  }

  /** The four octets in network order. */
  public byte[] toBytes() {
    byte[] bytes = new byte[4];
    writeTo(bytes, 0);
    return bytes;
  }

  /** This address as a {@code java.net.InetAddress}. */
  public InetAddress toInetAddress() {
    try {
      return InetAddress.getByAddress(toBytes());
    } catch (UnknownHostException e) {
      throw new AssertionError("four bytes are always a valid IPv4 address", e);
    }
  }

  /** Whether this is the wildcard {@code 0.0.0.0}. */
  public boolean isAny() {
    return bits == 0;
  }

  /** Whether this address lies in {@code prefix/prefixLength}. */
  public boolean isIn(Ipv4Address prefix, int prefixLength) {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0-32");
    }
    if (prefixLength == 0) {
      return true;
    }
    int mask = -1 << (32 - prefixLength);
    return (bits & mask) == (prefix.bits & mask);
  }

  /** The unsigned value, 0 to 2<sup>32</sup>−1. */
  public long unsignedValue() {
    return Integer.toUnsignedLong(bits);
  }

  @Override
  public int compareTo(Ipv4Address other) {
    return Integer.compareUnsigned(bits, other.bits);
  }

  @Override
  public String toString() {
    return (bits >>> 24) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "."
        + (bits & 0xFF);
  }

  private static void checkOctet(int octet, String which) {
    if (octet < 0 || octet > 255) {
      throw new IllegalArgumentException(which + " octet " + octet + " is outside 0-255");
    }
  }
}
