package org.minitransport.demo.apps;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import org.minitransport.core.address.Endpoint;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.tcp.socket.TcpSocket;

/**
 * Opens the blocking client connection of a client command: says "connecting to …" at once,
 * fails at once when no route leads to the server, and turns the other failures a user meets
 * (refused, no answer) into the one-line messages of {@link PeerFailures}.
 */
final class Dialer {

  private Dialer() {}

  /**
   * Connects from {@code client} to {@code server} within {@code timeoutNs}.
   *
   * @param serverCommand the command that should be running at {@code server}, for the hint
   * @param status where "connecting to …" goes
   * @throws NoRouteToHostException if no route leads to the server's address
   * @throws ConnectException if refused or the SYN retries ran out
   * @throws SocketTimeoutException if {@code timeoutNs} passed first
   */
  static TcpSocket dial(DemoNetwork network, DemoNetwork.DemoHost client, Endpoint server,
      long timeoutNs, String serverCommand, PrintWriter status) throws IOException {
    checkRoute(network, server, "connect to");
    status.printf("connecting to %s from %s ...%n", server, client.address());
    status.flush();
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeoutNs / 1_000_000));
    TcpSocket socket = client.tcp().socket();
    try {
      socket.connect(server, millis);
      return socket;
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException(PeerFailures.cannot("connect to", server,
          PeerFailures.noAnswer(timeoutNs), PeerFailures.HOST_HINT));
    } catch (ConnectException e) {
      boolean refused = e.getMessage() != null && e.getMessage().contains("refused");
      throw new ConnectException(PeerFailures.cannot("connect to", server,
          refused ? PeerFailures.REFUSED : PeerFailures.noAnswer(timeoutNs),
          refused ? "is " + serverCommand + " running there, on that port?"
              : PeerFailures.HOST_HINT));
    } finally {
      if (!socket.isConnected()) {
        socket.close();
      }
    }
  }

  /**
   * Fails at once, as a kernel's connect does with ENETUNREACH, if nothing leads to {@code
   * server}'s address.
   *
   * @param action what could not be done, e.g. "connect to" or "reach"
   */
  static void checkRoute(DemoNetwork network, Endpoint server, String action)
      throws NoRouteToHostException {
    if (!network.hasRouteTo(server.address())) {
      throw new NoRouteToHostException(PeerFailures.cannot(action, server,
          "no route to " + server.address(), network.noRouteHint()));
    }
  }
}
