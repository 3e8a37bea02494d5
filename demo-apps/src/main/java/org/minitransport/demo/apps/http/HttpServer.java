package org.minitransport.demo.apps.http;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.tcp.socket.TcpAcceptor;
import org.minitransport.tcp.socket.TcpService;

/**
 * A running HTTP/1.0 static file server on one tcp-lite host. Every connection is a
 * non-blocking {@link HttpServerHandler} on the host's thread, so one thread serves any number of
 * clients. A connection that makes no progress for the idle timeout is reset, so slow or silent
 * clients cannot hold resources forever.
 */
public final class HttpServer implements Closeable {

  private final TcpService tcp;
  private final TcpAcceptor acceptor;
  private final long idleTimeoutNs;
  private final ScheduledExecutorService sweeper;
  private final Set<HttpServerHandler> live = new HashSet<>(); // host thread only

  private HttpServer(TcpService tcp, int port, StaticSite site, int maxHeadBytes,
      long idleTimeoutNs, Consumer<String> accessLog) throws IOException {
    this.tcp = tcp;
    this.idleTimeoutNs = idleTimeoutNs;
    this.acceptor = tcp.listen(new Endpoint(Ipv4Address.ANY, port), 1024, () -> {
      HttpServerHandler handler = new HttpServerHandler(site, maxHeadBytes, accessLog,
          live::remove);
      live.add(handler);
      return handler;
    });
    this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "http-idle-" + tcp.address());
      thread.setDaemon(true);
      return thread;
    });
    long periodNs = Math.max(idleTimeoutNs / 4, 10_000_000L);
    sweeper.scheduleAtFixedRate(() -> tcp.executor().execute(this::resetIdle), periodNs,
        periodNs, TimeUnit.NANOSECONDS);
  }

  /**
   * Serves {@code site} on {@code port} of {@code tcp}'s host.
   *
   * @param maxHeadBytes the bound on a request's line plus headers (431 beyond it)
   * @param idleTimeoutNs how long a connection may make no progress before it is reset
   * @param accessLog receives one line per response (client, request line, status, bytes), on
   *     the host thread; null for none
   * @throws java.net.BindException if the port is in use
   */
  public static HttpServer start(TcpService tcp, int port, StaticSite site, int maxHeadBytes,
      long idleTimeoutNs, Consumer<String> accessLog) throws IOException {
    if (maxHeadBytes < 64) {
      throw new IllegalArgumentException("maxHeadBytes " + maxHeadBytes + " must be at least 64");
    }
    if (idleTimeoutNs <= 0) {
      throw new IllegalArgumentException("idle timeout " + idleTimeoutNs + " ns must be positive");
    }
    return new HttpServer(tcp, port, site, maxHeadBytes, idleTimeoutNs, accessLog);
  }

  /** The listening endpoint. */
  public Endpoint localEndpoint() {
    return acceptor.localEndpoint();
  }

  private void resetIdle() {
    long now = System.nanoTime();
    List<HttpServerHandler> idle = new ArrayList<>();
    for (HttpServerHandler handler : live) {
      if (handler.session() != null && now - handler.lastActivityNs() > idleTimeoutNs) {
        idle.add(handler);
      }
    }
    for (HttpServerHandler handler : idle) {
      live.remove(handler);
      handler.session().abort();
    }
  }

  /** Stops listening; connections still open finish or time out. Idempotent. */
  @Override
  public void close() throws IOException {
    sweeper.shutdownNow();
    acceptor.close();
  }

  @Override
  public String toString() {
    return "HttpServer(" + tcp.address() + ":" + acceptor.localEndpoint().port() + ")";
  }
}
