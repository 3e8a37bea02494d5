package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the command line in this JVM for tests: to completion ({@link #run}), or in the background
 * ({@link #start}) for servers, which a test stops by interrupting them (the way Ctrl-C would).
 */
public final class CommandLineHarness {

  private CommandLineHarness() {}

  /** What a finished run printed and returned. */
  public record Run(int exitCode, String out, String err) {
    /**
     * The error stream without the network notices every app prints first ("network sim: …, seed
     * N …", "impairments on network …"): what the command had to say about its failure.
     */
    public String errors() {
      return NetworkNotices.strip(err);
    }

    /** Everything printed, for assertion messages. */
    public String transcript() {
      return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  /** Runs {@code args} to completion. */
  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Minitransport.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** Starts {@code args} on a thread of its own. */
  public static Background start(String... args) {
    return new Background(args, InputStream.nullInputStream());
  }

  /** Starts {@code args} on a thread of its own, reading {@code stdin}. */
  public static Background startWithInput(InputStream stdin, String... args) {
    return new Background(args, stdin);
  }

  /** Runs {@code args} to completion with {@code stdin} as standard input. */
  public static Run runWithInput(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter outWriter = new PrintWriter(out, true);
    int code = Minitransport.run(args,
        new java.io.ByteArrayInputStream(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        new org.minitransport.demo.cli.WriterOutputStream(outWriter), outWriter,
        new PrintWriter(err, true));
    outWriter.flush();
    return new Run(code, out.toString(), err.toString());
  }

  /** A command running on a background thread. */
  public static final class Background implements AutoCloseable {

    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Thread thread;

    Background(String[] args, InputStream stdin) {
      thread = new Thread(() -> {
        try {
          PrintWriter outWriter = new PrintWriter(new BufferWriter(out), true);
          exit.complete(Minitransport.run(args, stdin,
              new org.minitransport.demo.cli.WriterOutputStream(outWriter), outWriter,
              new PrintWriter(new BufferWriter(err), true)));
        } catch (Exception | Error e) {
          exit.completeExceptionally(e);
        }
      }, "cli-" + args[0]);
      thread.setDaemon(true);
      thread.start();
    }

    /** Waits until the output contains {@code text}; fails with the transcript if it does not. */
    public void awaitOutput(String text, Duration timeout) {
      await(out, text, timeout);
    }

    /** Waits until standard error contains {@code text}. */
    public void awaitError(String text, Duration timeout) {
      await(err, text, timeout);
    }

    private void await(StringBuffer stream, String text, Duration timeout) {
      long deadlineNs = System.nanoTime() + timeout.toNanos();
      while (stream.indexOf(text) < 0) {
        if (exit.isDone()) {
          fail("the command ended before printing '" + text + "':\n" + out + err);
        }
        if (System.nanoTime() > deadlineNs) {
          fail("no '" + text + "' within " + timeout + ":\n" + out + err);
        }
        LockSupport.parkNanos(5_000_000); // polling a StringBuffer with a deadline
      }
    }

    /** Waits for the command to end by itself. */
    public Run await(Duration timeout) throws Exception {
      int code = exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Run(code, out.toString(), err.toString());
    }

    /** Stops the command as Ctrl-C would and waits for it to end. */
    public Run stop(Duration timeout) throws Exception {
      thread.interrupt();
      return await(timeout);
    }

    public String out() {
      return out.toString();
    }

    public String err() {
      return err.toString();
    }

    @Override
    public void close() throws Exception {
      if (!exit.isDone()) {
        stop(Duration.ofSeconds(20));
      }
    }
  }

  /**
   * Routes for the UDP network on loopback whose host ports are free now: the text for {@code
   * --routes}, {@code 10.0.0.0/24=127.0.0.1:BASE+}.
   */
  public static String freeRoutes() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
      if (free(base + 1, base + 12) && free(base + 250, base + 250)) {
        return "10.0.0.0/24=127.0.0.1:" + base + "+";
      }
    }
    throw new AssertionError("no free block of UDP ports on loopback");
  }

  private static boolean free(int first, int last) {
    for (int port = first; port <= last; port++) {
      try (DatagramSocket socket = new DatagramSocket(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
        assertTrue(socket.isBound());
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  /** A Writer onto a StringBuffer, which other threads may read while it is written. */
  private static final class BufferWriter extends java.io.Writer {
    private final StringBuffer buffer;

    BufferWriter(StringBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      buffer.append(chars, offset, length);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
