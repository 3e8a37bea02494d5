package org.minitransport.tcp.socket;

import java.io.IOException;
import java.io.InputStream;

/** {@link TcpSocket#getInputStream()}: the socket's blocking reads as an {@link InputStream}. */
final class TcpInputStream extends InputStream {

  private final TcpSocket socket;

  TcpInputStream(TcpSocket socket) {
    this.socket = socket;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = socket.read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    return socket.read(into, offset, length);
  }

  @Override
  public int available() throws IOException {
    return socket.available();
  }

  /** Closes the socket, as {@code Socket.getInputStream().close()} does. */
  @Override
  public void close() {
    socket.close();
  }
}
