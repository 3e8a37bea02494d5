package org.minitransport.demo.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import org.minitransport.core.address.Endpoint;
import org.minitransport.tcp.socket.TcpSocket;

/**
 * What {@code connect} and {@code listen} do with a TCP connection, as nc does: standard input
 * goes to the peer, the peer's bytes go to standard output, unchanged. When standard input ends
 * the connection is half-closed (a FIN, as {@code nc -N}), so the peer sees the end and can finish
 * its answer; it is all over when the peer's bytes end and what standard input had is sent (a
 * standard input that has not ended by then, a terminal say, gets {@value #STDIN_GRACE_MS} ms).
 */
final class PipeEnds {

  /** How long, after the peer's end, standard input may take to reach its own end. */
  static final long STDIN_GRACE_MS = 1_000;

  private PipeEnds() {}

  /**
   * Pipes until the peer's end of stream; standard input is read on a daemon thread of its own
   * (a read from a terminal cannot be interrupted), the peer on the caller's.
   *
   * @throws IOException if the connection fails (reset, timed out)
   */
  static void pipe(TcpSocket socket, InputStream stdin, OutputStream stdout, Endpoint peer,
      long timeoutNs) throws IOException {
    CompletableFuture<Void> sending = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        OutputStream toPeer = socket.getOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int n = stdin.read(buffer); n >= 0; n = stdin.read(buffer)) {
          toPeer.write(buffer, 0, n);
        }
        socket.shutdownOutput();
        sending.complete(null);
      } catch (IOException e) {
        sending.completeExceptionally(e);
      }
    }, "stdin-to-" + peer);
    reader.setDaemon(true);
    reader.start();
    try {
      InputStream fromPeer = socket.getInputStream();
      byte[] buffer = new byte[16 * 1024];
      for (int n = fromPeer.read(buffer); n >= 0; n = fromPeer.read(buffer)) {
        stdout.write(buffer, 0, n);
        stdout.flush();
      }
    } catch (IOException e) {
      throw PeerFailures.lost(peer, e, timeoutNs);
    }
    try {
      sending.get(STDIN_GRACE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      // still reading a terminal, or failed: reported below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("stopped");
    }
    if (sending.isCompletedExceptionally()) {
      try {
        sending.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof SocketException failure && !socket.isClosed()) {
          throw PeerFailures.lost(peer, failure, timeoutNs);
        }
      }
    }
  }
}
