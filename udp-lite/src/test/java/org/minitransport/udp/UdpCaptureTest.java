package org.minitransport.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.minitransport.udp.UdpSimulation.address;
import static org.minitransport.udp.UdpSimulation.endpoint;

import java.net.PortUnreachableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minitransport.core.net.pcap.CapturingNetwork;
import org.minitransport.core.net.pcap.PcapWriter;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.time.NanoClock;
import org.minitransport.udp.wire.ChecksumZeroPayloads;
import org.minitransport.testkit.TsharkVerdict;

/**
 * A capture of udp-lite traffic, judged by tshark with checksum validation on: datagrams of many
 * sizes from empty to MTU − 28, one whose checksum computes to 0 (so it goes out as 0xFFFF),
 * echoes back, and ICMP port unreachable answers. Wireshark must find every IPv4, UDP and ICMP
 * checksum good and nothing malformed. (The hosts run on event loops: the capture wraps the
 * network they attach through.)
 */
class UdpCaptureTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;


  @Test
  void wiresharkFindsEveryChecksumGoodAndNothingMalformed() throws Exception {
    assumeTrue(TsharkVerdict.locate().isPresent(), TsharkVerdict.INSTALL_HINT);
    Path pcap = dir.resolve("udp-lite.pcap");
    int udpFrames = 0;
    try (PcapWriter writer = PcapWriter.create(pcap)) {
      NanoClock clock = NanoClock.system();
      SimulatedNetwork simulated = new SimulatedNetwork(3, clock, LinkConfig.DEFAULT);
      simulated.startRealTime();
      CapturingNetwork network =
          new CapturingNetwork(simulated, clock, writer, CapturingNetwork.wallClockOffsetNs(clock));
      try (RealTimePair pair = RealTimePair.over(network, network)) {
        UdpSocket server = pair.b.open(endpoint(2, 5000));
        UdpSocket client = pair.a.open(endpoint(1, 40_000));
        List<byte[]> sent = new ArrayList<>();
        for (int length : new int[] {0, 1, 2, 3, 7, 8, 100, 999, 1000, pair.a.maxPayload()}) {
          byte[] data = new byte[length];
          for (int i = 0; i < length; i++) {
            data[i] = (byte) (i * 7 + length);
          }
          sent.add(data);
        }
        sent.add(ChecksumZeroPayloads.solve(40_000, 5000, new byte[] {1, 2, 3}, address(1),
            address(2)));
        for (byte[] data : sent) {
          client.send(server.localEndpoint(), data);
          udpFrames++;
        }
        for (byte[] data : sent) {
          ReceivedDatagram request = server.receive(WAIT);
          assertArrayEquals(data, request.data());
          server.send(request.source(), request.data());
          udpFrames++;
        }
        for (byte[] data : sent) {
          assertArrayEquals(data, client.receive(WAIT).data());
        }
        // Nobody on 4444 or 4445: two ICMP port unreachables, one quoting a full-sized datagram.
        client.connect(endpoint(2, 4444));
        client.send(new byte[pair.a.maxPayload()]);
        udpFrames++;
        assertThrows(PortUnreachableException.class, () -> client.receive(WAIT));
        client.connect(endpoint(2, 4445));
        client.send("short".getBytes());
        udpFrames++;
        assertThrows(PortUnreachableException.class, () -> client.receive(WAIT));
      }
      assertTrue(network.captureFailure().isEmpty(), () -> "capture failed: "
          + network.captureFailure());
    }

    // protocols, then the IPv4, UDP and ICMP checksum statuses (1 = verified good)
    List<String[]> rows = TsharkVerdict.fields(pcap, "frame.protocols", "ip.checksum.status",
        "udp.checksum.status", "icmp.checksum.status");
    List<String[]> icmp = rows.stream().filter(r -> r[0].contains(":icmp")).toList();
    List<String[]> udp = rows.stream().filter(r -> !r[0].contains(":icmp")).toList();
    assertEquals(udpFrames + 2, rows.size(), "every datagram plus two ICMP errors");
    assertEquals(2, icmp.size(), "ICMP errors");
    assertTrue(udp.stream().allMatch(r -> r[0].contains(":udp")), "every other frame is UDP");
    assertTrue(udp.stream().allMatch(r -> r[2].equals("1")),
        "every UDP checksum verified good by tshark");
    assertTrue(rows.stream().allMatch(r -> r[1].startsWith("1")),
        "every IPv4 header checksum good");
    assertTrue(icmp.stream().allMatch(r -> r[3].equals("1")), "every ICMP checksum good");
    assertEquals(List.of(), TsharkVerdict.judge(pcap).problems(), "tshark's complaints");
  }
}
