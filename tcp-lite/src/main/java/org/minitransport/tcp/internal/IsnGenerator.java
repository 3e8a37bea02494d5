package org.minitransport.tcp.internal;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import org.minitransport.core.address.SocketPair;

/**
 * Initial sequence numbers per RFC 6528 (RFC 9293 §3.4.1): {@code ISN = M + F(localip, localport,
 * remoteip, remoteport, secretkey)}, where M is a clock ticking every 4 µs and F is SipHash-2-4
 * under a 128-bit secret that the endpoint is given (so a test is reproducible and an attacker
 * cannot compute F).
 */
public final class IsnGenerator {

  private static final long TICK_NS = 4_000;

  private final HashFunction keyedHash;

  public IsnGenerator(long secretKey0, long secretKey1) {
    this.keyedHash = Hashing.sipHash24(secretKey0, secretKey1);
  }

  /** The ISN for a new connection on {@code pair} at {@code nowNs}, as an unsigned 32-bit value. */
  public long isn(SocketPair pair, long nowNs) {
    int f = keyedHash.newHasher(12)
        .putInt(pair.local().address().bits())
        .putShort((short) pair.local().port())
        .putInt(pair.remote().address().bits())
        .putShort((short) pair.remote().port())
        .hash().asInt();
    long m = Math.floorDiv(nowNs, TICK_NS);
    return (m + f) & 0xFFFF_FFFFL;
  }
}
