package org.minitransport.core.net.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GilbertElliottLossTest {

  @Test
  void buildsTheGilbertModelFromAverageLossAndBurstLength() {
    GilbertElliottLoss model = GilbertElliottLoss.fromAverageLoss(0.1, 4);
    assertEquals(0.25, model.badToGood(), 1e-12);
    assertEquals(0.25 * 0.1 / 0.9, model.goodToBad(), 1e-12);
    assertEquals(0, model.lossInGood());
    assertEquals(1, model.lossInBad());
    assertEquals(0.1, model.stationaryLossRate(), 1e-12);
  }

  @Test
  void computesTheStationaryLossOfTheGeneralChain() {
    GilbertElliottLoss model = new GilbertElliottLoss(0.1, 0.3, 0.01, 0.5);
    // pi_bad = 0.1 / 0.4 = 0.25
    assertEquals(0.75 * 0.01 + 0.25 * 0.5, model.stationaryLossRate(), 1e-12);
  }

  @Test
  void noneLosesNothing() {
    assertFalse(GilbertElliottLoss.NONE.isActive());
    assertEquals(0, GilbertElliottLoss.NONE.stationaryLossRate());
    assertTrue(GilbertElliottLoss.fromAverageLoss(0.01, 1).isActive());
  }

  @Test
  void rejectsValuesOutsideTheirRanges() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GilbertElliottLoss(1.2, 0.5, 0, 1));
    assertTrue(e.getMessage().contains("goodToBad"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new GilbertElliottLoss(0, 0, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> GilbertElliottLoss.fromAverageLoss(1, 3));
    assertThrows(IllegalArgumentException.class, () -> GilbertElliottLoss.fromAverageLoss(0.1, 0.5));
  }

  @Test
  void rejectsAnAverageThatShortBurstsCannotReach() {
    // r = 1, p = 0.9 / 0.1 = 9 > 1
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GilbertElliottLoss.fromAverageLoss(0.9, 1));
    assertTrue(e.getMessage().contains("burst length"), e.getMessage());
  }
}
