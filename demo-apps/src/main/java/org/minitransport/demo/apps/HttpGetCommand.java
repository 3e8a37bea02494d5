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
import java.util.Locale;
import java.util.concurrent.Callable;
import org.minitransport.demo.apps.http.HttpResponseHead;
import org.minitransport.demo.apps.http.HttpServer;
import org.minitransport.demo.apps.http.HttpUrl;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport http-get URL}: one HTTP/1.0 GET (RFC 1945 §8.1) over tcp-lite with the
 * blocking socket API. On the simulated network an http-server for --root runs in this process
 * at the URL's host and port.
 */
@Command(name = "http-get", mixinStandardHelpOptions = true,
    description = "Fetches a URL with HTTP/1.0 GET and prints the body (or saves it with "
        + "--output). A status other than 2xx exits with 1. With --network sim (the default) an "
        + "http-server for --root is started in this process at the URL's address.")
public final class HttpGetCommand implements Callable<Integer> {

  private static final int MAX_RESPONSE_HEAD = 64 * 1024;

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Parameters(index = "0", paramLabel = "URL",
      description = "http://IPV4[:PORT]/PATH, e.g. http://10.0.0.2:80/index.html")
  String url;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the body to FILE instead of standard output.")
  Path output;

  @Option(names = {"-i", "--include"},
      description = "Print the status line and headers before the body.")
  boolean include;

  @Option(names = "--root", defaultValue = ".", paramLabel = "DIR",
      description = "With --network sim: the directory the in-process server serves "
          + "(default: the current directory).")
  Path root;

  @Option(names = "--timeout", converter = ValueConverters.Duration.class, defaultValue = "10s",
      description = "Connect and read timeout (default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Override
  public Integer call() throws Exception {
    HttpUrl target;
    try {
      target = HttpUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (timeoutNs < 1_000_000) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1ms");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (DemoNetwork network = DemoNetwork.open(host)) {
      HttpServer inProcessServer = null;
      if (!network.isShared()) {
        inProcessServer = HttpServerCommand.start(
            network.startHost(target.server().address()).tcp(), target.server().port(),
            HttpServerCommand.openSite(root));
      }
      try {
        DemoNetwork.DemoHost client = network.startHost(host.addressOr("10.0.0.1"));
        return fetch(client, target, out);
      } finally {
        if (inProcessServer != null) {
          inProcessServer.close();
        }
      }
    }
  }

  private int fetch(DemoNetwork.DemoHost client, HttpUrl target, PrintWriter out)
      throws IOException {
    int millis = (int) Math.max(1, timeoutNs / 1_000_000);
    try (TcpSocket socket = client.tcp().socket()) {
      socket.connect(target.server(), millis);
      socket.setSoTimeout(millis);
      OutputStream request = socket.getOutputStream();
      request.write(("GET " + target.path() + " HTTP/1.0\r\n"
          + "Host: " + target.server() + "\r\n"
          + "User-Agent: minitransport-http-get/0.1\r\n"
          + "Accept: */*\r\n"
          + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      request.flush();
      InputStream input = new BufferedInputStream(socket.getInputStream());
      HttpResponseHead head = HttpResponseHead.read(input, MAX_RESPONSE_HEAD);
      if (include) {
        out.println(head.statusLine());
        head.headerLines().forEach(out::println);
        out.println();
        out.flush();
      }
      if (!head.isSuccess()) {
        spec.commandLine().getErr().println("minitransport: " + target + ": "
            + head.statusLine());
        spec.commandLine().getErr().flush();
        return 1;
      }
      long expected = head.contentLength();
      long received;
      if (output != null) {
        try (OutputStream file = Files.newOutputStream(output)) {
          received = copy(input, file, expected);
        }
        out.printf("saved %d bytes to %s%n", received, output);
      } else {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        received = copy(input, body, expected);
        out.print(body.toString(charsetOf(head.header("Content-Type"))));
      }
      out.flush();
      if (expected >= 0 && received < expected) {
        throw new ProtocolException("the response from " + target.server() + " ended after "
            + received + " of " + expected + " body bytes");
      }
      return 0;
    }
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
