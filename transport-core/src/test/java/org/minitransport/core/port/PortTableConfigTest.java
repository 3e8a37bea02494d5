package org.minitransport.core.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PortTableConfigTest {

  @Test
  void defaultsAreUnprivilegedWithTheDynamicRangeAsEphemeralRange() {
    PortTableConfig config = PortTableConfig.defaults();
    assertFalse(config.privileged());
    assertEquals(49152, config.ephemeralLow());
    assertEquals(65535, config.ephemeralHigh());
    assertEquals(16_384, config.ephemeralCount());
    assertEquals(1024, config.perturbationTableSize());
  }

  @Test
  void builderSetsEveryField() {
    PortTableConfig config =
        PortTableConfig.builder()
            .privileged(true)
            .ephemeralRange(50_000, 50_003)
            .secret(7, 9)
            .perturbationTableSize(16)
            .build();
    assertEquals(new PortTableConfig(true, 50_000, 50_003, 7, 9, 16), config);
    assertEquals(config, config.toBuilder().build());
  }

  @Test
  void secretFromDrawsTwoLongsFromTheGivenGenerator() {
    PortTableConfig config = PortTableConfig.builder().secretFrom(new SplittableRandom(42)).build();
    SplittableRandom same = new SplittableRandom(42);
    assertEquals(same.nextLong(), config.secretKey0());
    assertEquals(same.nextLong(), config.secretKey1());
  }

  @Test
  void toStringHidesTheSecret() {
    PortTableConfig config = PortTableConfig.builder().secret(123_456_789L, 987_654_321L).build();
    assertFalse(config.toString().contains("123456789"), config.toString());
    assertFalse(config.toString().contains("987654321"), config.toString());
    assertTrue(config.toString().contains("49152-65535"), config.toString());
  }

  @Test
  void rejectsEphemeralLowBelowOneNamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PortTableConfig.builder().ephemeralRange(0, 100).build());
    assertTrue(e.getMessage().contains("low 0"), e.getMessage());
  }

  @Test
  void rejectsEphemeralHighAbove65535NamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PortTableConfig.builder().ephemeralRange(50_000, 65_536).build());
    assertTrue(e.getMessage().contains("65536"), e.getMessage());
  }

  @Test
  void rejectsEphemeralLowAboveHigh() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PortTableConfig.builder().ephemeralRange(50_001, 50_000).build());
    assertTrue(e.getMessage().contains("50001-50000"), e.getMessage());
  }

  @Test
  void acceptsASinglePortRange() {
    assertEquals(1, PortTableConfig.builder().ephemeralRange(5, 5).build().ephemeralCount());
  }

  @Test
  void rejectsPerturbationTableSizeThatIsNotAPowerOfTwo() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PortTableConfig.builder().perturbationTableSize(1000).build());
    assertTrue(e.getMessage().contains("1000"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> PortTableConfig.builder().perturbationTableSize(1 << 17).build());
  }
}
