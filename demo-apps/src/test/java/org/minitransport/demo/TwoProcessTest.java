package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The command line across process boundaries: an echo-server and a time-server each run in a
 * JVM of their own on the UDP network over loopback, and this JVM's clients reach them through
 * the same route table.
 */
class TwoProcessTest {

  private static final long START_TIMEOUT_S = 20;
  private static final long STOP_TIMEOUT_S = 10;

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void destroyProcesses() throws InterruptedException {
    for (Process process : processes) {
      process.destroy();
      if (!process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS);
      }
    }
  }

  /** Starts {@code minitransport args} in a new JVM and waits for its "listening" line. */
  private Process startServer(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow(
        () -> new AssertionError("cannot tell which java runs this test")));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Minitransport.class.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    processes.add(process);
    BufferedReader output = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line = output.readLine(); line != null; line = output.readLine()) {
          synchronized (seen) {
            seen.append(line).append('\n');
          }
          if (line.contains("listening")) {
            return line;
          }
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    String line;
    try {
      line = listening.get(START_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      synchronized (seen) {
        throw new AssertionError("no 'listening' line within " + START_TIMEOUT_S + " s from "
            + args[0] + "; output:\n" + seen);
      }
    }
    if (line == null) {
      synchronized (seen) {
        throw new AssertionError(args[0] + " ended without listening; output:\n" + seen);
      }
    }
    // Keep draining its output so that the child never blocks on a full pipe.
    CompletableFuture.runAsync(() -> {
      try {
        while (output.readLine() != null) {
          // the access log is not needed here
        }
      } catch (IOException e) {
        // the process ended
      }
    });
    return process;
  }

  @Test
  void clientsInThisJvmReachServersInOtherJvms() throws Exception {
    String routes = FreeUdpPorts.routes(FreeUdpPorts.findBase());
    Process echo = startServer("echo-server", "--network", "udp", "--routes", routes,
        "--duration", "30s");
    Process time = startServer("time-server", "--network", "udp", "--routes", routes,
        "--address", "10.0.0.3", "--duration", "30s");

    CommandLineHarness.Run echoed = CommandLineHarness.run("echo-client", "--network", "udp", "--routes", routes,
        "--message", "across processes", "--count", "3");
    assertEquals(0, echoed.exitCode(), echoed.transcript());
    assertTrue(echoed.out().endsWith("3 of 3 replies verified\n"), echoed.out());

    CommandLineHarness.Run timed = CommandLineHarness.run("time-query", "--network", "udp", "--routes", routes,
        "--to", "10.0.0.3:37");
    assertEquals(0, timed.exitCode(), timed.transcript());
    assertTrue(timed.out().contains("from 10.0.0.3:37"), timed.out());

    assertTrue(echo.isAlive() && time.isAlive(), "servers still running");
  }
}
