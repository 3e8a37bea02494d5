package org.minitransport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.pcap.PcapWriter;
import org.minitransport.core.wire.HandBuiltPackets;

class TsharkVerdictTest {

  /**
   * Test payloads are random bytes, and Wireshark's Thrift heuristic claims some of them (a run
   * of KernelInteropTest once failed on "Missing mandatory field id in struct"): the judge reads
   * TCP and UDP payloads as plain data unless a dissector owns the port.
   */
  @Test
  void aPayloadThatLooksLikeThriftIsJudgedAsData(@TempDir Path dir) throws Exception {
    assumeTrue(TsharkVerdict.locate().isPresent(), TsharkVerdict.INSTALL_HINT);
    byte[] thriftCall = {(byte) 0x80, 1, 0, 1, 0, 0, 0, 4, 'p', 'i', 'n', 'g', 0, 0, 0, 1, 0x0b,
        0, 1, 0, 0, 3, (byte) 0xe8, 'a', 'b', 'c'};
    byte[] packet = HandBuiltPackets.tcp(Ipv4Address.parse("10.0.0.1"),
        Ipv4Address.parse("10.0.0.2"), 40_000, 5001, 1000, 1,
        HandBuiltPackets.PSH | HandBuiltPackets.ACK, 65_535, new byte[0], thriftCall);
    Path pcap = dir.resolve("thrift-lookalike.pcap");
    try (PcapWriter writer = PcapWriter.create(pcap)) {
      writer.writePacket(0, packet, 0, packet.length);
    }
    assertEquals(List.of("raw:ip:tcp:data"), TsharkVerdict.judge(pcap).frames().stream()
        .map(TsharkVerdict.Frame::protocols).toList());
  }
}
