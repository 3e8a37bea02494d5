package org.minitransport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExampleCountsTest {

  private String saved;

  @BeforeEach
  void saveProperty() {
    saved = System.getProperty(ExampleCounts.PROPERTY);
    System.clearProperty(ExampleCounts.PROPERTY);
  }

  @AfterEach
  void restoreProperty() {
    if (saved == null) {
      System.clearProperty(ExampleCounts.PROPERTY);
    } else {
      System.setProperty(ExampleCounts.PROPERTY, saved);
    }
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
