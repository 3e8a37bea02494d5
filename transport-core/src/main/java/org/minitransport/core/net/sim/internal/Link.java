package org.minitransport.core.net.sim.internal;

import com.google.common.hash.Hashing;
import java.util.SplittableRandom;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.TrafficCounters;
import org.minitransport.core.net.sim.GilbertElliottLoss;
import org.minitransport.core.net.sim.LinkConfig;

/**
 * The state of one directed link: its configuration, counters, random stream, burst-loss state,
 * transmit queue and the bookkeeping that keeps non-reordered packets in order.
 *
 * <p>The random stream is seeded from SipHash-2-4 of the network seed over the (from, to) pair, so
 * what happens on one link never depends on traffic on another. For each packet that reaches them,
 * the draws happen in this fixed order, each only if its impairment is configured: independent
 * loss, burst loss (loss then transition), corruption (bit count, then positions), jitter,
 * reordering, duplication.
 */
public final class Link {

  // An arbitrary fixed second SipHash key half: "minitrns".
  private static final long SEED_KEY = 0x6d696e697472_6e73L;

  private final Ipv4Address from;
  private final Ipv4Address to;
  private final TrafficCounters counters = new TrafficCounters();
  private final SplittableRandom random;
  private final TransmitQueue queue = new TransmitQueue();
  private LinkConfig config;
  private SimulatedAttachment destination;
  private boolean burstBad;
  private long lastInOrderArrivalNs = Long.MIN_VALUE;
  private long nextSequence;
  private long highestDeliveredSequence = -1;

  public Link(long networkSeed, Ipv4Address from, Ipv4Address to, LinkConfig config) {
    this.from = from;
    this.to = to;
    this.config = config;
    long pair = ((long) from.bits() << 32) | (to.bits() & 0xFFFFFFFFL);
    this.random = new SplittableRandom(
        Hashing.sipHash24(networkSeed, SEED_KEY).hashLong(pair).asLong());
  }

  public Ipv4Address from() {
    return from;
  }

  public Ipv4Address to() {
    return to;
  }

  public int fromBits() {
    return from.bits();
  }

  public int toBits() {
    return to.bits();
  }

  public TrafficCounters counters() {
    return counters;
  }

  public LinkConfig config() {
    return config;
  }

  /** Applies to packets sent from now on; queue and burst state carry over. */
  public void setConfig(LinkConfig config) {
    this.config = config;
  }

  /** The attachment this link last routed to, or null. */
  public SimulatedAttachment destination() {
    return destination;
  }

  public void setDestination(SimulatedAttachment destination) {
    this.destination = destination;
  }

  /** Draws whether the next packet is lost, independently or in a burst. */
  public boolean drawLoss() {
    LinkConfig c = config;
    boolean lost = c.lossProbability() > 0 && random.nextDouble() < c.lossProbability();
    GilbertElliottLoss burst = c.burstLoss();
    if (burst.isActive()) {
      double lossNow = burstBad ? burst.lossInBad() : burst.lossInGood();
      if (random.nextDouble() < lossNow) {
        lost = true;
      }
      if (burstBad) {
        burstBad = random.nextDouble() >= burst.badToGood();
      } else {
        burstBad = random.nextDouble() < burst.goodToBad();
      }
    }
    return lost;
  }

  /**
   * Puts a packet into the transmit queue.
   *
   * @return when its serialization finishes ({@code nowNs} without a bandwidth limit), or -1 if
   *     the queue is full
   */
  public long enqueue(long nowNs, int size) {
    LinkConfig c = config;
    if (c.bandwidthBitsPerSecond() == 0) {
      return nowNs;
    }
    return queue.offer(nowNs, size, c.bandwidthBitsPerSecond(), c.queueCapacityPackets(),
        c.queueCapacityBytes());
  }

  /**
   * With the configured probability flips 1 to {@code corruptionMaxBits} distinct random bits of
   * {@code packet}.
   *
   * @return whether it corrupted the packet
   */
  public boolean maybeCorrupt(byte[] packet) {
    LinkConfig c = config;
    if (c.corruptionProbability() == 0 || random.nextDouble() >= c.corruptionProbability()) {
      return false;
    }
    int totalBits = packet.length * 8;
    int flips = Math.min(1 + random.nextInt(c.corruptionMaxBits()), totalBits);
    int[] chosen = new int[flips];
    for (int i = 0; i < flips; i++) {
      int bit;
      do {
        bit = random.nextInt(totalBits);
      } while (contains(chosen, i, bit));
      chosen[i] = bit;
      packet[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
    }
    return true;
  }

  private static boolean contains(int[] values, int count, int value) {
    for (int i = 0; i < count; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }

  /**
   * The arrival time of a packet whose serialization ends at {@code serializedNs}: delay plus
   * jitter, never before the previous in-order arrival, unless the reorder draw holds it back.
   */
  public long arrivalNs(long serializedNs) {
    LinkConfig c = config;
    long arrivalNs = serializedNs + c.delayNs();
    if (c.jitterNs() > 0) {
      arrivalNs += random.nextLong(c.jitterNs() + 1);
    }
    if (c.reorderProbability() > 0 && random.nextDouble() < c.reorderProbability()) {
      return arrivalNs + c.reorderDelayNs();
    }
    arrivalNs = Math.max(arrivalNs, lastInOrderArrivalNs);
    lastInOrderArrivalNs = arrivalNs;
    return arrivalNs;
  }

  public boolean drawDuplicate() {
    double p = config.duplicationProbability();
    return p > 0 && random.nextDouble() < p;
  }

  /** The send order of the next packet on this link. */
  public long nextSequence() {
    return nextSequence++;
  }

  /**
   * Notes that the packet with {@code sequence} was delivered.
   *
   * @return whether a later-sent packet was delivered before it (it was overtaken)
   */
  public boolean recordDeliveredWasOvertaken(long sequence) {
    if (sequence < highestDeliveredSequence) {
      return true;
    }
    highestDeliveredSequence = sequence;
    return false;
  }

  @Override
  public String toString() {
    return "Link[" + from + " -> " + to + "]";
  }
}
