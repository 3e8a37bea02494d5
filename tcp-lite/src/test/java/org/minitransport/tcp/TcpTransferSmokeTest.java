package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.VirtualClock;

class TcpTransferSmokeTest {

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(TcpConfig.CongestionAlgorithm.class)
  void movesBytesAndClosesUnderLossWithEitherCongestionControl(
      TcpConfig.CongestionAlgorithm algorithm) throws Exception {
    TcpConfig config = TcpConfig.builder().congestionControl(algorithm).build();
    VirtualClock clock = new VirtualClock();
    SimulatedNetwork network = new SimulatedNetwork(42, clock,
        LinkConfig.builder().delayNs(5_000_000).lossProbability(0.05).build());
    SimulationDriver sim = new SimulationDriver(network, clock);
    Host a = sim.addHost(HostConfig.of(Ipv4Address.parse("10.0.0.1")));
    Host b = sim.addHost(HostConfig.of(Ipv4Address.parse("10.0.0.2")));
    TcpEndpoint ta = TcpEndpoint.install(a, config, 1, 2);
    TcpEndpoint tb = TcpEndpoint.install(b, config, 3, 4);
    TcpListener listener = tb.listen(Endpoint.of("0.0.0.0", 8080), 8, false);
    TcpConnection client = ta.connect(clock.nanoTime(), null, Endpoint.of("10.0.0.2", 8080), null);
    byte[] data = new byte[300_000];
    new Random(1).nextBytes(data);
    TcpConnection[] server = new TcpConnection[1];
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    int[] written = {0};
    byte[] buf = new byte[65536];
    sim.setMaxSteps(2_000_000);
    boolean done = sim.runUntil(() -> {
      long now = clock.nanoTime();
      if (server[0] == null) {
        server[0] = tb.accept(listener);
      }
      if (client.state().isSynchronized() && written[0] < data.length) {
        written[0] += client.write(now, data, written[0], data.length - written[0]);
        if (written[0] == data.length) {
          client.shutdownOutput(now);
        }
        ta.flush(now, client);
      }
      if (server[0] != null) {
        int n;
        while ((n = server[0].read(now, buf, 0, buf.length)) > 0) {
          received.write(buf, 0, n);
        }
        if (server[0].isInputFinished() && !server[0].isOutputShutdown()) {
          server[0].shutdownOutput(now);
        }
        tb.flush(now, server[0]);
      }
      return client.state() == TcpState.TIME_WAIT && server[0] != null
          && server[0].state() == TcpState.CLOSED;
    });
    assertTrue(done, "transfer did not finish: client " + client + " server " + server[0] + " written " + written[0] + " received " + received.size() + " una " + client.sndUnaAbs() + " nxt " + client.sndNxtAbs() + " cwnd " + client.congestionWindowBytes() + " mss " + client.sendMss() + " " + client.negotiatedOptions() + " t=" + clock.nanoTime());
    assertArrayEquals(data, received.toByteArray());
    sim.runUntilIdle();
    assertEquals(TcpState.CLOSED, client.state());
    assertEquals(0, a.portTable(org.minitransport.core.wire.IpProtocol.TCP).size());
    assertTrue(client.retransmittedSegments() > 0, "5% loss should cause retransmissions");
  }
}
