package org.minitransport.core.stack.internal;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The packets a host recently sent to its own address: its loopback path. On Linux such packets
 * travel the {@code lo} interface, and a packet with the host's own source address that arrives on
 * any other interface is a spoofed "martian" and dropped ({@code fib_validate_source} without
 * {@code accept_local}). A host here has a single link, so it tells the two apart by content: a
 * packet from its own address is genuine only if this host sent that IPv4 header to itself.
 *
 * <p>Packets are remembered by a 64-bit fingerprint of their IPv4 header (addresses, length,
 * identification, checksum: unique per packet in practice), not of their payload, so a payload
 * damaged on the way still reaches its transport's checksum and is counted there like any other
 * damage; a damaged header fails the header checksum before this check. A link that duplicates
 * delivers the same header twice, and both copies pass, as on any other link. The newest {@code
 * capacity} headers are kept; older ones are forgotten, so memory stays bounded however many
 * self-addressed packets are lost on the way. Not thread-safe: the host's thread.
 */
public final class SelfAddressedPackets {

  private static final HashFunction FINGERPRINT = Hashing.farmHashFingerprint64();

  private final LinkedHashMap<Long, Boolean> recent;

  /** @param capacity the most headers remembered at once, at least 1 */
  public SelfAddressedPackets(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity + " must be at least 1");
    }
    this.recent = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Records a packet the host is sending to itself; its IPv4 header is its first bytes. */
  public void sent(byte[] packet, int headerLength) {
    recent.put(FINGERPRINT.hashBytes(packet, 0, headerLength).asLong(), Boolean.TRUE);
  }

  /**
   * Whether {@code packet} (a valid IPv4 packet with the host's own source address and a header of
   * {@code headerLength} bytes) carries a header this host recently sent to itself.
   */
  public boolean sentRecently(byte[] packet, int headerLength) {
    return !recent.isEmpty()
        && recent.containsKey(FINGERPRINT.hashBytes(packet, 0, headerLength).asLong());
  }

  /** Headers remembered now. */
  public int size() {
    return recent.size();
  }
}
