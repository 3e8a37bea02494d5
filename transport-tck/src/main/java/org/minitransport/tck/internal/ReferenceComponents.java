package org.minitransport.tck.internal;

import org.minitransport.tcp.component.ByteStreamFactory;
import org.minitransport.tcp.component.ReassemblerFactory;
import org.minitransport.tcp.internal.ChunkedByteStream;
import org.minitransport.tcp.internal.SortedRunReassembler;

/**
 * The reference components a verification suite builds around the one it checks (the inbound
 * stream under a student's reassembler, the reassembler under a student's receiver), so that
 * each suite judges one component and a fault in another cannot fail it.
 */
public final class ReferenceComponents {

  private ReferenceComponents() {}

  /** The reference byte stream. */
  public static ByteStreamFactory byteStreams() {
    return ChunkedByteStream::new;
  }

  /** The reference reassembler. */
  public static ReassemblerFactory reassemblers() {
    return SortedRunReassembler::new;
  }
}
