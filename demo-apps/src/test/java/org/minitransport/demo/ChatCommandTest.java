package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.demo.CommandLineHarness.run;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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

class ChatCommandTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Nested
  class OnTheSimulatedNetwork {

    @Test
    void everyBotGreetsTheUserWhoSeesItsOwnLinesBroadcast() {
      Run r = run("chat-client", "--name", "alice", "--say", "hi all", "--say", "bye", "--bots",
          "3", "--linger", "0", "--seed", "1");
      assertEquals(0, r.exitCode(), r.transcript());
      assertTrue(r.out().contains("* you are alice\n"), r.transcript());
      assertTrue(r.out().contains("alice: hi all\n"), r.transcript());
      assertTrue(r.out().contains("alice: bye\n"), r.transcript());
      for (int k = 1; k <= 3; k++) {
        assertTrue(r.out().contains("bot" + k + ": hello alice, I am bot" + k + "\n"),
            r.transcript());
      }
      assertTrue(r.out().indexOf("alice: hi all") < r.out().indexOf("alice: bye"),
          "a member's lines arrive in order: " + r.out());
    }

    @Test
    void aUserWithoutANameIsNamedByItsEndpoint() {
      Run r = run("chat-client", "--say", "hello", "--linger", "0", "--seed", "2");
      assertEquals(0, r.exitCode(), r.transcript());
      assertTrue(r.out().matches("(?s)\\* you are 10\\.0\\.0\\.1:\\d+\n10\\.0\\.0\\.1:\\d+: hello\n"),
          r.transcript());
    }

    @Test
    void aTakenNameFallsBackToTheEndpoint() {
      Run r = run("chat-client", "--name", "bot1", "--say", "hi", "--bots", "1", "--linger", "0",
          "--seed", "3");
      assertEquals(0, r.exitCode(), r.transcript());
      assertTrue(r.out().contains("* name 'bot1' is taken"), r.transcript());
      assertTrue(r.out().matches("(?s).*10\\.0\\.0\\.1:\\d+: hi\n.*"), r.transcript());
    }
  }

  @Nested
  class OverUdpOnLoopback {

    @Test
    void clientsInDifferentCommandsShareTheRoomAndTheServerLogsThem() throws Exception {
      String routes = CommandLineHarness.freeRoutes();
      try (Background server = CommandLineHarness.start("chat-server", "--network", "udp",
          "--routes", routes)) {
        server.awaitOutput("chat-server listening on 10.0.0.2:7777", WAIT);
        HostOptions options = CommandLine.populateCommand(new HostOptions(), "--network", "udp",
            "--routes", routes);
        try (DemoNetwork network = DemoNetwork.open(options);
            TcpSocket bob = network.startHost(Ipv4Address.parse("10.0.0.3")).tcp().socket()) {
          bob.connect(Endpoint.parse("10.0.0.2:7777"), 10_000);
          bob.setSoTimeout(10_000);
          bob.getOutputStream().write("NAME bob\n".getBytes(StandardCharsets.UTF_8));
          BufferedReader bobHears = new BufferedReader(
              new InputStreamReader(bob.getInputStream(), StandardCharsets.UTF_8));
          assertEquals("* you are bob", bobHears.readLine());

          Run alice = run("chat-client", "--network", "udp", "--routes", routes, "--name",
              "alice", "--say", "hi bob", "--linger", "0");

          assertEquals(0, alice.exitCode(), alice.transcript());
          assertTrue(alice.out().contains("alice: hi bob"), alice.transcript());
          assertEquals("* alice joined (2 online)", bobHears.readLine());
          assertEquals("alice: hi bob", bobHears.readLine());
          assertEquals("* alice left", bobHears.readLine());
        }
        Run stopped = server.stop(WAIT);
        assertEquals(0, stopped.exitCode(), stopped.transcript());
        assertTrue(stopped.out().contains("alice joined from 10.0.0.1:"), stopped.transcript());
        assertTrue(stopped.out().contains("alice left"), stopped.transcript());
        assertTrue(stopped.out().contains("netstat queries answered on UDP port 11"),
            stopped.transcript());
      }
    }

    @Test
    void aSecondServerMovesToTheNextFreeAddressAndSaysSo() throws Exception {
      String routes = CommandLineHarness.freeRoutes();
      try (Background first = CommandLineHarness.start("chat-server", "--network", "udp",
          "--routes", routes)) {
        first.awaitOutput("listening on 10.0.0.2:7777", WAIT); // before the second one starts
        Background second = CommandLineHarness.start("echo-server", "--network", "udp",
            "--routes", routes);
        try (second) {
          second.awaitOutput("listening on 10.0.0.3:7", WAIT);
          assertTrue(second.err().contains("10.0.0.2 is taken by another process; this server "
              + "is 10.0.0.3 (choose one with --address)"), second.err());
        }
      }
    }

    @Test
    void anAddressGivenThatIsTakenFailsWithOneLineSuggestingAFreeOne() throws Exception {
      String routes = CommandLineHarness.freeRoutes();
      try (Background first = CommandLineHarness.start("chat-server", "--network", "udp",
          "--routes", routes)) {
        first.awaitOutput("listening", WAIT);
        Run second = run("chat-server", "--network", "udp", "--routes", routes, "--address",
            "10.0.0.2");
        assertEquals(1, second.exitCode(), second.transcript());
        String port = routes.substring(routes.indexOf(':') + 1, routes.indexOf('+'));
        assertEquals("minitransport: cannot start host 10.0.0.2: its UDP socket 127.0.0.1:"
            + (Integer.parseInt(port) + 2) + " is in use by another process; choose another "
            + "address, e.g. --address 10.0.0.3\n", second.err(), second.transcript());
      }
    }

    @Test
    void clientsHearAtOnceWhenTheServerStops() throws Exception {
      String routes = CommandLineHarness.freeRoutes();
      try (Background server = CommandLineHarness.start("chat-server", "--network", "udp",
          "--routes", routes)) {
        server.awaitOutput("listening", WAIT);
        try (DemoNetwork network = DemoNetwork.open(CommandLine.populateCommand(
                new HostOptions(), "--network", "udp", "--routes", routes));
            TcpSocket bob = network.startHost(Ipv4Address.parse("10.0.0.3")).tcp().socket()) {
          bob.connect(Endpoint.parse("10.0.0.2:7777"), 10_000);
          bob.setSoTimeout(10_000);
          BufferedReader bobHears = new BufferedReader(
              new InputStreamReader(bob.getInputStream(), StandardCharsets.UTF_8));
          bob.getOutputStream().write("NAME bob\n".getBytes(StandardCharsets.UTF_8));
          assertEquals("* you are bob", bobHears.readLine());

          Run stopped = server.stop(WAIT); // Ctrl-C

          assertEquals(0, stopped.exitCode(), stopped.transcript());
          assertEquals("* the chat server is shutting down", bobHears.readLine());
          assertEquals(null, bobHears.readLine(), "then a clean end of stream, not a reset");
        }
      }
    }

    @Test
    void aClosedPortIsRefusedWithAHint() throws Exception {
      String routes = CommandLineHarness.freeRoutes();
      try (Background server = CommandLineHarness.start("chat-server", "--network", "udp",
          "--routes", routes)) {
        server.awaitOutput("listening", WAIT);
        Run r = run("chat-client", "--network", "udp", "--routes", routes, "--to",
            "10.0.0.2:7778", "--say", "anyone?");
        assertEquals(1, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("cannot connect to 10.0.0.2:7778: connection refused"),
            r.transcript());
        assertTrue(r.err().contains("is chat-server running there"), r.transcript());
      }
    }

    @Test
    void anAbsentServerTimesOutWithOneLineAndNoStackTrace() {
      String routes = CommandLineHarness.freeRoutes();
      Run r = run("chat-client", "--network", "udp", "--routes", routes, "--timeout", "300ms",
          "--say", "anyone?");
      assertEquals(1, r.exitCode(), r.transcript());
      assertEquals("connecting to 10.0.0.2:7777 from 10.0.0.1 ...\n"
          + "minitransport: cannot connect to 10.0.0.2:7777: no answer within 300 ms (is "
          + "the host up, and do --routes lead to it?)", r.err().strip());
      assertFalse(r.err().contains("\tat "), r.transcript());
    }
  }

  @Test
  void aClientWaitingForItsUserHearsAtOnceWhenTheServerStops() throws Exception {
    String routes = CommandLineHarness.freeRoutes();
    try (Background server = CommandLineHarness.start("chat-server", "--network", "udp",
        "--routes", routes);
        java.io.PipedOutputStream typing = new java.io.PipedOutputStream()) {
      server.awaitOutput("listening", WAIT);
      // A user at a terminal who types nothing: standard input stays open.
      try (Background alice = CommandLineHarness.startWithInput(
          new java.io.PipedInputStream(typing), "chat-client", "--network", "udp", "--routes",
          routes, "--name", "alice")) {
        alice.awaitOutput("* you are alice", WAIT);

        server.stop(WAIT); // Ctrl-C at the server

        Run heard = alice.await(WAIT);
        assertEquals(0, heard.exitCode(), heard.transcript());
        assertTrue(heard.out().endsWith("* the chat server is shutting down\n"
            + "* the chat server at 10.0.0.2:7777 closed the connection\n"), heard.transcript());
      }
    }
  }

  @Nested
  class BadInput {

    private void assertUsageError(String expected, String... args) {
      Run r = run(args);
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains(expected), r.transcript());
    }

    @Test
    void tooManyBots() {
      assertUsageError("--bots 51 must be 0-50", "chat-client", "--bots", "51");
    }

    @Test
    void botsOnTheUdpNetwork() {
      assertUsageError("--bots needs --network sim", "chat-client", "--network", "udp", "--bots",
          "2");
    }

    @Test
    void aNameWithASpace() {
      assertUsageError("--name 'two words' must be 1-32 letters", "chat-client", "--name",
          "two words");
    }

    @Test
    void aServerWithoutAPort() {
      assertUsageError("'nowhere' is not ADDRESS:PORT", "chat-client", "--to", "nowhere");
    }

    @Test
    void aPortAbove65535() {
      assertUsageError("'70000' is not a port from 1 to 65535", "chat-server", "--port", "70000");
    }

    @Test
    void aQueueTooSmallToHoldALine() {
      assertUsageError("--queue 10 bytes is outside 1k-64M", "chat-server", "--queue", "10");
    }
  }
}
