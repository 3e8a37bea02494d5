package org.minitransport.demo.apps.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.socket.TcpSocket;
import picocli.CommandLine;

/**
 * The server's sessions, spoken to with raw requests over tcp-lite on the simulated network: the
 * statuses for bad requests, HEAD, the head limit, the idle timeout and many clients at once.
 */
class HttpServerTest {

  private static final Endpoint SERVER = Endpoint.of("10.0.0.2", 80);
  private static final int TIMEOUT_MS = 5_000;
  /**
   * The server's idle timeout: longer than any scheduling delay, so that a client thread a loaded
   * machine keeps waiting is never reset mid-request. The idle test has its own short one.
   */
  private static final long IDLE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
  private static final Endpoint QUICK_IDLE_SERVER = Endpoint.of("10.0.0.2", 8080);

  @TempDir
  Path root;

  private DemoNetwork network;
  private DemoNetwork.DemoHost client;
  private DemoNetwork.DemoHost serverHost;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(root.resolve("hello.txt"), "hello\n");
    network = DemoNetwork.open(CommandLine.populateCommand(new HostOptions(), "--delay", "1ms",
        "--seed", "1"));
    serverHost = network.startHost(SERVER.address());
    server = HttpServer.start(serverHost.tcp(), SERVER.port(), StaticSite.open(root), 256,
        IDLE_TIMEOUT_NS, null);
    client = network.startHost(Ipv4Address.parse("10.0.0.1"));
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    network.close();
  }

  /** Sends {@code request} and reads the response to the end of the stream. */
  private String exchange(String request, boolean shutdownAfter) throws IOException {
    try (TcpSocket socket = client.tcp().socket()) {
      socket.connect(SERVER, TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      if (shutdownAfter) {
        socket.shutdownOutput();
      }
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private String exchange(String request) throws IOException {
    return exchange(request, false);
  }

  @Test
  void getAnswersWithHeadersAndTheFile() throws IOException {
    String response = exchange("GET /hello.txt HTTP/1.0\r\nUser-Agent: test\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.0 200 OK\r\n"), response);
    assertTrue(response.contains("\r\nContent-Length: 6\r\n"), response);
    assertTrue(response.contains("\r\nDate: "), response);
    assertTrue(response.endsWith("\r\n\r\nhello\n"), response);
  }

  @Test
  void headAnswersWithTheSameHeadersAndNoBody() throws IOException {
    String response = exchange("HEAD /hello.txt HTTP/1.0\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.0 200 OK\r\n"), response);
    assertTrue(response.contains("\r\nContent-Length: 6\r\n"), response);
    assertTrue(response.endsWith("\r\n\r\n"), "no body: " + response);
  }

  @Test
  void bareLineFeedsAreAccepted() throws IOException {
    assertTrue(exchange("GET /hello.txt HTTP/1.0\n\n").endsWith("\r\n\r\nhello\n"));
  }

  @Test
  void aMalformedRequestLineIs400() throws IOException {
    String response = exchange("GET/hello.txt\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.0 400 Bad Request\r\n"), response);
  }

  @Test
  void aRequestEndingBeforeTheEmptyLineIs400() throws IOException {
    String response = exchange("GET /hello.txt HTTP/1.0\r\nHost: x\r\n", true);
    assertTrue(response.startsWith("HTTP/1.0 400 Bad Request\r\n"), response);
    assertTrue(response.contains("ended before the empty line"), response);
  }

  @Test
  void anotherHttpMajorVersionIs505() throws IOException {
    assertTrue(exchange("GET / HTTP/2.0\r\n\r\n")
        .startsWith("HTTP/1.0 505 HTTP Version Not Supported\r\n"));
  }

  @Test
  void postIs405AndTheResponseSurvivesTheUnreadBody() throws IOException {
    String body = "x".repeat(20_000);
    String response = exchange("POST /hello.txt HTTP/1.0\r\nContent-Length: " + body.length()
        + "\r\n\r\n" + body, true);
    assertTrue(response.startsWith("HTTP/1.0 405 Method Not Allowed\r\n"), response);
    assertTrue(response.endsWith("</html>\n"), "the whole error page arrives: " + response);
  }

  @Test
  void aHeadBeyondTheLimitIs431() throws IOException {
    String response = exchange("GET /hello.txt HTTP/1.0\r\nX-Padding: " + "p".repeat(300)
        + "\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.0 431 Request Header Fields Too Large\r\n"),
        response);
    assertTrue(response.contains("exceed 256 bytes"), response);
  }

  @Test
  void aSilentClientIsResetAfterTheIdleTimeout() throws IOException {
    try (HttpServer quick = HttpServer.start(serverHost.tcp(), QUICK_IDLE_SERVER.port(),
        StaticSite.open(root), 256, TimeUnit.MILLISECONDS.toNanos(300), null);
        TcpSocket socket = client.tcp().socket()) {
      socket.connect(QUICK_IDLE_SERVER, TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      InputStream input = socket.getInputStream();
      SocketException reset = assertThrows(SocketException.class, input::read);
      assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
    }
  }

  @Test
  void manyConcurrentClientsEachGetTheirOwnFile() throws Exception {
    int clients = 24;
    Random random = new Random(3);
    List<byte[]> files = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      byte[] data = new byte[20_000 + random.nextInt(20_000)];
      random.nextBytes(data);
      files.add(data);
      Files.write(root.resolve("file" + i + ".bin"), data);
    }
    ExecutorService threads = Executors.newFixedThreadPool(clients);
    try {
      List<Future<byte[]>> bodies = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String path = "/file" + i + ".bin";
        bodies.add(threads.submit(() -> body(path)));
      }
      for (int i = 0; i < clients; i++) {
        assertArrayEquals(files.get(i), bodies.get(i).get(20, TimeUnit.SECONDS), "file " + i);
      }
    } finally {
      threads.shutdownNow();
      assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  private byte[] body(String path) throws IOException {
    try (TcpSocket socket = client.tcp().socket()) {
      socket.connect(SERVER, TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      InputStream input = socket.getInputStream();
      HttpResponseHead head = HttpResponseHead.read(input, 4096);
      assertEquals(200, head.code(), head.statusLine());
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      input.transferTo(body);
      assertEquals(head.contentLength(), body.size());
      return body.toByteArray();
    }
  }
}
