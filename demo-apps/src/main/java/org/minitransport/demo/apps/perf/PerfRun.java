package org.minitransport.demo.apps.perf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.minitransport.tcp.TcpInfo;
import org.minitransport.tcp.socket.TcpSocket;

/**
 * The client side of one perf test ({@link PerfProtocol}): asks the server over the control
 * connection, opens the streams, moves the bytes (a thread per stream), reports every interval,
 * and gathers the server's measurements into a {@link PerfResult}.
 */
public final class PerfRun {

  /** Opens data connection number {@code index} to the server. */
  @FunctionalInterface
  public interface StreamOpener {
    TcpSocket open(int index) throws IOException;
  }

  /** Hears each interval's figures as the test runs. */
  @FunctionalInterface
  public interface IntervalListener {
    void onInterval(List<PerfResult.Interval> streams, PerfResult.Interval sum);
  }

  private final PerfProtocol.Request request;
  private final TcpSocket control;
  private final StreamOpener opener;
  private final long intervalNs;
  private final int silenceMs;
  private final IntervalListener listener;

  /**
   * @param intervalNs how often to report, 0 for never
   * @param silenceNs how long a read may wait for the server (the data of a reverse test, the
   *     results at the end) before the test fails
   */
  public PerfRun(PerfProtocol.Request request, TcpSocket control, StreamOpener opener,
      long intervalNs, long silenceNs, IntervalListener listener) {
    this.request = request;
    this.control = control;
    this.opener = opener;
    this.intervalNs = intervalNs;
    this.silenceMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, silenceNs / 1_000_000));
    this.listener = listener;
  }

  /** A new request with a random test id. */
  public static PerfProtocol.Request request(int streams, boolean reverse, long timeMs,
      long bytes) {
    return new PerfProtocol.Request(
        PerfProtocol.Request.newId(new java.security.SecureRandom()), streams, reverse, timeMs,
        bytes);
  }

  /** One stream of the test, as this side sees it. */
  private static final class Stream {
    final int index;
    final TcpSocket socket;
    final AtomicLong moved = new AtomicLong();
    CompletableFuture<Long> done; // end time (nanoTime), or the failure
    long reportedBytes;
    long reportedRetransmitted;

    Stream(int index, TcpSocket socket) {
      this.index = index;
      this.socket = socket;
    }
  }

  /**
   * Runs the test.
   *
   * @throws IOException if the server refuses the test, a connection fails, or the server's
   *     results are malformed
   */
  public PerfResult run() throws IOException, InterruptedException {
    OutputStream controlOut = control.getOutputStream();
    InputStream controlIn = control.getInputStream();
    control.setSoTimeout(silenceMs);
    controlOut.write(request.encode().getBytes(StandardCharsets.US_ASCII));
    controlOut.flush();
    String answer = PerfProtocol.readLine(controlIn);
    if (answer == null || !answer.equals("OK")) {
      throw new IOException("the perf server refused the test: "
          + (answer == null ? "it closed the connection" : PerfProtocol.printable(answer)));
    }
    List<Stream> streams = new ArrayList<>();
    try {
      for (int i = 0; i < request.streams(); i++) {
        TcpSocket socket = opener.open(i);
        socket.setSoTimeout(silenceMs);
        streams.add(new Stream(i, socket));
        socket.getOutputStream().write(new PerfProtocol.DataHello(request.id(), i).encode()
            .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
      }
      long startNs = System.nanoTime();
      for (Stream stream : streams) {
        stream.done = CompletableFuture.supplyAsync(() -> move(stream, startNs), command -> {
          Thread thread = new Thread(command, "perf-stream-" + stream.index);
          thread.setDaemon(true);
          thread.start();
        });
      }
      List<PerfResult.Interval> intervals = report(streams, startNs);
      long localEndNs = startNs;
      for (Stream stream : streams) {
        localEndNs = Math.max(localEndNs, awaitStream(stream));
      }
      // The server measures until its last stream ended; a time-bound test may take that long.
      control.setSoTimeout((int) Math.min(Integer.MAX_VALUE,
          (long) silenceMs + request.timeMs()));
      List<PerfProtocol.StreamResult> remote = readResults(controlIn);
      return summarize(streams, remote, intervals, (localEndNs - startNs) / 1e9);
    } finally {
      for (Stream stream : streams) {
        stream.socket.close();
      }
    }
  }

  /** Moves this stream's bytes; returns when it ended (nanoTime). */
  private long move(Stream stream, long startNs) {
    try {
      TcpSocket socket = stream.socket;
      if (request.reverse()) {
        PerfStreams.receive(socket.getInputStream(), stream.moved);
        socket.close(); // tells the server every byte arrived: it reports its figures then
      } else {
        PerfStreams.send(socket.getOutputStream(), request.bytesOf(stream.index),
            startNs + request.timeMs() * 1_000_000L, stream.moved);
        socket.shutdownOutput();
        // The server closes once it has read everything: then every byte was delivered.
        PerfStreams.receive(socket.getInputStream(), new AtomicLong());
      }
      return System.nanoTime();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private long awaitStream(Stream stream) throws IOException, InterruptedException {
    try {
      return stream.done.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof java.io.UncheckedIOException unchecked) {
        throw unchecked.getCause();
      }
      throw new IOException("perf stream " + stream.index + " failed: " + cause, cause);
    }
  }

  /** Reports every interval until all streams have ended; returns the sums. */
  private List<PerfResult.Interval> report(List<Stream> streams, long startNs)
      throws InterruptedException, IOException {
    List<PerfResult.Interval> sums = new ArrayList<>();
    CompletableFuture<Void> all = CompletableFuture.allOf(
        streams.stream().map(s -> s.done).toArray(CompletableFuture[]::new));
    if (intervalNs <= 0) {
      return sums;
    }
    // The boundaries lie on a grid from the start (as iperf3's timer), so a late wake-up makes
    // one interval longer and the next shorter instead of delaying every later boundary. The
    // figures name the instants actually sampled.
    long intervalStartNs = startNs;
    for (long boundary = 1; ; boundary++) {
      long nextNs = startNs + boundary * intervalNs;
      boolean ended;
      try {
        all.get(Math.max(0, nextNs - System.nanoTime()), TimeUnit.NANOSECONDS);
        ended = true;
      } catch (TimeoutException e) {
        ended = false;
      } catch (ExecutionException e) {
        return sums; // awaitStream reports the failure
      }
      long nowNs = System.nanoTime();
      if (ended && nowNs - intervalStartNs < intervalNs / 10) {
        return sums; // a sliver at the end is not worth a line
      }
      List<PerfResult.Interval> each = new ArrayList<>();
      for (Stream stream : streams) {
        each.add(sample(stream, (intervalStartNs - startNs) / 1e9, (nowNs - startNs) / 1e9));
      }
      PerfResult.Interval sum = PerfResult.Interval.sum(each);
      sums.add(sum);
      listener.onInterval(each, sum);
      intervalStartNs = nowNs;
      if (ended) {
        return sums;
      }
    }
  }

  /** This stream's figures since the last sample. */
  private PerfResult.Interval sample(Stream stream, double fromSeconds, double toSeconds) {
    long bytes = stream.moved.get();
    long retransmitted = -1;
    long srttNs = -1;
    long cwnd = -1;
    if (!request.reverse()) {
      try {
        TcpInfo info = stream.socket.info();
        bytes = Math.max(stream.reportedBytes, Math.min(bytes, info.bytesAcknowledged()));
        retransmitted = info.retransmittedSegments() - stream.reportedRetransmitted;
        stream.reportedRetransmitted = info.retransmittedSegments();
        srttNs = info.smoothedRttNs();
        cwnd = info.congestionWindowBytes();
      } catch (IOException e) {
        // the connection is gone: count what was written
      }
    }
    long delta = bytes - stream.reportedBytes;
    stream.reportedBytes = bytes;
    return new PerfResult.Interval(stream.index, fromSeconds, toSeconds, delta, retransmitted,
        srttNs, cwnd);
  }

  private List<PerfProtocol.StreamResult> readResults(InputStream controlIn) throws IOException {
    List<PerfProtocol.StreamResult> results = new ArrayList<>();
    for (String line = PerfProtocol.readLine(controlIn); ; line = PerfProtocol.readLine(controlIn)) {
      if (line == null) {
        throw new IOException("the perf server closed before its results");
      }
      if (line.equals("END")) {
        return results;
      }
      results.add(PerfProtocol.StreamResult.parse(line));
    }
  }

  private PerfResult summarize(List<Stream> streams, List<PerfProtocol.StreamResult> remote,
      List<PerfResult.Interval> intervals, double localSeconds) throws IOException {
    long localBytes = streams.stream().mapToLong(s -> s.moved.get()).sum();
    long remoteBytes = remote.stream().mapToLong(PerfProtocol.StreamResult::bytes).sum();
    double remoteSeconds = remote.stream().mapToLong(PerfProtocol.StreamResult::micros).max()
        .orElse(0) / 1e6;
    long retransmitted = 0;
    long timeouts = 0;
    long srttNs = 0;
    long cwnd = 0;
    if (!request.reverse()) {
      for (Stream stream : streams) {
        TcpInfo info = stream.socket.info();
        retransmitted += info.retransmittedSegments();
        timeouts += info.retransmissionTimeouts();
        srttNs = Math.max(srttNs, info.smoothedRttNs());
        cwnd += info.congestionWindowBytes();
      }
      return new PerfResult(request, intervals,
          new PerfResult.Side(localBytes, localSeconds, retransmitted, timeouts, srttNs, cwnd),
          PerfResult.Side.receiver(remoteBytes, remoteSeconds));
    }
    for (PerfProtocol.StreamResult result : remote) {
      retransmitted += result.retransmitted();
      timeouts = timeouts < 0 || result.timeouts() < 0 ? -1 : timeouts + result.timeouts();
      srttNs = Math.max(srttNs, result.srttMicros() * 1_000);
      cwnd += result.cwndBytes();
    }
    return new PerfResult(request, intervals,
        new PerfResult.Side(remoteBytes, remoteSeconds, retransmitted, timeouts, srttNs, cwnd),
        PerfResult.Side.receiver(localBytes, localSeconds));
  }
}
