package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.demo.CommandLineHarness.run;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.CommandLineHarness.Background;
import org.minitransport.demo.CommandLineHarness.Run;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.socket.TcpSocket;
import picocli.CommandLine;

class NetstatCommandTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Nested
  class OverUdpOnLoopback {

    @Test
    void showsAnEchoServersListenerAndAnEstablishedClient() throws Exception {
      String routes = CommandLineHarness.freeRoutes();
      try (Background server = CommandLineHarness.start("echo-server", "--network", "udp",
          "--routes", routes)) {
        server.awaitOutput("netstat queries answered on UDP port 11", WAIT);
        try (DemoNetwork network = DemoNetwork.open(CommandLine.populateCommand(
                new HostOptions(), "--network", "udp", "--routes", routes));
            TcpSocket client = network.startHost(Ipv4Address.parse("10.0.0.5")).tcp()
                .connect(Endpoint.parse("10.0.0.2:7"))) {

          Run r = run("netstat", "--network", "udp", "--routes", routes, "--target", "10.0.0.2");

          assertEquals(0, r.exitCode(), r.transcript());
          String table = r.out();
          assertTrue(table.startsWith("netstat of 10.0.0.2:\nproto  recv-q  send-q  local"),
              table);
          assertTrue(table.matches("(?s).*\nTCP\\s+-\\s+-\\s+0\\.0\\.0\\.0:7\\s+\\*:\\*\\s+"
              + "LISTEN\\s+-\\s+-\n.*"), table);
          assertTrue(table.matches("(?s).*\nTCP\\s+0\\s+0\\s+10\\.0\\.0\\.2:7\\s+"
              + client.localEndpoint().toString().replace(".", "\\.")
              + "\\s+ESTABLISHED\\s+[0-9.]+ms\\s+\\d+\n.*"), table);
          assertTrue(table.matches("(?s).*\nUDP\\s+-\\s+-\\s+0\\.0\\.0\\.0:11\\s+\\*:\\*\\s+"
              + "BOUND\\s+-\\s+-\n.*"), table);
          assertTrue(table.matches("(?s).*\nTCP counters:\n.*\n  passiveOpens +1\n.*"), table);
          assertTrue(table.matches("(?s).*\n  syncookiesSent +0\n.*"), table);
          assertTrue(table.matches("(?s).*\nIP drops by reason:\n.*\n  MARTIAN_SOURCE +0\n.*"),
              table);
        }
      }
    }

    @Test
    void watchAsksAgainEveryIntervalUntilStopped() throws Exception {
      String routes = CommandLineHarness.freeRoutes();
      try (Background server = CommandLineHarness.start("echo-server", "--network", "udp",
          "--routes", routes)) {
        server.awaitOutput("netstat queries answered", WAIT);
        try (Background watch = CommandLineHarness.start("netstat", "--routes", routes,
            "--target", "10.0.0.2", "--watch", "100ms")) {
          watch.awaitOutput("netstat of 10.0.0.2 at ", WAIT);
          String first = watch.out();
          watch.awaitOutput(first + "\nnetstat of 10.0.0.2 at ", WAIT);

          Run stopped = watch.stop(WAIT); // Ctrl-C ends watching

          assertEquals(0, stopped.exitCode(), stopped.transcript());
        }
      }
    }

    @Test
    void showsTheServersUdpSocketBuffersAndWhatTheOsAndTheImpairmentsDropped() throws Exception {
      String routes = CommandLineHarness.freeRoutes();
      try (Background server = CommandLineHarness.start("echo-server", "--network", "udp",
          "--routes", routes, "--loss", "1%", "--seed", "3")) {
        server.awaitOutput("netstat queries answered on UDP port 11", WAIT);

        Run r = run("netstat", "--network", "udp", "--routes", routes, "--target", "10.0.0.2");

        assertEquals(0, r.exitCode(), r.transcript());
        String base = routes.substring(routes.lastIndexOf(':') + 1, routes.length() - 1);
        assertTrue(r.out().contains("udp socket 127.0.0.1:" + (Integer.parseInt(base) + 2)
            + ": receive buffer "), r.out());
        assertTrue(r.out().matches("(?s).*dropped by the OS (\\d+|\\(not reported\\))\n.*"),
            r.out());
        assertTrue(r.out().matches("(?s).*\nimpairments in: +\\d+ packets, \\d+ passed.*"),
            r.out());
      }
    }

    @Test
    void answersFromAReceiveFileServerToo() throws Exception {
      String routes = CommandLineHarness.freeRoutes();
      try (Background server = CommandLineHarness.start("receive-file", "--network", "udp",
          "--routes", routes, "--address", "10.0.0.3", "--port", "9009", "--output",
          System.getProperty("java.io.tmpdir"))) {
        server.awaitOutput("netstat queries answered", WAIT);
        Run r = run("netstat", "--network", "udp", "--routes", routes, "--target", "10.0.0.3");
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.out().matches("(?s).*\nTCP\\s+-\\s+-\\s+0\\.0\\.0\\.0:9009\\s+\\*:\\*\\s+"
            + "LISTEN\\s+-\\s+-\n.*"), r.transcript());
      }
    }

    @Test
    void aHostThatIsNotRunningTimesOutAfterItsRetries() {
      Run r = run("netstat", "--network", "udp", "--routes", CommandLineHarness.freeRoutes(),
          "--target", "10.0.0.9", "--timeout", "100ms", "--retries", "1");
      assertEquals(1, r.exitCode(), r.transcript());
      assertEquals("minitransport: no netstat answer from 10.0.0.9:11 after 2 attempts of 100 ms;"
          + " is a server command running there with --network udp?", r.err().strip());
    }
  }

  @Nested
  class BadInput {

    @Test
    void onTheSimulatedNetworkItPointsAtSimulate() {
      Run r = run("netstat", "--network", "sim", "--target", "10.0.0.2");
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("use 'minitransport simulate --netstat TIME'"), r.transcript());
    }

    @Test
    void needsATarget() {
      Run r = run("netstat");
      assertEquals(2, r.exitCode(), r.transcript());
      assertEquals("minitransport: Missing required option: '--target=<address>'\n"
          + "Try 'minitransport netstat --help' for more information.\n", r.err());
    }

    @Test
    void aTargetMustBeAnAddress() {
      Run r = run("netstat", "--network", "udp", "--target", "10.0.0");
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("'10.0.0' is not an IPv4 address"), r.transcript());
    }

    @Test
    void retriesAreBounded() {
      Run r = run("netstat", "--network", "udp", "--target", "10.0.0.2", "--retries", "21");
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("--retries 21 must be 0-20"), r.transcript());
    }
  }
}
