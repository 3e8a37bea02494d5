package org.minitransport.core.net.udp.internal;

import com.google.common.util.concurrent.Uninterruptibles;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.PacketReceiver;
import org.minitransport.core.net.PolledAttachment;
import org.minitransport.core.net.TrafficCounters;
import org.minitransport.core.net.udp.UdpAttachment;
import org.minitransport.core.net.udp.UdpNetworkConfig;
import org.minitransport.core.net.udp.UdpRouteTable;

/**
 * One host's real UDP socket: sends tunnelled packets on the caller's thread and receives on its
 * own daemon thread ({@link ReceiveLoop}).
 *
 * <p>The channel is non-blocking on purpose. A blocking NIO channel is closed for good when a
 * thread blocked in it, or entering it, is interrupted ({@code ClosedByInterruptException}); an
 * interrupted application thread that happened to send would silently kill the host's socket. A
 * non-blocking channel ignores interrupts, so the receive thread waits in a {@link Selector}
 * instead of a blocking receive.
 */
public final class SocketAttachment implements UdpAttachment, PolledAttachment {

  /** Sends keep the last destination's socket address, so a steady flow does not allocate one. */
  private record Destination(int addressBits, InetSocketAddress socket) {}

  private final Ipv4Address address;
  private final DatagramChannel channel;
  private final Selector selector;
  private final InetSocketAddress localSocketAddress;
  private final UdpRouteTable routes;
  private final int mtu;
  private final TrafficCounters counters = new TrafficCounters();
  private final CounterPair counterPair;
  private final Consumer<SocketAttachment> onClose;
  /** Null when the owner polls ({@link #receiveWaiting()}) instead. */
  private final Thread receiveThread;
  private final ReceiveLoop receiveLoop;
  private volatile boolean closed;
  private volatile Destination lastDestination;

  private SocketAttachment(
      Ipv4Address address,
      DatagramChannel channel,
      Selector selector,
      PacketReceiver receiver,
      UdpRouteTable routes,
      UdpNetworkConfig config,
      TrafficCounters networkCounters,
      Consumer<SocketAttachment> onClose,
      boolean polled)
      throws IOException {
    this.address = address;
    this.channel = channel;
    this.selector = selector;
    this.localSocketAddress = (InetSocketAddress) channel.getLocalAddress();
    this.routes = routes;
    this.mtu = config.mtu();
    this.counterPair = new CounterPair(counters, networkCounters);
    this.onClose = onClose;
    this.receiveLoop = new ReceiveLoop(channel, selector, config.maxDatagramBytes(),
        address.bits(), mtu, receiver, counterPair, () -> closed);
    if (polled) {
      this.receiveThread = null;
    } else {
      this.receiveThread = new Thread(receiveLoop, "udp-net-" + address);
      receiveThread.setDaemon(true);
    }
  }

  /**
   * Opens and binds the host's socket and starts its receive thread.
   *
   * @param onClose told once the attachment has closed, so the network can forget it
   * @throws BindException naming the host and socket address if the address is in use or not local
   * @throws IOException if the socket cannot be opened or configured
   */
  public static SocketAttachment open(
      Ipv4Address address,
      InetSocketAddress bindAddress,
      PacketReceiver receiver,
      UdpRouteTable routes,
      UdpNetworkConfig config,
      TrafficCounters networkCounters,
      Consumer<SocketAttachment> onClose,
      boolean polled)
      throws IOException {
    Objects.requireNonNull(receiver, "receiver");
    DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
    Selector selector = null;
    try {
      if (config.socketReceiveBufferBytes() > 0) {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, config.socketReceiveBufferBytes());
      }
      if (config.socketSendBufferBytes() > 0) {
        channel.setOption(StandardSocketOptions.SO_SNDBUF, config.socketSendBufferBytes());
      }
      try {
        channel.bind(bindAddress);
      } catch (BindException e) {
        BindException clear = new BindException(
            "cannot attach " + address + ": cannot bind UDP socket " + bindAddress + " ("
                + e.getMessage() + "); is another host or process using it?");
        clear.initCause(e);
        throw clear;
      }
      channel.configureBlocking(false);
      if (!polled) {
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
      }
      SocketAttachment attachment = new SocketAttachment(address, channel, selector, receiver,
          routes, config, networkCounters, onClose, polled);
      if (!polled) {
        attachment.receiveThread.start();
      }
      return attachment;
    } catch (IOException | RuntimeException e) {
      closeQuietly(selector, e);
      closeQuietly(channel, e);
      throw e;
    }
  }

  @Override
  public Ipv4Address address() {
    return address;
  }

  @Override
  public int mtu() {
    return mtu;
  }

  @Override
  public InetSocketAddress localSocketAddress() {
    return localSocketAddress;
  }

  @Override
  public int receiveBufferBytes() {
    return socketOption(StandardSocketOptions.SO_RCVBUF);
  }

  @Override
  public int sendBufferBytes() {
    return socketOption(StandardSocketOptions.SO_SNDBUF);
  }

  @Override
  public OptionalLong osReceiveDrops() {
    return OsSocketDrops.forLocalAddress(localSocketAddress);
  }

  private int socketOption(java.net.SocketOption<Integer> option) {
    try {
      return channel.getOption(option);
    } catch (IOException e) {
      return 0; // closed
    }
  }

  /**
   * Checks, routes and sends one packet as one datagram. Drops (never throws): {@code DETACHED}
   * after close, {@code MALFORMED} if shorter than an IPv4 header or not version 4, {@code
   * NO_ROUTE} if no route covers the destination, {@code OVERSIZE} above the MTU, {@code
   * QUEUE_FULL} if the socket's send buffer is full, {@code IO_ERROR} if the OS refuses.
   *
   * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not fit {@code
   *     packet}
   */
  @Override
  public void send(byte[] packet, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, packet.length);
    counterPair.sent();
    if (closed) {
      counterPair.dropped(DropReason.DETACHED);
      return;
    }
    if (!TunnelledPacket.looksLikeIpv4(packet, offset, length)) {
      counterPair.dropped(DropReason.MALFORMED);
      return;
    }
    InetSocketAddress target = route(TunnelledPacket.destinationBits(packet, offset));
    if (target == null) {
      counterPair.dropped(DropReason.NO_ROUTE);
      return;
    }
    if (length > mtu) {
      counterPair.dropped(DropReason.OVERSIZE);
      return;
    }
    try {
      if (channel.send(ByteBuffer.wrap(packet, offset, length), target) == 0) {
        counterPair.dropped(DropReason.QUEUE_FULL);
      }
    } catch (ClosedChannelException e) {
      counterPair.dropped(closed ? DropReason.DETACHED : DropReason.IO_ERROR);
    } catch (IOException e) {
      counterPair.dropped(DropReason.IO_ERROR);
    }
  }

  @Override
  public TrafficCounters counters() {
    return counters;
  }

  /**
   * Closes the socket, wakes the receive thread and waits for it to end (uninterruptibly, keeping
   * the caller's interrupt status), unless called on that thread. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing to do: the socket is released when the selector lets go of it below.
    }
    if (receiveThread != null) {
      selector.wakeup();
      if (Thread.currentThread() != receiveThread) {
        Uninterruptibles.joinUninterruptibly(receiveThread);
      }
    }
    onClose.accept(this);
  }

  @Override
  public SelectableChannel channel() {
    return channel;
  }

  /**
   * Reads every waiting datagram on the calling thread.
   *
   * @throws IllegalStateException if this attachment has its own receive thread
   */
  @Override
  public void receiveWaiting() {
    polledReceiveLoop().drain();
  }

  /**
   * {@inheritDoc} While datagrams come one at a time it reads just one (see {@code
   * ReceiveLoop.drainReady}).
   *
   * @throws IllegalStateException if this attachment has its own receive thread
   */
  @Override
  public void receiveReady() {
    polledReceiveLoop().drainReady();
  }

  /** The receive loop, for an owner that polls; refused if this attachment has its own thread. */
  private ReceiveLoop polledReceiveLoop() {
    if (receiveThread != null) {
      throw new IllegalStateException(
          "attachment " + address + " has a receive thread; only attachPolled ones are polled");
    }
    return receiveLoop;
  }

  @Override
  public String toString() {
    return "UdpAttachment[" + address + " on " + localSocketAddress + (closed ? ", closed" : "")
        + "]";
  }

  private InetSocketAddress route(int destinationBits) {
    Destination last = lastDestination;
    if (last != null && last.addressBits() == destinationBits) {
      return last.socket();
    }
    InetSocketAddress socket = routes.resolve(new Ipv4Address(destinationBits)).orElse(null);
    if (socket != null) {
      lastDestination = new Destination(destinationBits, socket);
    }
    return socket;
  }

  private static void closeQuietly(AutoCloseable resource, Exception primary) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception e) {
      primary.addSuppressed(e);
    }
  }
}
