package org.minitransport.tcp.socket;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Objects;
import java.util.Optional;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.SocketPair;
import org.minitransport.core.driver.HostExecutor;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.TcpInfo;
import org.minitransport.tcp.TcpState;

/**
 * A blocking tcp-lite socket, shaped like {@code java.net.Socket}: a reliable, ordered byte
 * stream each way (RFC 9293), with streams, timeouts, half-close, and errors as {@code java.net}
 * exceptions. Obtain one from {@link TcpService#socket()} (then {@link #connect}), {@link
 * TcpService#connect(Endpoint)} or {@link TcpServerSocket#accept()}.
 *
 * <ul>
 *   <li><b>Connect</b> waits for the handshake: a RST in reply to the SYN is a {@link
 *       java.net.ConnectException} "Connection refused"; SYN retransmissions running out (the
 *       config's {@code synRetriesBeforeAbort}) a {@code ConnectException} "Connection timed out";
 *       the caller's own timeout a {@link SocketTimeoutException}. A socket whose connect failed
 *       is closed.
 *   <li><b>Reading</b> ({@link #getInputStream()}) blocks until bytes arrive, the peer's FIN
 *       (-1), or an error; {@link #setSoTimeout} bounds the wait ({@link SocketTimeoutException};
 *       the socket stays usable). Bytes are copied out on the host thread, so a window update
 *       they call for goes out at once (one is sent when the window the peer knows of has fallen
 *       to half the buffer and the read at least doubles it, as in Linux; otherwise the next
 *       segment carries the new window).
 *   <li><b>Writing</b> ({@link #getOutputStream()}) blocks while the send buffer is full (back
 *       pressure) and returns once every byte is in it; the buffer holds unacknowledged bytes too.
 *   <li><b>Close</b>: {@link #close()} is the graceful close (FIN after the queued bytes, RFC 9293
 *       §3.10.4); if received bytes were never read, or bytes arrive after close, the connection
 *       is reset instead (RFC 1122 §4.2.2.13), so the peer never mistakes lost bytes for a clean
 *       end. {@link #abort()} resets at once (RST, §3.10.5). Either wakes threads blocked on this
 *       socket with a {@link SocketException}; every later call fails with "Socket closed".
 *   <li><b>Errors</b>: a reset by the peer is a {@link SocketException} "Connection reset" on the
 *       next read or write; retransmissions running out is "Connection timed out".
 *   <li><b>Urgent data</b> (RFC 9293 §3.8.5) is always inline, as {@code java.net.Socket} with
 *       {@code setOOBInline(true)}: urgent bytes come through the input stream in order; {@link
 *       #urgentBytesPending()} says how many bytes to read to get past them and {@link
 *       #isAtUrgentMark()} whether the next byte is the urgent one. {@link #sendUrgentData} sends
 *       one urgent byte.
 * </ul>
 *
 * <p><b>Options</b> ({@link #setTcpNoDelay}, {@link #setKeepAlive}, buffer sizes, or a whole
 * {@link TcpConfig}) are fixed when the connection opens: set them before {@link #connect}. An
 * accepted socket has the service's default configuration.
 *
 * <p>Thread-safe: one thread may read while another writes and a third closes. Never call a
 * blocking method on the host's own thread (it would wait for itself); that is an {@link
 * IllegalStateException}.
 */
public final class TcpSocket implements Closeable {

  private final TcpService service;
  private final StreamMonitor monitor;
  private final InputStream input = new TcpInputStream(this);
  private final OutputStream output = new TcpOutputStream(this);
  /**
   * Reads and writes up to this many bytes may run on the calling thread while the host's loop
   * waits ({@link HostExecutor#call}); larger ones, bulk copies, go to the host thread ({@link
   * HostExecutor#callOnHostThread}), which meanwhile cannot take arrivals otherwise (system
   * property {@code minitransport.tcp.inlineBytes}).
   */
  static final int INLINE_BYTES = Integer.getInteger("minitransport.tcp.inlineBytes", 16 * 1024);

  private final Object configLock = new Object();
  private TcpConfig config;
  private Endpoint localRequest;
  private volatile TcpConnection connection; // its methods are only ever called on the host thread
  private volatile SocketPair pair;
  private volatile boolean connectStarted;
  private volatile boolean connected;
  private volatile boolean closed;
  private volatile boolean inputShutdown;
  private volatile boolean outputShutdown;
  private volatile int soTimeoutMillis;
  private ParkedRead parked; // host thread only: a reader waiting for bytes
  private final ConnectionObserver observer = new ConnectionObserver() {
    @Override
    public void onEvent(TcpConnection c, TcpConnection.Event event) {
      TcpSocket.this.onEvent(c, event);
    }

    @Override
    public void onShutdown(TcpConnection c) {
      markClosed();
      service.closeLikeKernel(c);
    }
  };

  TcpSocket(TcpService service, TcpConfig config) {
    this.service = service;
    this.config = config;
    this.monitor = new StreamMonitor(StreamMonitor.SPIN_NS, service.executor()::wakeArrivalWaiter);
  }

  /** Host thread: wraps a connection just taken from a listener's accept queue. */
  static TcpSocket accepted(TcpService service, TcpConnection connection) {
    TcpSocket socket = new TcpSocket(service, service.defaultConfig());
    socket.connection = connection;
    socket.pair = connection.socketPair();
    socket.connectStarted = true;
    socket.connected = true;
    service.observe(connection, socket.observer);
    return socket;
  }

  // ------------------------------------------------------------------ options

  /** Sets TCP_NODELAY (disables Nagle, RFC 9293 §3.7.4); before connect only. */
  public void setTcpNoDelay(boolean on) throws SocketException {
    updateConfig(config().toBuilder().noDelay(on).build());
  }

  public boolean getTcpNoDelay() {
    return config().noDelay();
  }

  /** Sets SO_KEEPALIVE (RFC 9293 §3.8.4, timing from the config); before connect only. */
  public void setKeepAlive(boolean on) throws SocketException {
    updateConfig(config().toBuilder().keepAlive(on).build());
  }

  public boolean getKeepAlive() {
    return config().keepAlive();
  }

  /**
   * Sets the send buffer (1 KiB to 1 GiB; it holds unacknowledged bytes too); before connect only.
   */
  public void setSendBufferSize(int bytes) throws SocketException {
    updateConfig(config().toBuilder().sendBufferBytes(bytes).build());
  }

  public int getSendBufferSize() {
    return config().sendBufferBytes();
  }

  /** Sets the receive buffer, which bounds the advertised window; before connect only. */
  public void setReceiveBufferSize(int bytes) throws SocketException {
    updateConfig(config().toBuilder().receiveBufferBytes(bytes).build());
  }

  public int getReceiveBufferSize() {
    return config().receiveBufferBytes();
  }

  /** Replaces the whole connection configuration; before connect only. */
  public void setConfig(TcpConfig newConfig) throws SocketException {
    updateConfig(Objects.requireNonNull(newConfig, "config"));
  }

  /** The configuration the connection has (or will have). */
  public TcpConfig config() {
    synchronized (configLock) {
      return config;
    }
  }

  /**
   * Sets the read timeout like {@code Socket.setSoTimeout}: 0 (the default) waits forever.
   *
   * @throws IllegalArgumentException if negative
   */
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

  // ------------------------------------------------------------------ connect

  /**
   * Chooses the local endpoint for {@link #connect} (port 0: ephemeral). Conflicts surface as a
   * {@link java.net.BindException} from connect, when the socket pair is known.
   */
  public void bind(Endpoint local) throws SocketException {
    Objects.requireNonNull(local, "local");
    synchronized (configLock) {
      ensureOpen();
      if (connectStarted) {
        throw new SocketException("cannot bind: socket is already connected to " + pair.remote());
      }
      localRequest = local;
    }
  }

  /** Connects without a timeout of its own; see {@link #connect(Endpoint, int)}. */
  public void connect(Endpoint remote) throws IOException {
    connect(remote, 0);
  }

  /**
   * Opens the connection and waits for the handshake, at most {@code timeoutMillis} ms if that is
   * non-zero.
   *
   * @throws java.net.ConnectException if the peer refuses (RST) or the SYN retries run out
   * @throws SocketTimeoutException if {@code timeoutMillis} passes first
   * @throws java.net.BindException if the local endpoint or socket pair is in use
   * @throws SocketException if closed or already connected
   * @throws IllegalArgumentException if {@code remote} has the wildcard address or port 0
   */
  public void connect(Endpoint remote, int timeoutMillis) throws IOException {
    Objects.requireNonNull(remote, "remote");
    if (timeoutMillis < 0) {
      throw new IllegalArgumentException("timeout " + timeoutMillis + " ms must not be negative");
    }
    checkNotHostThread("connect");
    TcpConfig chosen;
    Endpoint local;
    synchronized (configLock) {
      ensureOpen();
      if (connectStarted) {
        throw new SocketException("socket is already connected or connecting");
      }
      connectStarted = true;
      chosen = config;
      local = localRequest;
    }
    long deadline = StreamMonitor.deadlineAfter(timeoutMillis);
    TcpConnection opened;
    try {
      opened = service.onHost(() -> {
        TcpConnection c = service.endpoint().connect(service.nowNs(), local, remote, chosen);
        service.observe(c, observer);
        return c;
      });
    } catch (IOException | RuntimeException e) {
      closed = true;
      throw e;
    }
    connection = opened;
    pair = opened.socketPair();
    while (true) {
      long seen = monitor.version();
      boolean established;
      try {
        established = service.onHost(() -> handshakeDone(opened));
      } catch (IOException e) {
        closed = true;
        throw e;
      }
      if (established) {
        connected = true;
        return;
      }
      if (closed) {
        throw new SocketException("Socket closed while connecting to " + remote);
      }
      if (!monitor.awaitChange(seen, deadline)) {
        abort();
        throw new SocketTimeoutException(
            "Connect timed out: no answer from " + remote + " within " + timeoutMillis + " ms");
      }
    }
  }

  /** Host thread: true once synchronized; throws the failure if the handshake failed. */
  private boolean handshakeDone(TcpConnection c) throws IOException {
    Optional<TcpConnection.Failure> failure = c.failure();
    if (failure.isPresent()) {
      throw SocketFailures.toException(failure.get(), c.socketPair().remote(), true);
    }
    return c.state().isSynchronized();
  }

  // ------------------------------------------------------------------ streams

  /** The stream of bytes from the peer; see the class comment for its blocking rules. */
  public InputStream getInputStream() throws SocketException {
    ensureConnected();
    return input;
  }

  /** The stream of bytes to the peer; see the class comment for back pressure. */
  public OutputStream getOutputStream() throws SocketException {
    ensureConnected();
    return output;
  }

  /**
   * Blocking read behind {@link #getInputStream()}: bytes read, or -1 at the end of stream.
   *
   * <p>If nothing is buffered, the read parks its array with the host thread, which copies the
   * next arrival straight into it and then wakes the reader: one hop between threads instead of
   * a wake-up followed by a second call. A reader that leaves for any other reason (timeout,
   * close) first takes its array back on the host thread, so nothing writes into it afterwards.
   */
  int read(byte[] into, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, into.length);
    checkNotHostThread("read");
    long deadline = StreamMonitor.deadlineAfter(soTimeoutMillis);
    while (true) {
      long seen = monitor.version(); // before the checks: see StreamMonitor
      ensureOpen();
      if (inputShutdown) {
        return -1;
      }
      if (length == 0) {
        return 0;
      }
      TcpConnection c = connection;
      ParkedRead read = new ParkedRead(into, offset, length);
      int n = service.onHost(() -> readOrPark(c, read), length > INLINE_BYTES);
      if (n != 0) {
        return n;
      }
      // A small read's reader (a request/response reply, say) waits on the host's sockets itself
      // where the host's loop lets it (EventLoop#awaitArrivals), and polls them while it spins
      // where the loop busy-polls (EventLoop#setBusyPolling); a bulk read leaves the arrivals to
      // the loop, as it leaves its copies there.
      boolean small = length <= INLINE_BYTES;
      HostExecutor executor = service.executor();
      boolean changed = monitor.awaitChange(seen, deadline,
          small ? executor::pollArrivals : StreamMonitor.NO_POLL,
          small ? executor::awaitArrivals : StreamMonitor.NO_ARRIVAL_WAIT);
      if (read.done) {
        return read.result;
      }
      int late = service.onHost(() -> unpark(read));
      if (late != ParkedRead.NOT_DONE) {
        return late;
      }
      if (!changed) {
        throw new SocketTimeoutException(
            "Read timed out after " + soTimeoutMillis + " ms on " + pair.local());
      }
    }
  }

  /** A reader's array, lent to the host thread while the reader waits. */
  private static final class ParkedRead {
    static final int NOT_DONE = Integer.MIN_VALUE;
    final byte[] into;
    final int offset;
    final int length;
    int result; // written before done
    volatile boolean done;

    ParkedRead(byte[] into, int offset, int length) {
      this.into = into;
      this.offset = offset;
      this.length = length;
    }
  }

  /** Host thread: reads now, or parks the reader's array for the next arrival. */
  private int readOrPark(TcpConnection c, ParkedRead read) throws IOException {
    int n = readOnHost(c, read.into, read.offset, read.length);
    if (n == 0) {
      parked = read;
    }
    return n;
  }

  /** Host thread: takes the array back; its result if the host filled it meanwhile. */
  private int unpark(ParkedRead read) {
    if (parked == read) {
      parked = null;
    }
    return read.done ? read.result : ParkedRead.NOT_DONE;
  }

  /** Host thread: fills a parked read if the connection has something for it. */
  private void completeParkedRead(TcpConnection c) {
    ParkedRead read = parked;
    if (read == null || closed || inputShutdown) {
      return;
    }
    int n;
    try {
      n = readOnHost(c, read.into, read.offset, read.length);
    } catch (IOException e) {
      parked = null; // the reader asks again and gets the failure
      return;
    }
    if (n != 0) {
      parked = null;
      read.result = n;
      read.done = true;
    }
  }

  /** Host thread: copies out what is buffered (0 if nothing yet, -1 at the end of stream). */
  private int readOnHost(TcpConnection c, byte[] into, int offset, int length)
      throws IOException {
    long now = service.nowNs();
    int n = c.read(now, into, offset, length);
    if (n > 0) {
      service.endpoint().flush(now, c);
      return n;
    }
    if (c.isInputFinished()) {
      return -1;
    }
    Optional<TcpConnection.Failure> failure = c.failure();
    if (failure.isPresent()) {
      throw SocketFailures.toException(failure.get(), pair.remote(), false);
    }
    return c.state() == TcpState.CLOSED ? -1 : 0;
  }

  /** Host thread: bytes readable now (for {@code InputStream.available}). */
  int available() throws IOException {
    ensureOpen();
    if (inputShutdown) {
      return 0;
    }
    TcpConnection c = connection;
    return service.onHost(c::bytesReadable);
  }

  /** Blocking write behind {@link #getOutputStream()}: returns once every byte is queued. */
  void write(byte[] data, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, data.length);
    int done = 0;
    while (done < length) {
      long seen = monitor.version();
      ensureOpen();
      if (outputShutdown) {
        throw new SocketException("Socket output is shutdown");
      }
      TcpConnection c = connection;
      int from = offset + done;
      int left = length - done;
      int n = service.onHost(() -> writeOnHost(c, data, from, left), left > INLINE_BYTES);
      done += n;
      if (n == 0) {
        checkNotHostThread("write");
        monitor.awaitChange(seen, 0);
      }
    }
  }

  /** Host thread: queues what fits in the send buffer. */
  private int writeOnHost(TcpConnection c, byte[] data, int offset, int length)
      throws IOException {
    checkWritableOnHost(c);
    long now = service.nowNs();
    int n = c.write(now, data, offset, length);
    if (n > 0) {
      service.endpoint().flush(now, c);
    }
    return n;
  }

  /** Host thread: throws what a write would meet: the failure, a shut-down output, CLOSED. */
  private void checkWritableOnHost(TcpConnection c) throws IOException {
    Optional<TcpConnection.Failure> failure = c.failure();
    if (failure.isPresent()) {
      throw SocketFailures.toException(failure.get(), pair.remote(), false);
    }
    if (c.isOutputShutdown()) {
      throw new SocketException("Socket output is shutdown");
    }
    if (c.state() == TcpState.CLOSED) {
      throw new SocketException("Connection to " + pair.remote() + " is closed");
    }
  }

  /**
   * Sends one byte of urgent data (RFC 9293 §3.8.5), the low eight bits of {@code data}, after
   * every byte written before and before any written after, like {@code
   * java.net.Socket.sendUrgentData}. Blocks while the send buffer is full.
   *
   * @throws SocketException if the socket is closed, its output shut down, or the connection failed
   */
  public void sendUrgentData(int data) throws IOException {
    ensureConnected();
    while (true) {
      long seen = monitor.version();
      ensureOpen();
      if (outputShutdown) {
        throw new SocketException("Socket output is shutdown");
      }
      TcpConnection c = connection;
      boolean queued = service.onHost(() -> {
        checkWritableOnHost(c);
        long now = service.nowNs();
        if (!c.sendUrgentData(now, data)) {
          return false;
        }
        service.endpoint().flush(now, c);
        return true;
      });
      if (queued) {
        return;
      }
      checkNotHostThread("sendUrgentData");
      monitor.awaitChange(seen, 0);
    }
  }

  /**
   * How many bytes the input stream must still deliver to get past the urgent data the peer has
   * sent: 0 if none is pending (RFC 1122 §4.2.2.4 asks that the application can learn this).
   */
  public long urgentBytesPending() throws IOException {
    ensureConnected();
    TcpConnection c = connection;
    return service.onHost(c::urgentBytesPending);
  }

  /**
   * Whether the next byte the input stream returns is the last urgent byte the peer sent (BSD's
   * {@code sockatmark}, the "urgent mark").
   */
  public boolean isAtUrgentMark() throws IOException {
    return urgentBytesPending() == 1;
  }

  // ------------------------------------------------------------------ half-close, close, abort

  /**
   * Sends a FIN after the queued bytes (half-close): the peer reads to its end of stream while
   * this side goes on reading. Later writes fail with "Socket output is shutdown".
   */
  public void shutdownOutput() throws IOException {
    ensureConnected();
    if (outputShutdown) {
      return;
    }
    outputShutdown = true;
    TcpConnection c = connection;
    service.onHost(() -> {
      long now = service.nowNs();
      c.shutdownOutput(now);
      service.endpoint().flush(now, c);
      return null;
    });
    monitor.signal();
  }

  /**
   * Stops reading: reads return -1 from now on and bytes that arrive are discarded (the window
   * stays open, so the peer can go on writing, as on Linux).
   */
  public void shutdownInput() throws IOException {
    ensureConnected();
    if (inputShutdown) {
      return;
    }
    inputShutdown = true;
    TcpConnection c = connection;
    service.onHost(() -> {
      discardOrReset(c);
      return null;
    });
    monitor.signal();
  }

  /**
   * Closes gracefully (see the class comment): FIN after the queued bytes, or RST if received bytes
   * were left unread. Returns at once; the connection finishes its close in the background and
   * then releases its port. Wakes blocked threads. Idempotent.
   */
  @Override
  public void close() {
    if (markClosed()) {
      TcpConnection c = connection;
      if (c != null) {
        service.onHostLater(() -> service.closeLikeKernel(c));
      }
    }
  }

  /** Resets the connection at once (RST, RFC 9293 §3.10.5); queued bytes are dropped. */
  public void abort() {
    markClosed();
    TcpConnection c = connection;
    if (c != null) {
      service.onHostLater(() -> {
        long now = service.nowNs();
        c.abort(now);
        service.endpoint().flush(now, c);
      });
    }
  }

  private boolean markClosed() {
    synchronized (configLock) {
      if (closed) {
        return false;
      }
      closed = true;
    }
    monitor.signal();
    return true;
  }

  /** Host thread: the connection's events wake whoever waits on this socket. */
  private void onEvent(TcpConnection c, TcpConnection.Event event) {
    if (event == TcpConnection.Event.READABLE && (closed || inputShutdown)) {
      discardOrReset(c);
    } else if (event != TcpConnection.Event.WRITABLE) {
      completeParkedRead(c);
    }
    monitor.signal();
  }

  /** Host thread: bytes nobody will read: reset after close, discard after shutdownInput. */
  private void discardOrReset(TcpConnection c) {
    if (c.bytesReadable() == 0 || c.state() == TcpState.CLOSED) {
      return;
    }
    long now = service.nowNs();
    if (closed) {
      c.abort(now);
    } else {
      byte[] scratch = new byte[Math.min(c.bytesReadable(), 16 * 1024)];
      while (c.read(now, scratch, 0, scratch.length) > 0) {
        // discarded, as shutdownInput promises
      }
    }
    service.endpoint().flush(now, c);
  }

  // ------------------------------------------------------------------ queries

  /** The local endpoint once connected (this host's address and the chosen port), else null. */
  public Endpoint localEndpoint() {
    SocketPair p = pair;
    return p == null ? null : p.local();
  }

  /** The peer once connected, else null. */
  public Endpoint remoteEndpoint() {
    SocketPair p = pair;
    return p == null ? null : p.remote();
  }

  /** The connection's state now (RFC 9293 §3.3.2), read on the host thread; CLOSED if none. */
  public TcpState state() throws IOException {
    TcpConnection c = connection;
    if (c == null) {
      return TcpState.CLOSED;
    }
    try {
      return service.onHost(c::state);
    } catch (SocketException e) {
      return TcpState.CLOSED; // the host shut down, which closed the connection
    }
  }

  /**
   * A snapshot of the connection (queues, RTT, congestion window, retransmissions), like Linux's
   * {@code TCP_INFO}; read on the host thread.
   *
   * @throws SocketException if the socket never connected, or the host has shut down
   */
  public TcpInfo info() throws IOException {
    TcpConnection c = connection;
    if (c == null) {
      throw new SocketException("Socket is not connected");
    }
    return service.onHost(() -> TcpInfo.of(c));
  }

  public boolean isConnected() {
    return connected;
  }

  public boolean isClosed() {
    return closed;
  }

  public boolean isInputShutdown() {
    return inputShutdown;
  }

  public boolean isOutputShutdown() {
    return outputShutdown;
  }

  @Override
  public String toString() {
    SocketPair p = pair;
    return "TcpSocket(" + (p == null ? "unconnected" : p.local() + " -> " + p.remote())
        + (closed ? ", closed" : "") + ")";
  }

  private void updateConfig(TcpConfig newConfig) throws SocketException {
    synchronized (configLock) {
      ensureOpen();
      if (connectStarted) {
        throw new SocketException("tcp-lite fixes options when the connection opens: set them"
            + " before connect (accepted sockets take the TcpService's default TcpConfig)");
      }
      config = newConfig;
    }
  }

  private void ensureOpen() throws SocketException {
    if (closed) {
      throw new SocketException("Socket closed");
    }
  }

  private void ensureConnected() throws SocketException {
    ensureOpen();
    if (!connected) {
      throw new SocketException("Socket is not connected");
    }
  }

  private void checkNotHostThread(String operation) {
    if (service.inHostThread()) {
      throw new IllegalStateException("blocking " + operation + " on the host thread would wait"
          + " for itself; use the non-blocking TcpHandler API there");
    }
  }
}
