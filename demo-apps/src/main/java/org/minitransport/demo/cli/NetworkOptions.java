package org.minitransport.demo.cli;

import org.minitransport.core.net.sim.GilbertElliottLoss;
import org.minitransport.core.net.sim.LinkConfig;
import picocli.CommandLine.Option;

/**
 * The impairment options every command on the simulated network shares (a picocli mixin). Each
 * maps to one {@link LinkConfig} field, applied to both directions.
 */
public final class NetworkOptions {

  @Option(names = "--seed", paramLabel = "<seed>", description = "Seed of the simulated network (default: random, printed).")
  public Long seed;

  @Option(names = "--loss", converter = ValueConverters.Probability.class, defaultValue = "0",
      paramLabel = "<probability>",
      description = "Independent loss probability, e.g. 0.01 or 1%% (default: ${DEFAULT-VALUE}).")
  public double loss;

  @Option(names = "--burst-loss", converter = ValueConverters.Probability.class,
      defaultValue = "0", paramLabel = "<probability>",
      description = "Average loss in Gilbert-Elliott bursts (mean burst 4 packets), e.g. 2%% "
          + "(default: ${DEFAULT-VALUE}).")
  public double burstLoss;

  @Option(names = "--duplicate", converter = ValueConverters.Probability.class, defaultValue = "0",
      paramLabel = "<probability>",
      description = "Duplication probability (default: ${DEFAULT-VALUE}).")
  public double duplicate;

  @Option(names = "--reorder", converter = ValueConverters.Probability.class, defaultValue = "0",
      paramLabel = "<probability>",
      description = "Probability a packet is held back 10 ms so later ones overtake it "
          + "(default: ${DEFAULT-VALUE}).")
  public double reorder;

  @Option(names = "--corrupt", converter = ValueConverters.Probability.class, defaultValue = "0",
      paramLabel = "<probability>",
      description = "Probability of flipping one bit of a packet (the checksums catch every "
          + "single-bit error; default: ${DEFAULT-VALUE}).")
  public double corrupt;

  @Option(names = "--delay", converter = ValueConverters.Duration.class, defaultValue = "10ms",
      paramLabel = "<duration>",
      description = "One-way delay, e.g. 10ms (default: ${DEFAULT-VALUE}).")
  public long delayNs;

  @Option(names = "--jitter", converter = ValueConverters.Duration.class, defaultValue = "0",
      paramLabel = "<duration>",
      description = "Extra random delay, uniform from 0 to this (default: ${DEFAULT-VALUE}).")
  public long jitterNs;

  @Option(names = "--bandwidth", converter = ValueConverters.BitRate.class, defaultValue = "0",
      paramLabel = "<rate>",
      description = "Link rate in bit/s, e.g. 100M (default: unlimited).")
  public long bandwidthBitsPerSecond;

  @Option(names = "--mtu", defaultValue = "1500", paramLabel = "<bytes>",
      converter = ValueConverters.Mtu.class,
      description = "Link MTU in bytes, 576-65535 (default: ${DEFAULT-VALUE}).")
  public int mtu;

  /** The link these options describe. */
  public LinkConfig linkConfig() {
    LinkConfig.Builder link = LinkConfig.builder()
        .lossProbability(loss)
        .duplicationProbability(duplicate)
        .reordering(reorder, LinkConfig.DEFAULT_REORDER_DELAY_NS)
        .corruption(corrupt, 1)
        .delayNs(delayNs)
        .jitterNs(jitterNs)
        .bandwidthBitsPerSecond(bandwidthBitsPerSecond)
        .mtu(mtu);
    if (burstLoss > 0) {
      link.burstLoss(GilbertElliottLoss.fromAverageLoss(burstLoss, 4));
    }
    return link.build();
  }

  /** A one-line description for summaries. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    text.append("delay ").append(delayNs / 1_000_000.0).append(" ms");
    if (jitterNs > 0) {
      text.append(", jitter ").append(jitterNs / 1_000_000.0).append(" ms");
    }
    appendPercent(text, "loss", loss);
    appendPercent(text, "burst loss", burstLoss);
    appendPercent(text, "duplicate", duplicate);
    appendPercent(text, "reorder", reorder);
    appendPercent(text, "corrupt", corrupt);
    if (bandwidthBitsPerSecond > 0) {
      text.append(", ").append(bandwidthBitsPerSecond / 1e6).append(" Mbit/s");
    }
    text.append(", MTU ").append(mtu);
    return text.toString();
  }

  private static void appendPercent(StringBuilder text, String name, double p) {
    if (p > 0) {
      text.append(", ").append(name).append(' ').append(String.format("%.2f%%", p * 100));
    }
  }
}
