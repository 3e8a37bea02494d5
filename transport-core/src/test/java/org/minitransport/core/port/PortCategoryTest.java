package org.minitransport.core.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PortCategoryTest {

  @Test
  void classifiesTheBoundariesOfRfc6335Section6() {
    assertEquals(PortCategory.WELL_KNOWN, PortCategory.of(0));
    assertEquals(PortCategory.WELL_KNOWN, PortCategory.of(1023));
    assertEquals(PortCategory.REGISTERED, PortCategory.of(1024));
    assertEquals(PortCategory.REGISTERED, PortCategory.of(49151));
    assertEquals(PortCategory.DYNAMIC, PortCategory.of(49152));
    assertEquals(PortCategory.DYNAMIC, PortCategory.of(65535));
  }

  @Test
  void rangesAreContiguousAndCoverEveryPort() {
    int next = 0;
    for (PortCategory category : PortCategory.values()) {
      assertEquals(next, category.lowest(), category + " starts where the previous one ended");
      next = category.highest() + 1;
    }
    assertEquals(65_536, next);
  }

  @Test
  void everyPortLiesInExactlyTheCategoryOfReturns() {
    for (int port = 0; port <= 65_535; port++) {
      PortCategory category = PortCategory.of(port);
      for (PortCategory other : PortCategory.values()) {
        assertEquals(other == category, other.contains(port), "port " + port + " in " + other);
      }
    }
  }

  @Test
  void rejectsNegativePortNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PortCategory.of(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void rejectsPortAbove65535NamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PortCategory.of(65_536));
    assertTrue(e.getMessage().contains("65536"), e.getMessage());
  }

  @Test
  void containsIsFalseOutsideThePortSpace() {
    assertFalse(PortCategory.WELL_KNOWN.contains(-1));
    assertFalse(PortCategory.DYNAMIC.contains(65_536));
  }

  @Test
  void rangeTextShowsBothEnds() {
    assertEquals("0-1023", PortCategory.WELL_KNOWN.rangeText());
    assertEquals("49152-65535", PortCategory.DYNAMIC.rangeText());
  }
}
