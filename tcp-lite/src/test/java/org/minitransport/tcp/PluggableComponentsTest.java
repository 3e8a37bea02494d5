package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.net.udp.LoopbackPorts;
import org.minitransport.core.net.udp.UdpNetwork;
import org.minitransport.core.net.udp.UdpRouteTable;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.tcp.component.MinimalByteStream;
import org.minitransport.tcp.component.MinimalCongestionControl;
import org.minitransport.tcp.component.MinimalReassembler;
import org.minitransport.tcp.component.MinimalRttEstimator;
import org.minitransport.tcp.component.MinimalTcpReceiver;
import org.minitransport.tcp.component.MinimalTcpSender;
import org.minitransport.tcp.socket.Eventually;
import org.minitransport.tcp.socket.ExchangeHandlers;
import org.minitransport.tcp.socket.FastTimers;
import org.minitransport.tcp.socket.RealTimeHosts;
import org.minitransport.tcp.socket.TcpAcceptor;
import org.minitransport.tcp.socket.TcpSession;

/**
 * The stack runs a component written against {@link org.minitransport.tcp.component}'s
 * interfaces alone: each {@code Minimal…} class (test tree), plugged in through {@link
 * TcpConfig.Builder}'s factory for it — the receiving side's three together, and all of them
 * at once — moves data correctly both ways over a simulated network that loses (5 %),
 * duplicates and reorders packets, and both connections close without a failure. The minimal
 * sender has no congestion control, SACK or fast retransmit; the minimal receiver no SACK, D-SACK
 * or silly-window avoidance; the minimal congestion control no fast recovery: the stack copes with
 * every neutral default. Each run also checks that the factory was really used, so the test cannot
 * pass on the reference alone.
 */
class PluggableComponentsTest {

  /** Which reference component(s) a run replaces with the minimal one. */
  enum Swap {
    BYTE_STREAM, REASSEMBLER, RECEIVER, SENDER, RTT_ESTIMATOR, CONGESTION_CONTROL,
    RECEIVER_SIDE, ALL,
    /** The minimal sender, handing every payload over in one scratch array per length. */
    SENDER_REUSING_ITS_ARRAYS
  }

  /** Installs the swapped factories, counting the components they make. */
  private static TcpConfig config(Swap swap, AtomicInteger made) {
    return config(TcpConfig.builder(), swap, made);
  }

  private static TcpConfig config(TcpConfig.Builder b, Swap swap, AtomicInteger made) {
    boolean all = swap == Swap.ALL;
    boolean receiverSide = all || swap == Swap.RECEIVER_SIDE;
    if (all || swap == Swap.BYTE_STREAM) {
      b.byteStream(counted(made, MinimalByteStream::new));
    }
    if (receiverSide || swap == Swap.REASSEMBLER) {
      b.reassembler(output -> {
        made.incrementAndGet();
        return new MinimalReassembler(output);
      });
    }
    if (receiverSide || swap == Swap.RECEIVER) {
      b.receiver((reassembler, settings) -> {
        made.incrementAndGet();
        return new MinimalTcpReceiver(reassembler);
      });
    }
    if (all || swap == Swap.SENDER) {
      b.sender((outbound, settings) -> {
        made.incrementAndGet();
        return new MinimalTcpSender(outbound, settings);
      });
    }
    if (swap == Swap.SENDER_REUSING_ITS_ARRAYS) {
      b.sender((outbound, settings) -> {
        made.incrementAndGet();
        return new ArrayReusingSender(new MinimalTcpSender(outbound, settings));
      });
    }
    if (all || swap == Swap.RTT_ESTIMATOR) {
      b.rttEstimator(settings -> {
        made.incrementAndGet();
        return new MinimalRttEstimator(settings);
      });
    }
    if (all || swap == Swap.CONGESTION_CONTROL) {
      b.congestionControl((smss, rtt) -> {
        made.incrementAndGet();
        return new MinimalCongestionControl(smss);
      });
    }
    return b.build();
  }

  private static org.minitransport.tcp.component.ByteStreamFactory counted(AtomicInteger made,
      UnaryOperatorInt factory) {
    return capacity -> {
      made.incrementAndGet();
      return factory.apply(capacity);
    };
  }

  /**
   * A sender that breaks {@link org.minitransport.tcp.component.TcpSenderMessage}'s rule the way
   * a student's might: every payload goes out in the same scratch array (one per length), which
   * the next segment overwrites. The stack copies such a sender's payloads (the reference
   * sender's it takes as they are), so its bytes still arrive intact.
   */
  private static final class ArrayReusingSender
      implements org.minitransport.tcp.component.TcpSender {
    private final org.minitransport.tcp.component.TcpSender inner;
    private final java.util.Map<Integer, byte[]> scratch = new java.util.HashMap<>();

    ArrayReusingSender(org.minitransport.tcp.component.TcpSender inner) {
      this.inner = inner;
    }

    private Transmit reusing(Transmit out) {
      return new Transmit() {
        @Override
        public void transmit(org.minitransport.tcp.component.TcpSenderMessage m) {
          byte[] reused = scratch.computeIfAbsent(m.payload().length, byte[]::new);
          System.arraycopy(m.payload(), 0, reused, 0, reused.length);
          out.transmit(new org.minitransport.tcp.component.TcpSenderMessage(m.seqno(), m.syn(),
              reused, m.fin(), m.rst(), m.urgentPointer()));
        }

        @Override
        public int extraOptionBytes() {
          return out.extraOptionBytes();
        }
      };
    }

    @Override
    public void push(long nowNs, Transmit transmit) {
      inner.push(nowNs, reusing(transmit));
    }

    @Override
    public void receive(long nowNs,
        org.minitransport.tcp.component.TcpReceiverMessage message, Transmit transmit) {
      inner.receive(nowNs, message, reusing(transmit));
    }

    @Override
    public void tick(long nowNs, Transmit transmit) {
      inner.tick(nowNs, reusing(transmit));
    }

    @Override
    public long nextDeadlineNs() {
      return inner.nextDeadlineNs();
    }

    @Override
    public org.minitransport.tcp.component.TcpSenderMessage makeEmptyMessage() {
      return inner.makeEmptyMessage();
    }

    @Override
    public long sequenceNumbersInFlight() {
      return inner.sequenceNumbersInFlight();
    }

    @Override
    public int consecutiveRetransmissions() {
      return inner.consecutiveRetransmissions();
    }
  }

  @FunctionalInterface
  private interface UnaryOperatorInt {
    org.minitransport.tcp.component.ByteStream apply(int capacity);
  }

  @ParameterizedTest
  @EnumSource(Swap.class)
  void minimalComponentTransfersBothWaysOverALossyNetwork(Swap swap) throws Exception {
    AtomicInteger made = new AtomicInteger();
    TcpConfig config = config(swap, made);
    VirtualClock clock = new VirtualClock();
    SimulatedNetwork network = new SimulatedNetwork(42, clock, LinkConfig.builder()
        .delayNs(5_000_000).lossProbability(0.05).duplicationProbability(0.01)
        .reordering(0.02, 3_000_000).build());
    SimulationDriver sim = new SimulationDriver(network, clock);
    Host a = sim.addHost(HostConfig.of(Ipv4Address.parse("10.0.0.1")));
    Host b = sim.addHost(HostConfig.of(Ipv4Address.parse("10.0.0.2")));
    TcpEndpoint ta = TcpEndpoint.install(a, config, 1, 2);
    TcpEndpoint tb = TcpEndpoint.install(b, config, 3, 4);
    TcpListener listener = tb.listen(Endpoint.of("0.0.0.0", 8080), 8, false);
    TcpConnection client = ta.connect(clock.nanoTime(), null, Endpoint.of("10.0.0.2", 8080), null);
    Side up = new Side(bytes(120_000, 1));
    Side down = new Side(bytes(40_000, 2));
    TcpConnection[] server = new TcpConnection[1];
    sim.setMaxSteps(2_000_000);
    boolean done = sim.runUntil(() -> {
      long now = clock.nanoTime();
      if (server[0] == null) {
        server[0] = tb.accept(listener);
      }
      up.writeTo(client, now);
      ta.flush(now, client);
      if (server[0] != null) {
        up.readFrom(server[0], now);
        down.writeTo(server[0], now);
        down.readFrom(client, now);
        tb.flush(now, server[0]);
        ta.flush(now, client);
      }
      // Both sides shut their output down on their own, so either may end in TIME-WAIT.
      return server[0] != null && up.complete() && down.complete() && closing(client)
          && closing(server[0]);
    });
    assertTrue(done, swap + ": transfer did not finish: client " + client + " server " + server[0]
        + ", up " + up + ", down " + down + " at " + clock.nanoTime() + " ns");
    assertArrayEquals(up.data, up.received.toByteArray(), swap + ": bytes client → server");
    assertArrayEquals(down.data, down.received.toByteArray(), swap + ": bytes server → client");
    assertTrue(made.get() >= 2, swap + ": the minimal component was never built (" + made + ")");
    assertEquals(Optional.empty(), client.failure(), swap + ": client failure");
    assertEquals(Optional.empty(), server[0].failure(), swap + ": server failure");
    sim.runUntilIdle();
    assertEquals(TcpState.CLOSED, client.state());
    assertEquals(TcpState.CLOSED, server[0].state());
    assertEquals(0, a.portTable(IpProtocol.TCP).size(), "the client's port is released");
  }

  /**
   * The same components outside the simulation: all six minimal ones serve concurrent sessions
   * between two hosts on their own event loops, in real time, over the UDP network on loopback
   * (each host a UDP socket on 127.0.0.1), each session's bytes checked both ways.
   */
  @Test
  @Timeout(150)
  void allMinimalComponentsServeSessionsOverTheUdpNetworkOnLoopback() throws Exception {
    AtomicInteger made = new AtomicInteger();
    TcpConfig config = config(FastTimers.builder().msl(Duration.ofSeconds(2))
        .sendBufferBytes(32 * 1024).receiveBufferBytes(32 * 1024), Swap.ALL, made);
    int sessions = 8;
    int base = LoopbackPorts.freeBaseFor(2);
    UdpNetwork network = new UdpNetwork(UdpRouteTable.parse("10.0.0.0/24=127.0.0.1:" + base + "+"));
    try (RealTimeHosts hosts = RealTimeHosts.on(network, 2, config)) {
      ExchangeHandlers handlers = new ExchangeHandlers(sessions);
      TcpAcceptor acceptor = hosts.tcp(2).listen(Endpoint.of("0.0.0.0", 5000), sessions,
          handlers::server);
      Random random = new Random(5);
      List<CompletableFuture<TcpSession>> connects = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {
        byte[] payload = ExchangeHandlers.randomBytes(random.nextLong(), random.nextInt(40_000));
        connects.add(hosts.tcp(1).connect(Endpoint.of("10.0.0.2", 5000), config,
            handlers.client(payload, random.nextInt(40_000), random.nextLong())));
      }
      CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);
      assertTrue(handlers.verified.await(90, TimeUnit.SECONDS) || !handlers.problems.isEmpty(),
          "sessions left unchecked: " + handlers.verified.getCount());
      assertEquals(List.of(), List.copyOf(handlers.problems));
      assertTrue(handlers.finished.await(60, TimeUnit.SECONDS),
          "sessions never closed: " + handlers.finished.getCount());
      acceptor.close();
      Eventually.await("ports released", Duration.ofSeconds(15),
          () -> hosts.tcpPorts(1) == 0 && hosts.tcpPorts(2) == 0);
      assertEquals(0, hosts.loopFailures());
      assertTrue(made.get() >= 6 * 2 * sessions, "minimal components built: " + made);
    }
  }

  private static boolean closing(TcpConnection c) {
    return c.state() == TcpState.TIME_WAIT || c.state() == TcpState.CLOSED;
  }

  private static byte[] bytes(int n, long seed) {
    byte[] data = new byte[n];
    new Random(seed).nextBytes(data);
    return data;
  }

  /** One direction of the transfer: what the writer sends, what the reader got. */
  private static final class Side {
    final byte[] data;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[16_384];
    private int written;

    Side(byte[] data) {
      this.data = data;
    }

    void writeTo(TcpConnection writer, long now) {
      if (!writer.state().isSynchronized() || writer.isOutputShutdown()) {
        return;
      }
      written += writer.write(now, data, written, data.length - written);
      if (written == data.length) {
        writer.shutdownOutput(now);
      }
    }

    void readFrom(TcpConnection reader, long now) {
      int n;
      while ((n = reader.read(now, buffer, 0, buffer.length)) > 0) {
        received.write(buffer, 0, n);
      }
    }

    boolean complete() {
      return received.size() == data.length;
    }

    @Override
    public String toString() {
      return written + " of " + data.length + " written, " + received.size() + " received";
    }
  }
}
