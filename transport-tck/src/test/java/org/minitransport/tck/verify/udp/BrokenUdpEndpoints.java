package org.minitransport.tck.verify.udp;

import java.net.BindException;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.port.PortTable;
import org.minitransport.core.stack.HostContext;
import org.minitransport.core.wire.Ipv4Packet;
import org.minitransport.udp.BufferedUdpEndpoint;
import org.minitransport.udp.UdpBinding;
import org.minitransport.udp.UdpCounters;
import org.minitransport.udp.UdpEndpoint;
import org.minitransport.udp.UdpEndpointFactory;
import org.minitransport.udp.UdpSocketOptions;

/**
 * Deliberately broken UDP endpoints: the reference behind a host context that changes one thing
 * on the way out. Each comes with the suite subclass that runs against it (nested, so Surefire
 * does not run them; {@code SuitesCatchBrokenImplementationsTest} does, through the launcher).
 */
final class BrokenUdpEndpoints {

  private BrokenUdpEndpoints() {}

  /** Sends a checksum that computes to zero as 0 ("no checksum") instead of 0xFFFF. */
  static final UdpEndpointFactory SENDS_ZERO_CHECKSUM = () -> new Rewiring(false);

  /** Never answers a datagram for an unbound port with ICMP port unreachable. */
  static final UdpEndpointFactory SILENT_ON_UNBOUND_PORTS = () -> new Rewiring(true);

  /** The reference endpoint behind a host context with one fault. */
  private static final class Rewiring implements UdpEndpoint {
    private final UdpEndpoint inner = new BufferedUdpEndpoint();
    private final boolean silent;

    Rewiring(boolean silent) {
      this.silent = silent;
    }

    @Override
    public void attach(HostContext context) {
      inner.attach(new HostContext() {
        @Override
        public Ipv4Address address() {
          return context.address();
        }

        @Override
        public int mtu() {
          return context.mtu();
        }

        @Override
        public PortTable<Object> portTable() {
          return context.portTable();
        }

        @Override
        public void transmit(Ipv4Address destination, byte[] segment, int offset, int length) {
          if (!silent && (segment[offset + 6] & 0xFF) == 0xFF
              && (segment[offset + 7] & 0xFF) == 0xFF) {
            segment[offset + 6] = 0;
            segment[offset + 7] = 0;
          }
          context.transmit(destination, segment, offset, length);
        }

        @Override
        public void sendPortUnreachable(long nowNs, Ipv4Packet offending) {
          if (!silent) {
            context.sendPortUnreachable(nowNs, offending);
          }
        }
      });
    }

    @Override
    public void handlePacket(long nowNs, Ipv4Packet packet) {
      inner.handlePacket(nowNs, packet);
    }

    @Override
    public void handleUnreachable(long nowNs, int code, Ipv4Packet original) {
      inner.handleUnreachable(nowNs, code, original);
    }

    @Override
    public void close(long nowNs) {
      inner.close(nowNs);
    }

    @Override
    public UdpCounters counters() {
      return inner.counters();
    }

    @Override
    public int maxPayload() {
      return inner.maxPayload();
    }

    @Override
    public Ipv4Address address() {
      return inner.address();
    }

    @Override
    public UdpBinding open(Endpoint local, UdpSocketOptions options) throws BindException {
      return inner.open(local, options);
    }

    @Override
    public void connect(UdpBinding binding, Endpoint remote) {
      inner.connect(binding, remote);
    }

    @Override
    public void disconnect(UdpBinding binding) {
      inner.disconnect(binding);
    }

    @Override
    public void send(long nowNs, UdpBinding binding, Endpoint destination, byte[] data,
        int offset, int length) {
      inner.send(nowNs, binding, destination, data, offset, length);
    }

    @Override
    public void close(UdpBinding binding) {
      inner.close(binding);
    }
  }

  /** The suite against {@link #SENDS_ZERO_CHECKSUM}. */
  static final class SendsZeroChecksum extends UdpEndpointVerification {
    @Override
    protected UdpEndpointFactory factory() {
      return SENDS_ZERO_CHECKSUM;
    }
  }

  /** The suite against {@link #SILENT_ON_UNBOUND_PORTS}. */
  static final class SilentOnUnboundPorts extends UdpEndpointVerification {
    @Override
    protected UdpEndpointFactory factory() {
      return SILENT_ON_UNBOUND_PORTS;
    }
  }
}
