package org.minitransport.tcp.socket;

import java.io.Closeable;
import java.io.IOException;
import java.util.function.Supplier;
import org.minitransport.core.address.Endpoint;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.TcpListener;

/**
 * A listener of the non-blocking API ({@link TcpService#listen(Endpoint, int, Supplier)}): every
 * connection that completes its handshake is accepted at once, on the host thread, and served by
 * a new {@link TcpHandler} from the supplier, starting with {@link TcpHandler#onConnected}.
 */
public final class TcpAcceptor implements Closeable {

  private final TcpService service;
  private final TcpListener listener;
  private final Supplier<? extends TcpHandler> handlers;
  private final Endpoint local;
  private volatile boolean closed;

  TcpAcceptor(TcpService service, TcpListener listener, Supplier<? extends TcpHandler> handlers) {
    this.service = service;
    this.listener = listener;
    this.handlers = handlers;
    this.local = listener.localEndpoint();
  }

  /** The bound endpoint (the port chosen if 0 was asked). */
  public Endpoint localEndpoint() {
    return local;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Host thread: takes every waiting connection and starts its session. */
  void acceptAll() {
    for (TcpConnection c = service.endpoint().accept(listener); c != null;
        c = service.endpoint().accept(listener)) {
      TcpSession session = new TcpSession(service, c, handlers.get(), null);
      service.observe(c, session.observer());
      session.startAccepted();
    }
  }

  /**
   * Stops listening and frees the port; sessions already accepted go on. Idempotent; any thread.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      service.onHost(() -> {
        service.closeListener(listener);
        return null;
      });
    } catch (IOException e) {
      // The host has shut down, which closed the listener already.
    }
  }

  @Override
  public String toString() {
    return "TcpAcceptor(" + local + (closed ? ", closed" : "") + ")";
  }
}
