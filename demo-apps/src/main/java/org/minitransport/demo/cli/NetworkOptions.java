package org.minitransport.demo.cli;

import java.util.List;
import java.util.function.Predicate;
import org.minitransport.core.net.sim.GilbertElliottLoss;
import org.minitransport.core.net.sim.LinkConfig;
import picocli.CommandLine.Option;

/**
 * The impairment options every network command shares (a picocli mixin). Each maps to one {@link
 * LinkConfig} field, applied to both directions: on the simulated network to its links, on the UDP
 * and TUN networks to what this process's hosts send and receive (an impairing decorator).
 */
public final class NetworkOptions {

  /** The options that impair a real network; without any of them it is left untouched. */
  public static final List<String> IMPAIRMENTS = List.of("--loss", "--burst-loss", "--duplicate",
      "--reorder", "--corrupt", "--delay", "--jitter", "--bandwidth");

  @Option(names = "--seed", paramLabel = "<seed>", description = "Seed of the simulated network "
      + "or of the impairments on a real network (default: random, printed).")
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
      description = "One-way delay, e.g. 10ms (default: ${DEFAULT-VALUE} on the simulated "
          + "network, none added on udp and tun).")
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

  /**
   * The link for a real network (UDP, TUN), where only the options given apply: {@code
   * --delay}'s 10 ms default is the simulated network's, a real network has its own.
   *
   * @param given whether an option such as "--delay" was given
   */
  public LinkConfig realNetworkLinkConfig(Predicate<String> given) {
    return linkConfig().toBuilder().delayNs(given.test("--delay") ? delayNs : 0).build();
  }

  /** A one-line description for summaries. */
  public String describe() {
    return describe(linkConfig());
  }

  /** A one-line description of {@code link}, e.g. "delay 10.0 ms, loss 1.00%, MTU 1500". */
  public static String describe(LinkConfig link) {
    StringBuilder text = new StringBuilder();
    text.append("delay ").append(link.delayNs() / 1_000_000.0).append(" ms");
    if (link.jitterNs() > 0) {
      text.append(", jitter ").append(link.jitterNs() / 1_000_000.0).append(" ms");
    }
    appendPercent(text, "loss", link.lossProbability());
    appendPercent(text, "burst loss", link.burstLoss().stationaryLossRate());
    appendPercent(text, "duplicate", link.duplicationProbability());
    appendPercent(text, "reorder", link.reorderProbability());
    appendPercent(text, "corrupt", link.corruptionProbability());
    if (link.bandwidthBitsPerSecond() > 0) {
      text.append(", ").append(link.bandwidthBitsPerSecond() / 1e6).append(" Mbit/s");
    }
    text.append(", MTU ").append(link.mtu());
    return text.toString();
  }

  private static void appendPercent(StringBuilder text, String name, double p) {
    if (p > 0) {
      text.append(", ").append(name).append(' ').append(String.format("%.2f%%", p * 100));
    }
  }
}
