package org.minitransport.udp;

/**
 * Options of one {@link UdpSocket}, an immutable record with a builder.
 *
 * @param receiveBufferBytes capacity of the receive buffer, like {@code SO_RCVBUF}; each datagram
 *     costs its payload plus 32 bytes. Default 256 KiB.
 * @param reuseAddress like {@code SO_REUSEADDR} (see the port table's rules). Default false.
 */
public record UdpSocketOptions(int receiveBufferBytes, boolean reuseAddress) {

  /** Default receive buffer: 256 KiB. */
  public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 256 * 1024;

  public UdpSocketOptions {
    if (receiveBufferBytes < 64) {
      throw new IllegalArgumentException(
          "receive buffer of " + receiveBufferBytes + " bytes is below the minimum 64");
    }
  }

  public static UdpSocketOptions defaults() {
    return new UdpSocketOptions(DEFAULT_RECEIVE_BUFFER_BYTES, false);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link UdpSocketOptions}. */
  public static final class Builder {
    private int receiveBufferBytes = DEFAULT_RECEIVE_BUFFER_BYTES;
    private boolean reuseAddress;

    public Builder receiveBufferBytes(int bytes) {
      this.receiveBufferBytes = bytes;
      return this;
    }

    public Builder reuseAddress(boolean reuse) {
      this.reuseAddress = reuse;
      return this;
    }

    public UdpSocketOptions build() {
      return new UdpSocketOptions(receiveBufferBytes, reuseAddress);
    }
  }
}
