package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** time-query against the time-server it starts in-process on the simulated network. */
class TimeCommandsTest {

  private static final Pattern TIME =
      Pattern.compile("time (\\S+) from 10\\.0\\.0\\.2:37 \\((\\d+) ms since 1970\\)");

  @Test
  void printsTheServersTimeTheRoundTripAndOneAttempt() {
    long before = System.currentTimeMillis();
    CommandLineHarness.Run r = CommandLineHarness.run("time-query", "--delay", "1ms");
    long after = System.currentTimeMillis();
    assertEquals(0, r.exitCode(), r.transcript());
    Matcher m = TIME.matcher(r.out());
    assertTrue(m.find(), r.out());
    long millis = Long.parseLong(m.group(2));
    assertTrue(millis >= before && millis <= after, "server time within the run: " + r.out());
    assertEquals(Instant.ofEpochMilli(millis).toString(), m.group(1));
    assertTrue(r.out().matches("(?s).*round trip \\d+\\.\\d ms, 1 attempt\\n"), r.out());
  }

  @Test
  void lossMakesRetriesVisibleAndTheQueryStillSucceeds() {
    // Seed 5 with 40% loss drops the first request or its reply (checked: deterministic). The
    // second attempt normally gets through; on a loaded machine its reply may come after 200 ms,
    // so there are attempts to spare.
    CommandLineHarness.Run r = CommandLineHarness.run("time-query", "--loss", "40%", "--seed", "5", "--delay", "1ms",
        "--timeout", "200ms", "--retries", "100");
    assertEquals(0, r.exitCode(), r.transcript());
    assertTrue(r.out().startsWith("attempt 1: no reply within 200 ms\n"), r.out());
    Matcher attempts = Pattern.compile(", (\\d+) attempts").matcher(r.out());
    assertTrue(attempts.find() && Integer.parseInt(attempts.group(1)) >= 2, r.out());
  }

  @Test
  void giveUpAfterTheLastRetryWithExitOneAndAClearLine() {
    CommandLineHarness.Run r = CommandLineHarness.run("time-query", "--loss", "100%", "--timeout", "30ms",
        "--retries", "2");
    assertEquals(1, r.exitCode(), r.transcript());
    assertEquals(3, r.out().lines().filter(l -> l.matches("attempt \\d: no reply within 30 ms"))
        .count(), r.out());
    assertEquals("minitransport: no reply from 10.0.0.2:37 after 3 attempts (timeout 30 ms "
        + "each)\n", r.errors());
  }

  @Test
  void zeroRetriesMeansOneAttempt() {
    CommandLineHarness.Run r = CommandLineHarness.run("time-query", "--loss", "100%", "--timeout", "20ms",
        "--retries", "0");
    assertEquals(1, r.exitCode(), r.transcript());
    assertTrue(r.err().contains("after 1 attempt (timeout 20 ms each)"), r.err());
  }

  @Test
  void aServerOnAnotherPortAnswersThere() {
    CommandLineHarness.Run r = CommandLineHarness.run("time-query", "--to", "10.0.0.5:3737", "--delay", "1ms");
    assertEquals(0, r.exitCode(), r.transcript());
    assertTrue(r.out().contains("from 10.0.0.5:3737"), r.out());
  }

  @Test
  void negativeRetriesIsAUsageError() {
    CommandLineHarness.Run r = CommandLineHarness.run("time-query", "--retries", "-1");
    assertEquals(2, r.exitCode(), r.transcript());
    assertTrue(r.err().contains("--retries -1 is outside 0-100"), r.err());
  }

  @Test
  void zeroTimeoutIsAUsageError() {
    CommandLineHarness.Run r = CommandLineHarness.run("time-query", "--timeout", "0");
    assertEquals(2, r.exitCode(), r.transcript());
    assertTrue(r.err().contains("'0' is not a timeout: give at least 1ms"), r.err());
  }

  @Test
  void aMalformedServerIsAUsageErrorNamingIt() {
    CommandLineHarness.Run r = CommandLineHarness.run("time-query", "--to", "10.0.0.2");
    assertEquals(2, r.exitCode(), r.transcript());
    assertTrue(r.err().contains("bad endpoint '10.0.0.2'"), r.err());
  }

  @Test
  void timeServerPortZeroIsAUsageError() {
    CommandLineHarness.Run r = CommandLineHarness.run("time-server", "--port", "0");
    assertEquals(2, r.exitCode(), r.transcript());
    assertTrue(r.err().contains("'0' is not a port from 1 to 65535"), r.err());
  }

  @Test
  void timeServerRunsForItsDurationAndCountsWhatItAnswered() {
    CommandLineHarness.Run r = CommandLineHarness.run("time-server", "--duration", "20ms");
    assertEquals(0, r.exitCode(), r.transcript());
    assertTrue(r.out().startsWith("time-server listening on 10.0.0.2:37/udp (network sim)\n"),
        r.out());
    assertTrue(r.out().endsWith("answered 0 requests, ignored 0 datagrams\n"), r.out());
  }
}
