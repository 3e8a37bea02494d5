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
import org.minitransport.tcp.TcpSocket;
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
          assertTrue(table.startsWith("netstat of 10.0.0.2:\nproto local"), table);
          assertTrue(table.matches("(?s).*\nTCP\\s+0\\.0\\.0\\.0:7\\s+\\*:\\*\\s+LISTEN\n.*"), table);
          assertTrue(table.matches("(?s).*\nTCP\\s+10\\.0\\.0\\.2:7\\s+"
              + client.localEndpoint().toString().replace(".", "\\.")
              + "\\s+ESTABLISHED\n.*"), table);
          assertTrue(table.matches("(?s).*\nUDP\\s+0\\.0\\.0\\.0:11\\s+\\*:\\*\\s+BOUND\n.*"), table);
          assertTrue(table.matches("(?s).*\nTCP counters:\n.*\n  passiveOpens +1\n.*"), table);
          assertTrue(table.matches("(?s).*\n  syncookiesSent +0\n.*"), table);
          assertTrue(table.matches("(?s).*\nIP drops by reason:\n.*\n  MARTIAN_SOURCE +0\n.*"),
              table);
        }
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
        assertTrue(r.out().matches("(?s).*\nTCP\\s+0\\.0\\.0\\.0:9009\\s+\\*:\\*\\s+LISTEN\n.*"),
            r.transcript());
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
      Run r = run("netstat");
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("use 'minitransport simulate --netstat TIME'"), r.transcript());
    }

    @Test
    void needsATarget() {
      Run r = run("netstat", "--network", "udp");
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("--target is required"), r.transcript());
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
