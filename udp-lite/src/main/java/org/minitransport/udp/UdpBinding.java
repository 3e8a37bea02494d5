package org.minitransport.udp;

import java.io.IOException;
import java.util.Objects;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.port.PortBinding;
import org.minitransport.udp.internal.DatagramQueue;

/**
 * One open UDP socket as its {@link UdpEndpoint} sees it: its port-table entry, its bounded
 * receive buffer, its peer if connected, its counters. A {@link UdpEndpoint} implementation makes
 * one in {@link UdpEndpoint#open} ({@code new UdpBinding(bytes)}, then {@link #attach} the entry
 * it bound with this binding as owner) and uses the rest; {@link UdpSocket} reads the buffer.
 *
 * <p>The endpoint calls the mutators on the host thread; {@link #remote()} and {@link #isClosed()}
 * are volatile reads and the buffer is thread-safe, so socket threads may read them.
 */
public final class UdpBinding {

  final DatagramQueue queue;
  private final UdpCounters counters = new UdpCounters();
  private PortBinding<Object> port;
  private volatile Endpoint remote;
  private volatile boolean closed;

  /**
   * A binding whose receive buffer holds {@code receiveBufferBytes} (see {@link
   * UdpSocketOptions#receiveBufferBytes()}).
   *
   * @throws IllegalArgumentException if {@code receiveBufferBytes} is not positive
   */
  public UdpBinding(int receiveBufferBytes) {
    this.queue = new DatagramQueue(receiveBufferBytes);
  }

  /**
   * Records the port-table entry this binding owns; once, right after the bind.
   *
   * @throws IllegalStateException if an entry was attached already
   */
  public void attach(PortBinding<Object> entry) {
    Objects.requireNonNull(entry, "entry");
    if (port != null) {
      throw new IllegalStateException("binding already has port entry " + port);
    }
    port = entry;
  }

  /** The port-table entry ({@link #attach}). */
  public PortBinding<Object> port() {
    return port;
  }

  /** The bound local endpoint (address 0.0.0.0 if bound to every address). */
  public Endpoint local() {
    return port.local();
  }

  /** The connected peer, or null. */
  public Endpoint remote() {
    return remote;
  }

  /** Sets the connected peer ({@code null}: not connected). */
  public void setRemote(Endpoint peer) {
    this.remote = peer;
  }

  /**
   * Puts {@code datagram} into the receive buffer.
   *
   * @return false if the buffer is full or closed: the caller counts a receive-buffer error
   */
  public boolean deliver(ReceivedDatagram datagram) {
    return queue.offer(datagram);
  }

  /** Makes the socket's next receive or send throw {@code error} once (an ICMP error). */
  public void reportError(IOException error) {
    queue.reportError(error);
  }

  /** Forgets a pending error ({@link #reportError}). */
  public void clearError() {
    queue.takeError();
  }

  /** Marks the binding closed and closes its buffer, waking blocked receivers. */
  public void markClosed() {
    closed = true;
    queue.close();
  }

  /** Whether {@link #markClosed()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** This socket's counters; the endpoint records on them as on its own. */
  public UdpCounters counters() {
    return counters;
  }

  @Override
  public String toString() {
    Endpoint peer = remote;
    return "udp-socket " + (port == null ? "(unbound)" : port.local())
        + (peer == null ? "" : " -> " + peer);
  }
}
