package org.minitransport.benchmarks.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.minitransport.benchmarks.machine.MachineConditions;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.EventLoop;
import org.minitransport.core.net.udp.UdpAttachment;
import org.minitransport.core.net.udp.UdpNetwork;
import org.minitransport.core.net.udp.UdpNetworkConfig;
import org.minitransport.core.net.udp.UdpRouteTable;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.socket.TcpAcceptor;
import org.minitransport.tcp.socket.TcpHandler;
import org.minitransport.tcp.socket.TcpServerSocket;
import org.minitransport.tcp.socket.TcpService;
import org.minitransport.tcp.socket.TcpSession;
import org.minitransport.tcp.socket.TcpSocket;

/**
 * Side-by-side end-to-end run on loopback, measured in one process and one run: tcp-lite over the
 * UDP network next to the raw baselines it is built on and competes with.
 *
 * <ol>
 *   <li>Bulk goodput over one connection at MTU 1500 and 65 000, next to a raw {@link
 *       DatagramChannel} blasting datagrams of the same size and kernel TCP ({@link Socket}).
 *   <li>Request/response latency (p50/p99) with 64-byte messages, next to a raw UDP ping-pong.
 *   <li>10 000 idle connections on one host pair through the non-blocking API: heap per
 *       connection and threads used.
 * </ol>
 *
 * <p>Run: {@code java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp
 * benchmarks/target/benchmarks.jar org.minitransport.benchmarks.tcp.TcpLoopbackSideBySide
 * [seconds-per-measurement [tables]]}, where {@code tables} is a comma-separated choice of {@code
 * bulk} (or {@code bulk1500}, {@code bulk65000}), {@code rr} and {@code idle} (all by default;
 * one table at a time is what a profiler wants). The bulk and request/response tables also
 * measure Aeron ({@link AeronPeer}, which needs the {@code --add-exports} flag and is left out
 * without it) and KCP ({@link KcpPeer}) in the same run. Not JMH: each row is one timed transfer
 * after a warm-up of {@link #WARM_UP} (the same for every row), so read the ratios, not the
 * digits.
 */
public final class TcpLoopbackSideBySide {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final int CHUNK = 256 * 1024;
  /** tcp-lite's send and receive buffers in the bulk rows ({@code -Dbulk.bufferBytes}). */
  private static final int BULK_BUFFER_BYTES = Integer.getInteger("bulk.bufferBytes", 8 << 20);
  /**
   * How long every row runs before it is measured ({@code -Dwarmup.seconds}, 10 by default): the
   * same for tcp-lite, the raw baselines and the peers. tcp-lite's bulk rate still rises for about
   * ten seconds while C2 compiles its path (on two cores the compiler thread takes CPU from the
   * loops): 3-second transfers one after another moved 175, 228, 262, 282, 280 MB/s.
   */
  static final Duration WARM_UP = Duration.ofMillis(
      (long) (1000 * Double.parseDouble(System.getProperty("warmup.seconds", "10"))));

  private TcpLoopbackSideBySide() {}

  public static void main(String[] args) throws Exception {
    Duration run = Duration.ofMillis((long) (1000 * (args.length > 0
        ? Double.parseDouble(args[0]) : 3)));
    Duration warmUp = WARM_UP;
    System.out.printf("tcp-lite side by side on loopback, %d ms per measurement after %d ms of"
            + " warm-up (-Dwarmup.seconds)%n%s%n%n",
        run.toMillis(), warmUp.toMillis(), MachineConditions.ofThisMachine()
            .describe(Runtime.getRuntime().availableProcessors()));
    java.util.Set<String> tables = java.util.Set.of((args.length > 1 ? args[1] : "bulk,rr,idle")
        .split(","));
    if (tables.contains("bulk")) {
      bulkTable(run, warmUp, 1500, 65_000);
    } else if (tables.contains("bulk1500") || tables.contains("bulk65000")) {
      bulkTable(run, warmUp, tables.contains("bulk1500") ? 1500 : 65_000);
    }
    if (tables.contains("rr")) {
      requestResponseTable(run);
    }
    if (tables.contains("idle")) {
      idleConnections(10_000);
    }
  }

  private static void bulkTable(Duration run, Duration warmUp, int... bulkMtus)
      throws Exception {
    System.out.println("bulk goodput, one connection            MB/s    vs raw UDP  vs kernel TCP");
    double kernel = 0;
    for (int mtu : bulkMtus) {
      warmUp(warmUp, run, () -> tcpLiteBulk(mtu, run));
      LiteBulk lite = tcpLiteBulk(mtu, run);
      warmUp(warmUp, run, () -> rawUdpBlast(mtu, run));
      double raw = rawUdpBlast(mtu, run);
      if (kernel == 0) {
        warmUp(warmUp, run, () -> kernelTcpBulk(run));
        kernel = kernelTcpBulk(run);
      }
      System.out.printf("  tcp-lite over UDP network, MTU %-6d %8.1f %10.2fx %12.2fx"
          + "   (%d retransmitted, %s OS drops at the receiving socket)%n",
          mtu, lite.megabytesPerSecond(), lite.megabytesPerSecond() / raw,
          lite.megabytesPerSecond() / kernel, lite.retransmitted(), lite.receiverOsDrops());
      System.out.printf("  raw DatagramChannel, %-6d B datagrams %8.1f%n", mtu, raw);
      double aeron = Double.NaN;
      if (!AeronPeer.runnable()) {
        System.out.println("  Aeron: not run; start the JVM with " + AeronPeer.JVM_FLAG);
      } else {
        try (AeronPeer peer = AeronPeer.start()) {
          warmUp(warmUp, run, () -> peer.bulkMegabytesPerSecond(mtu, run));
          aeron = peer.bulkMegabytesPerSecond(mtu, run);
          System.out.printf("  Aeron (UDP unicast, mtu=%-5d)         %8.1f %10.2fx %12.2fx%n",
              AeronPeer.aeronMtu(mtu), aeron, aeron / raw, aeron / kernel);
        } catch (Exception e) {
          System.out.println("  Aeron failed, MTU " + mtu + ": " + e);
        }
      }
      double kcp = Double.NaN;
      try (KcpPeer peer = KcpPeer.start()) {
        warmUp(warmUp, run, () -> peer.bulkMegabytesPerSecond(mtu, run));
        kcp = peer.bulkMegabytesPerSecond(mtu, run);
        System.out.printf("  KCP (kcp-netty, fast mode, mtu=%-5d)  %8.1f %10.2fx %12.2fx%n",
            mtu, kcp, kcp / raw, kcp / kernel);
      } catch (Exception e) {
        System.out.println("  KCP failed, MTU " + mtu + ": " + e);
      }
      System.out.printf("  tcp-lite vs Aeron %.2fx, vs KCP %.2fx (goal: at least 1.0x both)%n",
          lite.megabytesPerSecond() / aeron, lite.megabytesPerSecond() / kcp);
    }
    System.out.printf("  kernel TCP (java.net.Socket)           %8.1f%n%n", kernel);
  }

  /**
   * Repeats {@code transfer}, each as long as a measured one, until {@code total} has passed, as a
   * JMH warm-up repeats iterations: connection set-up, tear-down and a fresh loop's first round
   * get compiled too (tcp-lite at MTU 1500 moved 212–245 MB/s after one 10 s warm-up transfer,
   * 284–289 MB/s after a row of 3 s ones).
   */
  private static void warmUp(Duration total, Duration each,
      java.util.concurrent.Callable<?> transfer) throws Exception {
    long endNs = System.nanoTime() + total.toNanos();
    do {
      transfer.call();
    } while (System.nanoTime() - endNs < 0);
  }

  private static void requestResponseTable(Duration run) throws Exception {
    System.out.println("request/response, 64-byte messages     p50 us   p99 us   p50 vs raw UDP"
        + "   datagrams per round trip   loop wake-ups per round trip");
    long[] raw = rawUdpPingPong(run);
    long[] lite = tcpLitePingPong(run);
    long[] busyPolled = tcpLitePingPong(run, true);
    long[] nonBlocking = tcpLiteNonBlockingPingPong(run);
    System.out.printf("  tcp-lite (blocking sockets, no-delay) %7.1f %8.1f %10.2fx %12.3f %20s%n",
        lite[0] / 1e3, lite[1] / 1e3, (double) lite[0] / raw[0], lite[2] / 1e3,
        perMille(lite[3]));
    System.out.printf("  same, busy polling (opt-in)           %7.1f %8.1f %10.2fx %12.3f %20s%n",
        busyPolled[0] / 1e3, busyPolled[1] / 1e3, (double) busyPolled[0] / raw[0],
        busyPolled[2] / 1e3, perMille(busyPolled[3]));
    System.out.printf("  tcp-lite (non-blocking, on the loops) %7.1f %8.1f %10.2fx %12.3f %20s%n",
        nonBlocking[0] / 1e3, nonBlocking[1] / 1e3, (double) nonBlocking[0] / raw[0],
        nonBlocking[2] / 1e3, perMille(nonBlocking[3]));
    long[] aeron = {-1, -1}; // not run: the ratios below come out negative, the row is left out
    if (!AeronPeer.runnable()) {
      System.out.println("  Aeron: not run; start the JVM with " + AeronPeer.JVM_FLAG);
    } else {
      try (AeronPeer peer = AeronPeer.start()) {
        aeron = peer.pingPong(run);
      } catch (Exception e) {
        System.out.println("  Aeron failed: " + e);
      }
    }
    long[] kcp = {-1, -1};
    try (KcpPeer peer = KcpPeer.start()) {
      kcp = peer.pingPong(run);
    } catch (Exception e) {
      System.out.println("  KCP failed: " + e);
    }
    if (aeron[0] >= 0) {
      System.out.printf("  Aeron (yielding poll, echo thread)    %7.1f %8.1f %10.2fx%n",
          aeron[0] / 1e3, aeron[1] / 1e3, (double) aeron[0] / raw[0]);
    }
    if (kcp[0] >= 0) {
      System.out.printf("  KCP (kcp-netty, on its Netty loops)   %7.1f %8.1f %10.2fx%n",
          kcp[0] / 1e3, kcp[1] / 1e3, (double) kcp[0] / raw[0]);
    }
    System.out.printf("  raw UDP ping-pong                     %7.1f %8.1f%n",
        raw[0] / 1e3, raw[1] / 1e3);
    System.out.printf("  tcp-lite speed (peer p50 / tcp-lite p50; goal at least 1.0x):"
        + " blocking %.2fx Aeron, %.2fx KCP; non-blocking %.2fx Aeron, %.2fx KCP%n%n",
        (double) aeron[0] / lite[0], (double) kcp[0] / lite[0],
        (double) aeron[0] / nonBlocking[0], (double) kcp[0] / nonBlocking[0]);
  }

  /** A count per 1,000 round trips as a count per round trip, or "n/a" if unknown (-1). */
  private static String perMille(long count) {
    return count < 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.3f", count / 1e3);
  }

  /** Both loops' voluntary context switches so far (see {@link ThreadSwitches}); -1 if unknown. */
  private static long loopSwitches() {
    return ThreadSwitches.voluntary(LOOP_NAME_PREFIX).orElse(-1);
  }

  /** Per 1,000 round trips, of two {@link #loopSwitches} readings; -1 if either is unknown. */
  private static long loopSwitchesPerMille(long before, long after, long trips) {
    return before < 0 || after < 0 || trips == 0 ? -1 : 1000 * (after - before) / trips;
  }

  // ------------------------------------------------------------------ tcp-lite fixtures

  /** Two hosts, 10.0.0.1 and 10.0.0.2, each on its own loop, over real UDP on loopback. */
  /** The start of both loop threads' names. */
  private static final String LOOP_NAME_PREFIX = "host-10.0.0.";

  private record Pair(UdpNetwork network, EventLoop loopA, EventLoop loopB, TcpService a,
      TcpService b) implements AutoCloseable {

    static Pair open(int mtu, TcpConfig config) throws IOException {
      int base = freeUdpBase();
      UdpNetwork network = new UdpNetwork(
          UdpRouteTable.parse("10.0.0.0/24=127.0.0.1:" + base + "+"),
          UdpNetworkConfig.builder().mtu(mtu).socketReceiveBufferBytes(8 << 20).build());
      EventLoop loopA = EventLoop.start(LOOP_NAME_PREFIX + "1");
      EventLoop loopB = EventLoop.start(LOOP_NAME_PREFIX + "2");
      Host a = loopA.addHost(network, HostConfig.builder(Ipv4Address.parse("10.0.0.1"))
          .mtu(mtu).build());
      Host b = loopB.addHost(network, HostConfig.builder(Ipv4Address.parse("10.0.0.2"))
          .mtu(mtu).build());
      return new Pair(network, loopA, loopB, TcpService.install(a, loopA, config),
          TcpService.install(b, loopB, config));
    }

    /** Datagrams the OS dropped at host B's UDP socket so far, where the OS reports it. */
    java.util.OptionalLong receiverOsDrops() {
      return network.attachment(Ipv4Address.parse("10.0.0.2"))
          .map(UdpAttachment::osReceiveDrops).orElse(java.util.OptionalLong.empty());
    }

    @Override
    public void close() {
      loopA.close();
      loopB.close();
      network.close();
    }
  }

  private static int freeUdpBase() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int first;
      try (DatagramChannel probe = DatagramChannel.open()) {
        probe.bind(new InetSocketAddress(LOOPBACK, 0));
        first = ((InetSocketAddress) probe.getLocalAddress()).getPort();
      }
      try (DatagramChannel one = DatagramChannel.open(); DatagramChannel two =
          DatagramChannel.open()) {
        one.bind(new InetSocketAddress(LOOPBACK, first));
        two.bind(new InetSocketAddress(LOOPBACK, first + 1));
        return first - 1;
      } catch (IOException e) {
        // taken: try elsewhere
      }
    }
    throw new IOException("no two adjacent free UDP ports on loopback");
  }

  // ------------------------------------------------------------------ bulk

  /**
   * One bulk transfer's goodput, with what repaired it: segments the sender retransmitted and
   * datagrams the OS dropped at the receiving host's UDP socket ("n/a" where the OS does not say).
   */
  private record LiteBulk(double megabytesPerSecond, long retransmitted, String receiverOsDrops) {}

  /** MB/s moved through one tcp-lite connection in {@code duration}, reader side. */
  private static LiteBulk tcpLiteBulk(int mtu, Duration duration) throws Exception {
    TcpConfig config = TcpConfig.builder().sendBufferBytes(BULK_BUFFER_BYTES)
        .receiveBufferBytes(BULK_BUFFER_BYTES)
        .build();
    try (Pair pair = Pair.open(mtu, config);
        TcpServerSocket server = pair.b().listen(Endpoint.of("0.0.0.0", 5001), 1)) {
      TcpSocket client = pair.a().connect(Endpoint.of("10.0.0.2", 5001));
      TcpSocket accepted = server.accept();
      java.util.OptionalLong dropsBefore = pair.receiverOsDrops();
      long retransmittedBefore = pair.a().counters().retransmittedSegments();
      double megabytesPerSecond = bulk(client.getOutputStream(), accepted.getInputStream(),
          duration, () -> {
            client.shutdownOutput();
            return null;
          });
      java.util.OptionalLong dropsAfter = pair.receiverOsDrops();
      return new LiteBulk(megabytesPerSecond,
          pair.a().counters().retransmittedSegments() - retransmittedBefore,
          dropsBefore.isPresent() && dropsAfter.isPresent()
              ? Long.toString(dropsAfter.getAsLong() - dropsBefore.getAsLong()) : "n/a");
    }
  }

  private static double kernelTcpBulk(Duration duration) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK);
        Socket client = new Socket(LOOPBACK, server.getLocalPort());
        Socket accepted = server.accept()) {
      return bulk(client.getOutputStream(), accepted.getInputStream(), duration, () -> {
        client.shutdownOutput();
        return null;
      });
    }
  }

  /** Writes for {@code duration}, then ends the stream; returns the reader's MB/s. */
  private static double bulk(OutputStream out, InputStream in, Duration duration,
      java.util.concurrent.Callable<Void> endOfStream) throws Exception {
    CompletableFuture<long[]> reading = CompletableFuture.supplyAsync(() -> {
      byte[] buffer = new byte[CHUNK];
      long bytes = 0;
      long first = 0;
      try {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (bytes == 0) {
            first = System.nanoTime();
          }
          bytes += n;
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return new long[] {bytes, System.nanoTime() - first};
    });
    byte[] chunk = new byte[CHUNK];
    Arrays.fill(chunk, (byte) 0x5A);
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      out.write(chunk);
    }
    endOfStream.call();
    long[] result = reading.get(60, TimeUnit.SECONDS);
    return result[0] / (result[1] / 1e9) / 1e6;
  }

  /** MB/s a receiver gets while a sender blasts {@code size}-byte datagrams at it. */
  private static double rawUdpBlast(int size, Duration duration) throws Exception {
    try (DatagramChannel receiver = DatagramChannel.open();
        DatagramChannel sender = DatagramChannel.open()) {
      receiver.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 8 << 20);
      receiver.bind(new InetSocketAddress(LOOPBACK, 0));
      sender.connect(receiver.getLocalAddress());
      AtomicLong received = new AtomicLong();
      long start = System.nanoTime();
      long end = start + duration.toNanos();
      CompletableFuture<Void> receiving = CompletableFuture.runAsync(() -> {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65_535);
        try {
          while (System.nanoTime() < end) {
            buffer.clear();
            receiver.receive(buffer);
            received.addAndGet(buffer.position());
          }
        } catch (IOException e) {
          // closed by the sender side once the time is up
        }
      });
      ByteBuffer datagram = ByteBuffer.allocateDirect(size);
      while (System.nanoTime() < end) {
        datagram.clear();
        try {
          sender.write(datagram);
        } catch (IOException e) {
          // ENOBUFS or a refused send under overload: the blast goes on
        }
      }
      double elapsedSeconds = (System.nanoTime() - start) / 1e9;
      long bytes = received.get();
      receiver.close(); // wakes the blocked receive
      receiving.get(10, TimeUnit.SECONDS);
      return bytes / elapsedSeconds / 1e6;
    }
  }

  // ------------------------------------------------------------------ request/response

  /**
   * 64-byte request/response round trips over tcp-lite: {p50 ns, p99 ns, datagrams both hosts
   * sent per 1,000 round trips (warm-up included; 2,000 when every segment is a request or a
   * reply and no ACK or window update goes on its own), the two loops' wake-ups (voluntary
   * context switches, {@link ThreadSwitches}) per 1,000 round trips, or -1 where unknown}.
   */
  private static long[] tcpLitePingPong(Duration duration) throws Exception {
    return tcpLitePingPong(duration, false);
  }

  /** As above, the loops busy-polling ({@code EventLoop#setBusyPolling}) if {@code busyPoll}. */
  private static long[] tcpLitePingPong(Duration duration, boolean busyPoll) throws Exception {
    TcpConfig config = TcpConfig.builder().noDelay(true).build();
    try (Pair pair = Pair.open(1500, config);
        TcpServerSocket server = pair.b().listen(Endpoint.of("0.0.0.0", 5002), 1)) {
      pair.loopA().setBusyPolling(busyPoll);
      pair.loopB().setBusyPolling(busyPoll);
      TcpSocket client = pair.a().socket();
      client.setTcpNoDelay(true);
      client.connect(Endpoint.of("10.0.0.2", 5002));
      TcpSocket accepted = server.accept();
      CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
        try {
          InputStream in = accepted.getInputStream();
          OutputStream out = accepted.getOutputStream();
          byte[] message;
          while ((message = in.readNBytes(64)).length == 64) {
            out.write(message);
          }
          accepted.close();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      long[] trips = {0};
      long datagramsBefore = pair.network().counters().sent();
      long switchesBefore = loopSwitches();
      long[] result = pingPong(duration, () -> {
        out.write(new byte[64]);
        if (in.readNBytes(64).length != 64) {
          throw new IOException("echo ended early");
        }
        trips[0]++;
      });
      long switches = loopSwitchesPerMille(switchesBefore, loopSwitches(), trips[0]);
      long datagrams = pair.network().counters().sent() - datagramsBefore;
      client.shutdownOutput();
      echo.get(10, TimeUnit.SECONDS);
      client.close();
      return new long[] {result[0], result[1], 1000 * datagrams / trips[0], switches};
    }
  }

  /**
   * The same ping-pong with both applications on their hosts' event loops (the non-blocking
   * API): each reply's callback timestamps the round trip and sends the next request, so no
   * application thread hand-off is measured, only the stack and the UDP network. Returns what
   * {@link #tcpLitePingPong(Duration)} does.
   */
  private static long[] tcpLiteNonBlockingPingPong(Duration duration) throws Exception {
    TcpConfig config = TcpConfig.builder().noDelay(true).build();
    try (Pair pair = Pair.open(1500, config);
        TcpAcceptor echo = pair.b().listen(Endpoint.of("0.0.0.0", 5003), 1, () -> new TcpHandler() {
          private final byte[] buffer = new byte[64];

          @Override
          public void onReadable(TcpSession session) {
            try {
              int n;
              while ((n = session.read(buffer)) > 0) {
                session.write(buffer, 0, n);
              }
              if (n < 0) {
                session.close();
              }
            } catch (IOException e) {
              session.abort();
            }
          }
        })) {
      CompletableFuture<long[]> result = new CompletableFuture<>();
      pair.a().connect(Endpoint.of("10.0.0.2", 5003), new TcpHandler() {
        private final byte[] request = new byte[64];
        private final byte[] reply = new byte[64];
        private final List<Long> samples = new ArrayList<>();
        private int received;
        private final long warmUpEndNs = System.nanoTime() + WARM_UP.toNanos();
        private boolean warmingUp = true;
        private long sentAtNs;
        private long endNs;
        private long trips;
        private long datagramsBefore;
        private long switchesBefore;

        @Override
        public void onConnected(TcpSession session) {
          datagramsBefore = pair.network().counters().sent();
          switchesBefore = loopSwitches();
          send(session);
        }

        @Override
        public void onReadable(TcpSession session) {
          try {
            int n;
            while ((n = session.read(reply, received, 64 - received)) > 0) {
              received += n;
              if (received < 64) {
                continue;
              }
              received = 0;
              long now = System.nanoTime();
              if (warmingUp) {
                if (now >= warmUpEndNs) {
                  warmingUp = false;
                  endNs = now + duration.toNanos();
                }
              } else {
                samples.add(now - sentAtNs);
              }
              trips++;
              if (!warmingUp && now >= endNs) {
                long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
                long datagrams = pair.network().counters().sent() - datagramsBefore;
                result.complete(new long[] {sorted[sorted.length / 2],
                    sorted[(int) (sorted.length * 0.99)], 1000 * datagrams / trips,
                    loopSwitchesPerMille(switchesBefore, loopSwitches(), trips)});
                session.close();
                return;
              }
              send(session);
            }
          } catch (IOException e) {
            result.completeExceptionally(e);
          }
        }

        private void send(TcpSession session) {
          try {
            sentAtNs = System.nanoTime();
            session.write(request);
          } catch (IOException e) {
            result.completeExceptionally(e);
          }
        }
      });
      return result.get(WARM_UP.plus(duration).toMillis() + 60_000,
          TimeUnit.MILLISECONDS);
    }
  }

  private static long[] rawUdpPingPong(Duration duration) throws Exception {
    try (DatagramChannel server = DatagramChannel.open();
        DatagramChannel client = DatagramChannel.open()) {
      server.bind(new InetSocketAddress(LOOPBACK, 0));
      client.connect(server.getLocalAddress());
      CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        try {
          while (true) {
            buffer.clear();
            var from = server.receive(buffer);
            buffer.flip();
            if (buffer.remaining() == 1) {
              return; // the stop datagram
            }
            server.send(buffer, from);
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      ByteBuffer request = ByteBuffer.allocate(64);
      ByteBuffer reply = ByteBuffer.allocate(64);
      long[] result = pingPong(duration, () -> {
        request.clear();
        client.write(request);
        reply.clear();
        client.read(reply);
      });
      client.write(ByteBuffer.allocate(1));
      echo.get(10, TimeUnit.SECONDS);
      return result;
    }
  }

  /** One request/response round trip, blocking until the reply is in. */
  interface RoundTrip {
    void run() throws IOException;
  }

  /** Round trips for {@code duration} after {@link #WARM_UP} of them; {p50, p99} in ns. */
  static long[] pingPong(Duration duration, RoundTrip trip) throws IOException {
    long warmUpEnd = System.nanoTime() + WARM_UP.toNanos();
    while (System.nanoTime() < warmUpEnd) {
      trip.run();
    }
    List<Long> samples = new ArrayList<>();
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      long start = System.nanoTime();
      trip.run();
      samples.add(System.nanoTime() - start);
    }
    long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
    return new long[] {sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.99)]};
  }

  // ------------------------------------------------------------------ idle connections

  private static void idleConnections(int count) throws Exception {
    int buffers = 4096;
    TcpConfig config = TcpConfig.builder().sendBufferBytes(buffers).receiveBufferBytes(buffers)
        .build();
    java.util.Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
    long heapBefore = usedHeap();
    try (Pair pair = Pair.open(1500, config)) {
      TcpAcceptor acceptor = pair.b().listen(Endpoint.of("0.0.0.0", 5003), 1024,
          () -> new TcpHandler() { });
      long start = System.nanoTime();
      List<CompletableFuture<TcpSession>> sessions = new ArrayList<>(count);
      for (int i = 0; i < count; i += 500) {
        List<CompletableFuture<TcpSession>> batch = new ArrayList<>();
        for (int j = i; j < Math.min(count, i + 500); j++) {
          batch.add(pair.a().connect(Endpoint.of("10.0.0.2", 5003), new TcpHandler() { }));
        }
        CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        sessions.addAll(batch);
      }
      double openSeconds = (System.nanoTime() - start) / 1e9;
      int established = pair.a().connectionCount();
      int accepted = pair.b().connectionCount();
      long heapAfter = usedHeap();
      List<String> newThreads = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !threadsBefore.contains(t)).map(Thread::getName).sorted().toList();
      System.out.printf("idle connections (non-blocking API, %d B buffers each way)%n", buffers);
      System.out.printf("  open: %d client + %d server connections in %.1f s%n", established,
          accepted, openSeconds);
      System.out.printf("  heap per connection (one end): %.1f KiB; per client-server pair: %.1f"
          + " KiB%n", (heapAfter - heapBefore) / 1024.0 / (established + accepted),
          (heapAfter - heapBefore) / 1024.0 / established);
      System.out.printf("  threads: %d more than before: %s%n", newThreads.size(), newThreads);
      acceptor.close();
    }
  }

  /** Heap in use after full collections, read from the memory pools' post-GC usage. */
  private static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc(); // explicit GC is synchronous by default (no -XX:+ExplicitGCInvokesConcurrent)
    }
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
