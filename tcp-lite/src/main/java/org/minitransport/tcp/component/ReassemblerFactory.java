package org.minitransport.tcp.component;

/** Makes a connection's reassembler. */
@FunctionalInterface
public interface ReassemblerFactory {

  /**
   * A reassembler with nothing stored that writes into {@code output} (the inbound stream's
   * writer, empty and open), and is from now on its only writer.
   */
  Reassembler create(ByteStreamWriter output);
}
