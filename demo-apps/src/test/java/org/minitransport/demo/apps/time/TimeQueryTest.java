package org.minitransport.demo.apps.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.udp.ReceivedDatagram;
import org.minitransport.udp.UdpSocket;
import picocli.CommandLine;

/** The query's retry and matching rules, against scripted servers on the simulated network. */
class TimeQueryTest {

  private static final Endpoint SERVER = Endpoint.of("10.0.0.2", 37);
  /** Long enough for any scheduling delay, for a reply that comes. */
  private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
  /** For attempts meant to time out: their silence, not their length, is what is tested. */
  private static final long SHORT_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(150);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private DemoNetwork network;
  private DemoNetwork.DemoHost serverHost;
  private UdpSocket client;

  @BeforeEach
  void start() throws Exception {
    network = DemoNetwork.open(CommandLine.populateCommand(
        new org.minitransport.demo.net.HostOptions(), "--delay", "1ms", "--seed", "1"));
    serverHost = network.startHost(SERVER.address());
    client = network.startHost(Ipv4Address.parse("10.0.0.1")).udp().openEphemeral();
  }

  @AfterEach
  void stop() {
    network.close();
  }

  @Test
  void theResponderAnswersAtTheFirstAttempt() throws Exception {
    Instant fixed = Instant.parse("2030-01-02T03:04:05.678Z");
    try (TimeResponder responder = TimeResponder.start(serverHost.udp().open(SERVER),
        Clock.fixed(fixed, ZoneOffset.UTC), null)) {
      List<Integer> timeouts = new ArrayList<>();
      TimeQuery.Result result = TimeQuery.ask(client, SERVER, TIMEOUT_NS, 3, 10,
          (attempt, timeout) -> timeouts.add(attempt));
      assertEquals(new TimeReply(10, fixed.toEpochMilli()), result.reply());
      assertEquals(1, result.attempts());
      assertEquals(List.of(), timeouts);
      assertTrue(result.roundTripNs() > 0 && result.roundTripNs() < TIMEOUT_NS);
    }
  }

  @Test
  void theResponderIgnoresGarbageAndCountsIt() throws Exception {
    try (TimeResponder responder = TimeResponder.start(serverHost.udp().open(SERVER),
        Clock.systemUTC(), null)) {
      client.send(SERVER, "hello?".getBytes(StandardCharsets.US_ASCII));
      TimeQuery.ask(client, SERVER, TIMEOUT_NS, 3, 1, null);
      assertEquals(1, responder.ignored());
      assertEquals(1, responder.answered());
    }
  }

  @Test
  void aLateReplyToAnEarlierAttemptIsAcceptedAndAttributedToIt() throws Exception {
    try (UdpSocket server = serverHost.udp().open(SERVER)) {
      // The server answers only once it has seen the second attempt, and answers the first.
      CompletableFuture<Void> script = CompletableFuture.runAsync(() -> {
        try {
          ReceivedDatagram first = server.receive(WAIT);
          ReceivedDatagram second = server.receive(WAIT);
          server.send(second.source(), "TIME 999 0 bogus".getBytes(StandardCharsets.US_ASCII));
          server.send(second.source(), new TimeReply(
              TimeRequest.decode(second.data()).id() + 1000, 1).encode()); // an id never sent
          server.send(first.source(), TimeReply.answering(TimeRequest.decode(first.data()),
              Instant.ofEpochMilli(1234)).encode());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      // Attempt 1 times out by design; the reply then normally comes within attempt 2, but on a
      // loaded machine it may take longer, so there are attempts to spare (about 30 s in all).
      List<Integer> timeouts = new ArrayList<>();
      TimeQuery.Result result = TimeQuery.ask(client, SERVER, SHORT_TIMEOUT_NS, 200,
          TimeRequest.MAX_ID, (attempt, timeout) -> timeouts.add(attempt));
      script.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertTrue(result.attempts() >= 2, "attempt 1 went unanswered: " + result);
      assertEquals(IntStream.range(1, result.attempts()).boxed().toList(), timeouts,
          "every attempt but the answered one timed out");
      assertEquals(1, result.answeredAttempt());
      assertEquals(TimeRequest.MAX_ID, result.reply().id(), "attempt 1 had the first id");
      assertEquals(1234, result.reply().epochMillis());
      assertTrue(result.roundTripNs() > SHORT_TIMEOUT_NS, "measured from the first attempt");
    }
  }

  @Test
  void silenceFailsAfterEveryAttemptWithTheirCount() throws IOException {
    try (UdpSocket server = serverHost.udp().open(SERVER)) {
      List<Integer> timeouts = new ArrayList<>();
      SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
          () -> TimeQuery.ask(client, SERVER, TimeUnit.MILLISECONDS.toNanos(20), 2, 0,
              (attempt, timeout) -> timeouts.add(attempt)));
      assertEquals(List.of(1, 2, 3), timeouts);
      assertEquals("no reply from 10.0.0.2:37 after 3 attempts (timeout 20 ms each)",
          e.getMessage());
      for (int request = 1; request <= 3; request++) {
        server.receive(WAIT); // one request per attempt, however slowly the network delivers
      }
      assertNull(server.tryReceive(), "no fourth request");
    }
  }

  @Test
  void rejectsANonPositiveTimeoutOrNegativeRetries() {
    assertThrows(IllegalArgumentException.class,
        () -> TimeQuery.ask(client, SERVER, 0, 1, 0, null));
    assertThrows(IllegalArgumentException.class,
        () -> TimeQuery.ask(client, SERVER, TIMEOUT_NS, -1, 0, null));
  }
}
