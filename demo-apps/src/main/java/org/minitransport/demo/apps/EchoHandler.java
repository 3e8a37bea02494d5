package org.minitransport.demo.apps;

import java.io.IOException;
import java.util.ArrayDeque;
import org.minitransport.tcp.socket.TcpHandler;
import org.minitransport.tcp.socket.TcpSession;

/**
 * A non-blocking echo session (RFC 862 over tcp-lite): writes back whatever it reads, keeps what
 * the send buffer did not take until {@code onWritable}, stops reading while 64 KiB wait to be
 * echoed (so a fast sender is slowed by flow control), and closes after the peer's FIN once all
 * is echoed.
 */
public final class EchoHandler implements TcpHandler {

  private static final int MAX_PENDING = 64 * 1024;

  private final byte[] buffer = new byte[16 * 1024];
  private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
  private int headOffset;
  private int pendingBytes;
  private boolean peerFinished;

  @Override
  public void onReadable(TcpSession session) {
    pump(session);
  }

  @Override
  public void onWritable(TcpSession session) {
    pump(session);
  }

  private void pump(TcpSession session) {
    try {
      boolean progress = true;
      while (progress) {
        progress = false;
        if (!peerFinished && pendingBytes < MAX_PENDING) {
          int n = session.read(buffer, 0, Math.min(buffer.length, MAX_PENDING - pendingBytes));
          if (n > 0) {
            byte[] chunk = new byte[n];
            System.arraycopy(buffer, 0, chunk, 0, n);
            pending.add(chunk);
            pendingBytes += n;
            progress = true;
          } else if (n < 0) {
            peerFinished = true;
          }
        }
        while (!pending.isEmpty()) {
          byte[] head = pending.peek();
          int written = session.write(head, headOffset, head.length - headOffset);
          headOffset += written;
          pendingBytes -= written;
          progress |= written > 0;
          if (headOffset < head.length) {
            break;
          }
          pending.poll();
          headOffset = 0;
        }
      }
      if (peerFinished && pending.isEmpty()) {
        session.close();
      }
    } catch (IOException e) {
      session.abort();
    }
  }
}
