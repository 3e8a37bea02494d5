package org.minitransport.tcp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.InternetChecksum;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.testkit.TsharkVerdict;

/**
 * tshark as an outside judge of the codec: a hand-built conversation (handshake with MSS, window
 * scale, SACK-permitted and timestamps; data; a SACK; a retransmission; a FIN exchange; a RST for
 * a closed port) is written to a LINKTYPE_RAW pcap under {@code target/tshark/}, and tshark must
 * verify every IPv4 and TCP checksum, find nothing malformed, and decode the options we emitted.
 * {@link #theJudgeNoticesABrokenCapture} proves the judging itself can fail.
 */
class TcpCaptureTsharkTest {

  private static final Ipv4Address CLIENT = Ipv4Address.of(10, 0, 0, 1);
  private static final Ipv4Address SERVER = Ipv4Address.of(10, 0, 0, 2);
  private static final int CLIENT_PORT = 40000;
  private static final int SERVER_PORT = 8080;
  private static final long CLIENT_ISN = 0xFFFF_FF00L; // wraps during the transfer
  private static final long SERVER_ISN = 5000;
  private static final int CHUNK = 100;
  private static final Path CAPTURES =
      Path.of(System.getProperty("basedir", "."), "target", "tshark");

  /** One emitted segment and the addresses it travels between. */
  private record Sent(Ipv4Address source, Ipv4Address destination, TcpSegment segment) {

    byte[] datagram(int id) {
      return Ipv4Envelope.wrap(source, destination, id, segment.emit(source, destination));
    }
  }

  @BeforeAll
  static void findTshark() {
    assumeTrue(TsharkVerdict.locate().isPresent(), TsharkVerdict.INSTALL_HINT);
  }

  // ---- the conversation ------------------------------------------------------------------

  private static long seq(long isn, long offset) {
    return (isn + offset) & 0xFFFF_FFFFL;
  }

  private static Sent fromClient(
      long seqOffset, long ackOffset, int flags, TcpOptions options, int payloadLength) {
    return fromClient(
        CLIENT_PORT, SERVER_PORT, seqOffset, ackOffset, flags, options, payloadLength);
  }

  private static Sent fromClient(int sport, int dport, long seqOffset, long ackOffset, int flags,
      TcpOptions options, int payloadLength) {
    byte[] payload = new byte[payloadLength];
    Arrays.fill(payload, (byte) ('a' + (seqOffset % 26)));
    TcpHeader header = new TcpHeader(sport, dport, seq(CLIENT_ISN, seqOffset),
        seq(SERVER_ISN, ackOffset), TcpFlags.of(flags), 502, 0, options);
    return new Sent(CLIENT, SERVER, new TcpSegment(header, payload));
  }

  private static Sent fromServer(
      long seqOffset, long ackOffset, int flags, TcpOptions options) {
    TcpHeader header = new TcpHeader(SERVER_PORT, CLIENT_PORT, seq(SERVER_ISN, seqOffset),
        seq(CLIENT_ISN, ackOffset), TcpFlags.of(flags), 235, 0, options);
    return new Sent(SERVER, CLIENT, new TcpSegment(header));
  }

  private static TcpOptions ts(long tsVal, long tsEcr) {
    return TcpOptions.NONE.withTimestamps(tsVal, tsEcr);
  }

  static List<Sent> conversation() {
    int syn = TcpFlags.SYN;
    int ack = TcpFlags.ACK;
    int pshAck = TcpFlags.PSH | TcpFlags.ACK;
    int finAck = TcpFlags.FIN | TcpFlags.ACK;
    List<Sent> sent = new ArrayList<>();
    // Handshake, Linux-style option sets.
    sent.add(fromClient(0, -SERVER_ISN, syn,
        TcpOptions.NONE.withMss(1460).withSackPermitted(true).withTimestamps(100, 0)
            .withWindowScale(7), 0));
    sent.add(fromServer(0, 1, syn | ack,
        TcpOptions.NONE.withMss(1400).withSackPermitted(true).withTimestamps(900, 100)
            .withWindowScale(9)));
    sent.add(fromClient(1, 1, ack, ts(101, 900), 0));
    // Three chunks; the second is lost, so the server SACKs the third.
    sent.add(fromClient(1, 1, pshAck, ts(102, 900), CHUNK));
    sent.add(fromServer(1, 1 + CHUNK, ack, ts(901, 102)));
    sent.add(fromClient(1 + 2 * CHUNK, 1, pshAck, ts(103, 901), CHUNK));
    sent.add(fromServer(1, 1 + CHUNK, ack, ts(902, 103).withSackBlocks(List.of(
        new SackBlock(seq(CLIENT_ISN, 1 + 2 * CHUNK), seq(CLIENT_ISN, 1 + 3 * CHUNK))))));
    sent.add(fromClient(1 + CHUNK, 1, pshAck, ts(104, 902), CHUNK));
    sent.add(fromServer(1, 1 + 3 * CHUNK, ack, ts(903, 104)));
    // FIN exchange.
    sent.add(fromClient(1 + 3 * CHUNK, 1, finAck, ts(105, 903), 0));
    sent.add(fromServer(1, 2 + 3 * CHUNK, finAck, ts(904, 105)));
    sent.add(fromClient(2 + 3 * CHUNK, 2, ack, ts(106, 904), 0));
    // A SYN to a closed port, answered by RST|ACK without options.
    sent.add(fromClient(40001, 9, 0, -SERVER_ISN, syn, TcpOptions.NONE.withMss(1460), 0));
    sent.add(new Sent(SERVER, CLIENT, new TcpSegment(new TcpHeader(9, 40001, 0,
        seq(CLIENT_ISN, 1), TcpFlags.of(TcpFlags.RST | TcpFlags.ACK), 0, 0, TcpOptions.NONE))));
    return sent;
  }

  private static List<byte[]> datagrams(List<Sent> sent) {
    List<byte[]> datagrams = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      datagrams.add(sent.get(i).datagram(0x1000 + i));
    }
    return datagrams;
  }

  // ---- the judge --------------------------------------------------------------------------

  /**
   * What tshark says is wrong with each frame of a capture; empty when all is well. The
   * conversation holds a gap (for the SACK) and a reset on purpose, which TCP analysis warns
   * about; every checksum, malformation and other warning counts.
   */
  private static List<String> problems(Path capture) throws Exception {
    return TsharkVerdict.judge(capture).problemsBesidesTcpAnalysis();
  }

  private static List<String[]> fields(Path capture, String... names) throws Exception {
    return TsharkVerdict.fields(capture, names);
  }

  private static Path writeConversation(String name, List<byte[]> datagrams) throws IOException {
    Path capture = CAPTURES.resolve(name);
    ClassicPcapFile.write(capture, datagrams);
    return capture;
  }

  // ---- tests ------------------------------------------------------------------------------

  @Test
  void tsharkFindsNoChecksumErrorsAndNothingMalformed() throws Exception {
    List<Sent> sent = conversation();
    Path capture = writeConversation("conversation.pcap", datagrams(sent));
    assertEquals(List.of(), problems(capture));
    assertEquals(sent.size(), fields(capture, "frame.number").size());
  }

  @Test
  void tsharkDecodesTheFieldsAndOptionsWeEmitted() throws Exception {
    List<Sent> sent = conversation();
    Path capture = writeConversation("conversation-fields.pcap", datagrams(sent));
    List<String[]> rows = fields(capture,
        "tcp.srcport", "tcp.dstport", "tcp.seq", "tcp.ack", "tcp.flags", "tcp.window_size_value",
        "tcp.len", "tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.sack_perm",
        "tcp.options.timestamp.tsval", "tcp.options.timestamp.tsecr", "tcp.options.sack_le",
        "tcp.options.sack_re");
    assertEquals(sent.size(), rows.size());
    for (int i = 0; i < sent.size(); i++) {
      TcpHeader h = sent.get(i).segment().header();
      TcpOptions o = h.options();
      String[] row = rows.get(i);
      String frame = "frame " + (i + 1) + " " + h + ": " + String.join(" | ", row);
      assertEquals(String.valueOf(h.sourcePort()), row[0], frame);
      assertEquals(String.valueOf(h.destinationPort()), row[1], frame);
      assertEquals(String.valueOf(h.sequenceNumber()), row[2], frame);
      if (h.flags().ack()) {
        assertEquals(String.valueOf(h.acknowledgmentNumber()), row[3], frame);
      }
      assertEquals(h.flags().bits(), Integer.decode(row[4]), frame);
      assertEquals(String.valueOf(h.window()), row[5], frame);
      assertEquals(String.valueOf(sent.get(i).segment().payloadLength()), row[6], frame);
      assertEquals(o.mss().isPresent() ? String.valueOf(o.mss().getAsInt()) : "", row[7], frame);
      assertEquals(o.windowScale().isPresent() ? String.valueOf(o.windowScale().getAsInt()) : "",
          row[8], frame);
      assertEquals(o.sackPermitted(), !row[9].isEmpty(), frame);
      assertEquals(o.timestamps().map(t -> String.valueOf(t.tsVal())).orElse(""), row[10], frame);
      assertEquals(o.timestamps().map(t -> String.valueOf(t.tsEcr())).orElse(""), row[11], frame);
      assertEquals(joined(o.sackBlocks(), true), row[12], frame);
      assertEquals(joined(o.sackBlocks(), false), row[13], frame);
    }
    assertTrue(Arrays.stream(rows.get(6)[12].split(",")).anyMatch(s -> !s.isEmpty()),
        "the SACK frame carries blocks");
  }

  private static String joined(List<SackBlock> blocks, boolean left) {
    return String.join(",",
        blocks.stream().map(b -> String.valueOf(left ? b.left() : b.right())).toList());
  }

  @Test
  void theJudgeNoticesABrokenCapture() throws Exception {
    List<byte[]> datagrams = datagrams(conversation());
    // Frame 4: one payload byte flipped after checksumming.
    byte[] data = datagrams.get(3);
    data[data.length - 1] ^= 0x01;
    // Frame 1: the SYN's MSS option claims length 5 (checksum refreshed: only the option is bad).
    byte[] syn = datagrams.get(0);
    int synOptions = 20 + 20;
    assertEquals(2, syn[synOptions]);
    syn[synOptions + 1] = 5;
    refreshTcpChecksum(syn);
    Path capture = writeConversation("deliberately-broken.pcap", datagrams);
    List<String> problems = problems(capture);
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("frame 4: ")
        && p.contains("checksum")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("frame 1: ")), problems.toString());
    assertFalse(problems.stream().anyMatch(p -> p.startsWith("frame 2: ")), problems.toString());
  }

  private static void refreshTcpChecksum(byte[] datagram) {
    Ipv4Address src = Ipv4Address.fromBytes(datagram, 12);
    Ipv4Address dst = Ipv4Address.fromBytes(datagram, 16);
    datagram[36] = 0;
    datagram[37] = 0;
    int checksum = InternetChecksum.transportChecksum(
        src, dst, IpProtocol.TCP.number(), datagram, 20, datagram.length - 20);
    datagram[36] = (byte) (checksum >>> 8);
    datagram[37] = (byte) checksum;
  }
}
