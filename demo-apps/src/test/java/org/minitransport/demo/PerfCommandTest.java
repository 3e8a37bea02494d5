package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.demo.CommandLineHarness.run;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.demo.CommandLineHarness.Background;
import org.minitransport.demo.CommandLineHarness.Run;

/** {@code perf}: iperf3's test over tcp-lite, on the simulated network and across commands. */
class PerfCommandTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static double jsonNumber(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.]+)").matcher(json);
    assertTrue(m.find(), "no " + field + " in " + json);
    return Double.parseDouble(m.group(1));
  }

  @Nested
  class OnTheSimulatedNetwork {

    @Test
    void sendsForItsTimeAndReportsEveryIntervalThenTheSendersAndReceiversTotals() {
      Run r = run("perf", "--time", "1500ms", "--interval", "500ms", "--delay", "5ms",
          "--bandwidth", "20M", "--seed", "1");
      assertEquals(0, r.exitCode(), r.transcript());
      String out = r.out();
      assertTrue(out.startsWith("perf to 10.0.0.2:5201, 1 stream, for 1.5 s\n[ ID] Interval"),
          out);
      // One line per 500 ms boundary, contiguous; each names the instant it was sampled, which
      // a loaded machine delays past the boundary (but not past the next one).
      Matcher line = Pattern.compile("\n\\[  1\\]   ([0-9.]+)-([0-9.]+)   sec  ").matcher(out);
      double previousEnd = 0;
      for (int boundary = 1; boundary <= 2; boundary++) {
        assertTrue(line.find(), "no interval " + boundary + " in\n" + out);
        assertEquals(previousEnd, Double.parseDouble(line.group(1)), 1e-9, out);
        double end = Double.parseDouble(line.group(2));
        assertTrue(end >= boundary * 0.5 && end < (boundary + 1) * 0.5,
            "interval " + boundary + " ends at " + end + " s:\n" + out);
        previousEnd = end;
      }
      assertTrue(out.matches("(?s).*\n\\[SUM\\]   0\\.00-[12]\\.[0-9]{2}\\s+sec .* sender\n.*"), out);
      assertTrue(out.matches("(?s).*\n\\[SUM\\]   0\\.00-[12]\\.[0-9]{2}\\s+sec .* receiver\n.*"), out);
      assertTrue(out.matches("(?s).*\ngoodput [0-9.]+ Mbit/s, \\d+ retransmissions?, "
          + "\\d+ timeouts?, RTT [0-9.]+ ms, cwnd [0-9.]+ [KM]iB \\(this sender's at the end\\)\n"),
          out);
    }

    @Test
    void reverseWithParallelStreamsMovesExactlyTheBytesAsked() {
      Run r = run("perf", "--reverse", "--parallel", "3", "--bytes", "1M", "--delay", "2ms",
          "--json", "--seed", "2");
      assertEquals(0, r.exitCode(), r.transcript());
      String json = r.out().strip();
      assertEquals(1, json.lines().count(), json);
      assertEquals(1 << 20, (long) jsonNumber(json.substring(json.indexOf("\"receiver\"")),
          "bytes"));
      assertTrue(json.startsWith("{\"settings\":{\"network\":\"sim\",\"target\":\"10.0.0.2:5201\","
          + "\"streams\":3,\"reverse\":true,\"timeMs\":0,\"bytes\":1048576,"), json);
      assertTrue(json.contains("\"seed\":2}"), json);
      assertTrue(jsonNumber(json, "goodputBitsPerSecond") > 0, json);
      assertTrue(jsonNumber(json.substring(json.indexOf("\"sender\"")), "timeouts") >= 0,
          "the server, which sent, reports its retransmission timeouts: " + json);
    }

    @Test
    void goodputAgreesWithSimulateOverTheSameLink() {
      Run perf = run("perf", "--bytes", "2M", "--bandwidth", "8M", "--delay", "5ms", "--json",
          "--seed", "3");
      Run simulate = run("simulate", "--sessions", "1", "--bytes", "2M", "--bandwidth", "8M",
          "--delay", "5ms", "--json", "--seed", "3");
      assertEquals(0, perf.exitCode(), perf.transcript());
      assertEquals(0, simulate.exitCode(), simulate.transcript());
      double perfMbps = jsonNumber(perf.out(), "goodputBitsPerSecond") / 1e6;
      // simulate echoes: its goodput counts both ways together, each way on its own 8 Mbit/s link
      double simulateOneWayMbps = jsonNumber(simulate.out(), "goodputMbps") / 2;
      double ratio = perfMbps / simulateOneWayMbps;
      assertTrue(ratio > 0.75 && ratio < 1.25, "perf " + perfMbps + " Mbit/s (real time) vs "
          + "simulate " + simulateOneWayMbps + " Mbit/s one way (virtual time)");
    }
  }

  @Test
  void aClientReachesAPerfServerInAnotherCommandOverUdp() throws Exception {
    String routes = CommandLineHarness.freeRoutes();
    try (Background server = CommandLineHarness.start("perf", "--server", "--once",
        "--network", "udp", "--routes", routes)) {
      server.awaitOutput("perf server listening on 10.0.0.2:5201", WAIT);

      Run client = run("perf", "--network", "udp", "--routes", routes, "--bytes", "2M",
          "--parallel", "2", "--interval", "0");

      assertEquals(0, client.exitCode(), client.transcript());
      assertTrue(client.out().contains("[SUM]"), client.out());
      Run served = server.await(WAIT);
      assertEquals(0, served.exitCode(), served.transcript());
      assertTrue(served.out().contains("perf from 10.0.0.1:"), served.out());
      assertTrue(served.out().contains(": 2.0 MiB in "), served.out());
    }
  }

  @Test
  void aServerThatIsNotThereIsRefusedWithTheUsualWords() {
    String routes = CommandLineHarness.freeRoutes();
    try (Background echo = CommandLineHarness.start("echo-server", "--network", "udp",
        "--routes", routes)) {
      echo.awaitOutput("listening", WAIT);
      Run r = run("perf", "--network", "udp", "--routes", routes, "--time", "1s");
      assertEquals(1, r.exitCode(), r.transcript());
      assertTrue(r.err().endsWith("minitransport: cannot connect to 10.0.0.2:5201: connection "
          + "refused (is perf --server running there, on that port?)\n"), r.err());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
