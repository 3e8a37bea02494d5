package org.minitransport.tcp.socket;

import java.io.IOException;
import java.io.OutputStream;

/** {@link TcpSocket#getOutputStream()}: the socket's blocking writes as an {@link OutputStream}. */
final class TcpOutputStream extends OutputStream {

  private final TcpSocket socket;

  TcpOutputStream(TcpSocket socket) {
    this.socket = socket;
  }

  @Override
  public void write(int b) throws IOException {
    socket.write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] data, int offset, int length) throws IOException {
    socket.write(data, offset, length);
  }

  /** Closes the socket, as {@code Socket.getOutputStream().close()} does. */
  @Override
  public void close() {
    socket.close();
  }
}
