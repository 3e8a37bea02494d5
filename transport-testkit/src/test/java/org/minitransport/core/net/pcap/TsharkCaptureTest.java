package org.minitransport.core.net.pcap;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.core.wire.HandBuiltPackets.ACK;
import static org.minitransport.core.wire.HandBuiltPackets.FIN;
import static org.minitransport.core.wire.HandBuiltPackets.PSH;
import static org.minitransport.core.wire.HandBuiltPackets.SYN;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.core.wire.HandBuiltPackets;
import org.minitransport.core.wire.IcmpMessage;
import org.minitransport.core.wire.IcmpMessage.DestinationUnreachable;
import org.minitransport.core.wire.IcmpMessage.EchoRequest;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Header;
import org.minitransport.testkit.TsharkVerdict;

/**
 * tshark, an outside judge, reads captures written by {@link PcapWriter} through a {@link
 * CapturingNetwork}: the checks first prove they catch deliberately broken packets, then find
 * nothing wrong with a capture of correct mixed traffic. (A test of transport-core that lives in
 * the testkit's test sources so that it can use the testkit's one {@link TsharkVerdict}.)
 */
class TsharkCaptureTest {

  private static final Path OUTPUT = Path.of("target", "tshark");
  private static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");
  private static final Ipv4Address C = Ipv4Address.parse("10.0.0.3");
  private static final byte[] MSS_1460 = {2, 4, 0x05, (byte) 0xb4};
  private static final byte[] NO_OPTIONS = {};

  @BeforeAll
  static void requireTshark() throws IOException {
    Assumptions.assumeTrue(TsharkVerdict.locate().isPresent(), TsharkVerdict.INSTALL_HINT);
    Files.createDirectories(OUTPUT);
  }

  private static byte[] icmp(Ipv4Address from, Ipv4Address to, IcmpMessage message) {
    byte[] bytes = message.toBytes();
    return new Ipv4Header(0, 7, false, 64, IpProtocol.ICMP.number(), from, to)
        .toPacket(bytes, 0, bytes.length);
  }

  private static byte[] tcp(Ipv4Address from, Ipv4Address to, int fromPort, int toPort, long seq,
      long ack, int flags, byte[] options, String data) {
    return HandBuiltPackets.tcp(from, to, fromPort, toPort, seq, ack, flags, 65_535, options,
        data.getBytes(US_ASCII));
  }

  /** Correct mixed traffic: ICMP echo, UDP with a port unreachable, one whole TCP connection. */
  private static List<byte[]> mixedTraffic() {
    List<byte[]> packets = new ArrayList<>();
    EchoRequest ping = new EchoRequest(0x4d54, 1, "minitransport ping".getBytes(US_ASCII));
    packets.add(icmp(A, B, ping));
    packets.add(icmp(B, A, ping.reply()));

    packets.add(HandBuiltPackets.udp(A, B, 40_000, 7, "hello".getBytes(US_ASCII)));
    packets.add(HandBuiltPackets.udp(B, A, 7, 40_000, "hello".getBytes(US_ASCII)));
    packets.add(HandBuiltPackets.udp(A, B, 40_000, 7, new byte[0]));
    byte[] stray = HandBuiltPackets.udp(A, C, 40_001, 9_999, "anyone there?".getBytes(US_ASCII));
    packets.add(stray);
    packets.add(icmp(C, A, DestinationUnreachable.portUnreachable(stray, 0, stray.length)));

    String request = "GET / HTTP/1.0\r\n\r\n";
    String response = "HTTP/1.0 204 No Content\r\n\r\n";
    long a = 1_000;
    long b = 5_000;
    packets.add(tcp(A, B, 50_000, 80, a, 0, SYN, MSS_1460, ""));
    packets.add(tcp(B, A, 80, 50_000, b, a + 1, SYN | ACK, MSS_1460, ""));
    packets.add(tcp(A, B, 50_000, 80, a + 1, b + 1, ACK, NO_OPTIONS, ""));
    packets.add(tcp(A, B, 50_000, 80, a + 1, b + 1, PSH | ACK, NO_OPTIONS, request));
    long aFin = a + 1 + request.length();
    packets.add(tcp(B, A, 80, 50_000, b + 1, aFin, PSH | ACK, NO_OPTIONS, response));
    long bFin = b + 1 + response.length();
    packets.add(tcp(B, A, 80, 50_000, bFin, aFin, FIN | ACK, NO_OPTIONS, ""));
    packets.add(tcp(A, B, 50_000, 80, aFin, bFin + 1, FIN | ACK, NO_OPTIONS, ""));
    packets.add(tcp(B, A, 80, 50_000, bFin + 1, aFin + 1, ACK, NO_OPTIONS, ""));
    return packets;
  }

  /** Sends each packet from its source host through a capturing network, 1 ms apart. */
  private static Path capture(String name, List<byte[]> packets) throws IOException {
    Path file = OUTPUT.resolve(name);
    PacketNetwork inner = mock(PacketNetwork.class);
    when(inner.attach(any(), any())).thenAnswer(call -> mock(NetworkAttachment.class));
    VirtualClock clock = new VirtualClock();
    try (PcapWriter writer = PcapWriter.create(file);
        CapturingNetwork network = new CapturingNetwork(inner, clock, writer)) {
      NetworkAttachment[] hosts = {
          network.attach(A, packet -> { }),
          network.attach(B, packet -> { }),
          network.attach(C, packet -> { })};
      for (byte[] packet : packets) {
        int sourceLastOctet = packet[15];
        hosts[sourceLastOctet - 1].send(packet, 0, packet.length);
        clock.advanceBy(1_000_000);
      }
    }
    return file;
  }

  private static String describe(TsharkVerdict verdict) {
    return verdict.frames().stream()
        .map(frame -> frame.number() + " " + frame.protocols() + " " + frame.expertInfos())
        .collect(Collectors.joining("\n"));
  }

  @ParameterizedTest(name = "flags a bad {0}")
  @CsvSource({
      // what,             packet index in mixedTraffic(), byte to damage
      "IPv4 header checksum, 0, 10",
      "ICMP checksum,        0, 22",
      "UDP checksum,         2, 26",
      "TCP checksum,         7, 36",
  })
  void flagsABrokenChecksum(String what, int index, int damagedByte) throws Exception {
    byte[] packet = mixedTraffic().get(index);
    packet[damagedByte] ^= 0x01;
    TsharkVerdict verdict = TsharkVerdict.judge(
        capture("bad-" + what.replace(' ', '-').toLowerCase() + ".pcap", List.of(packet)));
    assertEquals(1, verdict.checksumProblems().size(), describe(verdict));
    assertFalse(verdict.problems().isEmpty(), describe(verdict));
  }

  @Test
  void flagsAUdpLengthPastTheIpPayloadAsMalformed() throws Exception {
    byte[] packet = mixedTraffic().get(2);
    HandBuiltPackets.put16(packet, 24, 200); // UDP length field
    TsharkVerdict verdict = TsharkVerdict.judge(capture("bad-udp-length.pcap", List.of(packet)));
    assertFalse(verdict.problems().isEmpty(), describe(verdict));
  }

  @Test
  void flagsATruncatedTcpHeaderAsMalformed() throws Exception {
    byte[] segment = {(byte) 0xc3, 0x50, 0x00, 0x50, 0, 0};
    byte[] packet = HandBuiltPackets.ipv4(IpProtocol.TCP.number(), A, B, segment);
    TsharkVerdict verdict = TsharkVerdict.judge(capture("bad-short-tcp.pcap", List.of(packet)));
    assertTrue(verdict.frames().get(0).malformed(), describe(verdict));
    assertFalse(verdict.problems().isEmpty(), describe(verdict));
  }

  @Test
  void findsNothingWrongWithCorrectMixedTraffic() throws Exception {
    List<byte[]> packets = mixedTraffic();
    TsharkVerdict verdict = TsharkVerdict.judge(capture("mixed-traffic.pcap", packets));

    assertEquals(packets.size(), verdict.frames().size(), describe(verdict));
    assertEquals(List.of(), verdict.problems(), describe(verdict));
    assertEquals(List.of(), verdict.checksumProblems(), describe(verdict));
    List<String> stacks = verdict.frames().stream().map(TsharkVerdict.Frame::protocols).toList();
    assertTrue(stacks.get(0).startsWith("raw:ip:icmp"), stacks.get(0));
    assertTrue(stacks.get(2).startsWith("raw:ip:udp"), stacks.get(2));
    assertTrue(stacks.get(6).startsWith("raw:ip:icmp:ip:udp"), stacks.get(6));
    assertTrue(stacks.get(7).startsWith("raw:ip:tcp"), stacks.get(7));
    assertTrue(stacks.get(10).contains("http"), stacks.get(10));
  }
}
