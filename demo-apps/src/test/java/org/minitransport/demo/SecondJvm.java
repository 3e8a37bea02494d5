package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code minitransport} in a JVM of its own, for what only a real process shows: signals (SIGINT
 * as Ctrl-C sends it, SIGTERM), {@code kill -9}, exit codes and raw standard output. Its output is
 * drained on threads of its own; a test waits for a line (never sleeps) and fails with everything
 * the process printed.
 */
final class SecondJvm implements AutoCloseable {

  private static final Duration STOP_WAIT = Duration.ofSeconds(20);

  private final Process process;
  private final StringBuilder text = new StringBuilder(); // stdout (unless raw) and stderr
  private final ByteArrayOutputStream rawStdout = new ByteArrayOutputStream();
  private final List<Thread> drains = new ArrayList<>();

  private SecondJvm(Process process, boolean rawStdout) {
    this.process = process;
    drains.add(drain(process.getErrorStream(), false));
    drains.add(drain(process.getInputStream(), rawStdout));
  }

  /** Starts {@code minitransport args} in a new JVM with {@code jvmOptions}. */
  static SecondJvm start(List<String> jvmOptions, boolean rawStdout, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow(
        () -> new AssertionError("cannot tell which java runs this test")));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Minitransport.class.getName());
    command.addAll(List.of(args));
    return new SecondJvm(new ProcessBuilder(command).start(), rawStdout);
  }

  /** Starts {@code minitransport args} in a new JVM. */
  static SecondJvm start(String... args) throws IOException {
    return start(List.of(), false, args);
  }

  private Thread drain(InputStream from, boolean raw) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try {
        for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
          if (raw) {
            synchronized (rawStdout) {
              rawStdout.write(buffer, 0, n);
            }
          } else {
            synchronized (this) {
              text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
              notifyAll();
            }
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "drain-" + process.pid());
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Waits until the output contains {@code expected}. */
  synchronized void awaitOutput(String expected, Duration timeout) throws InterruptedException {
    long deadlineNs = System.nanoTime() + timeout.toNanos();
    while (text.indexOf(expected) < 0) {
      long leftNs = deadlineNs - System.nanoTime();
      if (leftNs <= 0) {
        fail("'" + expected + "' did not appear within " + timeout + " (alive: "
            + process.isAlive() + "); output:\n" + text);
      }
      TimeUnit.NANOSECONDS.timedWait(this, Math.min(leftNs, 100_000_000L));
    }
  }

  /** Sends a signal by name (INT, TERM) with the shell's {@code kill -INT pid}. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("sh", "-c", "kill -" + name + " " + process.pid()).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      fail("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** kill -9: the process vanishes without closing anything. */
  void killHard() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Waits for the process to end; its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      fail("still running after " + timeout + "; output:\n" + output());
    }
    for (Thread drain : drains) {
      drain.join(STOP_WAIT.toMillis());
    }
    return process.exitValue();
  }

  synchronized String output() {
    return text.toString();
  }

  byte[] stdout() {
    synchronized (rawStdout) {
      return rawStdout.toByteArray();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }
}
