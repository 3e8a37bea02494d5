package org.minitransport.tcp.socket;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.HostExecutor;
import org.minitransport.core.stack.Host;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.TcpCounters;
import org.minitransport.tcp.TcpEndpoint;
import org.minitransport.tcp.TcpInfo;
import org.minitransport.tcp.TcpListener;
import org.minitransport.tcp.TcpState;

/**
 * tcp-lite on one host: installs the {@link TcpEndpoint} on the host's thread and opens sockets,
 * blocking ({@link TcpSocket}, {@link TcpServerSocket}) and non-blocking ({@link TcpHandler}
 * callbacks on the host's thread). Obtain one per host, from any thread:
 *
 * <pre>{@code
 * EventLoop loop = EventLoop.start("host-10.0.0.2");
 * Host host = loop.addHost(network, HostConfig.of(Ipv4Address.parse("10.0.0.2")));
 * TcpService tcp = TcpService.install(host, loop);
 * try (TcpServerSocket server = tcp.listen(Endpoint.of("0.0.0.0", 8080), 50);
 *     TcpSocket client = server.accept()) {
 *   client.getInputStream().transferTo(client.getOutputStream()); // echo
 * }
 * }</pre>
 *
 * <h2>Threads</h2>
 *
 * The engine is sans-IO and single-threaded: every call into it runs on the host's thread, through
 * the {@link HostExecutor}. Blocking sockets hop there for each operation and wait on a
 * per-socket monitor that the engine's events signal; they must not be used on the host thread
 * itself. Non-blocking sessions live on the host thread. Shutting the host down ({@code
 * EventLoop.close()}) aborts every connection, wakes every blocked thread with a {@link
 * SocketException}, and releases every port.
 *
 * <h2>Ending a process</h2>
 *
 * A kernel closes the sockets of a process that exits and lingers to finish their closing
 * handshakes, so peers hear a FIN (or a RST where data was lost) at once. {@link
 * #shutdown(Duration)} does the same for this host before its loop is closed: call it from the
 * application's exit path (a shutdown hook too), then close the loop.
 */
public final class TcpService {

  private static final System.Logger LOG = System.getLogger(TcpService.class.getName());

  private final HostExecutor executor;
  private final TcpEndpoint endpoint;
  private final Ipv4Address address;
  // Host thread only.
  private final Map<TcpConnection, ConnectionObserver> observers = new HashMap<>();
  private final Map<TcpListener, Runnable> acceptObservers = new HashMap<>();
  private boolean shuttingDown; // host thread only
  private final StreamMonitor closing = new StreamMonitor(); // signalled on events during shutdown

  private TcpService(HostExecutor executor, TcpEndpoint endpoint, Ipv4Address address) {
    this.executor = executor;
    this.endpoint = endpoint;
    this.address = address;
  }

  /** Installs tcp-lite with {@link TcpConfig#defaults()} and a random ISN secret. */
  public static TcpService install(Host host, HostExecutor executor) {
    return install(host, executor, TcpConfig.defaults());
  }

  /**
   * Installs tcp-lite with {@code defaults} (used by {@link #socket()} and by every accepted
   * connection) and a random ISN secret (RFC 6528).
   */
  public static TcpService install(Host host, HostExecutor executor, TcpConfig defaults) {
    SecureRandom random = new SecureRandom();
    return install(host, executor, defaults, random.nextLong(), random.nextLong());
  }

  /**
   * Installs tcp-lite on {@code host}, whose thread is {@code executor}, with an injected ISN
   * secret so that runs are reproducible.
   *
   * @throws IllegalArgumentException if the host already has a TCP handler
   */
  public static TcpService install(Host host, HostExecutor executor, TcpConfig defaults,
      long secretKey0, long secretKey1) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(defaults, "defaults");
    try {
      return executor.call(() -> {
        TcpEndpoint endpoint = TcpEndpoint.install(host, defaults, secretKey0, secretKey1);
        TcpService service = new TcpService(executor, endpoint, host.address());
        endpoint.setEventListener(service.new Dispatcher());
        return service;
      });
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("could not install tcp-lite on " + host.address(), e);
    }
  }

  // ------------------------------------------------------------------ blocking API

  /** An unconnected socket with this service's default options; set options, then connect. */
  public TcpSocket socket() {
    return new TcpSocket(this, endpoint.defaultConfig());
  }

  /**
   * Connects a new socket to {@code remote}, waiting for the handshake without a time limit of its
   * own (the SYN retry limit of the default {@link TcpConfig} still applies).
   *
   * @throws java.net.ConnectException if the peer refuses or never answers
   */
  public TcpSocket connect(Endpoint remote) throws IOException {
    TcpSocket socket = socket();
    socket.connect(remote);
    return socket;
  }

  /** An unbound server socket; set options, then {@link TcpServerSocket#bind}. */
  public TcpServerSocket serverSocket() {
    return new TcpServerSocket(this);
  }

  /**
   * A server socket listening on {@code local} (port 0 picks an ephemeral port, address 0.0.0.0
   * every local address) with room for {@code backlog} connections waiting for accept.
   *
   * @throws java.net.BindException if the port is in use (the message names the holder)
   */
  public TcpServerSocket listen(Endpoint local, int backlog) throws IOException {
    TcpServerSocket server = serverSocket();
    server.bind(local, backlog);
    return server;
  }

  // ------------------------------------------------------------------ non-blocking API

  /**
   * Listens on {@code local} and serves every accepted connection with a fresh handler from
   * {@code handlers}, on the host thread. May be called from any thread.
   *
   * @throws java.net.BindException if the port is in use
   */
  public TcpAcceptor listen(Endpoint local, int backlog, Supplier<? extends TcpHandler> handlers)
      throws IOException {
    Objects.requireNonNull(handlers, "handlers");
    return onHost(() -> {
      checkNotShuttingDown();
      TcpListener listener = endpoint.listen(local, backlog, false);
      TcpAcceptor acceptor = new TcpAcceptor(this, listener, handlers);
      acceptObservers.put(listener, acceptor::acceptAll);
      return acceptor;
    });
  }

  /** {@link #connect(Endpoint, TcpConfig, TcpHandler)} with the default configuration. */
  public CompletableFuture<TcpSession> connect(Endpoint remote, TcpHandler handler) {
    return connect(remote, endpoint.defaultConfig(), handler);
  }

  /**
   * Opens a connection served by {@code handler} on the host thread. Returns at once, from any
   * thread (on the host thread the SYN is sent before this returns). The future completes on the
   * host thread when the handshake completes (just before {@link TcpHandler#onConnected}), or
   * exceptionally with a {@link java.net.ConnectException} (refused, timed out), a {@link
   * java.net.BindException} (no free port) or a {@link SocketException} (host shut down); then
   * the handler hears nothing.
   */
  public CompletableFuture<TcpSession> connect(Endpoint remote, TcpConfig config,
      TcpHandler handler) {
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(handler, "handler");
    CompletableFuture<TcpSession> future = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          checkNotShuttingDown();
          TcpConnection connection = endpoint.connect(executor.nowNs(), null, remote, config);
          TcpSession session = new TcpSession(this, connection, handler, future);
          observers.put(connection, session.observer());
        } catch (IOException | RuntimeException e) {
          future.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(hostShutDown());
    }
    return future;
  }

  // ------------------------------------------------------------------ queries

  /** This host's address. */
  public Ipv4Address address() {
    return address;
  }

  /** The thread that owns this host, for running code next to non-blocking sessions. */
  public HostExecutor executor() {
    return executor;
  }

  /** The configuration of accepted connections and of new sockets. */
  public TcpConfig defaultConfig() {
    return endpoint.defaultConfig();
  }

  /** Host-wide TCP counters; thread-safe. */
  public TcpCounters counters() {
    return endpoint.counters();
  }

  /** Connections the engine still holds (TIME-WAIT included), read on the host thread. */
  public int connectionCount() throws IOException {
    return onHost(() -> endpoint.connections().size());
  }

  /** A snapshot of every connection the engine holds (TIME-WAIT included), for netstat. */
  public List<TcpInfo> connectionInfos() throws IOException {
    return onHost(() -> {
      List<TcpInfo> infos = new ArrayList<>();
      for (TcpConnection connection : endpoint.connections()) {
        infos.add(TcpInfo.of(connection));
      }
      return infos;
    });
  }

  // ------------------------------------------------------------------ shutdown

  /**
   * Closes every connection of this host the way a kernel closes the sockets of a process that
   * exits, then waits at most {@code linger} for their closing handshakes (RFC 9293 §3.10.4):
   *
   * <ul>
   *   <li>listeners close; connections they had not handed out yet are reset;
   *   <li>a connection still opening (SYN-SENT) is dropped;
   *   <li>a connection with received bytes nobody read is reset (RFC 1122 §4.2.2.13), and so is
   *       one to which bytes arrive from now on; every other one sends its FIN after what is
   *       queued;
   *   <li>blocking sockets of this service behave as closed from now on (blocked threads wake
   *       with {@link SocketException}); non-blocking handlers hear only {@link
   *       TcpHandler#onClosed}; new connections and listeners are refused.
   * </ul>
   *
   * <p>Returns once every connection has finished its handshake (reached TIME-WAIT or CLOSED: the
   * peer has our FIN and we have its FIN, or it was reset) or when {@code linger} has passed; the
   * connections still open then are reset, so that no peer waits for a host that has gone. An
   * interrupt does not cut the wait short (it is bounded); the thread's interrupt flag is kept.
   * Call from any thread but the host's. Later calls only wait again.
   *
   * @return true if every closing handshake finished within {@code linger}
   * @throws IllegalStateException on the host thread
   */
  public boolean shutdown(Duration linger) {
    Objects.requireNonNull(linger, "linger");
    if (inHostThread()) {
      throw new IllegalStateException("shutdown waits for the host thread; call it elsewhere");
    }
    long deadlineNs = System.nanoTime() + Math.max(0, linger.toNanos());
    boolean interrupted = Thread.interrupted();
    try {
      boolean hostRunning = runOnHost(this::closeEverything);
      interrupted |= Thread.interrupted();
      if (!hostRunning) {
        return true; // the host has shut down already: nothing is left to close
      }
      while (true) {
        long seen = closing.version();
        Integer open = callOnHost(this::connectionsStillClosing);
        interrupted |= Thread.interrupted();
        if (open == null || open == 0) {
          return true;
        }
        long nowNs = System.nanoTime();
        if (nowNs - deadlineNs >= 0) {
          runOnHost(this::resetTheRest);
          interrupted |= Thread.interrupted();
          return false;
        }
        // Events signal progress; some transitions (an ACK of our FIN in CLOSING) have none, so
        // look again at least every 10 ms.
        long waitUntilNs = Math.min(deadlineNs, nowNs + 10_000_000L);
        try {
          closing.awaitChange(seen, waitUntilNs == 0 ? 1 : waitUntilNs);
        } catch (InterruptedIOException e) {
          Thread.interrupted();
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Host thread: step one of {@link #shutdown}. */
  private void closeEverything() {
    shuttingDown = true;
    long now = executor.nowNs();
    for (Map.Entry<TcpListener, Runnable> listener : List.copyOf(acceptObservers.entrySet())) {
      closeListener(listener.getKey());
      listener.getValue().run(); // wakes a blocked accept, which finds the listener closed
    }
    for (TcpConnection connection : endpoint.connections()) {
      if (connection.state() == TcpState.SYN_SENT) {
        connection.abort(now); // nothing was sent to anyone yet: just forget it (no RST)
        endpoint.flush(now, connection);
        continue;
      }
      ConnectionObserver owner = observers.get(connection);
      if (owner != null) {
        owner.onShutdown(connection);
      } else {
        closeLikeKernel(connection);
      }
    }
  }

  /** Host thread: connections neither in TIME-WAIT nor CLOSED. */
  private int connectionsStillClosing() {
    int open = 0;
    for (TcpConnection connection : endpoint.connections()) {
      TcpState state = connection.state();
      if (state != TcpState.TIME_WAIT && state != TcpState.CLOSED) {
        open++;
      }
    }
    return open;
  }

  /** Host thread: the linger has passed; reset what has not finished closing. */
  private void resetTheRest() {
    long now = executor.nowNs();
    for (TcpConnection connection : endpoint.connections()) {
      if (connection.state() != TcpState.TIME_WAIT) {
        connection.abort(now);
        endpoint.flush(now, connection);
      }
    }
  }

  /**
   * Host thread: the application's close of a connection ({@link TcpConnection#close}, RFC 9293
   * §3.10.4): FIN after the queued bytes, or RST if received bytes were left unread or arrive later
   * (RFC 1122 §4.2.2.13); FIN-WAIT-2 bounded by {@link TcpConfig#finWait2TimeoutNs}.
   */
  void closeLikeKernel(TcpConnection connection) {
    long now = executor.nowNs();
    connection.close(now);
    endpoint.flush(now, connection);
  }

  private void checkNotShuttingDown() throws SocketException {
    if (shuttingDown) {
      throw new SocketException("host " + address + " is shutting down; it opens no connections");
    }
  }

  /** Runs {@code task} on the host thread and waits; false if the host has shut down. */
  private boolean runOnHost(Runnable task) {
    return callOnHost(() -> {
      task.run();
      return Boolean.TRUE;
    }) != null;
  }

  /**
   * Runs {@code task} on the host thread and waits, ignoring interrupts (the caller bounds the
   * wait and restores the flag); null if the host has shut down.
   */
  private <T> T callOnHost(Callable<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          result.complete(task.call());
        } catch (Exception | Error e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      return null;
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get();
        } catch (InterruptedException e) {
          interrupted = true; // keep waiting: the host thread answers promptly
        }
      }
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("shutdown step failed on " + address, cause);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "TcpService(" + address + ")";
  }

  // ------------------------------------------------------------------ for the socket classes

  TcpEndpoint endpoint() {
    return endpoint;
  }

  long nowNs() {
    return executor.nowNs();
  }

  boolean inHostThread() {
    return executor.inHostThread();
  }

  /** Host thread: routes the connection's events to {@code observer} until CLOSED. */
  void observe(TcpConnection connection, ConnectionObserver observer) {
    if (connection.state() != TcpState.CLOSED) {
      observers.put(connection, observer);
    }
  }

  /** Host thread: routes the listener's "connection waiting" signal to {@code onAcceptable}. */
  void observeListener(TcpListener listener, Runnable onAcceptable) {
    acceptObservers.put(listener, onAcceptable);
  }

  /** Host thread: closes a listener and forgets its observer. */
  void closeListener(TcpListener listener) {
    acceptObservers.remove(listener);
    endpoint.closeListener(executor.nowNs(), listener);
  }

  /**
   * Runs {@code task} on the host thread and returns its result. A host that has shut down
   * becomes a {@link SocketException}; I/O and unchecked exceptions of the task pass through.
   */
  <T> T onHost(Callable<T> task) throws IOException {
    return onHost(task, false);
  }

  /**
   * As {@link #onHost(Callable)}, on the host's own thread if {@code onHostThread} (see {@link
   * HostExecutor#callOnHostThread}): for a bulk copy.
   */
  <T> T onHost(Callable<T> task, boolean onHostThread) throws IOException {
    try {
      return onHostThread ? executor.callOnHostThread(task) : executor.call(task);
    } catch (RejectedExecutionException e) {
      throw hostShutDown();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for host " + address);
    } catch (Exception e) {
      throw new SocketException("TCP operation on " + address + " failed: " + e);
    }
  }

  /** Runs {@code task} on the host thread without waiting; false if the host has shut down. */
  boolean onHostLater(Runnable task) {
    try {
      executor.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  SocketException hostShutDown() {
    return new SocketException("host " + address + " has shut down; its sockets are closed");
  }

  /** The engine's event hook: forwards to the socket that owns the connection. */
  private final class Dispatcher implements TcpEndpoint.EventListener {
    @Override
    public void onEvent(TcpConnection connection, TcpConnection.Event event) {
      if (shuttingDown) {
        closing.signal();
      }
      ConnectionObserver observer = event == TcpConnection.Event.CLOSED
          ? observers.remove(connection) : observers.get(connection);
      if (observer == null) {
        return; // not accepted yet: the socket reads its state when accept hands it out
      }
      try {
        observer.onEvent(connection, event);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "socket callback failed on " + connection, e);
      }
    }

    @Override
    public void onAcceptable(TcpListener listener) {
      Runnable observer = acceptObservers.get(listener);
      if (observer != null) {
        observer.run();
      }
    }
  }
}
