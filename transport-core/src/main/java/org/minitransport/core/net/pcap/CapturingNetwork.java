package org.minitransport.core.net.pcap;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.net.PacketReceiver;
import org.minitransport.core.net.TrafficCounters;
import org.minitransport.core.time.NanoClock;

/**
 * A {@link PacketNetwork} that records, in a {@link PcapWriter}, every packet its hosts send, then
 * hands the packet to the wrapped network. Packets are captured as sent: before the wrapped
 * network loses, delays, duplicates, reorders or corrupts them, and whether or not they are
 * delivered. Each packet is captured once, so a capture of a whole network shows every
 * transmission.
 *
 * <p>A record's timestamp is {@code epochOffsetNs + clock.nanoTime()} at the send. With a {@link
 * org.minitransport.core.time.VirtualClock} and offset 0 the capture starts at 1970-01-01 00:00:00
 * UTC and shows virtual time directly. With {@link NanoClock#system()}, whose values are
 * arbitrary, pass {@link #wallClockOffsetNs(NanoClock)} to get wall-clock times.
 *
 * <p>{@link Scope#SENT_AND_RECEIVED} also records what the wrapped network delivers to the hosts,
 * as it is handed to them. Use it where the peers are outside this process — the TUN network (the
 * kernel's packets) or the UDP network to another process — so the capture shows both directions;
 * on a network whose every host is captured it would record each packet twice.
 *
 * <p>Sends on a closed attachment are not captured (the wrapped network drops them). A capture
 * that fails does not disturb the network: the first {@link IOException} is kept, capturing stops
 * and {@link #captureFailure()} reports it. Thread-safe if the wrapped network is.
 *
 * <p>The caller owns the writer: {@link #close()} closes the wrapped network and flushes the
 * writer but does not close it, so several networks may share one capture file.
 */
public final class CapturingNetwork implements PacketNetwork {

  private final PacketNetwork delegate;
  private final NanoClock clock;
  private final PcapWriter writer;
  private final long epochOffsetNs;
  private final Scope scope;
  private final AtomicReference<IOException> failure = new AtomicReference<>();

  /** Which packets a capture records. */
  public enum Scope {
    /** What the hosts send (the default). */
    SENT,
    /** What the hosts send and what they receive. */
    SENT_AND_RECEIVED
  }

  /** Captures with the clock's own values as timestamps (offset 0). */
  public CapturingNetwork(PacketNetwork delegate, NanoClock clock, PcapWriter writer) {
    this(delegate, clock, writer, 0);
  }

  /**
   * @param epochOffsetNs added to every {@code clock.nanoTime()} to form the timestamp
   * @throws IllegalArgumentException if the clock's current value plus the offset is negative,
   *     which pcap cannot store (with {@link NanoClock#system()}, use {@link #wallClockOffsetNs})
   */
  public CapturingNetwork(
      PacketNetwork delegate, NanoClock clock, PcapWriter writer, long epochOffsetNs) {
    this(delegate, clock, writer, epochOffsetNs, Scope.SENT);
  }

  /**
   * @param scope whether to record received packets too
   * @throws IllegalArgumentException as above
   */
  public CapturingNetwork(PacketNetwork delegate, NanoClock clock, PcapWriter writer,
      long epochOffsetNs, Scope scope) {
    this.scope = Objects.requireNonNull(scope, "scope");
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.epochOffsetNs = epochOffsetNs;
    long firstNs = clock.nanoTime() + epochOffsetNs;
    if (firstNs < 0) {
      throw new IllegalArgumentException(
          "capture timestamp clock " + clock.nanoTime() + " ns + offset " + epochOffsetNs
              + " ns is negative; pcap stores only times from 1970 on (see wallClockOffsetNs)");
    }
  }

  /** The offset that turns {@code clock}'s current value into nanoseconds since the Unix epoch. */
  public static long wallClockOffsetNs(NanoClock clock) {
    return System.currentTimeMillis() * 1_000_000L - clock.nanoTime();
  }

  @Override
  public NetworkAttachment attach(Ipv4Address address, PacketReceiver receiver)
      throws IOException {
    Objects.requireNonNull(receiver, "receiver");
    PacketReceiver recorded = scope == Scope.SENT ? receiver : packet -> {
      capture(packet, 0, packet.length);
      receiver.receive(packet);
    };
    return new CapturingAttachment(delegate.attach(address, recorded));
  }

  @Override
  public TrafficCounters counters() {
    return delegate.counters();
  }

  @Override
  public boolean hasRouteTo(Ipv4Address destination) {
    return delegate.hasRouteTo(destination);
  }

  /** The first error that stopped the capture, if any. */
  public Optional<IOException> captureFailure() {
    return Optional.ofNullable(failure.get());
  }

  /** Closes the wrapped network, then flushes (but does not close) the writer. */
  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      if (failure.get() == null) {
        try {
          writer.flush();
        } catch (IOException e) {
          failure.compareAndSet(null, e);
        }
      }
    }
  }

  private void capture(byte[] packet, int offset, int length) {
    if (failure.get() != null
        || offset < 0 || length < 0 || offset > packet.length - length) {
      return; // A bad range is the wrapped network's to count, not ours to crash on.
    }
    try {
      writer.writePacket(epochOffsetNs + clock.nanoTime(), packet, offset, length);
    } catch (IOException e) {
      failure.compareAndSet(null, e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      // A timestamp beyond 2106 or a writer closed by its owner: stop capturing, keep networking.
      failure.compareAndSet(null, new IOException("capture stopped: " + e.getMessage(), e));
    }
  }

  /** Forwards everything to the wrapped attachment, capturing sends first. */
  private final class CapturingAttachment implements NetworkAttachment {

    private final NetworkAttachment inner;
    private volatile boolean closed;

    CapturingAttachment(NetworkAttachment inner) {
      this.inner = inner;
    }

    @Override
    public Ipv4Address address() {
      return inner.address();
    }

    @Override
    public int mtu() {
      return inner.mtu();
    }

    @Override
    public void send(byte[] packet, int offset, int length) {
      if (!closed && packet != null) {
        capture(packet, offset, length);
      }
      inner.send(packet, offset, length);
    }

    @Override
    public TrafficCounters counters() {
      return inner.counters();
    }

    @Override
    public void close() {
      closed = true;
      inner.close();
    }

    @Override
    public String toString() {
      return "capturing " + inner;
    }
  }
}
