package org.minitransport.tcp.component;

/** Makes the byte streams of a connection: one outbound, one inbound. */
@FunctionalInterface
public interface ByteStreamFactory {

  /**
   * A new, empty, open stream.
   *
   * @param capacityBytes its {@link ByteStream#capacity()}, positive (the send or receive buffer
   *     size from {@link org.minitransport.tcp.TcpConfig})
   */
  ByteStream create(int capacityBytes);
}
