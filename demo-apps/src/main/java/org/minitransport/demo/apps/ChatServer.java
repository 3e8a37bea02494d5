package org.minitransport.demo.apps;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.tcp.socket.TcpAcceptor;

/**
 * A running chat room on one host: the listener and its {@link ChatRoom}. Closing stops
 * listening and ends every member's connection quietly, before the host itself shuts down.
 */
final class ChatServer implements Closeable {

  private final DemoNetwork.DemoHost host;
  private final TcpAcceptor acceptor;
  private final ChatRoom room;

  private ChatServer(DemoNetwork.DemoHost host, TcpAcceptor acceptor, ChatRoom room) {
    this.host = host;
    this.acceptor = acceptor;
    this.room = room;
  }

  /**
   * Starts a chat room on {@code host}:{@code port}; joins, leaves and drops are logged to
   * {@code log}.
   *
   * @throws BindException if the port is in use
   */
  static ChatServer start(DemoNetwork.DemoHost host, int port, int queueLimitBytes,
      PrintWriter log) throws IOException {
    ChatRoom room = new ChatRoom(queueLimitBytes, log);
    try {
      TcpAcceptor acceptor = host.tcp().listen(new Endpoint(Ipv4Address.ANY, port), 1024,
          () -> new ChatMember(room));
      return new ChatServer(host, acceptor, room);
    } catch (BindException e) {
      throw new BindException(
          "cannot listen on " + host.address() + ":" + port + ": " + e.getMessage());
    }
  }

  Endpoint localEndpoint() {
    return acceptor.localEndpoint();
  }

  @Override
  public void close() throws IOException {
    acceptor.close();
    try {
      host.loop().call(() -> {
        room.close();
        return null;
      });
    } catch (Exception e) {
      // The host has shut down already, which ended every connection.
    }
  }
}
