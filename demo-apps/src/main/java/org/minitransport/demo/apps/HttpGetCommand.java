package org.minitransport.demo.apps;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ProtocolException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.minitransport.demo.apps.http.HttpResponseHead;
import org.minitransport.demo.apps.http.HttpServer;
import org.minitransport.demo.apps.http.HttpUrl;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DeadPeerTimeout;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.socket.TcpSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport http-get URL}: one HTTP/1.0 GET or HEAD (RFC 1945 §8.1, §8.2) over tcp-lite
 * with the blocking socket API, with curl's {@code -i}, {@code -I} and {@code -v}. On the
 * simulated network an http-server for --root runs in this process at the URL's host and port.
 */
@Command(name = "http-get", mixinStandardHelpOptions = true,
    header = "Fetches a URL over HTTP/1.0, as curl does.",
    description = "Fetches a URL with HTTP/1.0 GET and prints the body (or saves it with "
        + "--output). A status other than 2xx exits with 1 (with -i its body is printed too). "
        + "With --network sim (the default) an http-server for --root is started in this "
        + "process at the URL's address.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  minitransport http-get --root ./site --loss 2%% -o page.html \\",
        "      http://10.0.0.2/page.html",
        "  # http-server running",
        "  minitransport http-get --network udp -i http://10.0.0.2/hello.txt",
        "  # HEAD: headers only",
        "  minitransport http-get --network udp -I http://10.0.0.2/",
        "  minitransport http-get --network udp -v http://10.0.0.2/ > /dev/null",
        "  # a Linux server as the peer (root): python3 -m http.server 8000",
        "  sudo minitransport http-get --network tun http://10.0.0.254:8000/"})
public final class HttpGetCommand implements Callable<Integer> {

  private static final int MAX_RESPONSE_HEAD = 64 * 1024;

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Parameters(index = "0", paramLabel = "<url>",
      description = "http://IPV4[:PORT]/PATH, e.g. http://10.0.0.2:80/index.html")
  String url;

  @Option(names = {"-o", "--output"}, paramLabel = "<file>",
      description = "Write the body to this file instead of standard output.")
  Path output;

  @Option(names = {"-i", "--include"},
      description = "Print the status line and headers before the body, for errors too.")
  boolean include;

  @Option(names = {"-I", "--head"},
      description = "Send HEAD instead of GET and print the status line and headers only.")
  boolean head;

  @Option(names = {"-v", "--verbose-http"},
      description = "Print the connection, the request (> lines) and the response head (< lines) "
          + "on standard error, as curl -v does.")
  boolean verboseHttp;

  @Option(names = "--root", defaultValue = ".", paramLabel = "<dir>",
      description = "With --network sim: the directory the in-process server serves "
          + "(default: the current directory).")
  Path root;

  @Option(names = "--timeout", converter = ValueConverters.Timeout.class, defaultValue = "30s",
      paramLabel = "<duration>",
      description = "How long to wait for the server: to connect, and for each read "
          + "(default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Override
  public Integer call() throws Exception {
    HttpUrl target;
    try {
      target = HttpUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TcpConfig tcp = DeadPeerTimeout.tcpConfig(TcpConfig.defaults(), Duration.ofNanos(timeoutNs));
    try (DemoNetwork network = DemoNetwork.open(host)) {
      HttpServer inProcessServer = null;
      if (!network.isShared()) {
        inProcessServer = HttpServerCommand.start(
            network.startHost(target.server().address(), tcp).tcp(), target.server().port(),
            HttpServerCommand.openSite(root));
      }
      try {
        DemoNetwork.DemoHost client = network.startClientHost(tcp);
        return fetch(network, client, target, out, err);
      } finally {
        if (inProcessServer != null) {
          inProcessServer.close();
        }
      }
    }
  }

  private int fetch(DemoNetwork network, DemoNetwork.DemoHost client, HttpUrl target,
      PrintWriter out, PrintWriter err) throws IOException {
    String method = head ? "HEAD" : "GET";
    String request = method + " " + target.path() + " HTTP/1.0\r\n"
        + "Host: " + target.server() + "\r\n"
        + "User-Agent: minitransport-http-get/0.1\r\n"
        + "Accept: */*\r\n"
        + "\r\n";
    PrintWriter trace = verboseHttp ? err : new PrintWriter(OutputStream.nullOutputStream());
    try (TcpSocket socket = Dialer.dial(network, client, target.server(), timeoutNs,
        "http-server", err)) {
      socket.setSoTimeout((int) Math.max(1, timeoutNs / 1_000_000));
      trace.printf("* connected to %s from %s%n", target.server(), socket.localEndpoint());
      request.lines().forEach(line -> trace.println("> " + line));
      trace.println(">");
      trace.flush();
      HttpResponseHead response;
      InputStream input;
      try {
        OutputStream requestStream = socket.getOutputStream();
        requestStream.write(request.getBytes(StandardCharsets.ISO_8859_1));
        requestStream.flush();
        input = new BufferedInputStream(socket.getInputStream());
        response = HttpResponseHead.read(input, MAX_RESPONSE_HEAD);
      } catch (java.net.SocketException | java.net.SocketTimeoutException e) {
        throw PeerFailures.lost(target.server(), e, timeoutNs);
      }
      trace.println("< " + response.statusLine());
      response.headerLines().forEach(line -> trace.println("< " + line));
      trace.println("<");
      trace.flush();
      if (include || head) {
        out.println(response.statusLine());
        response.headerLines().forEach(out::println);
        out.println();
        out.flush();
      }
      if (!response.isSuccess()) {
        if (include && !head) {
          printBody(input, response, out);
        }
        err.println("minitransport: " + target + ": " + response.statusLine());
        err.flush();
        return 1;
      }
      if (head) {
        return 0;
      }
      long expected = response.contentLength();
      long received;
      if (output != null) {
        try (OutputStream file = Files.newOutputStream(output)) {
          received = copy(input, file, expected);
        }
        out.printf("saved %d bytes to %s%n", received, output);
        out.flush();
      } else {
        received = printBody(input, response, out);
      }
      if (expected >= 0 && received < expected) {
        throw new ProtocolException("the response from " + target.server() + " ended after "
            + received + " of " + expected + " body bytes");
      }
      return 0;
    }
  }

  /** Prints the body in the charset its Content-Type names; returns its length in bytes. */
  private static long printBody(InputStream input, HttpResponseHead response, PrintWriter out)
      throws IOException {
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    long received = copy(input, body, response.contentLength());
    out.print(body.toString(charsetOf(response.header("Content-Type"))));
    out.flush();
    return received;
  }

  /** Copies the body: {@code length} bytes, or to the end of the stream if -1. */
  private static long copy(InputStream input, OutputStream sink, long length) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    long copied = 0;
    while (length < 0 || copied < length) {
      int want = length < 0 ? buffer.length : (int) Math.min(buffer.length, length - copied);
      int n = input.read(buffer, 0, want);
      if (n < 0) {
        break;
      }
      sink.write(buffer, 0, n);
      copied += n;
    }
    return copied;
  }

  private static Charset charsetOf(String contentType) {
    if (contentType != null) {
      for (String parameter : contentType.split(";")) {
        String p = parameter.trim();
        if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
          try {
            return Charset.forName(p.substring(8).replace("\"", ""));
          } catch (IllegalArgumentException e) {
            break;
          }
        }
      }
    }
    return StandardCharsets.UTF_8;
  }
}
