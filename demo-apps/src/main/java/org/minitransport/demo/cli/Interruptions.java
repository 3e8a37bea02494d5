package org.minitransport.demo.cli;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CancellationException;

/**
 * Ctrl-C (SIGINT) and SIGTERM reach a command as an interrupt of its thread (see {@code
 * Minitransport.main}); what it was waiting on then fails in one of several ways. This tells them
 * apart from real failures.
 */
public final class Interruptions {

  private Interruptions() {}

  /**
   * Whether {@code failure} (or a cause) is the command being stopped rather than a failure of
   * its own: an interrupted wait, or any failure on a thread whose interrupt flag is set.
   */
  public static boolean isStop(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException || t instanceof ClosedByInterruptException
          || t instanceof CancellationException) {
        return true;
      }
      if (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException)) {
        return true;
      }
    }
    return Thread.currentThread().isInterrupted();
  }
}
