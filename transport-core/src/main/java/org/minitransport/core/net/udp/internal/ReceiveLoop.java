package org.minitransport.core.net.udp.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.util.function.BooleanSupplier;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.PacketReceiver;

/**
 * The body of one attachment's receive thread: waits on a selector for the non-blocking channel,
 * reads the waiting datagrams ({@link #drainReady}) into one reused direct buffer, checks each,
 * and hands a fresh copy to the receiver. An owner that polls the channel instead (an event loop)
 * calls {@link #drain} or {@link #drainReady} on its own thread.
 *
 * <p>Datagrams are untrusted: a bad one is dropped and counted ({@code OVERSIZE} above the MTU,
 * {@code MALFORMED} if shorter than an IPv4 header or not version 4, {@code NO_ROUTE} if addressed
 * to another virtual host, {@code DETACHED} once closing began). Nothing a peer sends ends the
 * loop, nor does an exception thrown by the receiver, nor an interrupt; only {@code closed}
 * becoming true (with a selector wakeup) does. On the way out it closes the selector, which
 * releases the already-closed channel's socket.
 */
final class ReceiveLoop implements Runnable {

  /**
   * How many {@link #drainReady} calls read a single datagram, once datagrams come one at a time,
   * before one drains the socket fully again.
   */
  static final int SINGLE_READS_BETWEEN_FULL_DRAINS = 16;

  /**
   * How many full drains in a row must each have found exactly one datagram before {@link
   * #drainReady} reads one at a time: a burst whose first datagram happened to come alone does
   * not count as datagrams coming singly.
   */
  static final int DRAINS_OF_ONE_BEFORE_SINGLE_READS = 4;

  private static final System.Logger LOG = System.getLogger(ReceiveLoop.class.getName());

  private final DatagramChannel channel;
  private final Selector selector;
  private final ByteBuffer buffer;
  private final int ownAddressBits;
  private final int mtu;
  private final PacketReceiver receiver;
  private final CounterPair counters;
  private final BooleanSupplier closed;
  /** {@link #drainReady} calls left that read one datagram; only the draining thread touches it. */
  private int singleReadsLeft;
  /** Full drains in a row by {@link #drainReady} that found exactly one datagram. */
  private int drainsOfOneInARow;

  ReceiveLoop(
      DatagramChannel channel,
      Selector selector,
      int maxDatagramBytes,
      int ownAddressBits,
      int mtu,
      PacketReceiver receiver,
      CounterPair counters,
      BooleanSupplier closed) {
    this.channel = channel;
    this.selector = selector;
    this.buffer = ByteBuffer.allocateDirect(maxDatagramBytes);
    this.ownAddressBits = ownAddressBits;
    this.mtu = mtu;
    this.receiver = receiver;
    this.counters = counters;
    this.closed = closed;
  }

  @Override
  public void run() {
    try {
      while (!closed.getAsBoolean()) {
        selector.select();
        selector.selectedKeys().clear();
        // An interrupt makes select() return at once until cleared; only close() ends this loop.
        Thread.interrupted();
        drainReady();
      }
    } catch (ClosedSelectorException | IOException e) {
      if (!closed.getAsBoolean()) {
        LOG.log(Level.WARNING, "UDP receive loop stopped: its selector failed", e);
      }
    } finally {
      try {
        selector.close();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "closing the receive selector failed", e);
      }
    }
  }

  /**
   * Reads and hands on every datagram waiting now; never blocks (the channel is non-blocking).
   * The last read finds the socket empty.
   *
   * @return how many datagrams it read, good or bad
   */
  int drain() {
    int read = 0;
    while (readOne()) {
      read++;
    }
    return read;
  }

  /**
   * For a caller whose selector has just reported the channel readable, a level-triggered one
   * that reports it again at once while anything is left: reads like {@link #drain}, except that
   * while datagrams come one at a time it reads just one. A request/response exchange finds one
   * datagram per arrival, and {@link #drain} then spends a second system call finding the socket
   * empty (0.4–0.5 µs of each side's turn on this machine; docs/performance.md, "the socket
   * path"). Once {@value #DRAINS_OF_ONE_BEFORE_SINGLE_READS} full drains in a row have each read
   * exactly one datagram, the next {@value #SINGLE_READS_BETWEEN_FULL_DRAINS} calls read one each;
   * then one drains fully again, so a backlog (a bulk transfer starting) is noticed and read in
   * batches again, having cost at most that many extra selections.
   */
  void drainReady() {
    if (singleReadsLeft > 0) {
      singleReadsLeft--;
      readOne();
      return;
    }
    int read = drain();
    if (read > 1) {
      drainsOfOneInARow = 0;
    } else if (read == 1) {
      drainsOfOneInARow++; // none at all (another thread read it first) counts neither way
    }
    if (drainsOfOneInARow >= DRAINS_OF_ONE_BEFORE_SINGLE_READS) {
      singleReadsLeft = SINGLE_READS_BETWEEN_FULL_DRAINS;
    }
  }

  /** Reads and hands on one datagram if one is waiting; whether it read one. */
  private boolean readOne() {
    buffer.clear();
    SocketAddress from;
    try {
      from = channel.receive(buffer);
    } catch (ClosedChannelException e) {
      return false;
    } catch (IOException e) {
      // E.g. an ICMP error reported on the socket on some platforms; the socket stays usable.
      counters.dropped(DropReason.IO_ERROR);
      return false;
    }
    if (from == null) {
      return false;
    }
    buffer.flip();
    handle();
    return true;
  }

  private void handle() {
    DropReason reason = check();
    if (reason != null) {
      counters.dropped(reason);
      return;
    }
    byte[] packet = new byte[buffer.remaining()];
    buffer.get(packet);
    counters.delivered();
    try {
      receiver.receive(packet);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "packet receiver threw; that packet is lost, delivery goes on", e);
    }
  }

  private DropReason check() {
    if (buffer.remaining() > mtu) {
      return DropReason.OVERSIZE;
    }
    if (!TunnelledPacket.looksLikeIpv4(buffer)) {
      return DropReason.MALFORMED;
    }
    if (TunnelledPacket.destinationBits(buffer) != ownAddressBits) {
      return DropReason.NO_ROUTE;
    }
    if (closed.getAsBoolean()) {
      return DropReason.DETACHED;
    }
    return null;
  }
}
