package org.minitransport.core.port.internal;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.util.function.IntPredicate;

/**
 * Ephemeral port selection by RFC 6056 §3.3.4, Algorithm 4 ("double-hash port selection"):
 *
 * <pre>
 *   offset = F(local_IP, remote_IP, remote_port, secret_key1)
 *   index  = G(local_IP, remote_IP, remote_port, secret_key2)
 *   count  = num_ephemeral
 *   do {
 *     port = min_ephemeral + (offset + table[index]) % num_ephemeral
 *     table[index]++
 *     if (port is suitable) return port
 *   } while (--count > 0)
 *   return ERROR
 * </pre>
 *
 * <p>F gives each destination its own sequence through the range, so an off-path attacker cannot
 * guess the ports used towards another destination; the perturbation table, bumped after each
 * try, keeps successive connections to the same destination from reusing the same port and
 * spreads them out. F and G are SipHash-2-4 under the one 128-bit key of the configuration, with
 * distinct one-byte domain separators, which makes them two independent keyed pseudo-random
 * functions (the RFC's two secret keys). The table starts at zero: the RFC fills it randomly, but
 * the keyed F already makes the start unpredictable and this class draws no randomness.
 *
 * <p>The search makes at most one pass over the range, so exhaustion is reported after {@code
 * num_ephemeral} tries, never by looping forever. Not thread-safe; {@code HashedPortTable} guards it.
 */
public final class EphemeralPortSelector {

  private static final byte OFFSET_DOMAIN = 'F';
  private static final byte INDEX_DOMAIN = 'G';

  private final int low;
  private final int count;
  private final HashFunction keyedHash;
  private final int[] perturbation;

  /**
   * @param low lowest port of the range
   * @param high highest port of the range, at least {@code low}
   * @param key0 first half of the SipHash key
   * @param key1 second half of the SipHash key
   * @param tableSize entries in the perturbation table, a power of two
   */
  public EphemeralPortSelector(int low, int high, long key0, long key1, int tableSize) {
    if (high < low) {
      throw new IllegalArgumentException("ephemeral range " + low + "-" + high + " is empty");
    }
    if (tableSize < 1 || Integer.bitCount(tableSize) != 1) {
      throw new IllegalArgumentException("table size " + tableSize + " is not a power of two");
    }
    this.low = low;
    this.count = high - low + 1;
    this.keyedHash = Hashing.sipHash24(key0, key1);
    this.perturbation = new int[tableSize];
  }

  /**
   * Returns the first suitable port of this destination's sequence, or -1 if none of the range is
   * suitable. Each try bumps the perturbation slot, as in the RFC.
   *
   * @param localAddress the local IPv4 address bits (0 for the wildcard)
   * @param remoteAddress the remote IPv4 address bits (0 when unknown)
   * @param remotePort the remote port (0 when unknown)
   * @param suitable whether a port may be used for this binding
   */
  public int select(int localAddress, int remoteAddress, int remotePort, IntPredicate suitable) {
    long offset =
        Long.remainderUnsigned(hash(OFFSET_DOMAIN, localAddress, remoteAddress, remotePort), count);
    int index =
        (int) hash(INDEX_DOMAIN, localAddress, remoteAddress, remotePort) & (perturbation.length - 1);
    for (int tried = 0; tried < count; tried++) {
      long start = offset + Integer.toUnsignedLong(perturbation[index]);
      int port = low + (int) (start % count);
      perturbation[index]++;
      if (suitable.test(port)) {
        return port;
      }
    }
    return -1;
  }

  private long hash(byte domain, int localAddress, int remoteAddress, int remotePort) {
    return keyedHash
        .newHasher()
        .putByte(domain)
        .putInt(localAddress)
        .putInt(remoteAddress)
        .putShort((short) remotePort)
        .hash()
        .asLong();
  }
}
