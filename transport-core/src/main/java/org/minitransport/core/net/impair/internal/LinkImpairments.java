package org.minitransport.core.net.impair.internal;

import com.google.common.hash.Hashing;
import java.util.SplittableRandom;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.sim.GilbertElliottLoss;
import org.minitransport.core.net.sim.LinkConfig;

/**
 * What one directed link does to the packets it carries, in the order {@link LinkConfig}
 * documents: MTU, partition, loss (independent and Gilbert–Elliott bursts), queue and bandwidth,
 * corruption, delay and jitter, reordering, duplication. The one implementation behind both the
 * simulated network's links and the {@code ImpairingNetwork} decorator, so an impairment means the
 * same on every network.
 *
 * <p>The random stream is seeded from SipHash-2-4 of the seed over the (from, to) pair, so what
 * happens on one link never depends on traffic on another. For each packet that reaches them, the
 * draws happen in this fixed order, each only if its impairment is configured: independent loss,
 * burst loss (loss then transition), corruption (bit count, then positions), jitter, reordering,
 * duplication. With the same seed, configuration and send times the outcomes are the same.
 *
 * <p>Not thread-safe: the owner guards it (both owners hold one lock per network).
 */
public final class LinkImpairments {

  // An arbitrary fixed second SipHash key half: "minitrns".
  private static final long SEED_KEY = 0x6d696e697472_6e73L;

  private final SplittableRandom random;
  private final TransmitQueue queue = new TransmitQueue();
  private LinkConfig config;
  private boolean burstBad;
  private long lastInOrderArrivalNs = Long.MIN_VALUE;
  private long nextSequence;
  private long highestDeliveredSequence = -1;

  // The outcome of the last apply() that passed the packet on.
  private long arrivalNs;
  private boolean corrupted;
  private boolean duplicated;

  public LinkImpairments(long seed, Ipv4Address from, Ipv4Address to, LinkConfig config) {
    this.config = config;
    long pair = ((long) from.bits() << 32) | (to.bits() & 0xFFFFFFFFL);
    this.random = new SplittableRandom(Hashing.sipHash24(seed, SEED_KEY).hashLong(pair).asLong());
  }

  public LinkConfig config() {
    return config;
  }

  /** Applies to packets sent from now on; queue and burst state carry over. */
  public void setConfig(LinkConfig config) {
    this.config = config;
  }

  /**
   * Runs one packet sent at {@code nowNs} through every stage. Corruption flips bits of {@code
   * packet} in place. When the packet passes, {@link #arrivalNs()}, {@link #corrupted()} and
   * {@link #duplicated()} describe what happens to it, until the next call.
   *
   * @return why the packet is dropped, or {@code null} if it goes on
   */
  public DropReason apply(long nowNs, byte[] packet) {
    LinkConfig c = config;
    if (packet.length > c.mtu()) {
      return DropReason.OVERSIZE;
    }
    if (c.isPartitionedAt(nowNs)) {
      return DropReason.PARTITION;
    }
    if (drawLoss()) {
      return DropReason.LOSS;
    }
    long serializedNs = enqueue(nowNs, packet.length);
    if (serializedNs < 0) {
      return DropReason.QUEUE_FULL;
    }
    corrupted = maybeCorrupt(packet);
    arrivalNs = arrivalAfter(serializedNs);
    duplicated = drawDuplicate();
    return null;
  }

  /** When the last packet that passed {@link #apply} arrives. */
  public long arrivalNs() {
    return arrivalNs;
  }

  /** Whether {@link #apply} flipped bits of the last packet that passed. */
  public boolean corrupted() {
    return corrupted;
  }

  /** Whether the last packet that passed {@link #apply} is delivered twice. */
  public boolean duplicated() {
    return duplicated;
  }

  /**
   * Whether nothing on this link ever holds a packet back: no delay, jitter, reordering or
   * bandwidth limit. Such a link may hand packets on at once, on the sender's thread.
   */
  public boolean isInstantaneous() {
    LinkConfig c = config;
    return c.delayNs() == 0 && c.jitterNs() == 0 && c.reorderProbability() == 0
        && c.bandwidthBitsPerSecond() == 0;
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

  private boolean drawLoss() {
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

  /** When serialization ends ({@code nowNs} without a bandwidth limit); -1: the queue is full. */
  private long enqueue(long nowNs, int size) {
    LinkConfig c = config;
    if (c.bandwidthBitsPerSecond() == 0) {
      return nowNs;
    }
    return queue.offer(nowNs, size, c.bandwidthBitsPerSecond(), c.queueCapacityPackets(),
        c.queueCapacityBytes());
  }

  /** With the configured probability flips 1 to {@code corruptionMaxBits} distinct random bits. */
  private boolean maybeCorrupt(byte[] packet) {
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
   * Delay plus jitter, never before the previous in-order arrival, unless the reorder draw holds
   * the packet back.
   */
  private long arrivalAfter(long serializedNs) {
    LinkConfig c = config;
    long at = serializedNs + c.delayNs();
    if (c.jitterNs() > 0) {
      at += random.nextLong(c.jitterNs() + 1);
    }
    if (c.reorderProbability() > 0 && random.nextDouble() < c.reorderProbability()) {
      return at + c.reorderDelayNs();
    }
    at = Math.max(at, lastInOrderArrivalNs);
    lastInOrderArrivalNs = at;
    return at;
  }

  private boolean drawDuplicate() {
    double p = config.duplicationProbability();
    return p > 0 && random.nextDouble() < p;
  }
}
