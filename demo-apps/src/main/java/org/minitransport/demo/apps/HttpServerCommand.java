package org.minitransport.demo.apps;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.minitransport.demo.apps.http.HttpRequest;
import org.minitransport.demo.apps.http.HttpServer;
import org.minitransport.demo.apps.http.StaticSite;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport http-server}: serves the files under a directory over HTTP/1.0 (RFC 1945)
 * on tcp-lite, GET and HEAD only, one non-blocking session per client on the host's thread.
 */
@Command(name = "http-server", mixinStandardHelpOptions = true,
    description = "Serves the files under --root over HTTP/1.0 (GET and HEAD; directories show "
        + "index.html or a listing; paths may not leave the root). Prints one access-log line "
        + "per response.")
public final class HttpServerCommand implements Callable<Integer> {

  /** The idle timeout of a connection that makes no progress. */
  static final long DEFAULT_IDLE_TIMEOUT_NS = 30_000_000_000L;

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Option(names = "--root", defaultValue = ".", paramLabel = "DIR",
      description = "The directory to serve (default: the current directory).")
  Path root;

  @Option(names = "--port", defaultValue = "80",
      description = "Port, 1-65535 (default: ${DEFAULT-VALUE}; demo hosts may bind well-known "
          + "ports).")
  int port;

  @Option(names = "--duration", converter = ValueConverters.Duration.class, defaultValue = "0",
      description = "Stop after this long, e.g. 30s (default: run until stopped).")
  long durationNs;

  @Option(names = "--max-head", converter = ValueConverters.ByteCount.class, defaultValue = "8k",
      description = "Bound on a request's line plus headers, 64 bytes to 1M; longer requests get "
          + "431 (default: ${DEFAULT-VALUE}).")
  long maxHeadBytes;

  @Option(names = "--idle-timeout", converter = ValueConverters.Duration.class,
      defaultValue = "30s",
      description = "Reset a connection that makes no progress for this long (default: "
          + "${DEFAULT-VALUE}).")
  long idleTimeoutNs;

  @Override
  public Integer call() throws Exception {
    checkPort(spec, "--port", port);
    if (maxHeadBytes < 64 || maxHeadBytes > 1 << 20) {
      throw new ParameterException(spec.commandLine(),
          "--max-head " + maxHeadBytes + " must be from 64 bytes to 1M");
    }
    if (idleTimeoutNs <= 0) {
      throw new ParameterException(spec.commandLine(), "--idle-timeout must be positive");
    }
    StaticSite site = openSite(root);
    PrintWriter out = spec.commandLine().getOut();
    try (DemoNetwork network = DemoNetwork.open(host)) {
      DemoNetwork.DemoHost server = network.startHost(host.addressOr("10.0.0.2"));
      try (HttpServer http = HttpServer.start(server.tcp(), port, site, (int) maxHeadBytes,
          idleTimeoutNs, line -> {
            out.println(line);
            out.flush();
          });
          NetstatService netstat = NetstatService.startIfShared(network, server)) {
        out.printf("http-server listening on %s (network %s), serving %s%n",
            http.localEndpoint(), host.network, site.root());
        if (netstat != null) {
          out.printf("netstat queries answered on UDP port %d%n", netstat.localEndpoint().port());
        }
        out.flush();
        ServerLifetime.await(durationNs, out);
      }
    }
    return 0;
  }

  /** Opens the site, or fails with one line naming the directory and the problem. */
  static StaticSite openSite(Path root) throws IOException {
    try {
      return StaticSite.open(root);
    } catch (IOException e) {
      throw new IOException("cannot serve " + root + ": " + describe(e), e);
    }
  }

  /** Starts an HTTP server with the default limits and no access log. */
  static HttpServer start(TcpService tcp, int port, StaticSite site) throws IOException {
    return HttpServer.start(tcp, port, site, HttpRequest.DEFAULT_MAX_HEAD_BYTES,
        DEFAULT_IDLE_TIMEOUT_NS, null);
  }

  /** A usage error (exit 2) unless {@code port} is 1-65535. */
  static void checkPort(CommandSpec spec, String option, int port) {
    if (port < 1 || port > 65_535) {
      throw new ParameterException(spec.commandLine(),
          option + " " + port + " is outside 1-65535");
    }
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage();
  }
}
