package org.minitransport.core.net.sim.internal;

/** The network side of a {@link SimulatedAttachment}: where its sends and its close go. */
public interface AttachmentOwner {

  /** Sends {@code length} bytes of {@code packet} from {@code offset} on behalf of {@code source}. */
  void send(SimulatedAttachment source, byte[] packet, int offset, int length);

  /** Detaches {@code attachment}; called once, by its {@code close()}. */
  void detach(SimulatedAttachment attachment);
}
