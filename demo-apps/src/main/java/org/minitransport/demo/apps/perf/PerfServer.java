package org.minitransport.demo.apps.perf;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.cli.Sizes;
import org.minitransport.tcp.TcpInfo;
import org.minitransport.tcp.socket.TcpServerSocket;
import org.minitransport.tcp.socket.TcpService;
import org.minitransport.tcp.socket.TcpSocket;

/**
 * The server side of {@link PerfProtocol}: answers tests from any number of clients, a thread per
 * connection (at most {@value #MAX_CONNECTIONS} at once), and logs one line per test.
 */
public final class PerfServer implements Closeable {

  private static final int MAX_CONNECTIONS = 256;

  private final TcpServerSocket server;
  private final PrintWriter log;
  private final int idleTimeoutMs;
  private final Map<String, Test> tests = new ConcurrentHashMap<>();
  private final BlockingQueue<String> finished = new LinkedBlockingQueue<>();
  private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);

  /** One test under way: its request and what its streams measured. */
  private static final class Test {
    final PerfProtocol.Request request;
    final PerfProtocol.StreamResult[] results;
    final CountDownLatch ended;

    Test(PerfProtocol.Request request) {
      this.request = request;
      this.results = new PerfProtocol.StreamResult[request.streams()];
      this.ended = new CountDownLatch(request.streams());
    }
  }

  private PerfServer(TcpServerSocket server, long idleTimeoutNs, PrintWriter log) {
    this.server = server;
    this.log = log;
    this.idleTimeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, idleTimeoutNs / 1_000_000));
  }

  /**
   * Answers perf tests on {@code port} of {@code tcp}'s host.
   *
   * @param idleTimeoutNs how long a connection may stay silent before the test is given up
   * @throws java.net.BindException if the port is in use
   */
  public static PerfServer start(TcpService tcp, int port, long idleTimeoutNs, PrintWriter log)
      throws IOException {
    TcpServerSocket server = tcp.listen(new Endpoint(Ipv4Address.ANY, port), 64);
    PerfServer perf = new PerfServer(server, idleTimeoutNs, log);
    Thread acceptor = new Thread(perf::acceptAll, "perf-server-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
    return perf;
  }

  /** The listening endpoint. */
  public Endpoint localEndpoint() {
    return server.localEndpoint();
  }

  /** The log line of the next test to finish (for {@code --once}); waits. */
  public String awaitTest() throws InterruptedException {
    return finished.take();
  }

  /** Stops accepting; tests under way end when the host closes their connections. */
  @Override
  public void close() {
    server.close();
  }

  private void acceptAll() {
    while (!server.isClosed()) {
      TcpSocket socket;
      try {
        connections.acquire();
        socket = server.accept();
      } catch (IOException | InterruptedException closed) {
        return;
      }
      Thread worker = new Thread(() -> {
        try (socket) {
          serve(socket);
        } catch (IOException e) {
          log.printf("perf: connection from %s failed: %s%n", socket.remoteEndpoint(),
              e.getMessage());
          log.flush();
        } finally {
          connections.release();
        }
      }, "perf-" + socket.remoteEndpoint());
      worker.setDaemon(true);
      worker.start();
    }
  }

  private void serve(TcpSocket socket) throws IOException {
    socket.setSoTimeout(idleTimeoutMs);
    InputStream in = socket.getInputStream();
    String first = PerfProtocol.readLine(in);
    if (first == null) {
      return;
    }
    if (first.startsWith("PERF/")) {
      control(socket, first);
    } else {
      stream(socket, in, PerfProtocol.DataHello.parse(first));
    }
  }

  private void control(TcpSocket socket, String line) throws IOException {
    OutputStream out = socket.getOutputStream();
    PerfProtocol.Request request;
    try {
      request = PerfProtocol.Request.parse(line);
    } catch (ProtocolException e) {
      out.write(("ERROR " + e.getMessage() + "\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      throw e;
    }
    Test test = new Test(request);
    if (tests.putIfAbsent(request.id(), test) != null) {
      out.write("ERROR test id in use\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return;
    }
    try {
      out.write("OK\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long waitMs = request.timeMs() + 2L * idleTimeoutMs;
      boolean allEnded;
      try {
        allEnded = test.ended.await(waitMs, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (!allEnded) {
        throw new IOException("not every stream of test " + request.id() + " ended in time");
      }
      long bytes = 0;
      long micros = 0;
      StringBuilder results = new StringBuilder();
      for (PerfProtocol.StreamResult result : test.results) {
        results.append(result.encode());
        bytes += result.bytes();
        micros = Math.max(micros, result.micros());
      }
      results.append("END\n");
      out.write(results.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String summary = String.format(Locale.ROOT, "perf %s %s: %s in %.2f s, %s (%d %s)",
          request.reverse() ? "to" : "from", socket.remoteEndpoint(), Sizes.bytes(bytes),
          micros / 1e6, Sizes.bitRate(bytes * 8 / Math.max(micros / 1e6, 1e-9)),
          request.streams(), request.streams() == 1 ? "stream" : "streams");
      log.println(summary);
      log.flush();
      finished.add(summary);
      // The client closes first once it has the results: wait for its FIN so that our close
      // completes the handshake instead of racing it.
      PerfProtocol.readLine(socket.getInputStream());
    } finally {
      tests.remove(request.id());
    }
  }

  private void stream(TcpSocket socket, InputStream in, PerfProtocol.DataHello hello)
      throws IOException {
    Test test = tests.get(hello.id());
    if (test == null || hello.index() < 0 || hello.index() >= test.results.length
        || test.results[hello.index()] != null) {
      throw new ProtocolException("a data stream for no test under way (" + hello.id() + " "
          + hello.index() + ")");
    }
    PerfProtocol.Request request = test.request;
    AtomicLong moved = new AtomicLong();
    long startNs;
    long endNs;
    PerfProtocol.StreamResult result;
    if (!request.reverse()) {
      startNs = PerfStreams.receive(in, moved);
      endNs = System.nanoTime();
      result = new PerfProtocol.StreamResult(hello.index(), moved.get(),
          (endNs - startNs) / 1_000, -1, -1, -1, -1);
    } else {
      startNs = System.nanoTime();
      PerfStreams.send(socket.getOutputStream(), request.bytesOf(hello.index()),
          startNs + request.timeMs() * 1_000_000L, moved);
      socket.shutdownOutput();
      PerfStreams.receive(in, new AtomicLong()); // the client closes once it has read all
      endNs = System.nanoTime();
      TcpInfo info = socket.info();
      result = new PerfProtocol.StreamResult(hello.index(), moved.get(),
          (endNs - startNs) / 1_000, info.retransmittedSegments(), info.smoothedRttNs() / 1_000,
          info.congestionWindowBytes(), info.retransmissionTimeouts());
    }
    test.results[hello.index()] = result;
    test.ended.countDown();
  }
}
