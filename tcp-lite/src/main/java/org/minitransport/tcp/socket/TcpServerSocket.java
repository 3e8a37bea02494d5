package org.minitransport.tcp.socket;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Objects;
import org.minitransport.core.address.Endpoint;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.TcpListener;

/**
 * A blocking tcp-lite listener, shaped like {@code java.net.ServerSocket}: {@link #bind} opens a
 * passive OPEN (RFC 9293 §3.10.1, LISTEN) and {@link #accept()} hands out established
 * connections. The handshake completes in the engine whether or not anyone is in accept; at most
 * {@code backlog} established connections wait, and SYNs beyond that are dropped so the peer
 * retries.
 *
 * <ul>
 *   <li>{@link #bind}: port 0 picks an ephemeral port (RFC 6056), address 0.0.0.0 listens on every
 *       local address; a port in use is a {@link java.net.BindException} naming the holder.
 *   <li>{@link #accept()} blocks, at most {@link #setSoTimeout} ms if non-zero ({@link
 *       SocketTimeoutException}; the server socket stays usable).
 *   <li>{@link #close()} frees the port, resets connections not yet accepted, and wakes blocked
 *       {@code accept} calls with a {@link SocketException}. Accepted sockets are independent and
 *       stay open.
 * </ul>
 *
 * <p>Thread-safe. Accepted sockets have the {@link TcpService}'s default {@link TcpConfig}.
 */
public final class TcpServerSocket implements Closeable {

  private final TcpService service;
  private final StreamMonitor monitor = new StreamMonitor();
  private final Object stateLock = new Object();
  private volatile TcpListener listener; // its methods are only ever called on the host thread
  private volatile Endpoint local;
  private volatile boolean closed;
  private volatile boolean reuseAddress;
  private volatile int soTimeoutMillis;

  TcpServerSocket(TcpService service) {
    this.service = service;
  }

  /** Allows binding over connections of the port still in TIME-WAIT; before bind only. */
  public void setReuseAddress(boolean on) throws SocketException {
    synchronized (stateLock) {
      ensureOpen();
      if (listener != null) {
        throw new SocketException("set SO_REUSEADDR before bind");
      }
      reuseAddress = on;
    }
  }

  public boolean getReuseAddress() {
    return reuseAddress;
  }

  /** Bounds {@link #accept()}: 0 (the default) waits forever. */
  public void setSoTimeout(int millis) throws SocketException {
    ensureOpen();
    if (millis < 0) {
      throw new IllegalArgumentException("timeout " + millis + " ms must not be negative");
    }
    soTimeoutMillis = millis;
  }

  public int getSoTimeout() {
    return soTimeoutMillis;
  }

  /**
   * Listens on {@code endpoint} with room for {@code backlog} connections waiting for accept.
   *
   * @throws java.net.BindException if the port is in use, well-known on an unprivileged host, or
   *     the address is not this host's
   * @throws SocketException if already bound or closed
   * @throws IllegalArgumentException if {@code backlog} is below 1
   */
  public void bind(Endpoint endpoint, int backlog) throws IOException {
    Objects.requireNonNull(endpoint, "endpoint");
    if (backlog < 1) {
      throw new IllegalArgumentException("backlog " + backlog + " must be at least 1");
    }
    synchronized (stateLock) {
      ensureOpen();
      if (listener != null) {
        throw new SocketException("server socket is already bound to " + local);
      }
      boolean reuse = reuseAddress;
      TcpListener opened = service.onHost(() -> {
        TcpListener l = service.endpoint().listen(endpoint, backlog, reuse);
        service.observeListener(l, monitor::signal);
        return l;
      });
      local = opened.localEndpoint();
      listener = opened;
    }
  }

  /**
   * Waits for the next established connection.
   *
   * @throws SocketTimeoutException if {@link #getSoTimeout()} ms pass first
   * @throws SocketException if the server socket is or becomes closed, or is not bound
   */
  public TcpSocket accept() throws IOException {
    TcpListener l = listener;
    if (l == null) {
      ensureOpen();
      throw new SocketException("server socket is not bound");
    }
    int timeout = soTimeoutMillis;
    long deadline = StreamMonitor.deadlineAfter(timeout);
    while (true) {
      long seen = monitor.version(); // before the checks: see StreamMonitor
      ensureOpen();
      TcpSocket accepted = service.onHost(() -> {
        if (l.isClosed()) {
          throw new SocketException("Socket is closed");
        }
        TcpConnection c = service.endpoint().accept(l);
        return c == null ? null : TcpSocket.accepted(service, c);
      });
      if (accepted != null) {
        return accepted;
      }
      if (service.inHostThread()) {
        throw new IllegalStateException("blocking accept on the host thread would wait for itself;"
            + " use TcpService.listen(local, backlog, handlers) there");
      }
      if (!monitor.awaitChange(seen, deadline)) {
        throw new SocketTimeoutException("Accept timed out after " + timeout + " ms on " + local);
      }
    }
  }

  /** The bound endpoint (the port chosen if 0 was asked), or null before bind. */
  public Endpoint localEndpoint() {
    return local;
  }

  public boolean isBound() {
    return listener != null;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Frees the port and wakes blocked accepts. Idempotent. */
  @Override
  public void close() {
    TcpListener l;
    synchronized (stateLock) {
      if (closed) {
        return;
      }
      closed = true;
      l = listener;
    }
    monitor.signal();
    if (l != null) {
      try {
        service.onHost(() -> {
          service.closeListener(l);
          return null;
        });
      } catch (IOException e) {
        // The host has shut down, which closed the listener already.
      }
    }
  }

  @Override
  public String toString() {
    return "TcpServerSocket(" + (local == null ? "unbound" : local) + (closed ? ", closed" : "")
        + ")";
  }

  private void ensureOpen() throws SocketException {
    if (closed) {
      throw new SocketException("Socket is closed");
    }
  }
}
