package org.minitransport.core.stack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.Ipv4Packet;

/**
 * A {@link ProtocolHandler} test double that records every call, with a settable timer: {@link
 * #timeoutNs} is what {@link #pollTimeoutNs()} answers, and {@link #rearmEveryNs}, when positive,
 * moves it that far past each {@link #handleTimeout} (a periodic timer; never-ending on purpose in
 * livelock tests). Single-threaded apart from {@link #onClose}, which runs inside {@link #close}.
 */
public final class RecordingProtocolHandler implements ProtocolHandler {

  /** A packet as the handler saw it; the bytes are a copy, the view is re-checked over them. */
  public record Received(long nowNs, Ipv4Packet packet) {}

  /** One {@link #handleUnreachable} call. */
  public record Unreachable(long nowNs, int code, Ipv4Packet original) {}

  private final int protocolNumber;
  private HostContext context;
  public final List<Received> packets = new ArrayList<>();
  public final List<Unreachable> unreachables = new ArrayList<>();
  public final List<Long> timeouts = new ArrayList<>();
  public final List<Long> closes = new ArrayList<>();
  public volatile long timeoutNs = Long.MAX_VALUE;
  public volatile long rearmEveryNs;
  public volatile Runnable onClose = () -> {};
  public volatile Runnable onTimeout = () -> {};

  public RecordingProtocolHandler(int protocolNumber) {
    this.protocolNumber = protocolNumber;
  }

  @Override
  public int protocolNumber() {
    return protocolNumber;
  }

  @Override
  public void attach(HostContext context) {
    if (this.context != null) {
      throw new AssertionError("attached twice");
    }
    this.context = context;
  }

  /** The context the host gave this handler. */
  public HostContext context() {
    if (context == null) {
      throw new AssertionError("not attached");
    }
    return context;
  }

  /** Sends {@code segment} through the host, as a transport would. */
  public void send(Ipv4Address destination, byte[] segment) {
    context().transmit(destination, segment, 0, segment.length);
  }

  @Override
  public void handlePacket(long nowNs, Ipv4Packet packet) {
    packets.add(new Received(nowNs, copy(packet.buffer(), packet.offset(), packet.totalLength(),
        false)));
  }

  @Override
  public void handleUnreachable(long nowNs, int code, Ipv4Packet original) {
    unreachables.add(new Unreachable(nowNs, code, copy(original.buffer(), original.offset(),
        original.totalLength(), true)));
  }

  @Override
  public void handleTimeout(long nowNs) {
    timeouts.add(nowNs);
    if (rearmEveryNs > 0) {
      timeoutNs = nowNs + rearmEveryNs;
    }
    onTimeout.run();
  }

  @Override
  public long pollTimeoutNs() {
    return timeoutNs;
  }

  @Override
  public void close(long nowNs) {
    closes.add(nowNs);
    onClose.run();
  }

  /** The transport bytes of a received packet. */
  public static byte[] payload(Ipv4Packet packet) {
    return Arrays.copyOfRange(packet.buffer(), packet.payloadOffset(),
        packet.payloadOffset() + packet.payloadLength());
  }

  private static Ipv4Packet copy(byte[] buffer, int offset, int length, boolean quoted) {
    byte[] bytes = Arrays.copyOfRange(buffer, offset, offset + length);
    try {
      return quoted ? Ipv4Packet.checkQuoted(bytes, 0, length) : Ipv4Packet.check(bytes, 0, length);
    } catch (DecodeException e) {
      throw new AssertionError("the host passed on a packet that does not check: " + e, e);
    }
  }

  @Override
  public String toString() {
    return "RecordingProtocolHandler(" + protocolNumber + ")";
  }
}
