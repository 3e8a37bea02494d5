package org.minitransport.core.net.udp;

/**
 * Settings of a {@link UdpNetwork}, the same for every attachment. Build with {@link #builder()};
 * {@link #defaults()} suits an Ethernet-sized virtual network.
 *
 * @param mtu the largest virtual IPv4 packet, in bytes, that attachments send or deliver (RFC
 *     791 §3.1 "Total Length"); larger ones are dropped and counted as {@code OVERSIZE}. 68–65507:
 *     every IPv4 host must handle 68 (RFC 791 §3.2), and 65507 = 65535 − 20 (IPv4 header) − 8 (UDP
 *     header) is the largest payload one real UDP/IPv4 datagram can carry. Default 1500.
 * @param maxDatagramBytes the size of each attachment's receive buffer: the largest real datagram
 *     it reads whole (the rest of a longer one is cut off by the OS). Must exceed {@code mtu}, so a
 *     datagram that fills the buffer is known to be oversize. At most 65535; default 65535.
 * @param socketReceiveBufferBytes the {@code SO_RCVBUF} to ask for on each socket, or 0 to keep
 *     the OS default. Default {@link #DEFAULT_SOCKET_BUFFER_BYTES} (4 MiB): a burst of a full TCP
 *     window of datagrams must fit while the host's loop is busy, and the OS default (212,992
 *     bytes on Linux) drops datagrams under load. The OS may grant less (Linux caps it at {@code
 *     net.core.rmem_max}); {@link UdpAttachment#receiveBufferBytes()} tells what it granted.
 * @param socketSendBufferBytes the {@code SO_SNDBUF} to ask for, or 0 for the OS default; default
 *     4 MiB (capped by {@code net.core.wmem_max} on Linux)
 */
public record UdpNetworkConfig(
    int mtu, int maxDatagramBytes, int socketReceiveBufferBytes, int socketSendBufferBytes) {

  /** The socket buffer size asked for by default: 4 MiB. */
  public static final int DEFAULT_SOCKET_BUFFER_BYTES = 4 << 20;

  /** The smallest MTU every IPv4 host must accept (RFC 791 §3.2). */
  public static final int MIN_MTU = 68;

  /** The largest UDP payload over IPv4: 65535 − 20 − 8 (RFC 768, RFC 791). */
  public static final int MAX_MTU = 65_507;

  /** The default MTU, Ethernet's (RFC 894). */
  public static final int DEFAULT_MTU = 1500;

  /** The largest UDP datagram length field allows (RFC 768). */
  public static final int MAX_DATAGRAM_BYTES = 65_535;

  /**
   * @throws IllegalArgumentException naming the bad value and its allowed range
   */
  public UdpNetworkConfig {
    if (mtu < MIN_MTU || mtu > MAX_MTU) {
      throw new IllegalArgumentException(
          "mtu " + mtu + " is outside " + MIN_MTU + "-" + MAX_MTU
              + " (the largest UDP payload over IPv4)");
    }
    if (maxDatagramBytes <= mtu || maxDatagramBytes > MAX_DATAGRAM_BYTES) {
      throw new IllegalArgumentException(
          "maxDatagramBytes " + maxDatagramBytes + " must be above the mtu " + mtu
              + " and at most " + MAX_DATAGRAM_BYTES);
    }
    if (socketReceiveBufferBytes < 0) {
      throw new IllegalArgumentException(
          "socketReceiveBufferBytes " + socketReceiveBufferBytes
              + " is negative; use 0 for the OS default");
    }
    if (socketSendBufferBytes < 0) {
      throw new IllegalArgumentException(
          "socketSendBufferBytes " + socketSendBufferBytes
              + " is negative; use 0 for the OS default");
    }
  }

  /** MTU 1500, 65535-byte receive buffers, 4 MiB socket buffers each way. */
  public static UdpNetworkConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder().mtu(mtu).maxDatagramBytes(maxDatagramBytes)
        .socketReceiveBufferBytes(socketReceiveBufferBytes)
        .socketSendBufferBytes(socketSendBufferBytes);
  }

  /** Builds a {@link UdpNetworkConfig}; values are checked in {@link #build}. */
  public static final class Builder {

    private int mtu = DEFAULT_MTU;
    private int maxDatagramBytes = MAX_DATAGRAM_BYTES;
    private int socketReceiveBufferBytes = DEFAULT_SOCKET_BUFFER_BYTES;
    private int socketSendBufferBytes = DEFAULT_SOCKET_BUFFER_BYTES;

    private Builder() {}

    /** See {@link UdpNetworkConfig#mtu()}. */
    public Builder mtu(int mtu) {
      this.mtu = mtu;
      return this;
    }

    /** See {@link UdpNetworkConfig#maxDatagramBytes()}. */
    public Builder maxDatagramBytes(int maxDatagramBytes) {
      this.maxDatagramBytes = maxDatagramBytes;
      return this;
    }

    /** See {@link UdpNetworkConfig#socketReceiveBufferBytes()}. */
    public Builder socketReceiveBufferBytes(int socketReceiveBufferBytes) {
      this.socketReceiveBufferBytes = socketReceiveBufferBytes;
      return this;
    }

    /** See {@link UdpNetworkConfig#socketSendBufferBytes()}. */
    public Builder socketSendBufferBytes(int socketSendBufferBytes) {
      this.socketSendBufferBytes = socketSendBufferBytes;
      return this;
    }

    /**
     * @throws IllegalArgumentException if a value is out of range
     */
    public UdpNetworkConfig build() {
      return new UdpNetworkConfig(mtu, maxDatagramBytes, socketReceiveBufferBytes,
          socketSendBufferBytes);
    }
  }
}
