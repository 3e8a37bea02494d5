package org.minitransport.core.net.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LinkConfigTest {

  /**
   * A JSON reader builds a link's parts first; GilbertElliottLoss's constructor used to call into
   * LinkConfig, whose defaults hold GilbertElliottLoss.NONE, so initializing GilbertElliottLoss
   * first failed with "burstLoss is null". Loaded afresh, in that order, both must initialize.
   */
  @Test
  void gilbertElliottLossCanBeInitializedBeforeLinkConfig() throws Exception {
    java.net.URL classes = GilbertElliottLoss.class.getProtectionDomain().getCodeSource()
        .getLocation();
    try (java.net.URLClassLoader fresh = new java.net.URLClassLoader(
        new java.net.URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
      Class<?> loss = Class.forName(GilbertElliottLoss.class.getName(), true, fresh);
      Class<?> link = Class.forName(LinkConfig.class.getName(), true, fresh);
      assertEquals(loss.getField("NONE").get(null),
          link.getMethod("burstLoss").invoke(link.getField("DEFAULT").get(null)));
    }
  }

  private static void assertRejected(Executable build, String... messageParts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
    for (String part : messageParts) {
      assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks " + part);
    }
  }

  @Test
  void defaultsToACleanOneMillisecondLinkWithMtu1500() {
    LinkConfig config = LinkConfig.DEFAULT;
    assertEquals(1_000_000, config.delayNs());
    assertEquals(1500, config.mtu());
    assertEquals(0, config.lossProbability());
    assertEquals(GilbertElliottLoss.NONE, config.burstLoss());
    assertEquals(0, config.bandwidthBitsPerSecond());
    assertEquals(List.of(), config.partitions());
  }

  @Test
  void rejectsProbabilitiesOutsideZeroToOneNamingTheField() {
    assertRejected(() -> LinkConfig.builder().lossProbability(1.5).build(),
        "lossProbability", "1.5");
    assertRejected(() -> LinkConfig.builder().duplicationProbability(-0.1).build(),
        "duplicationProbability", "-0.1");
    assertRejected(() -> LinkConfig.builder().reordering(Double.NaN, 1).build(),
        "reorderProbability", "NaN");
    assertRejected(() -> LinkConfig.builder().corruption(2, 1).build(), "corruptionProbability");
  }

  @Test
  void rejectsNegativeTimes() {
    assertRejected(() -> LinkConfig.builder().delayNs(-1).build(), "delayNs", "-1");
    assertRejected(() -> LinkConfig.builder().jitterNs(-5).build(), "jitterNs", "-5");
    assertRejected(() -> LinkConfig.builder().reordering(0.1, -2).build(), "reorderDelayNs");
    assertRejected(() -> LinkConfig.builder().bandwidthBitsPerSecond(-8).build(),
        "bandwidthBitsPerSecond");
  }

  @Test
  void rejectsAnMtuOutside68To65535() {
    assertRejected(() -> LinkConfig.builder().mtu(67).build(), "mtu", "67");
    assertRejected(() -> LinkConfig.builder().mtu(65536).build(), "mtu", "65536");
    assertEquals(68, LinkConfig.builder().mtu(68).build().mtu());
  }

  @Test
  void rejectsEmptyQueuesAndImpossibleBitCounts() {
    assertRejected(() -> LinkConfig.builder().queueCapacityPackets(0).build(),
        "queueCapacityPackets", "0");
    assertRejected(() -> LinkConfig.builder().queueCapacityBytes(0).build(), "queueCapacityBytes");
    assertRejected(() -> LinkConfig.builder().corruption(0.5, 0).build(), "corruptionMaxBits");
    assertRejected(() -> LinkConfig.builder().corruption(0.5, 65).build(), "corruptionMaxBits");
  }

  @Test
  void rejectsAPartitionThatEndsBeforeItStarts() {
    assertRejected(() -> LinkConfig.builder().partition(10, 10), "10");
  }

  @Test
  void copiesThePartitionListSoLaterChangesDoNotLeakIn() {
    List<PartitionWindow> windows = new ArrayList<>(List.of(new PartitionWindow(0, 5)));
    LinkConfig config = LinkConfig.builder().partitions(windows).build();
    windows.add(new PartitionWindow(10, 20));
    assertEquals(1, config.partitions().size());
    assertThrows(UnsupportedOperationException.class,
        () -> config.partitions().add(new PartitionWindow(1, 2)));
  }

  @Test
  void roundTripsThroughItsBuilder() {
    LinkConfig config = LinkConfig.builder().lossProbability(0.1).delayNs(7).jitterNs(3)
        .bandwidthBitsPerSecond(1000).queueCapacityBytes(9000).corruption(0.2, 4).mtu(576)
        .reordering(0.3, 99).duplicationProbability(0.4)
        .burstLoss(GilbertElliottLoss.fromAverageLoss(0.05, 4)).partition(1, 2).build();
    assertEquals(config, config.toBuilder().build());
  }

  @Test
  void partitionWindowsAreHalfOpen() {
    LinkConfig config = LinkConfig.builder().partition(10, 20).partition(30, 40).build();
    assertEquals(List.of(false, true, true, false, true, false),
        List.of(config.isPartitionedAt(9), config.isPartitionedAt(10),
            config.isPartitionedAt(19), config.isPartitionedAt(20),
            config.isPartitionedAt(35), config.isPartitionedAt(40)));
  }
}
