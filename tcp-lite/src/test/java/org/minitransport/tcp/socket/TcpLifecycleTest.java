package org.minitransport.tcp.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.net.sim.LinkConfig;

/** Opening and closing many connections leaks neither ports nor threads. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpLifecycleTest {

  private static final int CYCLES = Boolean.getBoolean("minitransport.soak") ? 20_000 : 2_000;

  @Test
  void thousandsOfOpenCloseCyclesReleaseEveryPortAndEveryThread() throws Exception {
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    try (RealTimeHosts hosts = RealTimeHosts.simulated(5, LinkConfig.builder().delayNs(0).build(), 2,
        FastTimers.config())) {
      Endpoint server = Endpoint.of("10.0.0.2", 9000);
      try (TcpServerSocket listener = hosts.tcp(2).listen(server, 16)) {
        for (int i = 0; i < CYCLES; i++) {
          TcpSocket client = hosts.tcp(1).connect(server);
          TcpSocket accepted = listener.accept();
          client.getOutputStream().write(i & 0xFF);
          assertEquals(i & 0xFF, accepted.getInputStream().read());
          if (i % 2 == 0) {
            client.close(); // either side may close first
            assertEquals(-1, accepted.getInputStream().read());
            accepted.close();
          } else {
            accepted.close();
            assertEquals(-1, client.getInputStream().read());
            client.close();
          }
        }
      }
      Eventually.await("every port released after TIME-WAIT", Duration.ofSeconds(10),
          () -> hosts.tcpPorts(1) == 0 && hosts.tcpPorts(2) == 0);
      assertEquals(0, hosts.tcp(1).connectionCount());
      assertEquals(0, hosts.tcp(2).connectionCount());
      assertEquals(CYCLES, hosts.tcp(1).counters().activeOpens());
      assertEquals(0, hosts.tcp(1).counters().establishedResets());
      assertEquals(0, hosts.loopFailures());
    }
    List<String> leaked = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive())
        .map(Thread::getName)
        .filter(name -> name.startsWith("host-") || name.startsWith("simulated-network"))
        .toList();
    assertEquals(List.of(), leaked, "threads left running after the hosts closed");
  }
}
