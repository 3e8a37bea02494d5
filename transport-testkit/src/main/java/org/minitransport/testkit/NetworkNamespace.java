package org.minitransport.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A named Linux network namespace made for one test ({@code ip netns add}), with loopback up and
 * nothing else: programs started in it ({@link #start}) reach only the interfaces a test puts
 * there, so they cannot send anything to the machine's real networks. {@link #close()} kills them
 * and deletes the namespace, which destroys every socket they had. Needs root and iproute2.
 */
public final class NetworkNamespace implements AutoCloseable {

  private static final AtomicInteger NEXT = new AtomicInteger();

  private final String name;
  private final List<KernelPeer> programs = new ArrayList<>();
  private boolean closed;

  private NetworkNamespace(String name) {
    this.name = name;
  }

  /** A fresh namespace named after this process and a counter, so parallel JVMs never collide. */
  public static NetworkNamespace create() throws IOException, InterruptedException {
    String name = "mt-" + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet();
    run(List.of("ip", "netns", "add", name));
    NetworkNamespace namespace = new NetworkNamespace(name);
    try {
      run(List.of("ip", "-n", name, "link", "set", "lo", "up"));
    } catch (IOException e) {
      namespace.close();
      throw e;
    }
    return namespace;
  }

  /** The name, for {@code ip netns exec NAME} and {@code TunConfig.namespace}. */
  public String name() {
    return name;
  }

  /** Starts a program inside the namespace; closing the namespace kills it. */
  public KernelPeer start(String... command) throws IOException {
    return start(Arrays.asList(command));
  }

  /** Starts a program inside the namespace; closing the namespace kills it. */
  public KernelPeer start(List<String> command) throws IOException {
    List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", name));
    inside.addAll(command);
    KernelPeer program = KernelPeer.start(inside, String.join(" ", command));
    synchronized (programs) {
      programs.add(program);
    }
    return program;
  }

  /**
   * Runs a command inside the namespace to its end and returns its output.
   *
   * @throws IOException if it exits non-zero (with its output) or takes longer than 30 s
   */
  public String run(String... command) throws IOException, InterruptedException {
    List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", name));
    inside.addAll(Arrays.asList(command));
    return run(inside);
  }

  /** Kills the programs and deletes the namespace. Idempotent. */
  @Override
  public void close() {
    synchronized (programs) {
      if (closed) {
        return;
      }
      closed = true;
      for (KernelPeer program : programs) {
        program.close();
      }
      programs.clear();
    }
    try {
      run(List.of("ip", "netns", "del", name));
    } catch (IOException | InterruptedException e) {
      System.getLogger(NetworkNamespace.class.getName())
          .log(System.Logger.Level.WARNING, "could not delete namespace " + name, e);
    }
  }

  /** Runs a command in this process's namespace; its output, or an exception saying why not. */
  static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output;
    try (InputStream in = process.getInputStream()) {
      output = in.readAllBytes();
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish within 30 s");
    }
    String text = new String(output, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": "
          + text.strip());
    }
    return text;
  }
}
