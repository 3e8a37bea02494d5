package org.minitransport.tck.internal;

import org.minitransport.tcp.component.ByteStreamFactory;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.ReassemblerFactory;

/**
 * The reference components a verification suite builds around the one it checks (the inbound
 * stream under a student's reassembler, the reassembler under a student's receiver), so that
 * each suite judges one component and a fault in another cannot fail it.
 */
public final class ReferenceComponents {

  private static final ComponentFactories REFERENCE = ComponentFactories.reference();

  private ReferenceComponents() {}

  /** The reference byte stream. */
  public static ByteStreamFactory byteStreams() {
    return REFERENCE.byteStream();
  }

  /** The reference reassembler. */
  public static ReassemblerFactory reassemblers() {
    return REFERENCE.reassembler();
  }
}
