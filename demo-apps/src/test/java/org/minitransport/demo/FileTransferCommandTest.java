package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.demo.CommandLineHarness.run;

import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
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

class FileTransferCommandTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private Path randomFile(String name, int size, long seed) throws Exception {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return Files.write(dir.resolve(name), bytes);
  }

  private static String sha256Of(Path file) throws Exception {
    return java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static void assertNoPartFiles(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")),
          "no .part file is left behind in " + directory);
    }
  }

  @Nested
  class OnTheSimulatedNetwork {

    @Test
    void sendsAFileThatArrivesIdenticalAndVerified() throws Exception {
      Path file = randomFile("data.bin", 300_000, 1);
      Path received = Files.createDirectory(dir.resolve("received"));
      Run r = run("send-file", file.toString(), "--output", received.toString(), "--loss", "1%",
          "--seed", "5");
      assertEquals(0, r.exitCode(), r.transcript());
      assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(received.resolve("data.bin")));
      String sha = sha256Of(file);
      assertTrue(r.out().contains("SHA-256 " + sha + " verified by the receiver"), r.transcript());
      assertTrue(r.out().contains("received data.bin (293.0 KiB) from 10.0.0.1:"), r.transcript());
      assertNoPartFiles(received);
    }

    @Test
    void withoutOutputSavesToATemporaryDirectoryAndSaysWhere() throws Exception {
      Path file = randomFile("empty.txt", 0, 2);
      Run r = run("send-file", file.toString());
      assertEquals(0, r.exitCode(), r.transcript());
      Matcher where = Pattern.compile("saves to (\\S+)").matcher(r.out());
      assertTrue(where.find(), r.transcript());
      Path saved = Path.of(where.group(1)).resolve("empty.txt");
      try {
        assertEquals(0, Files.size(saved));
      } finally {
        Files.deleteIfExists(saved);
        Files.deleteIfExists(saved.getParent());
      }
    }

    @Test
    void aDiskErrorAtTheReceiverReachesTheSender() throws Exception {
      Path file = randomFile("blocked.bin", 50_000, 3);
      Path received = Files.createDirectory(dir.resolve("received"));
      // A non-empty directory where the file should go: replacing it must fail.
      Files.createDirectories(received.resolve("blocked.bin").resolve("inside"));
      Run r = run("send-file", file.toString(), "--output", received.toString(), "--overwrite");
      assertEquals(1, r.exitCode(), r.transcript());
      assertTrue(r.errors().endsWith("\n"), r.transcript());
      String failure = r.errors().lines().reduce((first, last) -> last).orElse("");
      assertTrue(failure.startsWith("minitransport: the receiver at 10.0.0.2:9000 could not save "
          + "blocked.bin: cannot write "), r.transcript());
      assertNoPartFiles(received);
    }
  }

  @Nested
  class OverUdpOnLoopback {

    @Test
    void receiveOnceInOneCommandAndSendFromAnother() throws Exception {
      String routes = CommandLineHarness.freeRoutes();
      Path file = randomFile("report.pdf", 200_000, 4);
      Path received = Files.createDirectory(dir.resolve("received"));
      try (Background receiver = CommandLineHarness.start("receive-file", "--network", "udp",
          "--routes", routes, "--output", received.toString(), "--once", "--duration", "30s")) {
        receiver.awaitOutput("receive-file listening on 10.0.0.2:9000", WAIT);

        Run sender = run("send-file", "--network", "udp", "--routes", routes, file.toString());

        assertEquals(0, sender.exitCode(), sender.transcript());
        Run receiverRun = receiver.await(WAIT);
        assertEquals(0, receiverRun.exitCode(), receiverRun.transcript());
        assertTrue(receiverRun.out().contains("SHA-256 " + sha256Of(file) + " verified"),
            receiverRun.transcript());
        assertArrayEquals(Files.readAllBytes(file),
            Files.readAllBytes(received.resolve("report.pdf")));
      }
    }

    @Test
    void anOutputFileNameIsUsedAsIs() throws Exception {
      String routes = CommandLineHarness.freeRoutes();
      Path file = randomFile("a.txt", 1000, 5);
      Path target = dir.resolve("renamed.txt");
      try (Background receiver = CommandLineHarness.start("receive-file", "--network", "udp",
          "--routes", routes, "--port", "9100", "--output", target.toString(), "--once")) {
        receiver.awaitOutput("listening", WAIT);
        Run sender = run("send-file", "--network", "udp", "--routes", routes, "--to",
            "10.0.0.2:9100", file.toString());
        assertEquals(0, sender.exitCode(), sender.transcript());
        assertEquals(0, receiver.await(WAIT).exitCode());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(target));
      }
    }

    @Test
    void aPortWithoutReceiverIsRefused() throws Exception {
      String routes = CommandLineHarness.freeRoutes();
      Path file = randomFile("x.bin", 10, 6);
      try (Background receiver = CommandLineHarness.start("receive-file", "--network", "udp",
          "--routes", routes, "--port", "9001", "--output", dir.toString())) {
        receiver.awaitOutput("listening", WAIT);
        Run r = run("send-file", "--network", "udp", "--routes", routes, file.toString());
        assertEquals(1, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("cannot connect to 10.0.0.2:9000: connection refused"),
            r.transcript());
        assertTrue(r.err().contains("is receive-file running there"), r.transcript());
      }
    }

    @Test
    void anAbsentHostTimesOut() throws Exception {
      Run r = run("send-file", "--network", "udp", "--routes", CommandLineHarness.freeRoutes(),
          "--to", "10.0.0.9:9000", "--timeout", "300ms",
          randomFile("x.bin", 10, 7).toString());
      assertEquals(1, r.exitCode(), r.transcript());
      assertTrue(r.err().contains(
          "\nminitransport: cannot connect to 10.0.0.9:9000: no answer within 300 ms"),
          r.transcript());
      assertFalse(r.err().contains("\tat "), r.transcript());
    }

    @Test
    void receiveOnceGivesUpAfterItsDuration() {
      Run r = run("receive-file", "--network", "udp", "--routes", CommandLineHarness.freeRoutes(),
          "--output", dir.toString(), "--once", "--duration", "200ms");
      assertEquals(1, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("no file arrived within 200 ms"), r.transcript());
    }
  }

  @Nested
  class WhatTheReceiverLeaves {

    @Test
    void aSecondFileOfTheSameNameIsSavedBesideTheFirstAndTheOutputSaysSo() throws Exception {
      Path received = Files.createDirectory(dir.resolve("received"));
      Path first = randomFile("data.bin", 2000, 21);
      assertEquals(0, run("send-file", first.toString(), "--output", received.toString())
          .exitCode());
      Path second = randomFile("data.bin", 3000, 22);

      Run r = run("send-file", second.toString(), "--output", received.toString());

      assertEquals(0, r.exitCode(), r.transcript());
      assertEquals(2000, Files.size(received.resolve("data.bin")), "the first is kept");
      assertArrayEquals(Files.readAllBytes(second),
          Files.readAllBytes(received.resolve("data (1).bin")));
      assertTrue(r.out().contains("saved to " + received.resolve("data (1).bin")
          + " (data.bin exists; --overwrite replaces it)"), r.transcript());
    }

    @Test
    void overwriteReplacesAFileOfTheSameName() throws Exception {
      Path received = Files.createDirectory(dir.resolve("received"));
      Files.writeString(received.resolve("data.bin"), "old");
      Path file = randomFile("data.bin", 1000, 23);

      Run r = run("send-file", file.toString(), "--output", received.toString(), "--overwrite");

      assertEquals(0, r.exitCode(), r.transcript());
      assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(received.resolve("data.bin")));
      try (Stream<Path> files = Files.list(received)) {
        assertEquals(1, files.count());
      }
    }

    @Test
    void aReceivedFileGetsTheModeTheUmaskGivesNewFiles() throws Exception {
      Path received = Files.createDirectory(dir.resolve("received"));
      Path probe = Files.createFile(received.resolve("probe")); // what the umask gives
      Path file = randomFile("data.bin", 1000, 24);

      assertEquals(0, run("send-file", file.toString(), "--output", received.toString())
          .exitCode());

      assertEquals(Files.getPosixFilePermissions(probe),
          Files.getPosixFilePermissions(received.resolve("data.bin")));
    }

    @Test
    void stoppingTheReceiverResetsTheSenderAndRemovesThePartialFile() throws Exception {
      String routes = CommandLineHarness.freeRoutes();
      Path received = Files.createDirectory(dir.resolve("received"));
      try (Background receiver = CommandLineHarness.start("receive-file", "--network", "udp",
          "--routes", routes, "--output", received.toString());
          DemoNetwork network = DemoNetwork.open(CommandLine.populateCommand(new HostOptions(),
              "--network", "udp", "--routes", routes));
          TcpSocket sender = network.startHost(Ipv4Address.parse("10.0.0.7")).tcp().socket()) {
        receiver.awaitOutput("listening", WAIT);
        sender.connect(Endpoint.parse("10.0.0.2:9000"), 10_000);
        DataOutputStream out = new DataOutputStream(sender.getOutputStream());
        out.writeShort(8);
        out.write("part.bin".getBytes(StandardCharsets.UTF_8));
        out.writeLong(1 << 20);
        out.write(new byte[1000]); // a thousand of the million bytes announced
        out.flush();
        receiver.awaitOutput("receiving part.bin (1.0 MiB) from 10.0.0.7:", WAIT);
        assertTrue(hasPartFile(received), "the transfer writes a partial file");

        Run stopped = receiver.stop(WAIT); // Ctrl-C

        assertEquals(0, stopped.exitCode(), stopped.transcript());
        assertFalse(hasPartFile(received), "the partial file is gone: " + stopped.transcript());
        assertTrue(stopped.out().contains("receiving part.bin from 10.0.0.7:"
            + sender.localEndpoint().port() + " failed: receive-file is stopping; the partial "
            + "file is removed"), stopped.transcript());
        sender.setSoTimeout(10_000);
        assertEquals(-1, sender.getInputStream().read(),
            "the receiver hung up at once (a FIN: it had read everything; more data gets a RST)");
      }
    }

    private boolean hasPartFile(Path directory) throws Exception {
      try (Stream<Path> files = Files.list(directory)) {
        return files.anyMatch(f -> f.getFileName().toString().endsWith(".part"));
      }
    }

    @Test
    void progressIsALineASecondWhenNotOnATerminal() throws Exception {
      Path file = randomFile("slow.bin", 600_000, 25);
      Run r = run("send-file", file.toString(), "--bandwidth", "2M", "--delay", "5ms");
      assertEquals(0, r.exitCode(), r.transcript());
      assertTrue(r.err().matches("(?s).*sending slow\\.bin: +\\d+%  [0-9.]+ KiB of 585\\.9 KiB  "
          + "[0-9.]+ KiB/s  ETA \\d+s\n.*"), r.transcript());
    }
  }

  @Nested
  class BadInput {

    @Test
    void aMissingFileIsOneClearLine() {
      Run r = run("send-file", dir.resolve("nope.bin").toString());
      assertEquals(1, r.exitCode(), r.transcript());
      assertEquals("minitransport: cannot read " + dir.resolve("nope.bin")
          + ": no such file or directory", r.err().strip());
    }

    @Test
    void aDirectoryIsNotAFile() {
      Run r = run("send-file", dir.toString());
      assertEquals(1, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("it is a directory"), r.transcript());
    }

    @Test
    void anOutputInAMissingDirectoryIsAUsageError() throws Exception {
      Run r = run("send-file", randomFile("x", 1, 8).toString(), "--output",
          dir.resolve("missing/out.bin").toString());
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("does not exist"), r.transcript());
    }

    @Test
    void outputIsOnlyForTheSimulatedNetwork() throws Exception {
      Run r = run("send-file", "--network", "udp", "--output", dir.toString(),
          randomFile("x", 1, 9).toString());
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("--output is for --network sim"), r.transcript());
    }

    @Test
    void aBadPortNamesTheValue() {
      Run r = run("receive-file", "--port", "nine");
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("'nine' is not a port"), r.transcript());
    }

    @Test
    void aBadTimeoutNamesTheValue() {
      Run r = run("send-file", "--timeout", "soon", "x");
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("'soon' is not a duration"), r.transcript());
    }

    @Test
    void aFileIsRequired() {
      Run r = run("send-file");
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("Missing required parameter: '<file>'"), r.transcript());
    }
  }
}
