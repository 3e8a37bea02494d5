package org.minitransport.core.net.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UdpNetworkConfigTest {

  @Test
  void defaultsToAnEthernetMtuWholeDatagramBuffersAndSocketBuffersForAWindow() {
    UdpNetworkConfig config = UdpNetworkConfig.defaults();

    assertEquals(1500, config.mtu());
    assertEquals(65_535, config.maxDatagramBytes());
    assertEquals(4 << 20, config.socketReceiveBufferBytes());
    assertEquals(4 << 20, config.socketSendBufferBytes());
  }

  @Test
  void acceptsTheLargestUdpPayloadOverIpv4AsMtu() {
    assertEquals(65_507, UdpNetworkConfig.builder().mtu(65_507).build().mtu());
  }

  @Test
  void rejectsAnMtuAboveTheLargestUdpPayload() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UdpNetworkConfig.builder().mtu(65_508).build());

    assertTrue(e.getMessage().contains("mtu 65508 is outside 68-65507"), e.getMessage());
  }

  @Test
  void rejectsAnMtuBelowTheIpv4Minimum() {
    assertThrows(IllegalArgumentException.class, () -> UdpNetworkConfig.builder().mtu(67).build());
  }

  @Test
  void rejectsAReceiveBufferThatCannotTellAnOversizeDatagram() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UdpNetworkConfig.builder().mtu(1500).maxDatagramBytes(1500).build());

    assertTrue(e.getMessage().contains("maxDatagramBytes 1500 must be above the mtu 1500"),
        e.getMessage());
  }

  @Test
  void rejectsANegativeSocketBuffer() {
    assertThrows(IllegalArgumentException.class,
        () -> UdpNetworkConfig.builder().socketReceiveBufferBytes(-1).build());
    assertThrows(IllegalArgumentException.class,
        () -> UdpNetworkConfig.builder().socketSendBufferBytes(-1).build());
  }

  @Test
  void toBuilderKeepsEveryValue() {
    UdpNetworkConfig config = UdpNetworkConfig.builder()
        .mtu(9000).maxDatagramBytes(9001).socketReceiveBufferBytes(1 << 20)
        .socketSendBufferBytes(1 << 19).build();

    assertEquals(config, config.toBuilder().build());
  }
}
