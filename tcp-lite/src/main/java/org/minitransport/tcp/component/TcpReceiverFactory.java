package org.minitransport.tcp.component;

/** Makes a connection's receiver. */
@FunctionalInterface
public interface TcpReceiverFactory {

  /**
   * What a receiver is given.
   *
   * @param capacityBytes the inbound stream's capacity (the receive buffer, the largest window)
   * @param mssBytes the MSS this side announced, for silly-window avoidance (RFC 9293
   *     §3.8.6.2.2: the window opens in steps of at least min(capacity / 2, MSS))
   * @param dsack whether to report duplicates in D-SACK blocks (RFC 2883)
   */
  record Settings(int capacityBytes, int mssBytes, boolean dsack) {}

  /**
   * A receiver that has not seen a SYN, feeding {@code reassembler} (whose writer is the inbound
   * stream, empty and open).
   */
  TcpReceiver create(Reassembler reassembler, Settings settings);
}
