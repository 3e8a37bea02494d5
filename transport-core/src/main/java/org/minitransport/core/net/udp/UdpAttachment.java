package org.minitransport.core.net.udp;

import java.net.InetSocketAddress;
import org.minitransport.core.net.NetworkAttachment;

/**
 * A host's attachment to a {@link UdpNetwork}: one real UDP socket and the thread that receives on
 * it. Thread-safe.
 *
 * <p>{@link #close()} closes the socket (so its port can be bound again at once) and waits for the
 * receive thread to end; after it returns the receiver is not called again. It is idempotent and
 * may be called from the receiver itself (it then does not wait for its own thread).
 */
public interface UdpAttachment extends NetworkAttachment {

  /** The real socket address this host's UDP socket is bound to (with the actual port). */
  InetSocketAddress localSocketAddress();

  /**
   * The receive buffer the OS granted ({@code SO_RCVBUF} read back after setting it; Linux reports
   * twice the bytes asked for, its bookkeeping overhead included, capped by {@code
   * net.core.rmem_max}).
   */
  int receiveBufferBytes();

  /** The send buffer the OS granted ({@code SO_SNDBUF} read back), as above. */
  int sendBufferBytes();

  /**
   * Datagrams the OS dropped on this socket because its receive buffer was full, since the socket
   * was opened, or empty where the OS does not tell. On Linux this is the {@code drops} column of
   * {@code /proc/net/udp} for the socket's local address (Java has no {@code SO_RXQ_OVFL}).
   */
  java.util.OptionalLong osReceiveDrops();
}
