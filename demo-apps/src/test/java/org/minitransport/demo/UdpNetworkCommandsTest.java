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
      CommandLineHarness.Run r = CommandLineHarness.run("http-get", "--network", "udp", "--routes", routes,
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
      CommandLineHarness.Run r = CommandLineHarness.run("time-query", "--network", "udp", "--routes", routes,
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
  void aServerWhoseDefaultAddressIsTakenMovesToTheNextAndSaysSo() throws Exception {
    int base = Integer.parseInt(routes.substring(routes.lastIndexOf(':') + 1,
        routes.length() - 1));
    try (DatagramChannel squatter = DatagramChannel.open()) {
      squatter.bind(new InetSocketAddress("127.0.0.1", base + 2));
      CommandLineHarness.Run r = CommandLineHarness.run("http-server", "--network", "udp", "--routes", routes,
          "--root", root.toString(), "--duration", "10ms");
      assertEquals(0, r.exitCode(), r.transcript());
      assertEquals("10.0.0.2 is taken by another process; this server is 10.0.0.3 (choose one "
          + "with --address)\n", r.errors(), "a note on standard error");
      assertTrue(r.out().startsWith("http-server listening on 10.0.0.3:80"), r.out());
    }
  }

  @Test
  void aServerWhoseGivenAddressIsTakenFailsWithOneLineWithoutAStraySlash() throws Exception {
    int base = Integer.parseInt(routes.substring(routes.lastIndexOf(':') + 1,
        routes.length() - 1));
    try (DatagramChannel squatter = DatagramChannel.open()) {
      squatter.bind(new InetSocketAddress("127.0.0.1", base + 2));
      CommandLineHarness.Run r = CommandLineHarness.run("http-server", "--network", "udp", "--routes", routes,
          "--root", root.toString(), "--duration", "1s", "--address", "10.0.0.2");
      assertEquals(1, r.exitCode(), r.transcript());
      assertEquals("minitransport: cannot start host 10.0.0.2: its UDP socket 127.0.0.1:"
          + (base + 2) + " is in use by another process; choose another address, e.g. "
          + "--address 10.0.0.3\n", r.err());
    }
  }

  @Test
  void aClosedTcpPortIsConnectionRefused() throws Exception {
    try (BackgroundCommand server = BackgroundCommand.startListening("http-server",
        "--network", "udp", "--routes", routes, "--root", root.toString(), "--duration", "30s")) {
      CommandLineHarness.Run r = CommandLineHarness.run("http-get", "--network", "udp", "--routes", routes,
          "http://10.0.0.2:81/");
      assertEquals(1, r.exitCode(), r.transcript());
      assertEquals("connecting to 10.0.0.2:81 from 10.0.0.1 ...\n"
          + "minitransport: cannot connect to 10.0.0.2:81: connection refused (is http-server "
          + "running there, on that port?)\n", r.err());
    }
  }

  @Test
  void aClosedUdpPortIsReportedAsUnreachable() throws Exception {
    try (BackgroundCommand server = BackgroundCommand.startListening("time-server",
        "--network", "udp", "--routes", routes, "--duration", "30s")) {
      CommandLineHarness.Run r = CommandLineHarness.run("time-query", "--network", "udp", "--routes", routes,
          "--to", "10.0.0.2:38", "--timeout", "2s");
      assertEquals(1, r.exitCode(), r.transcript());
      assertEquals("minitransport: cannot reach 10.0.0.2:38: connection refused (ICMP port "
          + "unreachable: is time-server running there, on that port?)\n", r.err());
    }
  }

  @Test
  void aHostThatIsNotThereIsAConnectTimeout() {
    CommandLineHarness.Run r = CommandLineHarness.run("http-get", "--network", "udp", "--routes", routes,
        "--timeout", "200ms", "http://10.0.0.9/");
    assertEquals(1, r.exitCode(), r.transcript());
    assertEquals("connecting to 10.0.0.9:80 from 10.0.0.1 ...\n"
        + "minitransport: cannot connect to 10.0.0.9:80: no answer within 200 ms (is the host "
        + "up, and do --routes lead to it?)\n", r.err());
  }

  @Test
  void anAddressNoRouteCoversFailsAtOnce() {
    long startNs = System.nanoTime();
    CommandLineHarness.Run r = CommandLineHarness.run("http-get", "--network", "udp", "--routes", routes,
        "http://10.1.2.3/");
    assertEquals(1, r.exitCode(), r.transcript());
    assertEquals("minitransport: cannot connect to 10.1.2.3:80: no route to 10.1.2.3 (no "
        + "--routes entry covers it)\n", r.err());
    assertTrue(System.nanoTime() - startNs < 10_000_000_000L, "at once, not after a timeout");
  }

  @Test
  void anAddressNoRouteCoversFailsAtOnceThroughTheImpairments() {
    long startNs = System.nanoTime();
    CommandLineHarness.Run r = CommandLineHarness.run("http-get", "--network", "udp", "--routes", routes,
        "--loss", "1%", "--delay", "5ms", "--timeout", "60s", "http://10.1.2.3/");
    assertEquals(1, r.exitCode(), r.transcript());
    assertEquals("minitransport: cannot connect to 10.1.2.3:80: no route to 10.1.2.3 (no "
        + "--routes entry covers it)\n", r.errors());
    assertTrue(System.nanoTime() - startNs < 10_000_000_000L, "at once, not after a timeout");
  }

  @Test
  void everyClientPhrasesNoRouteTheSameWay() throws Exception {
    Files.writeString(root.resolve("hello.txt"), "hello");
    for (String[] args : new String[][] {
        {"echo-client", "--to", "10.1.2.3:7"},
        {"chat-client", "--to", "10.1.2.3:7777", "--say", "hi"},
        {"send-file", "--to", "10.1.2.3:9000", root.resolve("hello.txt").toString()},
        {"time-query", "--to", "10.1.2.3:37"},
        {"perf", "--to", "10.1.2.3"},
        {"connect", "10.1.2.3", "7"}}) {
      java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
      all.addAll(java.util.List.of("--network", "udp", "--routes", routes));
      CommandLineHarness.Run r = CommandLineHarness.run(all.toArray(String[]::new));
      assertEquals(1, r.exitCode(), r.transcript());
      assertTrue(r.err().matches("minitransport: cannot (connect to|reach) 10\\.1\\.2\\.3:\\d+: "
          + "no route to 10\\.1\\.2\\.3 \\(no --routes entry covers it\\)\n"), r.transcript());
    }
  }
}
