package org.minitransport.benchmarks.udp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.minitransport.benchmarks.machine.MachineConditions;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.EventLoop;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.net.udp.UdpNetwork;
import org.minitransport.core.net.udp.UdpNetworkConfig;
import org.minitransport.core.net.udp.UdpRouteTable;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.udp.ReceivedDatagram;
import org.minitransport.udp.UdpService;
import org.minitransport.udp.UdpSocket;
import org.minitransport.udp.UdpSocketOptions;

/**
 * udp-lite throughput side by side with a raw {@link DatagramChannel}, 1400-byte payloads, one
 * sender and one receiver, printed as a table with the ratio:
 *
 * <ul>
 *   <li><b>udp-lite, simulated, 1 thread</b>: two hosts on a {@link SimulationDriver} in virtual
 *       time (zero-delay link); the sender queues a window, the driver runs until idle, the
 *       receiver drains with {@code tryReceive}. Pure engine cost: codec, checksum, port table,
 *       host, network bookkeeping.
 *   <li><b>udp-lite, UDP network, loopback</b>: two hosts on two {@link EventLoop}s, each on its
 *       own {@link UdpNetwork} (as in two processes), blocking {@link UdpSocket}s.
 *   <li><b>raw DatagramChannel, loopback</b>: the same transfer with plain blocking channels.
 * </ul>
 *
 * Loopback runs go in windows of {@link #WINDOW} datagrams (64, or {@code -Dudp.window=N}): the
 * sender waits until the receiver
 * has counted the window, at most {@value #WINDOW_TIMEOUT_MS} ms (a lost datagram then counts as
 * lost and the run goes on), so a loss never hangs the run. Every variant runs {@link #ROUNDS}
 * timed rounds after {@link #WARM_UP_NS} of warm-up rounds and reports the median.
 *
 * <pre>
 * mvn -B -o -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar org.minitransport.benchmarks.udp.UdpLiteSideBySide [seconds-per-round]
 * (-Dwarmup.seconds=N before -cp to change the warm-up)
 * </pre>
 */
public final class UdpLiteSideBySide {

  static final int PAYLOAD_BYTES = 1400;
  static final int WINDOW = Integer.getInteger("udp.window", 64);
  static final long WINDOW_TIMEOUT_MS = 200;
  static final int ROUNDS = 5;
  /**
   * How long each variant runs before the timed rounds ({@code -Dwarmup.seconds}, 10 by default,
   * as in {@code TcpLoopbackSideBySide}): udp-lite's rate still rises for several seconds while C2
   * compiles its path.
   */
  static final long WARM_UP_NS =
      (long) (1e9 * Double.parseDouble(System.getProperty("warmup.seconds", "10")));
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

  private UdpLiteSideBySide() {}

  /** One timed round: datagrams that arrived, datagrams given up, and the elapsed time. */
  record Round(long delivered, long lost, long elapsedNs) {
    double perSecond() {
      return delivered * 1e9 / elapsedNs;
    }
  }

  /** A variant: runs one round of about {@code durationNs}. */
  @FunctionalInterface
  interface Variant {
    Round run(long durationNs) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
    long durationNs = (long) (seconds * 1e9);
    System.out.println("udp-lite side by side, " + MachineConditions.ofThisMachine()
        .describe(Runtime.getRuntime().availableProcessors()));
    String[] names = {
        "udp-lite, simulated network, 1 thread",
        "udp-lite, UDP network on loopback",
        "raw DatagramChannel on loopback"};
    Variant[] variants = {
        UdpLiteSideBySide::simulated, UdpLiteSideBySide::overUdpNetwork,
        UdpLiteSideBySide::rawChannel};
    // Warm-up: rounds of the measured length until WARM_UP_NS has passed, as JMH repeats
    // iterations, so the start and end of a round get compiled too.
    for (Variant variant : variants) {
      long warmUpEndNs = System.nanoTime() + WARM_UP_NS;
      do {
        variant.run(durationNs);
      } while (System.nanoTime() - warmUpEndNs < 0);
    }
    // Rounds interleave the variants, so a change in background load hits all of them alike.
    Round[][] rounds = new Round[variants.length][ROUNDS];
    double[] loopbackRatios = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      for (int v = 0; v < variants.length; v++) {
        rounds[v][r] = variants[v].run(durationNs);
      }
      loopbackRatios[r] = rounds[1][r].perSecond() / rounds[2][r].perSecond();
    }
    System.out.printf(Locale.ROOT, "%n%-40s %14s %10s %8s%n", "variant (1400-byte payloads)",
        "datagrams/s", "MB/s", "lost");
    double[] medians = new double[variants.length];
    for (int v = 0; v < variants.length; v++) {
      medians[v] = median(Arrays.stream(rounds[v]).mapToDouble(Round::perSecond).toArray());
      long lost = Arrays.stream(rounds[v]).mapToLong(Round::lost).sum();
      System.out.printf(Locale.ROOT, "%-40s %,14.0f %10.1f %8d%n", names[v], medians[v],
          medians[v] * PAYLOAD_BYTES / 1e6, lost);
    }
    Arrays.sort(loopbackRatios);
    System.out.printf(Locale.ROOT,
        "%nudp-lite over loopback / raw DatagramChannel = %.2f (median of %d interleaved rounds;"
            + " range %.2f-%.2f)%n",
        median(loopbackRatios), ROUNDS, loopbackRatios[0], loopbackRatios[ROUNDS - 1]);
    System.out.printf(Locale.ROOT, "udp-lite simulated (1 thread) / raw DatagramChannel = %.2f%n",
        medians[0] / medians[2]);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  // --- udp-lite in virtual time ---------------------------------------------------------------

  static Round simulated(long durationNs) throws Exception {
    VirtualClock clock = new VirtualClock();
    SimulatedNetwork network =
        new SimulatedNetwork(1, clock, LinkConfig.builder().delayNs(0).build());
    SimulationDriver driver = new SimulationDriver(network, clock);
    try {
      UdpService a = UdpService.install(driver.addHost(HostConfig.of(A)), driver.executor());
      UdpService b = UdpService.install(driver.addHost(HostConfig.of(B)), driver.executor());
      UdpSocket sender = a.open(new Endpoint(A, 6000));
      UdpSocket receiver = b.open(new Endpoint(B, 5000));
      byte[] payload = new byte[PAYLOAD_BYTES];
      long delivered = 0;
      long sent = 0;
      long startNs = System.nanoTime();
      long endNs = startNs + durationNs;
      while (System.nanoTime() < endNs) {
        for (int i = 0; i < WINDOW; i++) {
          sender.send(receiver.localEndpoint(), payload);
        }
        sent += WINDOW;
        driver.runUntilIdle();
        for (ReceivedDatagram d = receiver.tryReceive(); d != null; d = receiver.tryReceive()) {
          delivered++;
        }
      }
      return new Round(delivered, sent - delivered, System.nanoTime() - startNs);
    } finally {
      driver.close();
      network.close();
    }
  }

  // --- loopback: a windowed one-way transfer with a receiving thread --------------------------

  /** Sends one datagram; the variants differ only in how. */
  @FunctionalInterface
  interface Sender {
    void send() throws IOException;
  }

  /** Blocks for the next datagram; false on a timeout or once closed. */
  @FunctionalInterface
  interface Receiver {
    boolean receive() throws IOException;
  }

  static Round windowed(long durationNs, Sender sender, Receiver receiver) throws Exception {
    Thread[] holder = new Thread[1];
    Round round = windowed(durationNs, sender, receiver, holder);
    holder[0].join(TimeUnit.SECONDS.toMillis(5));
    return round;
  }

  private static Round windowed(long durationNs, Sender sender, Receiver receiver,
      Thread[] receivingThread) throws Exception {
    Semaphore arrived = new Semaphore(0);
    AtomicBoolean running = new AtomicBoolean(true);
    Thread receiving = new Thread(() -> {
      while (running.get()) {
        try {
          if (receiver.receive()) {
            arrived.release();
          }
        } catch (IOException e) {
          return; // closed
        }
      }
    }, "side-by-side-receiver");
    receiving.setDaemon(true);
    receiving.start();
    receivingThread[0] = receiving;
    long delivered = 0;
    long lost = 0;
    long startNs = System.nanoTime();
    long endNs = startNs + durationNs;
    try {
      while (System.nanoTime() < endNs) {
        for (int i = 0; i < WINDOW; i++) {
          sender.send();
        }
        if (arrived.tryAcquire(WINDOW, WINDOW_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
          delivered += WINDOW;
        } else {
          int got = arrived.drainPermits();
          delivered += got;
          lost += Math.max(0, WINDOW - got);
        }
      }
      return new Round(delivered, lost, System.nanoTime() - startNs);
    } finally {
      running.set(false);
    }
  }

  static Round overUdpNetwork(long durationNs) throws Exception {
    int base = freeBasePort();
    UdpRouteTable routes = UdpRouteTable.builder()
        .portOffset(Ipv4Address.parse("10.0.0.0"), 24, LOOPBACK, base).build();
    UdpNetworkConfig config = UdpNetworkConfig.builder().socketReceiveBufferBytes(4 << 20).build();
    try (UdpNetwork networkA = new UdpNetwork(routes, config);
        UdpNetwork networkB = new UdpNetwork(routes, config);
        EventLoop loopA = EventLoop.start("side-by-side-host-a");
        EventLoop loopB = EventLoop.start("side-by-side-host-b")) {
      Host hostA = loopA.addHost(networkA, HostConfig.of(A));
      Host hostB = loopB.addHost(networkB, HostConfig.of(B));
      UdpService a = UdpService.install(hostA, loopA);
      UdpService b = UdpService.install(hostB, loopB);
      UdpSocket sender = a.open(new Endpoint(A, 6000));
      UdpSocket receiver = b.open(new Endpoint(B, 5000),
          UdpSocketOptions.builder().receiveBufferBytes(4 << 20).build());
      Endpoint destination = receiver.localEndpoint();
      byte[] payload = new byte[PAYLOAD_BYTES];
      Duration poll = Duration.ofMillis(50);
      try {
        return windowed(durationNs, () -> sender.send(destination, payload), () -> {
          try {
            receiver.receive(poll);
            return true;
          } catch (SocketTimeoutException idle) {
            return false;
          }
        });
      } finally {
        receiver.close();
        sender.close();
      }
    }
  }

  static Round rawChannel(long durationNs) throws Exception {
    DatagramChannel out = DatagramChannel.open();
    DatagramChannel in = DatagramChannel.open();
    try {
      in.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
      in.bind(new InetSocketAddress(LOOPBACK, 0));
      out.bind(new InetSocketAddress(LOOPBACK, 0));
      InetSocketAddress destination = (InetSocketAddress) in.getLocalAddress();
      // The fastest plain use: direct buffers reused, blocking receive; closing ends the receiver.
      ByteBuffer send = ByteBuffer.allocateDirect(PAYLOAD_BYTES);
      ByteBuffer receive = ByteBuffer.allocateDirect(65_535);
      Round round = windowedUntilClosed(durationNs, () -> {
        send.clear();
        out.send(send, destination);
      }, () -> {
        receive.clear();
        in.receive(receive);
        return true;
      }, in);
      return round;
    } finally {
      out.close();
      in.close();
    }
  }

  /** {@link #windowed} for a receiver that blocks without a timeout: closing it ends the thread. */
  static Round windowedUntilClosed(long durationNs, Sender sender, Receiver receiver,
      java.io.Closeable receiving) throws Exception {
    Thread[] holder = new Thread[1];
    try {
      return windowed(durationNs, sender, receiver, holder);
    } finally {
      receiving.close();
      if (holder[0] != null) {
        holder[0].join(TimeUnit.SECONDS.toMillis(5));
      }
    }
  }

  private static int freeBasePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int first;
      try (DatagramChannel probe = DatagramChannel.open()) {
        probe.bind(new InetSocketAddress(LOOPBACK, 0));
        first = ((InetSocketAddress) probe.getLocalAddress()).getPort();
      }
      if (first + 254 > 65_535) {
        continue;
      }
      try (DatagramChannel one = DatagramChannel.open();
          DatagramChannel two = DatagramChannel.open()) {
        one.bind(new InetSocketAddress(LOOPBACK, first));
        two.bind(new InetSocketAddress(LOOPBACK, first + 1));
        return first - 1;
      } catch (java.net.BindException taken) {
        // try another
      }
    }
    throw new IOException("no two adjacent free loopback UDP ports found");
  }
}
