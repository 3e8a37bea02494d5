package org.minitransport.demo.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.minitransport.udp.ReceivedDatagram;
import org.minitransport.udp.UdpSocket;

/**
 * {@code connect --udp}: each read of standard input goes out as one datagram to the connected
 * peer (as {@code nc -u} does), and every datagram that comes back goes to standard output. Once
 * standard input has ended, datagrams are still printed until none came for {@code waitNs}.
 */
final class UdpPipe {

  private UdpPipe() {}

  /**
   * @param maxPayload the largest datagram the path takes (reads of standard input are cut to it)
   */
  static void pipe(UdpSocket socket, int maxPayload, InputStream stdin, OutputStream stdout,
      long waitNs) throws IOException {
    AtomicBoolean inputEnded = new AtomicBoolean();
    AtomicReference<IOException> sendFailure = new AtomicReference<>();
    Thread sender = new Thread(() -> {
      byte[] buffer = new byte[maxPayload];
      try {
        for (int n = stdin.read(buffer); n >= 0; n = stdin.read(buffer)) {
          if (n > 0) {
            socket.send(Arrays.copyOf(buffer, n));
          }
        }
      } catch (IOException e) {
        sendFailure.set(e);
      } finally {
        inputEnded.set(true);
      }
    }, "stdin-to-udp");
    sender.setDaemon(true);
    sender.start();
    Duration quiet = Duration.ofNanos(Math.max(1_000_000L, waitNs));
    while (true) {
      // Until stdin ends, wait in short slices so that its end is noticed; then for --wait. Only
      // a whole --wait begun after the end counts: a slice that began before it does not.
      boolean endedBeforeWaiting = inputEnded.get();
      ReceivedDatagram datagram;
      try {
        datagram = socket.receive(endedBeforeWaiting ? quiet : Duration.ofMillis(100));
      } catch (SocketTimeoutException e) {
        if (sendFailure.get() != null) {
          throw sendFailure.get();
        }
        if (endedBeforeWaiting) {
          return;
        }
        continue;
      }
      stdout.write(datagram.data());
      stdout.flush();
    }
  }
}
