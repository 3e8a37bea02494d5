package org.minitransport.core.net.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;

class UdpRouteTableProperties {

  private static final int EXAMPLES = 300;

  @Test
  void portOffsetRouteMapsPrefixPlusNToBasePortPlusN() {
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(17, 32), integers().all(), integers().allPositive(),
            integers().all())
        .checkAssert((length, bits, anyBase, n) -> {
          int hosts = 1 << (32 - length);
          int base = 1 + anyBase % (65_536 - hosts); // every port base..base+hosts-1 exists
          int mask = length == 0 ? 0 : -1 << (32 - length);
          Ipv4Address prefix = new Ipv4Address(bits & mask);
          int offset = n & ~mask;
          UdpRouteTable table =
              UdpRouteTable.parse(prefix + "/" + length + "=127.0.0.1:" + base + "+");

          Optional<InetSocketAddress> socket =
              table.resolve(new Ipv4Address(prefix.bits() + offset));

          assertEquals(Optional.of(LoopbackPorts.loopback(base + offset)), socket);
        });
  }

  @Test
  void textFormRoundTripsAndHostRouteWinsInsideAnyCoveringPrefix() {
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(0, 31), integers().all(), integers().between(1, 65_535),
            integers().between(1, 65_535))
        .checkAssert((length, host, prefixPort, hostPort) -> {
          int mask = length == 0 ? 0 : -1 << (32 - length);
          Ipv4Address hostAddress = new Ipv4Address(host);
          UdpRouteTable table = UdpRouteTable.builder()
              .fixed(new Ipv4Address(host & mask), length, LoopbackPorts.loopback(prefixPort))
              .host(hostAddress, LoopbackPorts.loopback(hostPort))
              .build();

          assertEquals(table, UdpRouteTable.parse(table.toString()));
          assertEquals(Optional.of(LoopbackPorts.loopback(hostPort)), table.resolve(hostAddress));
          assertEquals(Optional.of(LoopbackPorts.loopback(prefixPort)),
              table.resolve(new Ipv4Address(host ^ 1)));
        });
  }
}
