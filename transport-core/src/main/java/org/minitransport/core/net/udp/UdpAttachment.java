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
}
