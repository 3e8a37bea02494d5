package org.minitransport.core.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

class AddressProperties {

  @Test
  void everyAddressSurvivesFormatThenParse() {
    qt().withExamples(2_000)
        .forAll(integers().all())
        .checkAssert(bits -> {
          Ipv4Address address = new Ipv4Address(bits);
          assertEquals(address, Ipv4Address.parse(address.toString()));
        });
  }

  @Test
  void everyEndpointSurvivesFormatThenParse() {
    qt().withExamples(2_000)
        .forAll(integers().all(), integers().between(0, Endpoint.MAX_PORT))
        .checkAssert((bits, port) -> {
          Endpoint endpoint = new Endpoint(new Ipv4Address(bits), port);
          assertEquals(endpoint, Endpoint.parse(endpoint.toString()));
        });
  }

  @Test
  void orderingAgreesWithTheUnsignedValue() {
    qt().withExamples(1_000)
        .forAll(integers().all(), integers().all())
        .checkAssert((a, b) -> assertEquals(
            Long.signum(Integer.toUnsignedLong(a) - Integer.toUnsignedLong(b)),
            Integer.signum(new Ipv4Address(a).compareTo(new Ipv4Address(b)))));
  }

  @Test
  void anAddressIsInEveryPrefixOfItself() {
    qt().withExamples(1_000)
        .forAll(integers().all(), integers().between(0, 32), integers().all())
        .checkAssert((bits, length, noise) -> {
          // Keep the first `length` bits, replace the rest with noise: still the same prefix.
          int mask = length == 0 ? 0 : -1 << (32 - length);
          Ipv4Address prefix = new Ipv4Address((bits & mask) | (noise & ~mask));
          assertEquals(true, new Ipv4Address(bits).isIn(prefix, length));
        });
  }
}
