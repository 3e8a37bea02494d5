package org.minitransport.core.stack;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.minitransport.core.wire.DecodeError;

/**
 * IP-layer counters of one host, in the spirit of the IP-MIB (RFC 4293): packets received,
 * delivered to handlers, sent, ICMP in and out, and drops by reason. Thread-safe to read while the
 * host runs.
 *
 * <p>Every received packet is either delivered or dropped for exactly one reason, so between
 * inputs {@code received() == delivered() + droppedIncoming()}. {@link
 * HostDropReason#ICMP_RATE_LIMITED} is the one reason outside that sum: it counts ICMP errors not
 * sent.
 */
public final class HostCounters {

  private final LongAdder received = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder icmpIn = new LongAdder();
  private final LongAdder icmpOut = new LongAdder();
  private final EnumMap<HostDropReason, LongAdder> dropped = new EnumMap<>(HostDropReason.class);
  private final EnumMap<DecodeError, LongAdder> decodeErrors = new EnumMap<>(DecodeError.class);

  HostCounters() {
    for (HostDropReason reason : HostDropReason.values()) {
      dropped.put(reason, new LongAdder());
    }
    for (DecodeError error : DecodeError.values()) {
      decodeErrors.put(error, new LongAdder());
    }
  }

  void recordReceived() {
    received.increment();
  }

  void recordDelivered() {
    delivered.increment();
  }

  void recordSent() {
    sent.increment();
  }

  void recordIcmpIn() {
    icmpIn.increment();
  }

  void recordIcmpOut() {
    icmpOut.increment();
  }

  void recordDropped(HostDropReason reason) {
    dropped.get(reason).increment();
  }

  void recordDecodeError(DecodeError error) {
    decodeErrors.get(error).increment();
  }

  /** IPv4 packets handed to the host by the network. */
  public long received() {
    return received.sum();
  }

  /** Packets passed to a protocol handler or answered by ICMP. */
  public long delivered() {
    return delivered.sum();
  }

  /** IPv4 packets the host queued for the network (ICMP included). */
  public long sent() {
    return sent.sum();
  }

  public long icmpIn() {
    return icmpIn.sum();
  }

  public long icmpOut() {
    return icmpOut.sum();
  }

  public long dropped(HostDropReason reason) {
    return dropped.get(reason).sum();
  }

  /**
   * Received packets dropped, whatever the reason: the sum over every {@link HostDropReason} but
   * {@link HostDropReason#ICMP_RATE_LIMITED} (which counts errors not sent, not packets received).
   */
  public long droppedIncoming() {
    long total = 0;
    for (Map.Entry<HostDropReason, LongAdder> entry : dropped.entrySet()) {
      if (entry.getKey() != HostDropReason.ICMP_RATE_LIMITED) {
        total += entry.getValue().sum();
      }
    }
    return total;
  }

  /** IPv4 and ICMP decode failures by rule. */
  public long decodeErrors(DecodeError error) {
    return decodeErrors.get(error).sum();
  }

  /** Non-zero drop counts, a point-in-time copy. */
  public Map<HostDropReason, Long> droppedByReason() {
    EnumMap<HostDropReason, Long> copy = new EnumMap<>(HostDropReason.class);
    dropped.forEach((reason, count) -> {
      if (count.sum() != 0) {
        copy.put(reason, count.sum());
      }
    });
    return copy;
  }

  @Override
  public String toString() {
    return "received=" + received() + " delivered=" + delivered() + " sent=" + sent()
        + " icmpIn=" + icmpIn() + " icmpOut=" + icmpOut() + " dropped=" + droppedByReason();
  }
}
