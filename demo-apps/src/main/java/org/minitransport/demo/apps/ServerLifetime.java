package org.minitransport.demo.apps;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** How long a server command runs: for {@code --duration}, or until the process is stopped. */
final class ServerLifetime {

  private ServerLifetime() {}

  /**
   * Blocks for {@code durationNs} (0 = until stopped). Ctrl-C or SIGTERM interrupts the command's
   * thread ({@code Minitransport.main}); the interrupt ends the wait early and is consumed, so the
   * command goes on to close its network in order (connections closed as a kernel would, which
   * waits briefly for the closing handshakes) before the process exits.
   */
  static void await(long durationNs, PrintWriter out) {
    CountDownLatch never = new CountDownLatch(1);
    try {
      if (durationNs > 0) {
        never.await(durationNs, TimeUnit.NANOSECONDS);
      } else {
        out.println("(Ctrl-C to stop)");
        out.flush();
        never.await();
      }
    } catch (InterruptedException e) {
      // Stop requested: return and let the caller shut down in order.
    }
  }
}
