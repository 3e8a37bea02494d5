package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.core.wire.IpProtocol;

/** Shutting an endpoint down while application callbacks keep working with a later clock. */
class TcpEndpointShutdownTest {

  @Test
  void closeNeverHandsAConnectionAnOlderTimeThanACallbackAlreadyUsed() throws Exception {
    VirtualClock clock = new VirtualClock();
    SimulationDriver sim =
        new SimulationDriver(new SimulatedNetwork(1, clock, LinkConfig.DEFAULT), clock);
    Host a = sim.addHost(HostConfig.of(Ipv4Address.parse("10.0.0.1")));
    Host b = sim.addHost(HostConfig.of(Ipv4Address.parse("10.0.0.2")));
    TcpEndpoint client = TcpEndpoint.install(a, TcpConfig.defaults(), 1, 2);
    TcpEndpoint server = TcpEndpoint.install(b, TcpConfig.defaults(), 3, 4);
    server.listen(Endpoint.of("0.0.0.0", 7000), 8, false);
    List<TcpConnection> open = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      open.add(client.connect(sim.nowNs(), null, Endpoint.of("10.0.0.2", 7000), null));
    }
    sim.runUntil(() -> open.stream().allMatch(c -> c.state() == TcpState.ESTABLISHED));
    long shutdownNs = sim.nowNs();
    // Like a chat server announcing a departure: when one connection closes, write to the
    // others, reading a clock that has moved on since close() was called.
    client.setEventListener((connection, event) -> {
      if (event == TcpConnection.Event.CLOSED) {
        for (TcpConnection other : open) {
          if (other != connection && other.state() != TcpState.CLOSED) {
            long later = shutdownNs + 1_000_000;
            other.write(later, new byte[] {1}, 0, 1);
            client.flush(later, other);
          }
        }
      }
    });
    assertDoesNotThrow(() -> a.close(shutdownNs));
    assertTrue(open.stream().allMatch(c -> c.state() == TcpState.CLOSED));
    assertEquals(0, a.portTable(IpProtocol.TCP).size(), "every port released");
  }
}
