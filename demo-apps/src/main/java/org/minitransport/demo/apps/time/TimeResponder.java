package org.minitransport.demo.apps.time;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.udp.ReceivedDatagram;
import org.minitransport.udp.UdpSocket;

/**
 * The server side of the time service: a thread that answers every {@link TimeRequest} arriving
 * on a udp-lite socket with a {@link TimeReply} from its clock, and ignores (and counts) anything
 * else. Each request is answered on its own, so a retransmitted request simply gets another
 * reply.
 */
public final class TimeResponder implements Closeable {

  private static final long JOIN_TIMEOUT_MS = 5_000;

  private final UdpSocket socket;
  private final Clock clock;
  private final Consumer<String> log;
  private final Thread thread;
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong ignored = new AtomicLong();

  private TimeResponder(UdpSocket socket, Clock clock, Consumer<String> log) {
    this.socket = socket;
    this.clock = clock;
    this.log = log;
    this.thread = new Thread(this::serve, "time-server-" + socket.localEndpoint());
    thread.setDaemon(true);
  }

  /**
   * Starts answering on {@code socket}, which the responder then owns.
   *
   * @param log receives one line per datagram (who asked, what was answered or why it was
   *     ignored), on the responder's thread; null for none
   */
  public static TimeResponder start(UdpSocket socket, Clock clock, Consumer<String> log) {
    TimeResponder responder = new TimeResponder(socket, clock, log);
    responder.thread.start();
    return responder;
  }

  /** Requests answered so far (counted as each reply is handed to the socket). */
  public long answered() {
    return answered.get();
  }

  /** Datagrams ignored so far because they were not requests. */
  public long ignored() {
    return ignored.get();
  }

  private void serve() {
    while (!socket.isClosed()) {
      ReceivedDatagram datagram;
      try {
        datagram = socket.receive();
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        continue; // e.g. a port unreachable for an earlier reply: nothing to do about it
      }
      TimeRequest request;
      try {
        request = TimeRequest.decode(datagram.data());
      } catch (DecodeException e) {
        ignored.incrementAndGet();
        note(datagram.source() + " ignored: " + e.getMessage());
        continue;
      }
      TimeReply reply = TimeReply.answering(request, clock.instant());
      answered.incrementAndGet(); // before sending, so that a client that has the reply sees it
      try {
        socket.send(datagram.source(), reply.encode());
        note(datagram.source() + " id " + request.id() + " -> " + reply.instant());
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        note(datagram.source() + " reply failed: " + e.getMessage());
      }
    }
  }

  private void note(String line) {
    if (log != null) {
      log.accept(line);
    }
  }

  /** Closes the socket and waits (bounded) for the thread to end. Idempotent. */
  @Override
  public void close() {
    socket.close();
    try {
      thread.join(JOIN_TIMEOUT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
