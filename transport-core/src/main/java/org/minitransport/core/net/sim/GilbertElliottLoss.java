package org.minitransport.core.net.sim;

/**
 * Bursty loss: the two-state Gilbert–Elliott Markov chain, stepped once per packet that reaches a
 * link's loss stage.
 *
 * <p>Parameterisation (all per packet): the chain is in state GOOD or BAD and starts in GOOD. For
 * each packet, the packet is first lost with probability {@code lossInGood} or {@code lossInBad}
 * according to the current state; then the chain moves GOOD→BAD with probability {@code
 * goodToBad} ({@code p}) or BAD→GOOD with probability {@code badToGood} ({@code r}). In the long
 * run the chain is BAD a fraction {@code π_bad = p / (p + r)} of the time, so the average loss rate
 * is {@code (r · lossInGood + p · lossInBad) / (p + r)} ({@link #stationaryLossRate()}), and a stay
 * in BAD lasts {@code 1 / r} packets on average. The simple Gilbert model is {@code lossInGood = 0,
 * lossInBad = 1}; {@link #fromAverageLoss} builds one.
 *
 * @param goodToBad {@code p}, probability of moving GOOD→BAD after a packet, 0–1
 * @param badToGood {@code r}, probability of moving BAD→GOOD after a packet, 0–1
 * @param lossInGood probability of losing a packet while GOOD, 0–1
 * @param lossInBad probability of losing a packet while BAD, 0–1
 */
public record GilbertElliottLoss(
    double goodToBad, double badToGood, double lossInGood, double lossInBad) {

  /** No burst loss: the chain never leaves GOOD and GOOD loses nothing. */
  public static final GilbertElliottLoss NONE = new GilbertElliottLoss(0, 1, 0, 0);

  /**
   * @throws IllegalArgumentException naming the field if a value is outside 0–1 or NaN, or if
   *     both transition probabilities are 0 (the chain would have no stationary state)
   */
  public GilbertElliottLoss {
    checkProbability("goodToBad", goodToBad);
    checkProbability("badToGood", badToGood);
    checkProbability("lossInGood", lossInGood);
    checkProbability("lossInBad", lossInBad);
    if (goodToBad == 0 && badToGood == 0) {
      throw new IllegalArgumentException(
          "goodToBad and badToGood are both 0: at least one transition must be possible");
    }
  }

  /**
   * The one probability check of the simulated network's settings. It lives here, not in {@link
   * LinkConfig}, because LinkConfig's defaults hold {@link #NONE}: were this record's constructor
   * to reach into LinkConfig, initializing this class first (as a JSON reader building a link's
   * parts does) would run LinkConfig's defaults while {@link #NONE} is still null.
   */
  static void checkProbability(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " " + value + " must be a probability in [0, 1]");
    }
  }

  /**
   * The simple Gilbert model (no loss while GOOD, every packet lost while BAD) with the given
   * long-run loss rate and mean loss-burst length: {@code r = 1 / meanBurstLength}, {@code p = r ·
   * averageLoss / (1 − averageLoss)}.
   *
   * @param averageLoss long-run fraction of packets lost, {@code 0 <= averageLoss < 1}
   * @param meanBurstLength mean number of consecutive losses, {@code >= 1}
   * @throws IllegalArgumentException if a value is out of range, or if the pair needs {@code p > 1}
   */
  public static GilbertElliottLoss fromAverageLoss(double averageLoss, double meanBurstLength) {
    if (!(averageLoss >= 0 && averageLoss < 1)) {
      throw new IllegalArgumentException(
          "average loss " + averageLoss + " must be at least 0 and below 1");
    }
    if (!(meanBurstLength >= 1) || Double.isInfinite(meanBurstLength)) {
      throw new IllegalArgumentException(
          "mean burst length " + meanBurstLength + " must be a finite number of packets >= 1");
    }
    double badToGood = 1 / meanBurstLength;
    double goodToBad = badToGood * averageLoss / (1 - averageLoss);
    if (goodToBad > 1) {
      throw new IllegalArgumentException(
          "average loss " + averageLoss + " with mean burst length " + meanBurstLength
              + " needs goodToBad " + goodToBad + " > 1; use a longer burst length");
    }
    return new GilbertElliottLoss(goodToBad, badToGood, 0, 1);
  }

  /** The long-run fraction of packets this chain loses: {@code (r·lossInGood + p·lossInBad)/(p+r)}. */
  public double stationaryLossRate() {
    return (badToGood * lossInGood + goodToBad * lossInBad) / (goodToBad + badToGood);
  }

  /** Whether this model can lose any packet at all. */
  public boolean isActive() {
    return lossInGood > 0 || (lossInBad > 0 && goodToBad > 0);
  }
}
