package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.CommandLineHarness.Background;
import org.minitransport.demo.CommandLineHarness.Run;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.socket.TcpSocket;
import picocli.CommandLine;

/**
 * What happens to the other end when a process stops (Ctrl-C, SIGTERM) or vanishes (kill -9),
 * across two JVMs on the UDP network over loopback: a process that stops closes its connections
 * as a kernel would, so its peers learn within a second; a peer that vanishes costs at most the
 * survivor's --timeout. And what a stopped process leaves behind: no partial download, a whole
 * pcap.
 */
class ProcessLifecycleTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Peers of a process that stopped learn within a second; this allows for a loaded machine. */
  private static final long PROMPTLY_NS = 5_000_000_000L;

  @TempDir
  Path dir;

  /** 1 GiB of zeros that takes no disk: a transfer still under way when the test acts. */
  private Path bigSparseFile() throws Exception {
    Path file = dir.resolve("big.bin");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(1L << 30);
    }
    return file;
  }

  /**
   * A {@code receive-file --once} in a second JVM, listening: a sender started before that (a JVM
   * starts in seconds on a loaded machine) would find nobody there and give up.
   */
  private static SecondJvm startReceiver(String routes, Path inbox) throws Exception {
    SecondJvm receiver = SecondJvm.start("receive-file", "--network", "udp", "--routes", routes,
        "--output", inbox.toString(), "--once");
    try {
      receiver.awaitOutput("listening on 10.0.0.2:9000", WAIT);
    } catch (Throwable e) {
      receiver.close();
      throw e;
    }
    return receiver;
  }

  /**
   * A process started with SIGINT ignored (a background job of a shell without job control, as
   * {@code cmd &} in a script) passes that on to its children, and a JVM keeps an ignored SIGINT
   * ignored: a Ctrl-C could not reach the commands under test, so say so instead of failing.
   */
  private static void assumeCtrlCReachesChildren() throws Exception {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        long ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
        org.junit.jupiter.api.Assumptions.assumeTrue((ignored & (1L << (2 - 1))) == 0,
            "skipped: this build runs with SIGINT ignored (a background job of a shell without"
                + " job control), so its child processes cannot get a Ctrl-C; run the build in"
                + " the foreground");
      }
    }
  }

  private static boolean hasPartFiles(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".part"));
    }
  }

  @Test
  void aSenderWhoseReceiverWasKilledGivesUpAfterItsTimeoutAndSaysWhy() throws Exception {
    String routes = CommandLineHarness.freeRoutes();
    Path inbox = Files.createDirectory(dir.resolve("inbox"));
    try (SecondJvm receiver = startReceiver(routes, inbox);
        Background sender = CommandLineHarness.start("send-file", "--network", "udp",
            "--routes", routes, "--timeout", "2s", "--progress", "none",
            bigSparseFile().toString())) {
      receiver.awaitOutput("receiving big.bin", WAIT);

      receiver.killHard();
      long killedNs = System.nanoTime();

      Run sent = sender.await(WAIT);
      long tookMs = (System.nanoTime() - killedNs) / 1_000_000;
      assertEquals(1, sent.exitCode(), sent.transcript());
      assertTrue(sent.err().contains("connection to 10.0.0.2:9000 lost: no answer for 2 s (the "
          + "peer may have gone; --timeout sets the wait)"), sent.transcript());
      assertTrue(tookMs < 15_000, "a 2 s timeout took " + tookMs + " ms");
    }
  }

  @Test
  void anIdleConnectionWhosePeerWasKilledEndsAfterItsTimeoutAndSaysWhy() throws Exception {
    String routes = CommandLineHarness.freeRoutes();
    // Standard input that stays open and silent: a person at a terminal who types nothing.
    PipedOutputStream keyboard = new PipedOutputStream();
    try (SecondJvm listener = SecondJvm.start("listen", "--network", "udp", "--routes", routes,
        "9999");
        keyboard) {
      listener.awaitOutput("listening on 10.0.0.2:9999", WAIT);
      try (Background connector = CommandLineHarness.startWithInput(
          new PipedInputStream(keyboard), "connect", "--network", "udp", "--routes", routes,
          "--timeout", "2s", "10.0.0.2", "9999")) {
        listener.awaitOutput("connection from 10.0.0.1:", WAIT);

        listener.killHard();
        long killedNs = System.nanoTime();

        Run connected = connector.await(WAIT);
        long tookMs = (System.nanoTime() - killedNs) / 1_000_000;
        assertEquals(1, connected.exitCode(), connected.transcript());
        assertTrue(connected.err().contains("connection to 10.0.0.2:9999 lost: no answer for 2 s "
            + "(the peer may have gone; --timeout sets the wait)"), connected.transcript());
        assertTrue(tookMs < 15_000, "a 2 s timeout took " + tookMs + " ms");
      }
    }
  }

  @Test
  void ctrlCAtTheReceiverResetsTheSenderAtOnceAndLeavesNoPartialFile() throws Exception {
    assumeCtrlCReachesChildren();
    stopTheReceiverMidTransfer("INT", 130);
  }

  @Test
  void sigtermAtTheReceiverDoesTheSame() throws Exception {
    stopTheReceiverMidTransfer("TERM", 143);
  }

  private void stopTheReceiverMidTransfer(String signal, int exitCode) throws Exception {
    String routes = CommandLineHarness.freeRoutes();
    Path inbox = Files.createDirectory(dir.resolve("inbox"));
    try (SecondJvm receiver = startReceiver(routes, inbox);
        Background sender = CommandLineHarness.start("send-file", "--network", "udp",
            "--routes", routes, "--progress", "none", bigSparseFile().toString())) {
      receiver.awaitOutput("receiving big.bin", WAIT);

      receiver.signal(signal);
      long stoppedNs = System.nanoTime();

      Run sent = sender.await(WAIT);
      long senderLearnedNs = System.nanoTime() - stoppedNs;
      assertEquals(1, sent.exitCode(), sent.transcript());
      assertTrue(sent.err().contains("connection to 10.0.0.2:9000 lost: reset by the peer"),
          sent.transcript());
      assertTrue(senderLearnedNs < PROMPTLY_NS, "the sender learned after "
          + senderLearnedNs / 1_000_000 + " ms");
      assertEquals(exitCode, receiver.awaitExit(WAIT), receiver.output());
      assertFalse(hasPartFiles(inbox), "the partial download was removed: " + receiver.output());
    }
  }

  @Test
  void ctrlCAtTheSenderEndsTheOnceReceiverAtOnce() throws Exception {
    assumeCtrlCReachesChildren();
    String routes = CommandLineHarness.freeRoutes();
    Path inbox = Files.createDirectory(dir.resolve("inbox"));
    try (Background receiver = CommandLineHarness.start("receive-file", "--network", "udp",
        "--routes", routes, "--output", inbox.toString(), "--once")) {
      receiver.awaitOutput("listening", WAIT);
      try (SecondJvm sender = SecondJvm.start("send-file", "--network", "udp", "--routes",
          routes, "--progress", "none", bigSparseFile().toString())) {
        receiver.awaitOutput("receiving big.bin", WAIT);

        sender.signal("INT");
        long stoppedNs = System.nanoTime();

        Run received = receiver.await(WAIT);
        long receiverLearnedNs = System.nanoTime() - stoppedNs;
        assertEquals(1, received.exitCode(), received.transcript());
        assertTrue(received.out().contains("receiving big.bin from 10.0.0.1:"), received.out());
        assertTrue(received.out().contains("failed: the sender stopped after "),
            received.transcript());
        assertTrue(receiverLearnedNs < PROMPTLY_NS, "the receiver learned after "
            + receiverLearnedNs / 1_000_000 + " ms");
        assertEquals(130, sender.awaitExit(WAIT), sender.output());
        assertTrue(sender.output().contains("send-file: stopped after "), sender.output());
        assertFalse(hasPartFiles(inbox));
      }
    }
  }

  @Test
  void ctrlCAtTheChatServerTellsItsClientsAndEndsTheirStreamsCleanly() throws Exception {
    assumeCtrlCReachesChildren();
    String routes = CommandLineHarness.freeRoutes();
    try (SecondJvm server = SecondJvm.start("chat-server", "--network", "udp", "--routes",
        routes)) {
      server.awaitOutput("listening", WAIT);
      HostOptions options = CommandLine.populateCommand(new HostOptions(), "--network", "udp",
          "--routes", routes);
      try (DemoNetwork network = DemoNetwork.open(options);
          TcpSocket bob = network.startHost(Ipv4Address.parse("10.0.0.5")).tcp().socket()) {
        bob.connect(Endpoint.parse("10.0.0.2:7777"), 10_000);
        bob.setSoTimeout(10_000);
        BufferedReader hears = new BufferedReader(
            new InputStreamReader(bob.getInputStream(), StandardCharsets.UTF_8));
        bob.getOutputStream().write("NAME bob\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("* you are bob", hears.readLine());

        server.signal("INT");
        long stoppedNs = System.nanoTime();

        assertEquals("* the chat server is shutting down", hears.readLine());
        assertEquals(null, hears.readLine(), "a clean end of stream, no reset");
        assertTrue(System.nanoTime() - stoppedNs < PROMPTLY_NS);
        assertEquals(130, server.awaitExit(WAIT), server.output());
      }
    }
  }

  @Test
  void ctrlCDuringASimulationWithACaptureLeavesAWholePcap() throws Exception {
    assumeCtrlCReachesChildren();
    Path pcap = dir.resolve("run.pcap");
    try (SecondJvm simulate = SecondJvm.start("simulate", "--sessions", "300", "--bytes", "2M",
        "--seed", "1", "--progress", "lines", "--pcap", pcap.toString())) {
      simulate.awaitOutput("note: the capture " + pcap + " will take about", WAIT);
      simulate.awaitOutput("simulate: ", WAIT); // a progress line: packets are being written

      simulate.signal("INT");

      assertEquals(130, simulate.awaitExit(WAIT), simulate.output());
      Matcher wrote = Pattern.compile("wrote (\\d+) packets to " + Pattern.quote(pcap.toString()))
          .matcher(simulate.output());
      assertTrue(wrote.find(), simulate.output());
      assertEquals(Long.parseLong(wrote.group(1)), PcapRecords.countWhole(Files.readAllBytes(pcap)),
          "every packet counted is in the file, whole");
    }
  }

  @Test
  void aCaptureOnStandardOutputIsAWholePcapAndTheSummaryGoesToStandardError() throws Exception {
    try (SecondJvm simulate = SecondJvm.start(List.of(), true, "simulate", "--sessions", "2",
        "--bytes", "2k", "--seed", "3", "--pcap", "-")) {
      assertEquals(0, simulate.awaitExit(WAIT), simulate.output());
      Matcher wrote = Pattern.compile("wrote (\\d+) packets to standard output")
          .matcher(simulate.output());
      assertTrue(wrote.find(), simulate.output());
      assertTrue(simulate.output().contains("2 verified"), simulate.output());
      assertEquals(Long.parseLong(wrote.group(1)), PcapRecords.countWhole(simulate.stdout()));
    }
  }

  @Test
  void runningOutOfHeapIsOneLineSayingWhatToChange() throws Exception {
    try (SecondJvm simulate = SecondJvm.start(List.of("-Xmx64m"), false, "simulate",
        "--sessions", "20000", "--bytes", "20k", "--progress", "none")) {
      assertEquals(1, simulate.awaitExit(WAIT), simulate.output());
      String lastLine = simulate.output().strip().lines().reduce((a, b) -> b).orElse("");
      assertTrue(lastLine.startsWith("minitransport: out of memory: the Java heap (64.0 MiB) is "
          + "full; run less at once (fewer --sessions, smaller --bytes), or give Java more heap, "
          + "e.g. java -Xmx"), simulate.output());
      assertFalse(simulate.output().contains("\tat "), "no stack trace: " + simulate.output());
    }
  }
}
