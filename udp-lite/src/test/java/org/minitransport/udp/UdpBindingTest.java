package org.minitransport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.port.HashedPortTable;
import org.minitransport.core.port.PortBinding;
import org.minitransport.core.port.PortTable;
import org.minitransport.core.port.PortTableConfig;
import org.minitransport.core.wire.IpProtocol;

/** The socket state an endpoint keeps per socket: its one port entry, its buffer, its name. */
class UdpBindingTest {

  private final PortTable<Object> table =
      new HashedPortTable<>(IpProtocol.UDP, PortTableConfig.defaults());

  private UdpBinding bound(int port) throws BindException {
    UdpBinding binding = new UdpBinding(1024);
    binding.attach(table.bind(Endpoint.of("10.0.0.1", port), binding));
    return binding;
  }

  @Test
  void takesItsPortEntryOnce() throws BindException {
    UdpBinding binding = bound(5000);
    PortBinding<Object> other = table.bind(Endpoint.of("10.0.0.1", 5001), "other");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> binding.attach(other));
    assertTrue(e.getMessage().contains("10.0.0.1:5000"), e.getMessage());
  }

  @Test
  void aClosedBindingTakesNoMoreDatagrams() throws Exception {
    UdpBinding binding = bound(5000);
    ReceivedDatagram datagram = new ReceivedDatagram(Endpoint.of("10.0.0.2", 9), new byte[3]);
    assertTrue(binding.deliver(datagram));
    binding.markClosed();
    assertTrue(binding.isClosed());
    assertFalse(binding.deliver(datagram));
  }

  @Test
  void namesItsEndpointsForMessages() throws BindException {
    UdpBinding binding = bound(5000);
    assertEquals("udp-socket 10.0.0.1:5000", binding.toString());
    binding.setRemote(Endpoint.of("10.0.0.2", 53));
    assertEquals("udp-socket 10.0.0.1:5000 -> 10.0.0.2:53", binding.toString());
    assertEquals("udp-socket (unbound)", new UdpBinding(64).toString());
  }

  @Test
  void anEndpointAttachesToOneHostOnly() {
    BufferedUdpEndpoint endpoint = new BufferedUdpEndpoint();
    UdpSimulation sim = UdpSimulation.clean();
    try {
      UdpService service = UdpService.install(sim.driver.addHost(
          org.minitransport.core.stack.HostConfig.of(UdpSimulation.address(1))),
          sim.driver.executor(), () -> endpoint);
      assertEquals(UdpSimulation.address(1), service.address());
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> endpoint.attach(null));
      assertTrue(e.getMessage().contains("already attached"), e.getMessage());
    } finally {
      sim.close();
    }
  }
}
