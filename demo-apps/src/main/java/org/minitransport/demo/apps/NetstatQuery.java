package org.minitransport.demo.apps;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.udp.ReceivedDatagram;
import org.minitransport.udp.UdpService;
import org.minitransport.udp.UdpSocket;

/**
 * Asks a host's {@link NetstatService} for its port table: sends a request, gathers every part
 * of the answer, and retries with a fresh query id when parts are missing after the timeout (UDP
 * may lose the request or any part).
 */
public final class NetstatQuery {

  private static final SecureRandom IDS = new SecureRandom();

  private NetstatQuery() {}

  /**
   * The port table of {@code target} as text.
   *
   * @param timeoutNs how long each attempt waits for the whole answer
   * @param attempts how many requests to send at most (at least 1)
   * @throws SocketTimeoutException if no complete answer came after every attempt
   * @throws PortUnreachableException if the host answers but nothing listens on UDP port 11
   */
  public static String query(UdpService udp, Ipv4Address target, long timeoutNs, int attempts)
      throws IOException {
    if (attempts < 1 || timeoutNs <= 0) {
      throw new IllegalArgumentException("need at least 1 attempt and a positive timeout, got "
          + attempts + " and " + timeoutNs + " ns");
    }
    Endpoint server = new Endpoint(target, NetstatProtocol.PORT);
    try (UdpSocket socket = udp.openEphemeral()) {
      socket.connect(server);
      for (int attempt = 1; attempt <= attempts; attempt++) {
        String queryId = Long.toHexString(IDS.nextLong());
        try {
          socket.send(NetstatProtocol.request(queryId));
          String answer = gather(socket, queryId, timeoutNs);
          if (answer != null) {
            return answer;
          }
        } catch (PortUnreachableException e) {
          throw new PortUnreachableException(target + " answered, but nothing listens on UDP port "
              + NetstatProtocol.PORT + " there (start a server command with --network udp)");
        }
      }
    }
    throw new SocketTimeoutException("no netstat answer from " + server + " after " + attempts
        + (attempts == 1 ? " attempt" : " attempts") + " of " + timeoutNs / 1_000_000
        + " ms; is a server command running there with --network udp?");
  }

  /** The answer to {@code queryId}, or null if it was not complete in time. */
  private static String gather(UdpSocket socket, String queryId, long timeoutNs)
      throws IOException {
    long deadlineNs = System.nanoTime() + timeoutNs;
    String[] parts = null;
    int missing = Integer.MAX_VALUE;
    while (missing > 0) {
      long leftNs = deadlineNs - System.nanoTime();
      if (leftNs <= 0) {
        return null;
      }
      ReceivedDatagram datagram;
      try {
        datagram = socket.receive(Duration.ofNanos(Math.max(leftNs, 1_000_000)));
      } catch (SocketTimeoutException e) {
        return null;
      }
      NetstatProtocol.Part part;
      try {
        part = NetstatProtocol.decodePart(datagram.data());
      } catch (DecodeException e) {
        continue;
      }
      if (!part.queryId().equals(queryId)) {
        continue; // an answer to an earlier attempt
      }
      if (parts == null) {
        parts = new String[part.total()];
        missing = part.total();
      }
      if (part.total() != parts.length) {
        continue;
      }
      if (parts[part.index() - 1] == null) {
        parts[part.index() - 1] = part.text();
        missing--;
      }
    }
    return String.join("", parts);
  }
}
