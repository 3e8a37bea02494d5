package org.minitransport.demo;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server command run in-process on its own thread: started, awaited until it prints its
 * "listening" line, and stopped by interrupting it (server commands end their wait on interrupt
 * and shut down cleanly).
 */
final class BackgroundCommand implements AutoCloseable {

  private static final long STOP_TIMEOUT_S = 10;

  private final WatchedWriter out = new WatchedWriter();
  private final WatchedWriter err = new WatchedWriter();
  private final AtomicInteger exitCode = new AtomicInteger(Integer.MIN_VALUE);
  private final Thread thread;

  private BackgroundCommand(String... args) {
    thread = new Thread(() -> exitCode.set(Minitransport.run(args, new PrintWriter(out, true),
        new PrintWriter(err, true))), "command-" + args[0]);
    thread.setDaemon(true);
  }

  /** Starts the command and waits (at most 10 s) until it prints "listening". */
  static BackgroundCommand startListening(String... args) throws InterruptedException {
    BackgroundCommand command = new BackgroundCommand(args);
    command.thread.start();
    try {
      command.out.await("listening", 10, TimeUnit.SECONDS);
    } catch (AssertionError e) {
      command.close();
      throw new AssertionError(e.getMessage() + "\nerr:\n" + command.err, e);
    }
    return command;
  }

  String out() {
    return out.toString();
  }

  /** Waits (bounded) until the command prints {@code text}. */
  void await(String text) throws InterruptedException {
    out.await(text, 10, TimeUnit.SECONDS);
  }

  /** Stops the command and returns its exit code. */
  int stop() throws InterruptedException {
    thread.interrupt();
    thread.join(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_S));
    if (thread.isAlive()) {
      throw new AssertionError("command did not stop within " + STOP_TIMEOUT_S + " s");
    }
    return exitCode.get();
  }

  @Override
  public void close() throws InterruptedException {
    if (thread.isAlive()) {
      stop();
    }
  }
}
