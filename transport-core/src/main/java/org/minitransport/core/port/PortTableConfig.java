package org.minitransport.core.port;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Configuration of a {@link PortTable}, immutable. Build with {@link #builder()}; {@link
 * #defaults()} is an unprivileged table with the RFC 6335 §6 dynamic range as ephemeral range and
 * an all-zero secret.
 *
 * <p>The secret keys the RFC 6056 §3.3.4 hash functions. The table never draws randomness of its
 * own, so a test that injects the secret gets the same ports every run. The all-zero default keeps
 * tests and examples deterministic, but makes ephemeral ports predictable to an off-path attacker
 * (the threat RFC 6056 addresses): a production stack draws it with {@link
 * Builder#secretFrom(RandomGenerator)} from a {@link java.security.SecureRandom}. {@link
 * #toString()} does not print the secret.
 *
 * @param privileged whether explicit binds of well-known ports (1–1023) are allowed
 * @param ephemeralLow the lowest ephemeral port, 1–65535
 * @param ephemeralHigh the highest ephemeral port, {@code ephemeralLow}–65535
 * @param secretKey0 first half of the 128-bit SipHash key for RFC 6056 Algorithm 4
 * @param secretKey1 second half of that key
 * @param perturbationTableSize entries in Algorithm 4's perturbation table, a power of two,
 *     1–65536
 */
public record PortTableConfig(
    boolean privileged,
    int ephemeralLow,
    int ephemeralHigh,
    long secretKey0,
    long secretKey1,
    int perturbationTableSize) {

  /** Default size of the perturbation table (as Linux uses 2^8 to 2^16; here 2^10). */
  public static final int DEFAULT_PERTURBATION_TABLE_SIZE = 1 << 10;

  private static final PortTableConfig DEFAULTS = builder().build();

  /**
   * @throws IllegalArgumentException naming the value if the ephemeral range is not within 1–65535
   *     with low ≤ high, or the table size is not a power of two in 1–65536
   */
  public PortTableConfig {
    if (ephemeralLow < 1 || ephemeralLow > 65_535) {
      throw new IllegalArgumentException(
          "ephemeral range low " + ephemeralLow + " is outside 1-65535");
    }
    if (ephemeralHigh < 1 || ephemeralHigh > 65_535) {
      throw new IllegalArgumentException(
          "ephemeral range high " + ephemeralHigh + " is outside 1-65535");
    }
    if (ephemeralLow > ephemeralHigh) {
      throw new IllegalArgumentException(
          "ephemeral range " + ephemeralLow + "-" + ephemeralHigh + " has low above high");
    }
    if (perturbationTableSize < 1
        || perturbationTableSize > 65_536
        || Integer.bitCount(perturbationTableSize) != 1) {
      throw new IllegalArgumentException(
          "perturbation table size " + perturbationTableSize
              + " is not a power of two in 1-65536");
    }
  }

  /** Unprivileged, ephemeral range 49152–65535, all-zero secret, table size 1024. */
  public static PortTableConfig defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder()
        .privileged(privileged)
        .ephemeralRange(ephemeralLow, ephemeralHigh)
        .secret(secretKey0, secretKey1)
        .perturbationTableSize(perturbationTableSize);
  }

  /** How many ports the ephemeral range holds. */
  public int ephemeralCount() {
    return ephemeralHigh - ephemeralLow + 1;
  }

  /** The ephemeral range as text, for example {@code 49152-65535}. */
  public String ephemeralRangeText() {
    return ephemeralLow + "-" + ephemeralHigh;
  }

  /** All fields except the secret, which is shown as {@code <secret>}. */
  @Override
  public String toString() {
    return "PortTableConfig[privileged=" + privileged + ", ephemeralRange=" + ephemeralRangeText()
        + ", secret=<secret>, perturbationTableSize=" + perturbationTableSize + "]";
  }

  /** Builds a {@link PortTableConfig}; every setter returns this builder. */
  public static final class Builder {
    private boolean privileged;
    private int ephemeralLow = PortCategory.DYNAMIC.lowest();
    private int ephemeralHigh = PortCategory.DYNAMIC.highest();
    private long secretKey0;
    private long secretKey1;
    private int perturbationTableSize = DEFAULT_PERTURBATION_TABLE_SIZE;

    private Builder() {}

    /** Whether explicit binds of well-known ports are allowed (default false). */
    public Builder privileged(boolean privileged) {
      this.privileged = privileged;
      return this;
    }

    /** The ephemeral range, inclusive (default 49152–65535); checked by {@link #build()}. */
    public Builder ephemeralRange(int low, int high) {
      this.ephemeralLow = low;
      this.ephemeralHigh = high;
      return this;
    }

    /** The 128-bit RFC 6056 secret as two SipHash key halves (default zero). */
    public Builder secret(long key0, long key1) {
      this.secretKey0 = key0;
      this.secretKey1 = key1;
      return this;
    }

    /**
     * Draws the secret from {@code random}: production passes a {@link java.security.SecureRandom},
     * a simulation a seeded generator.
     */
    public Builder secretFrom(RandomGenerator random) {
      Objects.requireNonNull(random, "random");
      return secret(random.nextLong(), random.nextLong());
    }

    /** Entries in Algorithm 4's perturbation table, a power of two (default 1024). */
    public Builder perturbationTableSize(int size) {
      this.perturbationTableSize = size;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the value if a setting is out of range
     */
    public PortTableConfig build() {
      return new PortTableConfig(
          privileged, ephemeralLow, ephemeralHigh, secretKey0, secretKey1, perturbationTableSize);
    }
  }
}
