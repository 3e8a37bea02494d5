package org.minitransport.demo.cli;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A command that moves raw bytes through standard input and output ({@code connect}, {@code
 * listen}) or reads standard input ({@code chat-client}). The command line hands it the streams
 * before it runs: the process's own, or a test's.
 */
public interface UsesStandardStreams {

  /** Standard input and the byte stream under standard output. */
  void useStandardStreams(InputStream in, OutputStream out);
}
