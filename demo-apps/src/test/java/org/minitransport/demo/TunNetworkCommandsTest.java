package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.minitransport.testkit.KernelNetwork;
import org.minitransport.testkit.KernelPeer;
import org.minitransport.testkit.NetworkNamespace;

/**
 * The README's two commands against Linux: curl fetching from {@code http-server --network tun},
 * and {@code http-get --network tun} fetching from Python's http.server, with the default
 * addresses (Linux at 10.0.0.254, the server at 10.0.0.2, the client at 10.0.0.1). The interface
 * and the Linux side live in a namespace made for the test ({@code --tun-netns}), so curl and
 * Python reach nothing else. Skipped without root, /dev/net/tun, iproute2, Python or curl.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TunNetworkCommandsTest {

  @TempDir
  Path site;

  NetworkNamespace namespace;
  String tunName;

  @BeforeEach
  void requireTheKernel() throws Exception {
    String why = KernelNetwork.whyUnavailable().orElse(null);
    assumeTrue(why == null, "skipped: " + why);
    namespace = NetworkNamespace.create();
    tunName = "mtd" + (ProcessHandle.current().pid() % 1_000_000);
  }

  @AfterEach
  void deleteNamespace() {
    if (namespace != null) {
      namespace.close();
    }
  }

  /** {@code command} on the TUN network in the test's namespace, then {@code more}. */
  private String[] onTun(String command, String... more) {
    String[] options = {command, "--network", "tun", "--tun", tunName, "--tun-netns",
        namespace.name()};
    String[] all = new String[options.length + more.length];
    System.arraycopy(options, 0, all, 0, options.length);
    System.arraycopy(more, 0, all, options.length, more.length);
    return all;
  }

  @Test
  void curlFetchesAFileFromHttpServerOnTheTunNetwork() throws Exception {
    String why = KernelNetwork.whyToolMissing("curl", "curl").orElse(null);
    assumeTrue(why == null, "skipped: " + why);
    Files.writeString(site.resolve("hello.txt"), "hello, kernel\n");
    try (BackgroundCommand server = BackgroundCommand.startListening(
        onTun("http-server", "--root", site.toString(), "--duration", "60s"))) {
      String body = namespace.run("curl", "-sS", "--max-time", "20",
          "http://10.0.0.2/hello.txt");

      assertEquals("hello, kernel\n", body);
      server.await("\"GET /hello.txt\" 200");
      assertEquals(0, server.stop());
    }
  }

  @Test
  void httpGetFetchesAFileFromPythonsHttpServerInTheKernel() throws Exception {
    Files.writeString(site.resolve("page.html"), "<p>served by Linux</p>\n");
    try (KernelPeer python = namespace.start("python3", "-u", "-m", "http.server", "8000",
        "--directory", site.toString())) {
      python.awaitLineStartingWith("Serving HTTP", Duration.ofSeconds(30));

      CommandLineHarness.Run r = CommandLineHarness.run(onTun("http-get", "http://10.0.0.254:8000/page.html"));

      assertEquals(0, r.exitCode(), r.transcript() + python.transcript());
      assertEquals("<p>served by Linux</p>\n", r.out());
      assertTrue(r.err().startsWith("network tun: interface " + tunName + " in namespace "),
          r.err());
    }
  }

  @Test
  void httpGetEndsItsConnectionToLinuxWithAFinEachWayAndNoReset() throws Exception {
    Files.writeString(site.resolve("page.html"), "<p>served by Linux</p>\n");
    Path pcap = site.resolve("get.pcap");
    try (KernelPeer python = namespace.start("python3", "-u", "-m", "http.server", "8000",
        "--directory", site.toString())) {
      python.awaitLineStartingWith("Serving HTTP", Duration.ofSeconds(30));

      CommandLineHarness.Run r = CommandLineHarness.run(onTun("http-get", "--pcap", pcap.toString(),
          "http://10.0.0.254:8000/page.html"));

      assertEquals(0, r.exitCode(), r.transcript() + python.transcript());
      byte[] file = Files.readAllBytes(pcap);
      assertEquals(2, PcapRecords.countTcpWithFlags(file, 0x01), "one FIN each way");
      assertEquals(0, PcapRecords.countTcpWithFlags(file, 0x04),
          "no RST: the host lingered for Linux's last ACK before the process ended");
      assertTrue(r.err().endsWith("wrote " + PcapRecords.countWhole(file) + " packets to " + pcap
          + "\n"), r.err());
    }
  }

  @Test
  void anAddressBeyondTheInterfacesSubnetHasNoRouteAndFailsAtOnce() {
    long startNs = System.nanoTime();
    CommandLineHarness.Run r = CommandLineHarness.run(onTun("http-get", "--timeout", "60s", "http://192.0.2.1/"));

    assertEquals(1, r.exitCode(), r.transcript());
    assertEquals("minitransport: cannot connect to 192.0.2.1:80: no route to 192.0.2.1 (outside "
        + "10.0.0.254/24, the subnet of " + tunName + " (--kernel-address sets it))\n",
        r.errors());
    assertTrue(System.nanoTime() - startNs < 10_000_000_000L, "at once, not after a timeout");
  }
}
