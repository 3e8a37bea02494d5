package org.minitransport.udp;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.driver.HostExecutor;

/**
 * A udp-lite socket, shaped like {@code java.net.DatagramSocket}: best-effort datagrams with
 * message boundaries preserved (zero-length datagrams included), a bounded receive buffer, and
 * errors as {@code java.net} exceptions.
 *
 * <ul>
 *   <li>{@link #send(Endpoint, byte[])} queues one datagram and returns; payloads over {@link
 *       UdpService#maxPayload()} (MTU − 28; there is no IP fragmentation) fail with a {@link
 *       SocketException} naming the limit.
 *   <li>{@link #receive()} blocks (bounded by {@link #setSoTimeout}: {@link
 *       SocketTimeoutException}); {@link #tryReceive()} never blocks.
 *   <li>{@link #connect(Endpoint)} sets the default destination and accepts datagrams only from
 *       that peer; an ICMP port unreachable from the peer is thrown once as a {@link
 *       PortUnreachableException} by the next send or receive, as on Linux.
 *   <li>{@link #close()} frees the port and wakes blocked receivers with a {@link
 *       SocketException}; every later call fails with "Socket is closed".
 * </ul>
 *
 * <p>Thread-safe: several threads may send while others receive.
 */
public final class UdpSocket implements Closeable {

  private final UdpService service;
  private final UdpBinding binding;
  private volatile int soTimeoutMillis;

  UdpSocket(UdpService service, UdpBinding binding) {
    this.service = service;
    this.binding = binding;
    binding.queue.onChange(service.executor()::wakeArrivalWaiter);
  }

  /** The bound local endpoint (address 0.0.0.0 if bound to every address). */
  public Endpoint localEndpoint() {
    return binding.local();
  }

  /** The connected peer, or null. */
  public Endpoint remoteEndpoint() {
    return binding.remote();
  }

  /** This socket's counters. */
  public UdpCounters counters() {
    return binding.counters();
  }

  public boolean isClosed() {
    return binding.isClosed();
  }

  public boolean isConnected() {
    return binding.remote() != null;
  }

  /**
   * Sets the receive timeout like {@code DatagramSocket.setSoTimeout}: 0 (the default) waits
   * forever.
   */
  public void setSoTimeout(int millis) throws SocketException {
    ensureOpen();
    if (millis < 0) {
      throw new IllegalArgumentException("timeout " + millis + " ms must not be negative");
    }
    this.soTimeoutMillis = millis;
  }

  public int getSoTimeout() {
    return soTimeoutMillis;
  }

  /**
   * Sends {@code data} to {@code destination}. The array may be reused once this returns.
   *
   * @throws PortUnreachableException if an earlier datagram to the connected peer was refused
   * @throws SocketException if closed, if the payload is too large, or if connected to another
   *     peer
   */
  public void send(Endpoint destination, byte[] data) throws IOException {
    send(destination, data, 0, data.length);
  }

  /** Sends {@code data[offset..offset+length)}; see {@link #send(Endpoint, byte[])}. */
  public void send(Endpoint destination, byte[] data, int offset, int length) throws IOException {
    Objects.requireNonNull(destination, "destination");
    Objects.checkFromIndexSize(offset, length, data.length);
    ensureOpen();
    Endpoint peer = binding.remote();
    if (peer != null && !peer.equals(destination)) {
      throw new SocketException(
          "socket is connected to " + peer + "; cannot send to " + destination);
    }
    if (destination.address().isAny() || destination.port() == 0) {
      throw new SocketException(
          "cannot send to " + destination + ": needs a specific address and a port 1-65535");
    }
    int limit = service.maxPayload();
    if (length > limit) {
      throw new SocketException(
          "datagram of " + length + " bytes exceeds the limit of " + limit
              + " bytes (MTU minus 28 bytes of IPv4 and UDP headers); there is no fragmentation");
    }
    IOException pending = binding.queue.takeError();
    if (pending != null) {
      throw pending;
    }
    byte[] copy = new byte[length];
    System.arraycopy(data, offset, copy, 0, length);
    UdpEndpoint endpoint = service.endpoint();
    try {
      service.executor().execute(() ->
          endpoint.send(service.executor().nowNs(), binding, destination, copy, 0, copy.length));
    } catch (RejectedExecutionException e) {
      throw new SocketException("host has shut down; socket " + binding.local() + " is closed");
    }
  }

  /** Sends to the connected peer. */
  public void send(byte[] data) throws IOException {
    Endpoint peer = binding.remote();
    if (peer == null) {
      ensureOpen();
      throw new SocketException("socket is not connected; give a destination");
    }
    send(peer, data, 0, data.length);
  }

  /**
   * Waits for the next datagram, at most {@link #getSoTimeout()} ms if that is non-zero.
   *
   * @throws SocketTimeoutException if the timeout passes first
   * @throws PortUnreachableException if the connected peer refused an earlier datagram
   * @throws SocketException if the socket is or becomes closed
   * @throws IllegalStateException if called on the host's own thread, where it would block the
   *     host (in a deterministic simulation use {@link #tryReceive()})
   */
  public ReceivedDatagram receive() throws IOException {
    int timeout = soTimeoutMillis;
    return receive(timeout == 0 ? Duration.ZERO : Duration.ofMillis(timeout));
  }

  /**
   * Waits up to {@code timeout} for the next datagram ({@link Duration#ZERO} waits forever).
   *
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @see #receive()
   */
  public ReceivedDatagram receive(Duration timeout) throws IOException {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException(
          "receive timeout " + timeout + " must not be negative (Duration.ZERO waits forever)");
    }
    ensureOpen();
    if (service.executor().inHostThread()) {
      throw new IllegalStateException(
          "blocking receive on the host thread would stall the host; use tryReceive()");
    }
    ReceivedDatagram datagram;
    long timeoutNs = timeout.toNanos();
    long deadlineNs = 0; // none
    if (timeoutNs != 0) {
      deadlineNs = System.nanoTime() + timeoutNs;
      deadlineNs = deadlineNs == 0 ? 1 : deadlineNs;
    }
    try {
      waitOnHostSockets(deadlineNs);
      if (deadlineNs == 0) {
        datagram = binding.queue.await(0);
      } else {
        long leftNs = deadlineNs - System.nanoTime();
        datagram = leftNs > 0 ? binding.queue.await(leftNs) : binding.queue.poll();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while receiving on " + binding.local());
    }
    if (datagram != null) {
      return datagram;
    }
    ensureOpen();
    throw new SocketTimeoutException(
        "no datagram on " + binding.local() + " within " + timeout.toMillis() + " ms");
  }

  /**
   * Where the host's loop lets it ({@link HostExecutor#awaitArrivals}), waits for the next
   * datagram on the host's socket itself, as a thread blocked in a kernel socket's {@code recv}
   * does, until the queue has something for this receiver or the deadline passes; the loop stands
   * aside meanwhile, so the datagram wakes this thread and not the loop first. Where it cannot,
   * returns at once and the receiver waits on the queue.
   */
  private void waitOnHostSockets(long deadlineNs) {
    HostExecutor executor = service.executor();
    long seen = binding.queue.changes(); // before the look: a later offer moves it
    if (binding.queue.isReady()) {
      return;
    }
    while (binding.queue.changes() == seen && !Thread.currentThread().isInterrupted()) {
      if (deadlineNs != 0 && deadlineNs - System.nanoTime() <= 0) {
        return;
      }
      if (!executor.awaitArrivals(() -> binding.queue.changes() != seen, deadlineNs)) {
        return;
      }
    }
  }

  /**
   * Takes the next datagram if one is buffered.
   *
   * @return the datagram, or null if none is waiting
   * @throws PortUnreachableException if none is waiting and the connected peer refused an earlier
   *     datagram
   */
  public ReceivedDatagram tryReceive() throws IOException {
    ensureOpen();
    return binding.queue.poll();
  }

  /**
   * Sets the default destination and accepts datagrams only from {@code remote}.
   *
   * @throws IllegalArgumentException if {@code remote} has the wildcard address or port 0
   */
  public void connect(Endpoint remote) throws SocketException {
    Objects.requireNonNull(remote, "remote");
    ensureOpen();
    onHost(() -> service.endpoint().connect(binding, remote));
  }

  /** Undoes {@link #connect}: any source is accepted again. */
  public void disconnect() throws SocketException {
    ensureOpen();
    onHost(() -> service.endpoint().disconnect(binding));
  }

  /** Frees the port and wakes blocked receivers. Idempotent. */
  @Override
  public void close() {
    if (binding.isClosed()) {
      return;
    }
    try {
      onHost(() -> service.endpoint().close(binding));
    } catch (SocketException e) {
      // The host has shut down, which closed every socket already.
      binding.queue.close();
    }
  }

  @Override
  public String toString() {
    return "UdpSocket(" + binding + (binding.isClosed() ? ", closed" : "") + ")";
  }

  private void ensureOpen() throws SocketException {
    if (binding.isClosed()) {
      throw new SocketException("Socket is closed");
    }
  }

  private void onHost(Runnable command) throws SocketException {
    try {
      service.executor().call(() -> {
        command.run();
        return null;
      });
    } catch (RuntimeException e) {
      if (e instanceof RejectedExecutionException) {
        throw new SocketException("host has shut down; socket " + binding.local() + " is closed");
      }
      throw e;
    } catch (Exception e) {
      throw new SocketException(e.toString());
    }
  }
}
