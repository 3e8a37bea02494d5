package org.minitransport.benchmarks.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.udp.UdpAttachOptions;
import org.minitransport.core.net.udp.UdpAttachment;
import org.minitransport.core.net.udp.UdpNetwork;
import org.minitransport.core.net.udp.UdpNetworkConfig;
import org.minitransport.core.net.udp.UdpRouteTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Packets per second through {@link UdpNetwork} on loopback, beside a raw {@link DatagramChannel}
 * doing the same one-way transfer, so {@code udpNetwork / rawDatagramChannel} is the cost of the
 * network layer (route lookup, header checks, counters, a selector wakeup and one array copy per
 * packet on the receive side; the raw receiver only counts).
 *
 * <p>Each invocation sends a window of {@value #WINDOW} packets of {@value #PACKET_BYTES} bytes
 * from one socket to another on 127.0.0.1, then waits until the receiving thread has counted them
 * all. A window that has not fully arrived after {@value #WINDOW_TIMEOUT_MS} ms (a datagram lost
 * in a full socket buffer) is given up and counted, so a loss never hangs the run; the counts are
 * printed at the end of each trial. Scores are packets per second sent and received.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar UdpNetworkBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(UdpNetworkBenchmark.WINDOW)
@Fork(1)
public class UdpNetworkBenchmark {

  static final int PACKET_BYTES = 1400;
  static final int WINDOW = 32;
  static final long WINDOW_TIMEOUT_MS = 200;
  private static final int SOCKET_BUFFER_BYTES = 1 << 20;
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Ipv4Address SENDER = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address RECEIVER = Ipv4Address.parse("10.0.0.2");

  /** Counts arrivals on a receive thread; the benchmark thread parks until a goal is reached. */
  static final class ArrivalCounter {

    private final AtomicLong arrived = new AtomicLong();
    private volatile long goal = Long.MAX_VALUE;
    private volatile Thread waiter;
    private long expected;
    private long timedOutWindows;

    void arrived() {
      if (arrived.incrementAndGet() >= goal) {
        Thread toWake = waiter;
        if (toWake != null) {
          LockSupport.unpark(toWake);
        }
      }
    }

    /** Waits for the window just sent; on timeout gives it up and resynchronises. */
    void awaitWindow() {
      expected += WINDOW;
      waiter = Thread.currentThread();
      goal = expected;
      long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WINDOW_TIMEOUT_MS);
      while (arrived.get() < expected) {
        long leftNs = deadlineNs - System.nanoTime();
        if (leftNs <= 0) {
          timedOutWindows++;
          expected = arrived.get();
          return;
        }
        LockSupport.parkNanos(this, leftNs);
      }
    }

    String report() {
      return "arrived=" + arrived.get() + " windowsTimedOut=" + timedOutWindows;
    }
  }

  /** Two UdpNetwork instances, as two processes: 10.0.0.1 sends to 10.0.0.2. */
  @State(Scope.Benchmark)
  public static class NetworkPath {
    final ArrivalCounter counter = new ArrivalCounter();
    final byte[] packet = ipv4Packet(SENDER, RECEIVER, PACKET_BYTES);
    UdpNetwork receivingNetwork;
    UdpNetwork sendingNetwork;
    UdpAttachment sender;

    @Setup(Level.Trial)
    public void open() throws IOException {
      UdpNetworkConfig config =
          UdpNetworkConfig.builder().socketReceiveBufferBytes(SOCKET_BUFFER_BYTES).build();
      receivingNetwork = new UdpNetwork(UdpRouteTable.builder().build(), config);
      UdpAttachment receiver = receivingNetwork.attach(RECEIVER, packet -> counter.arrived(),
          UdpAttachOptions.bindingTo(new InetSocketAddress(LOOPBACK, 0)));
      UdpRouteTable routes =
          UdpRouteTable.builder().host(RECEIVER, receiver.localSocketAddress()).build();
      sendingNetwork = new UdpNetwork(routes, config);
      sender = sendingNetwork.attach(SENDER, packet -> {},
          UdpAttachOptions.bindingTo(new InetSocketAddress(LOOPBACK, 0)));
    }

    @TearDown(Level.Trial)
    public void close() {
      sendingNetwork.close();
      receivingNetwork.close();
      System.out.println("udpNetwork: " + counter.report() + "; sender " + sender.counters()
          + "; receiver network " + receivingNetwork.counters());
    }
  }

  /** The baseline: two plain DatagramChannels, a blocking receive thread that only counts. */
  @State(Scope.Benchmark)
  public static class RawPath {
    final ArrivalCounter counter = new ArrivalCounter();
    final byte[] packet = ipv4Packet(SENDER, RECEIVER, PACKET_BYTES);
    DatagramChannel receiver;
    DatagramChannel sender;
    InetSocketAddress target;
    Thread receiveThread;

    @Setup(Level.Trial)
    public void open() throws IOException {
      receiver = DatagramChannel.open(StandardProtocolFamily.INET);
      receiver.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
      receiver.bind(new InetSocketAddress(LOOPBACK, 0));
      target = (InetSocketAddress) receiver.getLocalAddress();
      sender = DatagramChannel.open(StandardProtocolFamily.INET);
      sender.bind(new InetSocketAddress(LOOPBACK, 0));
      receiveThread = new Thread(this::receiveUntilClosed, "raw-udp-receiver");
      receiveThread.setDaemon(true);
      receiveThread.start();
    }

    private void receiveUntilClosed() {
      ByteBuffer buffer = ByteBuffer.allocateDirect(65_535);
      while (true) {
        buffer.clear();
        try {
          receiver.receive(buffer);
        } catch (ClosedChannelException e) {
          return;
        } catch (IOException e) {
          continue;
        }
        counter.arrived();
      }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, InterruptedException {
      sender.close();
      receiver.close();
      receiveThread.join();
      System.out.println("rawDatagramChannel: " + counter.report());
    }
  }

  @Benchmark
  public void udpNetwork(NetworkPath path) {
    for (int i = 0; i < WINDOW; i++) {
      path.sender.send(path.packet, 0, path.packet.length);
    }
    path.counter.awaitWindow();
  }

  @Benchmark
  public void rawDatagramChannel(RawPath path) throws IOException {
    for (int i = 0; i < WINDOW; i++) {
      path.sender.send(ByteBuffer.wrap(path.packet), path.target);
    }
    path.counter.awaitWindow();
  }

  /** A 20-byte IPv4 header (version 4, IHL 5, protocol UDP) and a zero payload. */
  static byte[] ipv4Packet(Ipv4Address source, Ipv4Address destination, int totalLength) {
    byte[] packet = new byte[totalLength];
    packet[0] = 0x45;
    packet[2] = (byte) (totalLength >>> 8);
    packet[3] = (byte) totalLength;
    packet[8] = 64;
    packet[9] = 17;
    source.writeTo(packet, 12);
    destination.writeTo(packet, 16);
    return packet;
  }
}
