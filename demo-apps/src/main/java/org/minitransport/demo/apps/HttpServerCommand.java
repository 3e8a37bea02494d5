package org.minitransport.demo.apps;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.minitransport.demo.apps.http.HttpRequest;
import org.minitransport.demo.apps.http.HttpServer;
import org.minitransport.demo.apps.http.StaticSite;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DeadPeerTimeout;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.socket.TcpService;
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
    header = "Serves a directory over HTTP/1.0.",
    description = "Serves the files under --root over HTTP/1.0 (GET and HEAD; directories show "
        + "index.html or a listing; paths may not leave the root). Prints one access-log line "
        + "per response.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # terminal 1: 10.0.0.2",
        "  minitransport http-server --network udp --root ./site",
        "  # terminal 2",
        "  minitransport http-get --network udp -i http://10.0.0.2/index.html",
        "  # Linux as the client (root): the kernel reaches 10.0.0.2 through mt0",
        "  sudo minitransport http-server --network tun --root ./site &",
        "  curl http://10.0.0.2/index.html",
        "  # the same with 2%% loss and 10 ms each way between Linux and the server",
        "  sudo minitransport http-server --network tun --loss 2%% --delay 10ms"})
public final class HttpServerCommand implements Callable<Integer> {

  /** The idle timeout of a connection that makes no progress. */
  static final long DEFAULT_IDLE_TIMEOUT_NS = 30_000_000_000L;

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Option(names = "--root", defaultValue = ".", paramLabel = "<dir>",
      description = "The directory to serve (default: the current directory).")
  Path root;

  @Option(names = "--port", defaultValue = "80", converter = AddressConverters.Port.class,
      paramLabel = "<port>", description = "Port, 1-65535 (default: ${DEFAULT-VALUE}; demo hosts may bind well-known "
          + "ports).")
  int port;

  @Option(names = "--duration", converter = ValueConverters.Duration.class, defaultValue = "0",
      paramLabel = "<duration>", description = "Stop after this long, e.g. 30s (default: run until stopped).")
  long durationNs;

  @Option(names = "--max-head", converter = ValueConverters.ByteCount.class, defaultValue = "8k",
      paramLabel = "<size>", description = "Bound on a request's line plus headers, 64 bytes to 1M; longer requests get "
          + "431 (default: ${DEFAULT-VALUE}).")
  long maxHeadBytes;

  @Option(names = "--idle-timeout", converter = ValueConverters.Timeout.class,
      defaultValue = "30s", paramLabel = "<duration>",
      description = "Reset a connection that makes no progress for this long, and drop a client "
          + "that stopped answering after about as long (default: ${DEFAULT-VALUE}).")
  long idleTimeoutNs;

  @Override
  public Integer call() throws Exception {
    if (maxHeadBytes < 64 || maxHeadBytes > 1 << 20) {
      throw new ParameterException(spec.commandLine(),
          "--max-head " + maxHeadBytes + " must be from 64 bytes to 1M");
    }
    StaticSite site = openSite(root);
    PrintWriter out = spec.commandLine().getOut();
    try (DemoNetwork network = DemoNetwork.open(host)) {
      DemoNetwork.DemoHost server = network.startServerHost(
          DeadPeerTimeout.tcpConfig(TcpConfig.defaults(), Duration.ofNanos(idleTimeoutNs)));
      try (HttpServer http = HttpServer.start(server.tcp(), port, site, (int) maxHeadBytes,
          idleTimeoutNs, line -> {
            out.println(line);
            out.flush();
          });
          NetstatService netstat = NetstatService.startIfShared(network, server)) {
        out.printf("http-server listening on %s:%d (network %s), serving %s%n",
            server.address(), http.localEndpoint().port(), host.network, site.root());
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

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage();
  }
}
