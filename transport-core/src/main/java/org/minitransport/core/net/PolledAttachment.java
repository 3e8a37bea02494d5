package org.minitransport.core.net;

import java.nio.channels.SelectableChannel;

/**
 * An attachment whose arrivals its owner reads on the owner's own thread, instead of a thread of
 * the network pushing them: an event loop registers {@link #channel()} with its selector and calls
 * {@link #receiveWaiting()} when it is readable. This saves a thread and a hand-off per host
 * (see {@link PacketNetwork#attachPolled}).
 */
public interface PolledAttachment extends NetworkAttachment {

  /** The non-blocking channel to watch for {@code OP_READ}. */
  SelectableChannel channel();

  /**
   * Reads every packet waiting right now and hands each to the attachment's receiver, on the
   * calling thread; never blocks. Bad packets are dropped and counted as usual.
   */
  void receiveWaiting();

  /**
   * As {@link #receiveWaiting}, for an owner whose level-triggered selector has just reported
   * {@link #channel()} readable: may stop before it has found the socket empty (saving that
   * futile read when packets come one at a time), because such a selector reports the channel
   * again at once while a packet is left. By default {@link #receiveWaiting}.
   */
  default void receiveReady() {
    receiveWaiting();
  }
}
