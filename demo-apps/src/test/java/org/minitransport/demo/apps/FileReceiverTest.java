package org.minitransport.demo.apps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.CommandLineHarness.Run;
import org.minitransport.demo.CommandLineHarness;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.socket.TcpServerSocket;
import org.minitransport.tcp.socket.TcpSocket;
import picocli.CommandLine;

/** The two ends of the file transfer against a hand-written other end that misbehaves. */
class FileReceiverTest {

  private static final Endpoint RECEIVER = Endpoint.parse("10.0.0.2:9000");
  private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(20);

  @TempDir
  Path dir;

  private static DemoNetwork network(String... args) throws Exception {
    return DemoNetwork.open(CommandLine.populateCommand(new HostOptions(), args));
  }

  private static byte[] sha256(byte[] data) {
    return FileTransferProtocol.sha256().digest(data);
  }

  @Test
  void discardsAFileWhoseDigestIsNotTheSendersAndSaysSo() throws Exception {
    StringWriter log = new StringWriter();
    byte[] data = "what was sent".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (DemoNetwork network = network("--network", "sim", "--delay", "1ms", "--seed", "1");
        FileReceiver receiver = FileReceiver.start(network.startHost(RECEIVER.address()),
            RECEIVER.port(), dir, new PrintWriter(log, true));
        TcpSocket sender = network.startHost(Ipv4Address.parse("10.0.0.1")).tcp().socket()) {
      sender.connect(RECEIVER, 10_000);
      sender.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(sender.getOutputStream());
      new FileTransferProtocol.Header("claimed.txt", data.length).writeTo(out);
      out.write(data);
      out.write(new byte[32]); // not the digest of the data
      out.flush();

      FileTransferProtocol.Reply reply =
          FileTransferProtocol.Reply.readFrom(new DataInputStream(sender.getInputStream()));

      assertEquals(FileTransferProtocol.Status.MISMATCH, reply.status());
      assertArrayEquals(sha256(data), reply.digest(), "the receiver reports what it computed");
      FileReceiver.Outcome outcome = receiver.awaitOutcome(WAIT_NS);
      assertNotNull(outcome);
      assertFalse(outcome.saved());
      assertTrue(log.toString().contains("receiving claimed.txt from 10.0.0.1:"), log.toString());
      assertTrue(log.toString().contains("SHA-256 mismatch"), log.toString());
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(0, files.count(), "neither the file nor its .part is left");
      }
    }
  }

  @Test
  void answersAPathInTheNameWithAnErrorAndWritesNothing() throws Exception {
    StringWriter log = new StringWriter();
    try (DemoNetwork network = network("--network", "sim", "--delay", "1ms", "--seed", "2");
        FileReceiver receiver = FileReceiver.start(network.startHost(RECEIVER.address()),
            RECEIVER.port(), dir, new PrintWriter(log, true));
        TcpSocket sender = network.startHost(Ipv4Address.parse("10.0.0.1")).tcp().socket()) {
      sender.connect(RECEIVER, 10_000);
      sender.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(sender.getOutputStream());
      byte[] name = "../escape".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeShort(name.length);
      out.write(name);
      out.writeLong(0);
      out.flush();

      FileTransferProtocol.Reply reply =
          FileTransferProtocol.Reply.readFrom(new DataInputStream(sender.getInputStream()));

      assertEquals(FileTransferProtocol.Status.ERROR, reply.status());
      assertTrue(reply.message().startsWith("bad header: file name '../escape' contains a path"),
          reply.message());
      assertFalse(receiver.awaitOutcome(WAIT_NS).saved());
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(0, files.count());
      }
    }
  }

  @Test
  void sendFileFailsWhenTheReceiverComputedAnotherDigest() throws Exception {
    String routes = CommandLineHarness.freeRoutes();
    Path file = Files.writeString(dir.resolve("note.txt"), "hello over udp");
    try (DemoNetwork network = network("--network", "udp", "--routes", routes);
        TcpServerSocket server = network.startHost(RECEIVER.address()).tcp()
            .listen(new Endpoint(Ipv4Address.ANY, RECEIVER.port()), 4)) {
      CompletableFuture<FileTransferProtocol.Header> lyingReceiver = CompletableFuture.supplyAsync(
          () -> {
            try (TcpSocket socket = server.accept()) {
              DataInputStream in = new DataInputStream(socket.getInputStream());
              FileTransferProtocol.Header header = FileTransferProtocol.Header.readFrom(in);
              in.readNBytes((int) header.size() + FileTransferProtocol.DIGEST_BYTES);
              FileTransferProtocol.Reply.saved(new byte[32])
                  .writeTo(new DataOutputStream(socket.getOutputStream()));
              return header;
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });

      Run r = CommandLineHarness.run("send-file", "--network", "udp", "--routes", routes,
          file.toString());

      assertEquals(1, r.exitCode(), r.transcript());
      assertTrue(r.out().contains("SHA-256 MISMATCH: sent "
          + FileTransferProtocol.hex(sha256(Files.readAllBytes(file)))
          + ", the receiver computed " + "0".repeat(64)), r.transcript());
      assertEquals(new FileTransferProtocol.Header("note.txt", 14),
          lyingReceiver.get(20, TimeUnit.SECONDS));
    }
  }
}
