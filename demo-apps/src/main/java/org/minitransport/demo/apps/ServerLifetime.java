package org.minitransport.demo.apps;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** How long a server command runs: for {@code --duration}, or until the process is stopped. */
final class ServerLifetime {

  private ServerLifetime() {}

  /**
   * Blocks for {@code durationNs} (0 = until interrupted or the JVM shuts down). An interrupt
   * ends the wait early, like Ctrl-C, and is consumed: the command goes on to close its network
   * normally, which waits for the host threads and would otherwise be cut short.
   */
  static void await(long durationNs, PrintWriter out) {
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "server-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      if (durationNs > 0) {
        stop.await(durationNs, TimeUnit.NANOSECONDS);
      } else {
        out.println("(Ctrl-C to stop)");
        out.flush();
        stop.await();
      }
    } catch (InterruptedException e) {
      // Stop requested: return and let the caller shut down in order.
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the JVM is exiting; the hook has run
      }
    }
  }
}
