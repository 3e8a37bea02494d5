package org.minitransport.demo.apps.time;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.udp.ReceivedDatagram;
import org.minitransport.udp.UdpSocket;

/**
 * The client side of the time service: sends a request, waits up to the timeout for the reply,
 * and retransmits up to {@code retries} times. Each attempt carries a new id (the first id plus
 * the attempt number), so a late reply to an earlier attempt is still accepted and its round trip
 * measured from the attempt it answers; replies with other ids and datagrams that do not decode
 * are ignored.
 */
public final class TimeQuery {

  /** How a query went. */
  public record Result(TimeReply reply, long roundTripNs, int attempts, int answeredAttempt) {}

  /** Hears about attempts, e.g. to print them. */
  public interface Listener {
    /** Attempt {@code attempt} (from 1) got no matching reply within the timeout. */
    void timedOut(int attempt, long timeoutNs);
  }

  private TimeQuery() {}

  /**
   * Asks {@code server} for the time over {@code socket}.
   *
   * @param firstId the id of the first attempt; attempt k (from 1) uses {@code firstId + k − 1}
   *     modulo 2^32
   * @throws SocketTimeoutException if no attempt got a reply, naming the attempts and timeout
   * @throws java.net.PortUnreachableException if the socket is connected to {@code server} and
   *     its host answered that nothing listens on the port
   */
  public static Result ask(UdpSocket socket, Endpoint server, long timeoutNs, int retries,
      long firstId, Listener listener) throws IOException {
    if (timeoutNs <= 0) {
      throw new IllegalArgumentException("timeout " + timeoutNs + " ns must be positive");
    }
    if (retries < 0) {
      throw new IllegalArgumentException("retries " + retries + " must not be negative");
    }
    int attempts = retries + 1;
    long[] sentAtNs = new long[attempts];
    for (int attempt = 1; attempt <= attempts; attempt++) {
      long id = (firstId + attempt - 1) & TimeRequest.MAX_ID;
      sentAtNs[attempt - 1] = System.nanoTime();
      socket.send(server, new TimeRequest(id).encode());
      long deadlineNs = sentAtNs[attempt - 1] + timeoutNs;
      while (true) {
        long leftNs = deadlineNs - System.nanoTime();
        if (leftNs <= 0) {
          break;
        }
        ReceivedDatagram datagram;
        try {
          datagram = socket.receive(Duration.ofNanos(Math.max(leftNs, 1_000_000)));
        } catch (SocketTimeoutException e) {
          break;
        }
        long receivedAtNs = System.nanoTime();
        if (!datagram.source().equals(server)) {
          continue;
        }
        TimeReply reply;
        try {
          reply = TimeReply.decode(datagram.data());
        } catch (DecodeException e) {
          continue;
        }
        long answered = ((reply.id() - firstId) & TimeRequest.MAX_ID) + 1;
        if (answered >= 1 && answered <= attempt) {
          return new Result(reply, receivedAtNs - sentAtNs[(int) answered - 1], attempt,
              (int) answered);
        }
      }
      if (listener != null) {
        listener.timedOut(attempt, timeoutNs);
      }
    }
    throw new SocketTimeoutException("no reply from " + server + " after " + attempts
        + (attempts == 1 ? " attempt" : " attempts") + " (timeout " + timeoutNs / 1_000_000
        + " ms each)");
  }
}
