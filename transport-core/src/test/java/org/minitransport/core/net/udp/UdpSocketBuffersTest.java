package org.minitransport.core.net.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.PolledAttachment;

/** The UDP network's socket buffers: asked for, reported as granted, and the OS's drops counted. */
class UdpSocketBuffersTest {

  private static final Ipv4Address HOST = Ipv4Address.parse("10.0.0.1");

  private static UdpNetwork network(UdpNetworkConfig config) throws Exception {
    int port = LoopbackPorts.free(1)[0];
    return new UdpNetwork(UdpRouteTable.builder().host(HOST, LoopbackPorts.loopback(port)).build(),
        config);
  }

  @Test
  void reportsTheBuffersTheOsGrantedForWhatWasAsked() throws Exception {
    try (UdpNetwork network = network(UdpNetworkConfig.builder()
        .socketReceiveBufferBytes(64 << 10).socketSendBufferBytes(32 << 10).build())) {
      UdpAttachment host = network.attach(HOST, p -> {});

      // Linux doubles the value for its bookkeeping; other systems grant it as asked.
      assertTrue(host.receiveBufferBytes() >= 64 << 10, "granted " + host.receiveBufferBytes());
      assertTrue(host.sendBufferBytes() >= 32 << 10, "granted " + host.sendBufferBytes());
      assertTrue(host.receiveBufferBytes() <= 128 << 10, "granted " + host.receiveBufferBytes());
    }
  }

  @Test
  void countsTheDatagramsTheOsDroppedBecauseNobodyReadThem() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/net/udp")), "skipped: no /proc/net/udp (not Linux)");
    try (UdpNetwork network = network(UdpNetworkConfig.builder()
        .socketReceiveBufferBytes(4096).build());
        DatagramChannel sender = DatagramChannel.open()) {
      // A polled attachment that is never polled: nothing reads the socket.
      PolledAttachment host = network.attachPolled(HOST, p -> {});
      InetSocketAddress target = ((UdpAttachment) host).localSocketAddress();
      assertEquals(OptionalLong.of(0), ((UdpAttachment) host).osReceiveDrops());

      for (int i = 0; i < 200; i++) {
        sender.send(ByteBuffer.allocate(1000), target);
      }

      long drops = ((UdpAttachment) host).osReceiveDrops().orElseThrow();
      assertTrue(drops > 100, "the OS dropped most of 200 datagrams into a 4 KiB buffer: " + drops);
    }
  }

  @Test
  void findsTheSocketsLineByItsLittleEndianAddressAndPort() {
    List<String> procNetUdp = List.of(
        "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
            + " inode ref pointer drops",
        "  1: 0100007F:9C41 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0"
            + " 123 2 0000000000000000 17",
        "  2: 0200007F:9C41 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0"
            + " 124 2 0000000000000000 5");

    assertEquals(OptionalLong.of(17), org.minitransport.core.net.udp.internal.OsSocketDrops
        .parse(procNetUdp, new InetSocketAddress("127.0.0.1", 0x9C41)));
  }
}
