package org.minitransport.demo.apps;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.minitransport.core.address.Endpoint;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.tcp.TcpSocket;

/**
 * Opens the blocking client connection of a client command, turning the failures a user meets
 * (refused, no answer) into one-line messages that say what to check.
 */
final class Dialer {

  private Dialer() {}

  /**
   * Connects from {@code client} to {@code server} within {@code timeoutNs}.
   *
   * @param serverCommand the command that should be running at {@code server}, for the hint
   * @throws ConnectException if refused or the SYN retries ran out
   * @throws SocketTimeoutException if {@code timeoutNs} passed first
   */
  static TcpSocket dial(DemoNetwork.DemoHost client, Endpoint server, long timeoutNs,
      String serverCommand) throws IOException {
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeoutNs / 1_000_000));
    TcpSocket socket = client.tcp().socket();
    try {
      socket.connect(server, millis);
      return socket;
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException("cannot connect to " + server + ": no answer within "
          + millis + " ms (is the host up, and do --routes lead to it?)");
    } catch (ConnectException e) {
      String hint = e.getMessage() != null && e.getMessage().contains("refused")
          ? "is " + serverCommand + " running there, on that port?"
          : "is the host up, and do --routes lead to it?";
      throw new ConnectException("cannot connect to " + server + ": " + e.getMessage() + " ("
          + hint + ")");
    } finally {
      if (!socket.isConnected()) {
        socket.close();
      }
    }
  }
}
