package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.demo.CommandLineHarness.runWithInput;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.minitransport.demo.CommandLineHarness.Background;
import org.minitransport.demo.CommandLineHarness.Run;

/** {@code connect} and {@code listen}: nc over tcp-lite and udp-lite. */
class ConnectListenTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void echoHelloToTheEchoPortSendsExactlyHelloAndPrintsTheEcho() {
    Run r = runWithInput("hello\n", "connect", "10.0.0.2", "7");
    assertEquals(0, r.exitCode(), r.transcript());
    assertEquals("hello\n", r.out(), "exactly the bytes of stdin, echoed");
    assertTrue(r.err().contains("an echo server (TCP) runs in this process at 10.0.0.2:7"),
        r.err());
  }

  @Test
  void withUdpEachReadOfStandardInputIsADatagram() throws Exception {
    // A --wait long enough for any scheduling delay; the echo is awaited, then Ctrl-C ends it.
    try (Background connect = CommandLineHarness.startWithInput(
        new ByteArrayInputStream("hello\n".getBytes(StandardCharsets.UTF_8)),
        "connect", "--udp", "--wait", "60s", "10.0.0.2", "7")) {
      connect.awaitOutput("hello\n", WAIT);
      Run stopped = connect.stop(WAIT);
      assertEquals(Minitransport.STOPPED, stopped.exitCode(), stopped.transcript());
      assertEquals("hello\n", stopped.out(), "one datagram, echoed once");
    }
  }

  @Test
  void withUdpAnEchoSlowerThanTheReadSliceIsStillAwaitedForTheWholeWait() {
    // 150 ms each way: the echo comes about 300 ms after standard input ended, well within --wait
    // but after the 100 ms slice in which the command noticed that end.
    Run r = runWithInput("hello\n", "connect", "--udp", "--delay", "150ms", "--wait", "3s",
        "10.0.0.2", "7");
    assertEquals(0, r.exitCode(), r.transcript());
    assertEquals("hello\n", r.out());
  }

  @Test
  void withUdpTheCommandEndsOnceNothingCameForTheWaitAfterStandardInputEnded() {
    Run r = runWithInput("", "connect", "--udp", "--wait", "200ms", "10.0.0.2", "7");
    assertEquals(0, r.exitCode(), r.transcript());
    assertEquals("", r.out(), "nothing was sent, so nothing came back");
  }

  @Test
  void listenAndConnectPipeStandardInputBothWaysAcrossCommands() throws Exception {
    String routes = CommandLineHarness.freeRoutes();
    try (Background listener = CommandLineHarness.startWithInput(
        new ByteArrayInputStream("from the listener\n".getBytes(StandardCharsets.UTF_8)),
        "listen", "--network", "udp", "--routes", routes, "9999")) {
      listener.awaitError("listening on 10.0.0.2:9999", WAIT);

      Run connector = runWithInput("from the connector\n", "connect", "--network", "udp",
          "--routes", routes, "10.0.0.2", "9999");

      assertEquals(0, connector.exitCode(), connector.transcript());
      assertEquals("from the listener\n", connector.out());
      Run listened = listener.await(WAIT);
      assertEquals(0, listened.exitCode(), listened.transcript());
      assertEquals("from the connector\n", listened.out());
      assertTrue(listened.err().contains("connection from 10.0.0.1:"), listened.err());
    }
  }

  @Test
  void aClosedPortIsRefusedWithTheUsualWords() throws Exception {
    String routes = CommandLineHarness.freeRoutes();
    try (Background echo = CommandLineHarness.start("echo-server", "--network", "udp",
        "--routes", routes)) {
      echo.awaitOutput("listening", WAIT);
      Run r = runWithInput("x", "connect", "--network", "udp", "--routes", routes, "10.0.0.2",
          "8");
      assertEquals(1, r.exitCode(), r.transcript());
      assertTrue(r.err().endsWith("minitransport: cannot connect to 10.0.0.2:8: connection "
          + "refused (is a server running there, on that port?)\n"), r.err());
    }
  }

  @Test
  void listeningOnTheSimulatedNetworkIsAUsageError() {
    Run r = runWithInput("", "listen", "9999");
    assertEquals(2, r.exitCode(), r.transcript());
    assertTrue(r.err().contains("listen needs a network other processes can reach"), r.err());
  }
}
