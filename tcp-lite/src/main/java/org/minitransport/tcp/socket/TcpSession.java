package org.minitransport.tcp.socket;

import java.io.IOException;
import java.net.SocketException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.SocketPair;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.TcpInfo;
import org.minitransport.tcp.TcpState;

/**
 * One connection of the non-blocking API, confined to the host's thread: its {@link TcpHandler}
 * is called there, and its methods may only be called there (from a callback, or from a task given
 * to {@link TcpService#executor()}); anywhere else they throw {@link IllegalStateException}.
 *
 * <p>Nothing here blocks. {@link #read} returns what is buffered, {@link #write} queues what fits;
 * each sends what it allows (data, window updates) before it returns. {@link #close()} and {@link
 * #abort()} follow {@link TcpSocket#close()} and {@link TcpSocket#abort()}.
 */
public final class TcpSession {

  private static final System.Logger LOG = System.getLogger(TcpSession.class.getName());

  private final TcpService service;
  private final TcpConnection connection;
  private final SocketPair pair;
  private final TcpHandler handler;
  private final CompletableFuture<TcpSession> connected;
  private final ArrayDeque<TcpConnection.Event> pending = new ArrayDeque<>(2);
  private boolean dispatching;
  private boolean closedByApplication;
  private boolean finished;
  private Object attachment;
  private final ConnectionObserver observer = new ConnectionObserver() {
    @Override
    public void onEvent(TcpConnection c, TcpConnection.Event event) {
      TcpSession.this.onEvent(c, event);
    }

    @Override
    public void onShutdown(TcpConnection c) {
      close();
    }
  };

  TcpSession(TcpService service, TcpConnection connection, TcpHandler handler,
      CompletableFuture<TcpSession> connected) {
    this.service = service;
    this.connection = connection;
    this.pair = connection.socketPair();
    this.handler = Objects.requireNonNull(handler, "handler");
    this.connected = connected;
  }

  // ------------------------------------------------------------------ commands (host thread)

  /**
   * Copies out up to {@code length} received bytes.
   *
   * @return the bytes read, 0 if none are buffered yet, -1 at the end of the stream
   * @throws SocketException if the connection failed (reset, timed out) or was closed here
   */
  public int read(byte[] into, int offset, int length) throws IOException {
    checkThread();
    Objects.checkFromIndexSize(offset, length, into.length);
    if (closedByApplication) {
      throw new SocketException("session " + pair + " is closed");
    }
    long now = service.nowNs();
    int n = connection.read(now, into, offset, length);
    if (n > 0) {
      service.endpoint().flush(now, connection);
      return n;
    }
    if (connection.isInputFinished()) {
      return -1;
    }
    throwIfFailed();
    return connection.state() == TcpState.CLOSED ? -1 : 0;
  }

  /** {@link #read(byte[], int, int)} into the whole array. */
  public int read(byte[] into) throws IOException {
    return read(into, 0, into.length);
  }

  /**
   * Queues as many of the bytes as fit in the send buffer.
   *
   * @return how many were taken; fewer than {@code length} means wait for {@link
   *     TcpHandler#onWritable}
   * @throws SocketException if the connection failed, the output was shut down, or it is closed
   */
  public int write(byte[] data, int offset, int length) throws IOException {
    checkThread();
    Objects.checkFromIndexSize(offset, length, data.length);
    checkWritable();
    long now = service.nowNs();
    int n = connection.write(now, data, offset, length);
    if (n > 0) {
      service.endpoint().flush(now, connection);
    }
    return n;
  }

  /** {@link #write(byte[], int, int)} of the whole array. */
  public int write(byte[] data) throws IOException {
    return write(data, 0, data.length);
  }

  /** Throws what writing to this session would: closed, failed, output shut down or CLOSED. */
  private void checkWritable() throws IOException {
    if (closedByApplication) {
      throw new SocketException("session " + pair + " is closed");
    }
    throwIfFailed();
    if (connection.isOutputShutdown()) {
      throw new SocketException("Socket output is shutdown");
    }
    if (connection.state() == TcpState.CLOSED) {
      throw new SocketException("Connection to " + pair.remote() + " is closed");
    }
  }

  /**
   * Queues one byte of urgent data, the low eight bits of {@code data}, after the bytes already
   * written (like {@code java.net.Socket.sendUrgentData}; RFC 9293 §3.8.5).
   *
   * @return false if the send buffer is full: wait for {@link TcpHandler#onWritable}
   * @throws SocketException if the connection failed, the output was shut down, or it is closed
   */
  public boolean sendUrgentData(int data) throws IOException {
    checkThread();
    checkWritable();
    long now = service.nowNs();
    boolean queued = connection.sendUrgentData(now, data);
    service.endpoint().flush(now, connection);
    return queued;
  }

  /** Half-close: a FIN after the queued bytes; reading goes on. Idempotent. */
  public void shutdownOutput() {
    checkThread();
    long now = service.nowNs();
    connection.shutdownOutput(now);
    service.endpoint().flush(now, connection);
  }

  /**
   * Closes gracefully (FIN), or resets if received bytes are left unread or arrive later; the
   * handler hears only {@link TcpHandler#onClosed} from now on. Idempotent.
   */
  public void close() {
    checkThread();
    if (closedByApplication) {
      return;
    }
    closedByApplication = true;
    service.closeLikeKernel(connection);
  }

  /** Resets at once (RST); {@link TcpHandler#onClosed} follows with an "aborted" failure. */
  public void abort() {
    checkThread();
    closedByApplication = true;
    long now = service.nowNs();
    connection.abort(now);
    service.endpoint().flush(now, connection);
  }

  // ------------------------------------------------------------------ queries (host thread)

  /** Bytes {@link #read} would return now. */
  public int bytesReadable() {
    checkThread();
    return connection.bytesReadable();
  }

  /** Bytes {@link #write} would take now. */
  public int sendCapacity() {
    checkThread();
    return connection.sendCapacity();
  }

  /** Bytes written but not yet acknowledged. */
  public int bytesUnacknowledged() {
    checkThread();
    return connection.bytesUnacknowledged();
  }

  /** A snapshot of the connection (queues, RTT, congestion window, retransmissions). */
  public TcpInfo info() {
    checkThread();
    return TcpInfo.of(connection);
  }

  /**
   * Bytes to read up to and including the last urgent byte the peer sent; 0 if no urgent data is
   * pending, 1 when the next byte read is the urgent one (see {@link TcpHandler#onUrgentData}).
   */
  public long urgentBytesPending() {
    checkThread();
    return connection.urgentBytesPending();
  }

  /** Whether the peer's end of stream has been read. */
  public boolean isInputFinished() {
    checkThread();
    return connection.isInputFinished();
  }

  public TcpState state() {
    checkThread();
    return connection.state();
  }

  /** Whether {@link TcpHandler#onClosed} has been called. Any thread may ask. */
  public boolean isFinished() {
    return finished;
  }

  /** Any thread may ask. */
  public Endpoint localEndpoint() {
    return pair.local();
  }

  /** Any thread may ask. */
  public Endpoint remoteEndpoint() {
    return pair.remote();
  }

  /** Attaches application state to the session (host thread). */
  public void attach(Object value) {
    checkThread();
    attachment = value;
  }

  /** What {@link #attach} stored, or null. */
  public Object attachment() {
    checkThread();
    return attachment;
  }

  @Override
  public String toString() {
    return "TcpSession(" + pair.local() + " -> " + pair.remote() + ")";
  }

  // ------------------------------------------------------------------ event delivery

  /** What the service calls with this session's events. */
  ConnectionObserver observer() {
    return observer;
  }

  /** Host thread: called by the acceptor for a connection just taken from the accept queue. */
  void startAccepted() {
    onEvent(connection, TcpConnection.Event.CONNECTED);
    if (connection.urgentBytesPending() > 0) {
      onEvent(connection, TcpConnection.Event.URGENT);
    }
    if (connection.bytesReadable() > 0 || connection.isInputFinished()) {
      onEvent(connection, TcpConnection.Event.READABLE);
    }
    if (connection.state() == TcpState.CLOSED) {
      onEvent(connection, TcpConnection.Event.CLOSED);
    }
  }

  /** Host thread: the connection's events, queued while a callback of this session runs. */
  void onEvent(TcpConnection c, TcpConnection.Event event) {
    pending.add(event);
    if (dispatching) {
      return; // a command inside a callback caused this: deliver after the callback returns
    }
    dispatching = true;
    try {
      for (TcpConnection.Event next = pending.poll(); next != null; next = pending.poll()) {
        dispatch(next);
      }
    } finally {
      dispatching = false;
    }
  }

  private void dispatch(TcpConnection.Event event) {
    if (finished) {
      return;
    }
    try {
      switch (event) {
        case CONNECTED -> {
          if (connected != null) {
            connected.complete(this);
          }
          handler.onConnected(this);
        }
        case READABLE -> {
          if (closedByApplication) {
            resetIfUnread();
          } else {
            handler.onReadable(this);
          }
        }
        case WRITABLE -> {
          if (!closedByApplication) {
            handler.onWritable(this);
          }
        }
        case URGENT -> {
          if (!closedByApplication) {
            handler.onUrgentData(this);
          }
        }
        case CLOSED -> finish();
        default -> { } // RESET, REFUSED, TIMED_OUT: the failure comes with CLOSED; STRUGGLING
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "handler of " + this + " failed; aborting", e);
      if (connection.state() != TcpState.CLOSED) {
        closedByApplication = true;
        long now = service.nowNs();
        connection.abort(now);
        service.endpoint().flush(now, connection);
      }
    }
  }

  private void finish() {
    finished = true;
    Optional<TcpConnection.Failure> failure = connection.failure();
    if (connected != null && !connected.isDone()) {
      connected.completeExceptionally(failure.isPresent()
          ? SocketFailures.toException(failure.get(), pair.remote(), true)
          : new SocketException("connection to " + pair.remote() + " closed during handshake"));
      return;
    }
    handler.onClosed(this, failure.map(f -> SocketFailures.toException(f, pair.remote(), false))
        .orElse(null));
  }

  private void resetIfUnread() {
    if (connection.bytesReadable() > 0 && connection.state() != TcpState.CLOSED) {
      long now = service.nowNs();
      connection.abort(now);
      service.endpoint().flush(now, connection);
    }
  }

  private void throwIfFailed() throws IOException {
    Optional<TcpConnection.Failure> failure = connection.failure();
    if (failure.isPresent()) {
      throw SocketFailures.toException(failure.get(), pair.remote(), false);
    }
  }

  private void checkThread() {
    if (!service.inHostThread()) {
      throw new IllegalStateException("TcpSession " + pair + " is confined to its host's thread;"
          + " run the code there with TcpService.executor().execute(...)");
    }
  }
}
