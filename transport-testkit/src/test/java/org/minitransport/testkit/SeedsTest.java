package org.minitransport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SeedsTest {

  private String saved;

  @BeforeEach
  void saveProperty() {
    saved = System.getProperty(Seeds.PROPERTY);
    System.clearProperty(Seeds.PROPERTY);
  }

  @AfterEach
  void restoreProperty() {
    if (saved == null) {
      System.clearProperty(Seeds.PROPERTY);
    } else {
      System.setProperty(Seeds.PROPERTY, saved);
    }
  }

  @Test
  void theReplayPropertyFixesThePickedSeed() {
    System.setProperty(Seeds.PROPERTY, " -42 ");
    assertEquals(-42, Seeds.pick());
    assertEquals(-42, Seeds.pick());
  }

  @Test
  void withoutThePropertyEachPickIsFresh() {
    assertNotEquals(Seeds.pick(), Seeds.pick());
  }

  @Test
  void aBlankPropertyCountsAsUnset() {
    System.setProperty(Seeds.PROPERTY, "  ");
    assertNotEquals(Seeds.pick(), Seeds.pick());
  }

  @Test
  void aPropertyThatIsNotALongIsRejectedNamingIt() {
    System.setProperty(Seeds.PROPERTY, "banana");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Seeds::pick);
    assertTrue(e.getMessage().contains("-Dminitransport.seed=banana"), e.getMessage());
  }

  @Test
  void runPassesThePickedSeedToTheBody() {
    System.setProperty(Seeds.PROPERTY, "7");
    AtomicLong seen = new AtomicLong();
    Seeds.run(seen::set);
    assertEquals(7, seen.get());
  }

  @Test
  void aFailedAssertionIsReportedWithTheSeedAndReplayFlag() {
    AssertionError original = new AssertionError("expected 1 but was 2");
    AssertionError error = assertThrows(AssertionError.class, () -> Seeds.run(99, seed -> {
      throw original;
    }));
    assertEquals("failed with seed 99 (replay with -Dminitransport.seed=99): "
        + original, error.getMessage());
    assertSame(original, error.getCause());
  }

  @Test
  void aCheckedExceptionIsReportedTheSameWay() {
    IOException original = new IOException("no route");
    AssertionError error = assertThrows(AssertionError.class, () -> Seeds.run(-3, seed -> {
      throw original;
    }));
    assertTrue(error.getMessage().startsWith(
        "failed with seed -3 (replay with -Dminitransport.seed=-3)"), error.getMessage());
    assertSame(original, error.getCause());
  }

  @Test
  void aPassingBodyRunsOnceWithTheGivenSeed() {
    AtomicLong runs = new AtomicLong();
    Seeds.run(5, seed -> {
      assertEquals(5, seed);
      runs.incrementAndGet();
    });
    assertEquals(1, runs.get());
  }
}
