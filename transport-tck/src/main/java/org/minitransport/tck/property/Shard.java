package org.minitransport.tck.property;

/**
 * One part of a campaign split over {@code count} processes: this one runs shard {@code index}
 * (0-based). Set it with {@code -Dminitransport.shard=i/N}, e.g. from a Slurm array task ({@code
 * $SLURM_ARRAY_TASK_ID}) or a Kubernetes indexed Job ({@code $JOB_COMPLETION_INDEX}). Shard i of
 * N runs its share of each property's examples (the shares add up to the whole count) with the
 * campaign seed plus i, so shards draw from disjoint seed streams and their reports merge into
 * the campaign's ({@link ScenarioReport#merge}).
 *
 * @param index this shard, 0 to {@code count - 1}
 * @param count how many shards the campaign has
 */
public record Shard(int index, int count) {

  /** The system property that selects the shard. */
  public static final String PROPERTY = "minitransport.shard";

  /** The whole campaign in one process. */
  public static final Shard WHOLE = new Shard(0, 1);

  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("shard " + index + "/" + count
          + " must satisfy 0 <= i < N");
    }
  }

  /**
   * Parses {@code "i/N"}.
   *
   * @throws IllegalArgumentException naming the text if it is not two whole numbers with 0 ≤ i &lt; N
   */
  public static Shard parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("shard \"" + text + "\" is not i/N (e.g. 0/8)");
    }
    try {
      return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("shard \"" + text + "\" is not i/N (e.g. 0/8)", e);
    }
  }

  /** The shard {@code -Dminitransport.shard} selects, else {@link #WHOLE}. */
  public static Shard current() {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) {
      return WHOLE;
    }
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + ": " + e.getMessage(), e);
    }
  }

  /** This shard's part of {@code total} examples: the parts of all shards add up to it. */
  public int share(int total) {
    return total / count + (index < total % count ? 1 : 0);
  }

  /** The QuickTheories seed of this shard: the campaign seed plus the index. */
  public long seed(long campaignSeed) {
    return campaignSeed + index;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
