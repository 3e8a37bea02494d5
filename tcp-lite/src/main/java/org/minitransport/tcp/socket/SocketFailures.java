package org.minitransport.tcp.socket;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import org.minitransport.core.address.Endpoint;
import org.minitransport.tcp.TcpConnection;

/** How a connection {@link TcpConnection.Failure} reaches an application: as java.net exceptions. */
final class SocketFailures {

  private SocketFailures() {}

  /**
   * The exception for {@code failure}; {@code connecting} says whether the handshake was still
   * under way (then refusal and time-out are {@link ConnectException}s, as java.net reports them).
   */
  static IOException toException(TcpConnection.Failure failure, Endpoint remote,
      boolean connecting) {
    return switch (failure) {
      case RESET -> new SocketException("Connection reset by " + remote);
      case REFUSED -> new ConnectException("Connection refused by " + remote);
      case TIMED_OUT -> connecting
          ? new ConnectException("Connection timed out: no answer from " + remote)
          : new SocketException("Connection timed out: " + remote + " stopped acknowledging");
      case ABORTED -> new SocketException(
          "Connection to " + remote + " aborted (socket aborted or host shut down)");
    };
  }
}
