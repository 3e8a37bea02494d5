package org.minitransport.demo.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.socket.TcpSocket;
import picocli.CommandLine;

class ChatServerTest {

  private static final Endpoint SERVER = Endpoint.parse("10.0.0.2:7777");

  private static DemoNetwork simulatedNetwork() throws Exception {
    return DemoNetwork.open(CommandLine.populateCommand(new HostOptions(), "--network", "sim",
        "--delay", "1ms", "--seed", "7"));
  }

  @Test
  void dropsAClientThatStopsReadingWithoutHoldingUpTheOthers() throws Exception {
    StringWriter log = new StringWriter();
    try (DemoNetwork network = simulatedNetwork();
        ChatServer server = ChatServer.start(network.startHost(SERVER.address()), SERVER.port(),
            1024, new PrintWriter(log, true));
        TcpSocket slow = network.startHost(Ipv4Address.parse("10.0.0.3")).tcp().socket();
        TcpSocket fast = network.startHost(Ipv4Address.parse("10.0.0.1")).tcp().socket()) {
      slow.setReceiveBufferSize(1024);
      slow.connect(SERVER, 10_000);
      slow.getOutputStream().write("NAME slow\n".getBytes(StandardCharsets.UTF_8));
      fast.connect(SERVER, 10_000);
      fast.setSoTimeout(10_000);
      int lines = 4000;
      String padding = "x".repeat(90);
      Semaphore ownLinesHeard = new Semaphore(0);
      CompletableFuture<List<String>> heard = readUntil(fast, "fast: " + (lines - 1) + " "
          + padding, ownLinesHeard);
      OutputStream out = fast.getOutputStream();
      out.write("NAME fast\n".getBytes(StandardCharsets.UTF_8));
      // The fast client keeps up: it sends a batch of lines only once it has heard its previous
      // batch back, so what the server holds for it stays far below its 256 KiB send buffer
      // whatever the timing. (Sending all 4000 lines at once made the test depend on the
      // server's echo keeping within 256 KiB of the client's sending while both connections were
      // in slow start: on a loaded machine the real-time network's RTT grew to 50 ms and the
      // echo fell behind, so the server dropped the fast client as well, once in 12-16 runs
      // beside a busy core.)
      int batch = 100;
      for (int i = 0; i < lines; i++) {
        out.write(("" + i + " " + padding + "\n").getBytes(StandardCharsets.UTF_8));
        if ((i + 1) % batch == 0) {
          out.flush();
          assertTrue(ownLinesHeard.tryAcquire(batch, 20, TimeUnit.SECONDS),
              "the fast client heard its lines up to " + i + " back");
        }
      }
      out.flush();

      List<String> fastHeard = heard.get(20, TimeUnit.SECONDS);
      assertEquals(lines, fastHeard.stream().filter(l -> l.startsWith("fast: ")).count(),
          "the fast client got every line of its own");
      assertTrue(fastHeard.contains("* slow was dropped (too slow to keep up)"), "" + fastHeard);
      assertTrue(log.toString().contains("dropped slow: more than 1024 bytes waiting"),
          log.toString());
      assertThrows(SocketException.class, () -> slow.getInputStream().readAllBytes(),
          "the dropped client's connection is reset");
    }
  }

  /**
   * Reads lines on a thread until {@code last} (inclusive), releasing a permit of {@code
   * ownLinesHeard} for each line the client hears of its own.
   */
  private static CompletableFuture<List<String>> readUntil(TcpSocket socket, String last,
      Semaphore ownLinesHeard) {
    CompletableFuture<List<String>> result = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      List<String> lines = new ArrayList<>();
      try {
        BufferedReader in = new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
          if (line.startsWith("fast: ")) {
            ownLinesHeard.release();
          }
          if (line.equals(last)) {
            result.complete(lines);
            return;
          }
        }
        result.completeExceptionally(new AssertionError("stream ended: " + lines));
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    }, "reader");
    reader.setDaemon(true);
    reader.start();
    return result;
  }
}
