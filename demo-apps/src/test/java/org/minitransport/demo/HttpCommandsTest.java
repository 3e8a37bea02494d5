package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** http-get against the http-server it starts in-process on the simulated network. */
class HttpCommandsTest {

  @TempDir
  Path root;

  @BeforeEach
  void site() throws Exception {
    Files.writeString(root.resolve("hello.txt"), "hello, web\n");
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("docs/index.html"), "<h1>docs</h1>\n");
    Files.createDirectories(root.resolve("empty dir"));
  }

  private CommandLineHarness.Run get(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "http-get";
    all[1] = "--root";
    all[2] = root.toString();
    all[3] = "--delay";
    all[4] = "1ms";
    System.arraycopy(args, 0, all, 5, args.length);
    return CommandLineHarness.run(all);
  }

  @Nested
  class Success {
    @Test
    void printsTheBodyOfAFile() {
      CommandLineHarness.Run r = get("http://10.0.0.2/hello.txt");
      assertEquals(0, r.exitCode(), r.transcript());
      assertEquals("hello, web\n", r.out());
    }

    @Test
    void includePrintsStatusLineAndHeadersFirst() {
      CommandLineHarness.Run r = get("--include", "http://10.0.0.2:80/hello.txt");
      assertEquals(0, r.exitCode(), r.transcript());
      assertTrue(r.out().startsWith("HTTP/1.0 200 OK\n"), r.out());
      assertTrue(r.out().contains("Content-Length: 11\n"), r.out());
      assertTrue(r.out().contains("Content-Type: text/plain; charset=utf-8\n"), r.out());
      assertTrue(r.out().endsWith("\n\nhello, web\n"), r.out());
    }

    @Test
    void aDirectoryServesItsIndexHtml() {
      CommandLineHarness.Run r = get("http://10.0.0.2/docs/");
      assertEquals(0, r.exitCode(), r.transcript());
      assertEquals("<h1>docs</h1>\n", r.out());
    }

    @Test
    void aDirectoryWithoutIndexIsListedWithEncodedLinks() {
      CommandLineHarness.Run r = get("http://10.0.0.2/");
      assertEquals(0, r.exitCode(), r.transcript());
      assertTrue(r.out().contains("<a href=\"/hello.txt\">hello.txt</a>"), r.out());
      assertTrue(r.out().contains("<a href=\"/empty%20dir/\">empty dir/</a>"), r.out());
    }

    @Test
    void outputSavesALargeBinaryFileByteForByteThroughALossyLink() throws Exception {
      byte[] data = new byte[300 * 1024];
      new Random(7).nextBytes(data);
      Files.write(root.resolve("blob.bin"), data);
      Path saved = root.resolve("saved.bin");
      CommandLineHarness.Run r = get("--output", saved.toString(), "--loss", "1%", "--seed", "11",
          "http://10.0.0.2:8080/blob.bin");
      assertEquals(0, r.exitCode(), r.transcript());
      assertArrayEquals(data, Files.readAllBytes(saved));
      assertEquals("saved " + data.length + " bytes to " + saved + "\n", r.out());
    }

    @Test
    void aFetchEndsWithBothFinsAndNoResetAtAll() throws Exception {
      // HTTP/1.0: the server closes first; the client's FIN then waits for its last ACK before
      // the process ends, instead of being cut off by a RST as its host goes (issue 10).
      Path pcap = root.resolve("get.pcap");
      CommandLineHarness.Run r = get("--pcap", pcap.toString(), "http://10.0.0.2/hello.txt");
      assertEquals(0, r.exitCode(), r.transcript());
      byte[] file = Files.readAllBytes(pcap);
      long packets = PcapRecords.countWhole(file);
      assertEquals(2, PcapRecords.countTcpWithFlags(file, 0x01), "one FIN each way");
      assertEquals(0, PcapRecords.countTcpWithFlags(file, 0x04), "no RST after a completed close");
      assertTrue(r.err().endsWith("wrote " + packets + " packets to " + pcap + "\n"), r.err());
    }

    @Test
    void headSendsHeadAndPrintsOnlyTheStatusLineAndHeaders() {
      CommandLineHarness.Run r = get("-I", "http://10.0.0.2/hello.txt");
      assertEquals(0, r.exitCode(), r.transcript());
      assertTrue(r.out().startsWith("HTTP/1.0 200 OK\n"), r.out());
      assertTrue(r.out().contains("Content-Length: 11\n"), r.out());
      assertTrue(r.out().endsWith("\n\n"), "no body: " + r.out());
    }

    @Test
    void verboseShowsTheConnectionTheRequestAndTheResponseHeadOnStandardError() {
      CommandLineHarness.Run r = get("-v", "http://10.0.0.2/hello.txt");
      assertEquals(0, r.exitCode(), r.transcript());
      assertEquals("hello, web\n", r.out());
      assertTrue(r.err().contains("connecting to 10.0.0.2:80 from 10.0.0.1 ...\n* connected to "
          + "10.0.0.2:80 from 10.0.0.1:"), r.err());
      assertTrue(r.err().contains("\n> GET /hello.txt HTTP/1.0\n> Host: 10.0.0.2:80\n"), r.err());
      assertTrue(r.err().contains("\n< HTTP/1.0 200 OK\n"), r.err());
      assertTrue(r.err().contains("\n< Content-Length: 11\n"), r.err());
    }

    @Test
    void percentEscapesInTheUrlAreDecoded() throws Exception {
      Files.writeString(root.resolve("empty dir/a b.txt"), "spaced\n");
      CommandLineHarness.Run r = get("http://10.0.0.2/empty%20dir/a%20b.txt");
      assertEquals(0, r.exitCode(), r.transcript());
      assertEquals("spaced\n", r.out());
    }
  }

  @Nested
  class Failure {
    @Test
    void missingFileExitsOneWithTheStatusLine() {
      CommandLineHarness.Run r = get("http://10.0.0.2/nope.txt");
      assertEquals(1, r.exitCode(), r.transcript());
      assertTrue(r.errors().endsWith(
          "minitransport: http://10.0.0.2:80/nope.txt: HTTP/1.0 404 Not Found\n"), r.errors());
      assertEquals("", r.out());
    }

    @Test
    void includePrintsTheBodyOfAnErrorResponseToo() {
      CommandLineHarness.Run r = get("-i", "http://10.0.0.2/nope.txt");
      assertEquals(1, r.exitCode(), r.transcript());
      assertTrue(r.out().startsWith("HTTP/1.0 404 Not Found\n"), r.out());
      assertTrue(r.out().contains("\n\n<!DOCTYPE html>") || r.out().contains("\n\n<html"),
          "the error page follows the head: " + r.out());
      assertTrue(r.err().endsWith("HTTP/1.0 404 Not Found\n"), r.err());
    }

    @Test
    void aPathClimbingOutOfTheRootIsForbidden() {
      CommandLineHarness.Run r = get("http://10.0.0.2/../../etc/passwd");
      assertEquals(1, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("403 Forbidden"), r.err());
    }

    @Test
    void aMissingRootIsOneLineWithoutAStackTrace() {
      CommandLineHarness.Run r = CommandLineHarness.run("http-get", "--root", root.resolve("absent").toString(),
          "http://10.0.0.2/");
      assertEquals(1, r.exitCode(), r.transcript());
      assertEquals("minitransport: cannot serve " + root.resolve("absent")
          + ": root directory does not exist\n", r.errors());
    }

    @Test
    void aFileAsRootIsRejected() {
      CommandLineHarness.Run r = CommandLineHarness.run("http-get", "--root", root.resolve("hello.txt").toString(),
          "http://10.0.0.2/");
      assertEquals(1, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("the root must be a directory"), r.err());
      assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void verboseAddsTheStackTrace() {
      CommandLineHarness.Run r = CommandLineHarness.run("http-get", "--verbose", "--root",
          root.resolve("absent").toString(), "http://10.0.0.2/");
      assertEquals(1, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("\tat "), r.err());
    }
  }

  @Nested
  class BadUsage {
    @Test
    void aUrlThatIsNotHttpIsAUsageErrorNamingIt() {
      CommandLineHarness.Run r = get("ftp://10.0.0.2/x");
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("URL 'ftp://10.0.0.2/x' must start with http://"), r.err());
    }

    @Test
    void aHostNameIsAUsageErrorBecauseThereIsNoDns() {
      CommandLineHarness.Run r = get("http://example.org/");
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("needs an IPv4 address as its host"), r.err());
    }

    @Test
    void anOutOfRangePortIsAUsageError() {
      CommandLineHarness.Run r = get("http://10.0.0.2:70000/");
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("port '70000'; expected 1-65535"), r.err());
    }

    @Test
    void aMissingUrlIsAUsageError() {
      CommandLineHarness.Run r = CommandLineHarness.run("http-get");
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("Missing required parameter: '<url>'"), r.err());
    }

    @Test
    void serverPortOutOfRangeIsAUsageError() {
      CommandLineHarness.Run r = CommandLineHarness.run("http-server", "--port", "0", "--duration", "1ms");
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("'0' is not a port from 1 to 65535"), r.err());
    }

    @Test
    void serverHeadLimitOutOfRangeIsAUsageError() {
      CommandLineHarness.Run r = CommandLineHarness.run("http-server", "--max-head", "10", "--duration", "1ms");
      assertEquals(2, r.exitCode(), r.transcript());
      assertTrue(r.err().contains("--max-head 10 must be from 64 bytes to 1M"), r.err());
    }
  }

  @Test
  void httpServerServesUntilItsDurationEnds() {
    CommandLineHarness.Run r = CommandLineHarness.run("http-server", "--root", root.toString(), "--port", "8080",
        "--duration", "50ms");
    assertEquals(0, r.exitCode(), r.transcript());
    assertTrue(r.out().startsWith("http-server listening on 10.0.0.2:8080 (network sim), serving "),
        r.out());
  }

  @Test
  void helpListsTheNewCommands() {
    String help = CommandLineHarness.run("--help").out();
    for (String command : new String[] {"http-server", "http-get", "time-server", "time-query"}) {
      assertTrue(help.contains(command), help);
    }
  }
}
