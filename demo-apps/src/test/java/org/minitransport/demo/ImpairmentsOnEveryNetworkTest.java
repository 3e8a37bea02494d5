package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The impairment options mean the same on the UDP network as on the simulated one (issue 14 item
 * 5: they used to be ignored there), and every app that draws random numbers prints its seed.
 * A time server runs clean on its own host; the client's options impair the client's side.
 */
class ImpairmentsOnEveryNetworkTest {

  private String routes;

  @BeforeEach
  void freeRoutes() throws Exception {
    routes = FreeUdpPorts.routes(FreeUdpPorts.findBase());
  }

  private BackgroundCommand timeServer() throws InterruptedException {
    return BackgroundCommand.startListening("time-server", "--network", "udp", "--routes", routes,
        "--duration", "60s");
  }

  @Test
  void totalLossOnTheUdpNetworkLosesEveryAttemptAndSaysSo() throws Exception {
    try (BackgroundCommand server = timeServer()) {
      CommandLineHarness.Run r = CommandLineHarness.run("time-query", "--network", "udp", "--routes", routes,
          "--loss", "100%", "--timeout", "50ms", "--retries", "1", "--seed", "4");

      assertEquals(1, r.exitCode(), r.transcript());
      assertEquals("minitransport: no reply from 10.0.0.2:37 after 2 attempts (timeout 50 ms "
          + "each)\n", r.errors());
      assertTrue(r.err().startsWith("impairments on network udp, each way: delay 0.0 ms, loss "
          + "100.00%, MTU 1500, seed 4 (replay with --seed 4)\n"), r.err());
    }
  }

  @Test
  void delayOnTheUdpNetworkAppliesToBothDirectionsOfTheRoundTrip() throws Exception {
    try (BackgroundCommand server = timeServer()) {
      CommandLineHarness.Run r = CommandLineHarness.run("time-query", "--network", "udp", "--routes", routes,
          "--delay", "40ms", "--timeout", "2s");

      assertEquals(0, r.exitCode(), r.transcript());
      Matcher rtt = Pattern.compile("round trip ([0-9.]+) ms").matcher(r.out());
      assertTrue(rtt.find(), r.out());
      assertTrue(Double.parseDouble(rtt.group(1)) >= 80, "40 ms out and 40 ms back: " + r.out());
    }
  }

  @Test
  void theSameSeedLosesTheSameAttemptsOnTheUdpNetwork() throws Exception {
    try (BackgroundCommand server = timeServer()) {
      // A query gets through when neither its request nor the reply is lost: 1 in 4 at 50 %.
      for (int seed = 1; seed <= 20; seed++) {
        List<String> first = attempts("--loss", "50%", "--seed", String.valueOf(seed));
        if (!first.isEmpty()) {
          assertEquals(first, attempts("--loss", "50%", "--seed", String.valueOf(seed)),
              "replay of seed " + seed);
          return;
        }
      }
      fail("no seed of 20 lost an attempt at 50 % loss each way");
    }
  }

  private List<String> attempts(String... impairments) {
    // Replay compares the attempts' lines, so a reply must never come after its timeout; the
    // server is another process, which a loaded machine may keep waiting for hundreds of ms.
    String[] args = {"time-query", "--network", "udp", "--routes", routes, "--timeout", "500ms",
        "--retries", "3"};
    String[] all = new String[args.length + impairments.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(impairments, 0, all, args.length, impairments.length);
    CommandLineHarness.Run r = CommandLineHarness.run(all);
    return r.out().lines().filter(line -> line.startsWith("attempt ")).toList();
  }

  @Test
  void aCleanUdpNetworkDrawsNoRandomNumbersAndPrintsNoSeed() throws Exception {
    try (BackgroundCommand server = timeServer()) {
      CommandLineHarness.Run r = CommandLineHarness.run("time-query", "--network", "udp", "--routes", routes);

      assertEquals(0, r.exitCode(), r.transcript());
      assertEquals("", r.err());
    }
  }

  @Test
  void theSimulatedNetworkPrintsItsSeedForReplay() {
    CommandLineHarness.Run r = CommandLineHarness.run("echo-client", "--seed", "99", "--loss", "1%");

    assertEquals(0, r.exitCode(), r.transcript());
    assertTrue(r.err().startsWith("network sim: delay 10.0 ms, loss 1.00%, MTU 1500, seed 99 "
        + "(replay with --seed 99)\n"), r.err());
  }
}
