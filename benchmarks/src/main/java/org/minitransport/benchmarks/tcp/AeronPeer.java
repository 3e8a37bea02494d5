package org.minitransport.benchmarks.tcp;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * Aeron, the reliable-unicast-over-UDP library a Java user would otherwise pick, in the same rows
 * as tcp-lite (issue 11 item 4): one embedded media driver in a temporary directory (deleted
 * afterwards), unicast UDP on 127.0.0.1.
 *
 * <p>Settings, chosen so the two compete on equal terms on a 2-core machine: {@link
 * ThreadingMode#SHARED} (one driver thread, not three busy-spinning ones) with Aeron's default
 * back-off idle strategy; the channel's {@code mtu} is the largest multiple of 32 not above the
 * row's MTU (Aeron's frames are 32-byte aligned; its UDP payload is then never larger than
 * tcp-lite's); socket buffers and the initial receiver window of 8 MiB as tcp-lite's bulk rows
 * ask for, capped at what the OS allows ({@code net.core.rmem_max}, {@code wmem_max}); 16 MiB
 * terms (the default). The application threads poll with a yielding
 * idle strategy. Bulk moves 256 KiB messages (Aeron fragments them) and counts bytes as they
 * arrive at the subscriber.
 */
final class AeronPeer implements AutoCloseable {

  private static final int STREAM = 1001;
  private static final int REPLY_STREAM = 1002;
  /** 8 MiB as tcp-lite's bulk rows ask for, or what the OS allows if less (Aeron warns else). */
  private static final int RECEIVE_BUFFER_BYTES = osLimit("rmem_max", 8 << 20);
  private static final int SEND_BUFFER_BYTES = osLimit("wmem_max", 8 << 20);

  private final Path directory;
  private final MediaDriver driver;
  private final Aeron aeron;

  /**
   * Agrona reads {@code jdk.internal.misc.Unsafe}: the JVM needs {@value #JVM_FLAG}. Whether it
   * has it; without it Aeron cannot start.
   */
  static boolean runnable() {
    return Object.class.getModule().isExported("jdk.internal.misc", AeronPeer.class.getModule());
  }

  static final String JVM_FLAG = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";

  private AeronPeer(Path directory) {
    this.directory = directory;
    driver = MediaDriver.launch(new MediaDriver.Context()
        .aeronDirectoryName(directory.toString())
        .dirDeleteOnStart(true)
        .dirDeleteOnShutdown(true)
        .threadingMode(ThreadingMode.SHARED)
        .sharedIdleStrategy(new BackoffIdleStrategy())
        .socketRcvbufLength(RECEIVE_BUFFER_BYTES)
        .socketSndbufLength(SEND_BUFFER_BYTES)
        .initialWindowLength(RECEIVE_BUFFER_BYTES));
    aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(directory.toString()));
  }

  /** Starts a media driver and a client in a new temporary directory. */
  static AeronPeer start() throws IOException {
    Path directory = Files.createTempDirectory("minitransport-aeron-");
    try {
      return new AeronPeer(directory);
    } catch (RuntimeException | Error e) {
      deleteTree(directory);
      throw e;
    }
  }

  /** {@code wanted}, capped by /proc/sys/net/core/{@code name} where Linux says. */
  private static int osLimit(String name, int wanted) {
    try {
      return (int) Math.min(wanted,
          Long.parseLong(Files.readAllLines(Path.of("/proc/sys/net/core", name)).get(0).trim()));
    } catch (IOException | RuntimeException e) { // not Linux, or a line that is not a number
      return wanted;
    }
  }

  /** The channel of one unicast stream to a free port on 127.0.0.1, Aeron's MTU fitted. */
  private static String channel(int mtu) throws IOException {
    int port;
    try (DatagramChannel probe = DatagramChannel.open()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
    }
    return "aeron:udp?endpoint=127.0.0.1:" + port + "|mtu=" + aeronMtu(mtu);
  }

  /** Aeron's frame MTU for an IP MTU: a multiple of 32, at most 65 504. */
  static int aeronMtu(int mtu) {
    return Math.min(65_504, mtu / 32 * 32);
  }

  /** MB/s moved from a publication to a subscription in {@code duration}, subscriber side. */
  double bulkMegabytesPerSecond(int mtu, Duration duration) throws Exception {
    String channel = channel(mtu);
    try (Subscription subscription = aeron.addSubscription(channel, STREAM);
        Publication publication = aeron.addPublication(channel, STREAM)) {
      awaitConnected(publication, subscription);
      long[] received = new long[3]; // bytes, first arrival ns, last arrival ns
      FragmentHandler counter = (buffer, offset, length, header) -> {
        long now = System.nanoTime();
        if (received[0] == 0) {
          received[1] = now;
        }
        received[0] += length;
        received[2] = now;
      };
      CompletableFuture<Long> sending = CompletableFuture.supplyAsync(() -> {
        UnsafeBuffer chunk = new UnsafeBuffer(new byte[Math.min(256 * 1024,
            publication.maxMessageLength())]);
        IdleStrategy idle = new YieldingIdleStrategy();
        long sent = 0;
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
          if (publication.offer(chunk) > 0) {
            sent += chunk.capacity();
            idle.reset();
          } else {
            idle.idle(); // back pressure: the receiver's window is full
          }
        }
        return sent;
      });
      IdleStrategy idle = new YieldingIdleStrategy();
      long deadline = System.nanoTime() + duration.toNanos() + TimeUnit.SECONDS.toNanos(30);
      while (!sending.isDone() || received[0] < sending.getNow(Long.MAX_VALUE)) {
        if (System.nanoTime() - deadline > 0) {
          throw new IOException("Aeron bulk: " + received[0] + " of "
              + sending.getNow(-1L) + " bytes arrived in time");
        }
        idle.idle(subscription.poll(counter, 256));
      }
      return received[0] / ((received[2] - received[1]) / 1e9) / 1e6;
    }
  }

  /**
   * {p50, p99} in ns of 64-byte request/response round trips: requests on one stream, replies on
   * another, an echo thread between them, both sides polling with a yielding idle strategy.
   */
  long[] pingPong(Duration duration) throws Exception {
    String requests = channel(1500);
    String replies = channel(1500);
    try (Subscription requestIn = aeron.addSubscription(requests, STREAM);
        Publication requestOut = aeron.addPublication(requests, STREAM);
        Subscription replyIn = aeron.addSubscription(replies, REPLY_STREAM);
        Publication replyOut = aeron.addPublication(replies, REPLY_STREAM)) {
      awaitConnected(requestOut, requestIn);
      awaitConnected(replyOut, replyIn);
      Thread echo = new Thread(() -> {
        IdleStrategy idle = new YieldingIdleStrategy();
        FragmentHandler reflect = (buffer, offset, length, header) -> {
          while (replyOut.offer(buffer, offset, length) < 0) {
            if (Thread.currentThread().isInterrupted()) {
              return;
            }
            Thread.onSpinWait();
          }
        };
        while (!Thread.currentThread().isInterrupted()) {
          idle.idle(requestIn.poll(reflect, 16));
        }
      }, "aeron-echo");
      echo.setDaemon(true);
      echo.start();
      try {
        UnsafeBuffer request = new UnsafeBuffer(new byte[64]);
        int[] replied = new int[1];
        FragmentHandler onReply = (buffer, offset, length, header) -> replied[0] += length;
        IdleStrategy idle = new YieldingIdleStrategy();
        return TcpLoopbackSideBySide.pingPong(duration, () -> {
          while (requestOut.offer(request) < 0) {
            Thread.onSpinWait();
          }
          replied[0] = 0;
          idle.reset();
          while (replied[0] < 64) {
            idle.idle(replyIn.poll(onReply, 16));
          }
        });
      } finally {
        echo.interrupt();
        echo.join(TimeUnit.SECONDS.toMillis(10));
      }
    }
  }

  private static void awaitConnected(Publication publication, Subscription subscription)
      throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    IdleStrategy idle = new BackoffIdleStrategy();
    while (!publication.isConnected() || !subscription.isConnected()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IOException("Aeron publication on " + publication.channel()
            + " did not connect within 10 s");
      }
      idle.idle();
    }
  }

  /** Closes the client and the driver and deletes the driver's directory. */
  @Override
  public void close() throws IOException {
    aeron.close();
    driver.close();
    deleteTree(directory);
  }

  private static void deleteTree(Path directory) throws IOException {
    if (Files.exists(directory)) {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }
}
