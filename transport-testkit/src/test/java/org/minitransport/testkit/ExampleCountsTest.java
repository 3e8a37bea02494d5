package org.minitransport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExampleCountsTest {

  private static final String SOAK = "minitransport.soak";
  private String saved;
  private String savedSoak;

  @BeforeEach
  void saveProperty() {
    saved = System.getProperty(ExampleCounts.PROPERTY);
    savedSoak = System.getProperty(SOAK);
    System.clearProperty(ExampleCounts.PROPERTY);
    System.clearProperty(SOAK);
  }

  @AfterEach
  void restoreProperty() {
    restore(ExampleCounts.PROPERTY, saved);
    restore(SOAK, savedSoak);
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }

  @Test
  void aSoakRunIsTenTimesAsThoroughUnlessTheKnobSaysOtherwise() {
    System.setProperty(SOAK, "true");
    assertEquals(20_000, ExampleCounts.scaled(2_000));
    assertEquals(100_000, ExampleCounts.scaled(10_000));
    System.setProperty(ExampleCounts.PROPERTY, "4000");
    assertEquals(4_000, ExampleCounts.scaled(2_000));
  }

  @Test
  void withoutTheKnobEachPropertyRunsItsStatedCount() {
    assertEquals(2_000, ExampleCounts.scaled(2_000));
    assertEquals(60, ExampleCounts.scaled(60));
  }

  @Test
  void theKnobScalesEveryCountInProportion() {
    System.setProperty(ExampleCounts.PROPERTY, "20000");
    assertEquals(20_000, ExampleCounts.scaled(2_000));
    assertEquals(600, ExampleCounts.scaled(60));
    System.setProperty(ExampleCounts.PROPERTY, " 200 ");
    assertEquals(200, ExampleCounts.scaled(2_000));
    assertEquals(1, ExampleCounts.scaled(3), "never below one example");
  }

  @Test
  void aBadKnobIsAnErrorNamingTheValue() {
    System.setProperty(ExampleCounts.PROPERTY, "lots");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExampleCounts.scaled(10));
    assertTrue(e.getMessage().contains("lots"), e.getMessage());
    System.setProperty(ExampleCounts.PROPERTY, "0");
    assertThrows(IllegalArgumentException.class, () -> ExampleCounts.scaled(10));
  }
}
