package org.minitransport.tcp.socket;

import org.minitransport.tcp.TcpConnection;

/**
 * What {@link TcpService} tells a socket about its connection. Called on the host thread only,
 * from inside the endpoint's event delivery, so an implementation may use the connection.
 */
interface ConnectionObserver {

  /** An event of the observed connection; CLOSED is the last one. */
  void onEvent(TcpConnection connection, TcpConnection.Event event);

  /**
   * The service is shutting down ({@link TcpService#shutdown}): close the connection as the
   * application's own close would, so that its threads or handler see a closed socket.
   */
  void onShutdown(TcpConnection connection);
}
