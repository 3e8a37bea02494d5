package org.minitransport.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Linux program of a {@link KernelNetwork} (the interop peer script, or any command) running
 * in its namespace: its output lines are collected on a thread, so a test can wait for "listening"
 * and for its JSON result with timeouts. Closing kills it if it still runs.
 */
public final class KernelPeer implements AutoCloseable {

  private final Process process;
  private final String description;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuffer transcript = new StringBuffer();

  KernelPeer(Process process, String description) {
    this.process = process;
    this.description = description;
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          transcript.append(line).append('\n');
          lines.add(line);
        }
      } catch (IOException e) {
        transcript.append("(output lost: ").append(e.getMessage()).append(")\n");
      }
    }, "kernel-peer-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Waits for the server's "listening" line. */
  public KernelPeer awaitListening(Duration timeout) throws IOException, InterruptedException {
    String line = nextLine(timeout);
    if (!"listening".equals(line)) {
      throw new IOException(description + " did not start listening: " + line + "\n"
          + transcript);
    }
    return this;
  }

  /** Waits for a line that starts with {@code prefix}, skipping others. */
  public String awaitLineStartingWith(String prefix, Duration timeout)
      throws IOException, InterruptedException {
    long deadlineNs = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = nextLine(Duration.ofNanos(Math.max(1, deadlineNs - System.nanoTime())));
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  /** Waits for the program's JSON result line. */
  public Result awaitResult(Duration timeout) throws IOException, InterruptedException {
    String line = nextLine(timeout);
    if (line == null || !line.startsWith("{")) {
      throw new IOException(description + " gave no result: " + line + "\n" + transcript);
    }
    return new Result(line);
  }

  /** Waits for the program to end and returns its exit code. */
  public int awaitExit(Duration timeout) throws IOException, InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IOException(description + " still runs after " + timeout + "\n" + transcript);
    }
    return process.exitValue();
  }

  /** Everything it printed so far. */
  public String transcript() {
    return transcript.toString();
  }

  private String nextLine(Duration timeout) throws IOException, InterruptedException {
    String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new IOException(description + " printed nothing within " + timeout
          + (process.isAlive() ? "" : " and exited " + process.exitValue()) + "\n" + transcript);
    }
    return line;
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The JSON line a peer mode prints, read field by field (flat objects only). */
  public static final class Result {
    private final String json;

    Result(String json) {
      this.json = json;
    }

    /** The field as text (a string's content, or a number's digits), or null if absent. */
    public String get(String name) {
      Matcher m = Pattern.compile("\"" + Pattern.quote(name)
          + "\": (\"((?:[^\"\\\\]|\\\\.)*)\"|[-0-9.a-z]+|\\[[^\\]]*\\])").matcher(json);
      if (!m.find()) {
        return null;
      }
      return m.group(2) != null ? m.group(2) : m.group(1);
    }

    public long getLong(String name) {
      String value = get(name);
      if (value == null) {
        throw new IllegalStateException("no field " + name + " in " + json);
      }
      return Long.parseLong(value);
    }

    @Override
    public String toString() {
      return json;
    }
  }

  static KernelPeer start(List<String> command, String description) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    return new KernelPeer(process, description);
  }
}
