package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers and clients as separate hosts on the UDP network over loopback (both in this JVM, each
 * host with its own UDP socket), with a base port chosen free for each test.
 */
class UdpNetworkCommandsTest {

  @TempDir
  Path root;

  private String routes;

  @BeforeEach
  void freeRoutes() throws Exception {
    routes = FreeUdpPorts.routes(FreeUdpPorts.findBase());
  }

  @Test
  void httpGetFetchesAFileFromAnHttpServerOnAnotherHost() throws Exception {
    Files.writeString(root.resolve("index.html"), "<p>over loopback</p>\n");
    try (BackgroundCommand server = BackgroundCommand.startListening("http-server",
        "--network", "udp", "--routes", routes, "--root", root.toString(), "--duration", "30s")) {
      CommandRun r = CommandRun.of("http-get", "--network", "udp", "--routes", routes,
          "http://10.0.0.2/");
      assertEquals(0, r.exitCode(), r.transcript());
      assertEquals("<p>over loopback</p>\n", r.out());
      server.await("\"GET /\" 200 21");
      assertEquals(0, server.stop());
    }
  }

  @Test
  void timeQueryAsksATimeServerOnAnotherHost() throws Exception {
    try (BackgroundCommand server = BackgroundCommand.startListening("time-server",
        "--network", "udp", "--routes", routes, "--address", "10.0.0.3", "--port", "3700",
        "--duration", "30s")) {
      CommandRun r = CommandRun.of("time-query", "--network", "udp", "--routes", routes,
          "--to", "10.0.0.3:3700");
      assertEquals(0, r.exitCode(), r.transcript());
      assertTrue(r.out().contains("from 10.0.0.3:3700"), r.out());
      assertTrue(r.out().contains(", 1 attempt"), r.out());
      server.await(" -> "); // its log line for the request, written after it was answered
      assertEquals(0, server.stop());
      assertTrue(server.out().contains("answered 1 requests"), server.out());
    }
  }

  @Test
  void aServerWhoseUdpPortIsTakenFailsWithOneLine() throws Exception {
    int base = Integer.parseInt(routes.substring(routes.lastIndexOf(':') + 1,
        routes.length() - 1));
    try (DatagramChannel squatter = DatagramChannel.open()) {
      squatter.bind(new InetSocketAddress("127.0.0.1", base + 2));
      CommandRun r = CommandRun.of("http-server", "--network", "udp", "--routes", routes,
          "--root", root.toString(), "--duration", "1s");
      assertEquals(1, r.exitCode(), r.transcript());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("minitransport: cannot attach 10.0.0.2:"), r.err());
      assertTrue(r.err().contains("in use"), r.err());
    }
  }

  @Test
  void aClosedTcpPortIsConnectionRefused() throws Exception {
    try (BackgroundCommand server = BackgroundCommand.startListening("http-server",
        "--network", "udp", "--routes", routes, "--root", root.toString(), "--duration", "30s")) {
      CommandRun r = CommandRun.of("http-get", "--network", "udp", "--routes", routes,
          "http://10.0.0.2:81/");
      assertEquals(1, r.exitCode(), r.transcript());
      assertEquals("minitransport: Connection refused by 10.0.0.2:81\n", r.err());
    }
  }

  @Test
  void aClosedUdpPortIsReportedAsUnreachable() throws Exception {
    try (BackgroundCommand server = BackgroundCommand.startListening("time-server",
        "--network", "udp", "--routes", routes, "--duration", "30s")) {
      CommandRun r = CommandRun.of("time-query", "--network", "udp", "--routes", routes,
          "--to", "10.0.0.2:38", "--timeout", "2s");
      assertEquals(1, r.exitCode(), r.transcript());
      assertEquals("minitransport: nothing listens on 10.0.0.2:38 (ICMP port unreachable)\n",
          r.err());
    }
  }

  @Test
  void aHostThatIsNotThereIsAConnectTimeout() {
    CommandRun r = CommandRun.of("http-get", "--network", "udp", "--routes", routes,
        "--timeout", "200ms", "http://10.0.0.9/");
    assertEquals(1, r.exitCode(), r.transcript());
    assertEquals("minitransport: Connect timed out: no answer from 10.0.0.9:80 within 200 ms\n",
        r.err());
  }
}
