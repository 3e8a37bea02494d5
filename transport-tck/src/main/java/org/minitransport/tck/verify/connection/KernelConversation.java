package org.minitransport.tck.verify.connection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.driver.EventLoop;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.socket.TcpService;
import org.minitransport.tcp.socket.TcpSocket;
import org.minitransport.testkit.KernelNetwork;
import org.minitransport.testkit.KernelPeer;
import org.minitransport.testkit.Sha256Streams;

/**
 * A tcp-lite host built with a given {@link TcpConfig} (the components under test) at 10.0.0.2 on
 * a TUN device, talking to a Linux program (Python) in a private network namespace at 10.0.0.1:
 * tcp-lite sends to a Linux sink and half-closes, and Linux answers with the SHA-256 of what it
 * got (so data flows both ways and both sides close). Everything it creates is removed on return,
 * also on failure.
 */
final class KernelConversation {

  /** How long each side may wait for the other: a 256 KiB exchange takes about a second. */
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int PORT = 5001;

  private final TcpConfig config;

  KernelConversation(TcpConfig config) {
    this.config = config;
  }

  /** Sends {@code bytes} to Linux, half-closes, reads the answer; AssertionError on a mismatch. */
  void exchange(long bytes) throws Exception {
    try (KernelNetwork kernel = KernelNetwork.builder().open();
        EventLoop loop = EventLoop.start("tck-host-10.0.0.2")) {
      Host host = loop.addHost(kernel.network(), HostConfig.of(KernelNetwork.HOST));
      TcpService tcp = TcpService.install(host, loop, config, 0x5eed_0001L, 0x5eed_0002L);

      KernelPeer sink = kernel.python("serve-sink", PORT).awaitListening(WAIT);
      java.util.concurrent.CompletableFuture<Void> conversation =
          java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
              converse(tcp, sink, bytes);
            } catch (Exception e) {
              throw new java.util.concurrent.CompletionException(e);
            }
          });
      awaitUnlessTheHostFails(conversation, loop);
    }
  }

  /** The conversation itself, on a thread of its own. */
  private static void converse(TcpService tcp, KernelPeer sink, long bytes) throws Exception {
    try (TcpSocket socket = tcp.connect(new Endpoint(KernelNetwork.KERNEL, PORT))) {
      socket.setSoTimeout((int) WAIT.toMillis());
      String sent = Sha256Streams.fill(socket.getOutputStream(), bytes, 11);
      socket.shutdownOutput();
      String answer = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.US_ASCII);
      KernelPeer.Result result = sink.awaitResult(WAIT);
      check(bytes == result.getLong("received"),
          "Linux received " + result.getLong("received") + " of " + bytes + " bytes: " + result);
      check(sent.equals(result.get("sha256")), "Linux's SHA-256 of what tcp-lite sent differs: "
          + result);
      check(sent.equals(answer), "the answer after tcp-lite's half-close was \"" + answer
          + "\", not the SHA-256 " + sent);
    }
  }

  /**
   * Waits for the conversation, but fails at once with the host's exception if code on the
   * host's loop throws (a component under test that throws would otherwise leave the
   * conversation waiting for its timeouts).
   */
  private static void awaitUnlessTheHostFails(java.util.concurrent.CompletableFuture<Void> done,
      EventLoop loop) throws Exception {
    long deadlineNs = System.nanoTime() + 3 * WAIT.toNanos();
    while (true) {
      Optional<Throwable> failure = loop.firstFailure();
      if (failure.isPresent()) {
        done.cancel(true);
        throw new AssertionError("the host failed: " + failure.get(), failure.get());
      }
      try {
        done.get(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        return;
      } catch (java.util.concurrent.TimeoutException e) {
        if (System.nanoTime() - deadlineNs > 0) {
          throw new AssertionError("the conversation did not finish in " + 3 * WAIT.toSeconds()
              + " s", e);
        }
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c
            && c.getCause() != null ? c.getCause() : e.getCause();
        if (cause instanceof Exception x) {
          throw x;
        }
        throw (Error) cause;
      }
    }
  }

  private static void check(boolean holds, String problem) {
    if (!holds) {
      throw new AssertionError(problem);
    }
  }
}
