package org.minitransport.tcp;

/**
 * What {@link TcpService} tells a socket about its connection. Called on the host thread only,
 * from inside the endpoint's event delivery, so an implementation may use the connection.
 */
interface ConnectionObserver {

  /** An event of the observed connection; CLOSED is the last one. */
  void onEvent(TcpConnection connection, TcpConnection.Event event);
}
