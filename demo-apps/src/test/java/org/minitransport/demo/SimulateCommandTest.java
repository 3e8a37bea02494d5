package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Minitransport.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private static long jsonLong(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.]+)").matcher(json);
    assertTrue(m.find(), "no field " + field + " in " + json);
    return (long) Double.parseDouble(m.group(1));
  }

  @Test
  void verifiesEverySessionOverALossyNetworkAndPrintsOneLineOfJson() {
    Run r = run("simulate", "--sessions", "40", "--bytes", "16k", "--loss", "3%", "--reorder",
        "1%", "--duplicate", "1%", "--corrupt", "1%", "--jitter", "2ms", "--seed", "5", "--json");
    assertEquals(0, r.exitCode(), r.err());
    String json = r.out().trim();
    assertEquals(1, json.lines().count(), "JSON summary must be one line: " + json);
    assertEquals(40, jsonLong(json, "sessions"));
    assertEquals(40, jsonLong(json, "verified"));
    assertEquals(2L * 40 * 16 * 1024, jsonLong(json, "bytes"), "each byte goes out and back");
    assertTrue(jsonLong(json, "retransmissions") > 0, "3% loss must cost retransmissions");
    assertTrue(json.contains("\"goodputMbps\":") && json.contains("\"simulatedSeconds\":")
        && json.contains("\"wallSeconds\":"), json);
  }

  @Test
  void sameSeedGivesTheSameRun() {
    String[] args = {"simulate", "--sessions", "10", "--bytes", "8k", "--loss", "5%", "--seed",
        "99", "--json"};
    String varies = "\"(wallSeconds|peakHeapBytes|startHeapBytes|peakHeapPerSessionBytes)\":"
        + "[0-9.]+";
    String first = run(args).out().replaceAll(varies, "");
    String second = run(args).out().replaceAll(varies, "");
    assertEquals(first, second);
  }

  @Test
  void humanSummaryNamesTheSeedAndVerifiedCount() {
    Run r = run("simulate", "--sessions", "5", "--bytes", "4k", "--seed", "1");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("5 verified"), r.out());
    assertTrue(r.out().contains("seed             1"), r.out());
  }

  @Test
  void writesAPcapOfWhatTheHostsSent(@TempDir Path dir) throws Exception {
    Path pcap = dir.resolve("run.pcap");
    Run r = run("simulate", "--sessions", "2", "--bytes", "2k", "--seed", "3", "--json",
        "--pcap", pcap.toString());
    assertEquals(0, r.exitCode(), r.err());
    byte[] bytes = Files.readAllBytes(pcap);
    assertTrue(bytes.length > 24 + 16 * 10, "expected a header and many records");
    assertEquals((byte) 0xa1, bytes[0]);
    assertEquals(101, bytes[23] & 0xFF, "LINKTYPE_RAW");
  }

  @Test
  void drawsAWellFormedSvgOfTheFirstSession(@TempDir Path dir) throws Exception {
    Path svg = dir.resolve("plot.svg");
    Run r = run("simulate", "--sessions", "3", "--bytes", "256k", "--loss", "2%", "--seed", "4",
        "--json", "--plot", svg.toString());
    assertEquals(0, r.exitCode(), r.err());
    org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance()
        .newDocumentBuilder().parse(svg.toFile());
    assertEquals("svg", doc.getDocumentElement().getNodeName());
    int points = doc.getElementsByTagName("circle").getLength();
    assertTrue(points >= 256 * 1024 / 1460, "one point per data segment, got " + points);
    assertTrue(doc.getElementsByTagName("path").getLength() >= 3, "axes and the cwnd line");
  }

  @Test
  void printsBothPortTablesAtTheRequestedMoment() {
    Run r = run("simulate", "--sessions", "2", "--bytes", "4k", "--seed", "2", "--netstat", "5ms");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("netstat at"), r.out());
    assertTrue(r.out().matches("(?s).*TCP\\s+0\\.0\\.0\\.0:7\\s+\\*:\\*\\s+LISTEN.*"), r.out());
    assertTrue(r.out().contains("SYN_SENT") || r.out().contains("ESTABLISHED")
        || r.out().contains("FIN_WAIT_1"), r.out());
  }

  @Test
  void plotNeedsTcp() {
    Run r = run("simulate", "--protocol", "udp", "--plot", "x.svg");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--plot draws TCP sessions"), r.err());
  }

  @Test
  void badProbabilityIsAUsageErrorNamingTheValue() {
    Run r = run("simulate", "--loss", "2");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("'2' is not a probability"), r.err());
  }

  @Test
  void badDurationIsAUsageErrorNamingTheValue() {
    Run r = run("simulate", "--delay", "soon");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("'soon' is not a duration"), r.err());
  }

  @Test
  void outOfRangeSessionsIsAUsageError() {
    Run r = run("simulate", "--sessions", "0");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--sessions 0"), r.err());
  }

  @Test
  void newRenoSessionsVerifyToo() {
    Run r = run("simulate", "--sessions", "20", "--bytes", "32k", "--loss", "2%", "--congestion",
        "newreno", "--seed", "8", "--json");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(20, jsonLong(r.out(), "verified"));
  }

  @Test
  void unknownCongestionControlIsAUsageError() {
    Run r = run("simulate", "--congestion", "vegas");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--congestion vegas is not one of newreno, cubic"), r.err());
  }

  @Test
  void unknownProtocolIsAUsageError() {
    Run r = run("simulate", "--protocol", "sctp");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--protocol sctp is not one of tcp, udp"), r.err());
  }

  @Test
  void udpSessionsRetryThroughLossAndVerifyEveryReply() {
    Run r = run("simulate", "--protocol", "udp", "--sessions", "30", "--bytes", "8k", "--loss",
        "10%", "--corrupt", "2%", "--duplicate", "2%", "--seed", "4", "--json");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    String json = r.out().trim();
    assertTrue(json.contains("\"protocol\":\"udp\""), json);
    assertEquals(30, jsonLong(json, "verified"));
    assertTrue(jsonLong(json, "retransmissions") > 0, "10% loss must cost retries: " + json);
    assertEquals(30L * (8 * 1024 + 8 * 32), jsonLong(json, "bytes"),
        "each request once plus a 32-byte reply per request: " + json);
  }

  @Test
  void udpSessionsFailWhenTheServerIsCutOffAndTheExitCodeSaysSo() {
    Run r = run("simulate", "--protocol", "udp", "--sessions", "3", "--bytes", "2k", "--loss",
        "100%", "--retries", "2", "--timeout", "50ms", "--seed", "1", "--json");
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertEquals(0, jsonLong(r.out(), "verified"));
    assertTrue(r.out().contains("\"timed_out\":3"), r.out());
  }

  @Test
  void theSummarySpeaksPlainly() {
    Run r = run("simulate", "--sessions", "1", "--bytes", "64k", "--loss", "5%", "--seed", "2");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("simulate: 1 TCP session x 65,536 bytes echoed"), r.out());
    assertTrue(r.out().matches("(?s).*\n  drops            loss \\d+\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\n  peak heap        [0-9.]+ [KMG]iB, [0-9.]+ [KMG]?i?B per "
        + "session over the [0-9.]+ [KMG]iB before\n.*"), r.out());
  }

  @Test
  void theJsonSummaryCarriesTheSettingsOfTheRunAndItsPeakHeap() {
    Run r = run("simulate", "--sessions", "4", "--bytes", "8k", "--loss", "2%", "--delay", "7ms",
        "--mtu", "9000", "--congestion", "cubic", "--seed", "12", "--json");
    assertEquals(0, r.exitCode(), r.err());
    String json = r.out().strip();
    assertTrue(json.contains("\"settings\":{\"protocol\":\"tcp\",\"sessions\":4,"
        + "\"bytesPerSession\":8192,\"congestion\":\"cubic\",\"loss\":0.020000,"), json);
    assertTrue(json.contains("\"delayMs\":7.000000") && json.contains("\"mtu\":9000")
        && json.contains("\"seed\":12}"), json);
    assertTrue(jsonLong(json, "peakHeapBytes") > 0, json);
    assertTrue(json.contains("\"peakHeapPerSessionBytes\":"), json);
  }

  @Test
  void helpListsTheSimulateCommand() {
    Run r = run("--help");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().contains("simulate"), r.out());
  }
}
