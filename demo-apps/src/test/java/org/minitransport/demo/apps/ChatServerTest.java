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
      CompletableFuture<List<String>> heard = readUntil(fast, "fast: " + (lines - 1) + " "
          + padding);
      OutputStream out = fast.getOutputStream();
      out.write("NAME fast\n".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < lines; i++) {
        out.write(("" + i + " " + padding + "\n").getBytes(StandardCharsets.UTF_8));
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

  /** Reads lines on a thread until {@code last} (inclusive). */
  private static CompletableFuture<List<String>> readUntil(TcpSocket socket, String last) {
    CompletableFuture<List<String>> result = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      List<String> lines = new ArrayList<>();
      try {
        BufferedReader in = new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
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
