package org.minitransport.demo.apps;

import java.io.IOException;
import java.util.ArrayDeque;
import org.minitransport.core.address.Endpoint;
import org.minitransport.tcp.socket.TcpHandler;
import org.minitransport.tcp.socket.TcpSession;

/**
 * One chat connection on the server (non-blocking, host thread): cuts what it reads into lines
 * for the {@link ChatRoom}, and delivers the room's lines through a bounded queue of its own, so
 * that what the send buffer cannot take now waits for {@link #onWritable} instead of blocking.
 */
final class ChatMember implements TcpHandler {

  static final int MAX_LINE_BYTES = 4096;

  private final ChatRoom room;
  private final LineSplitter lines = new LineSplitter(MAX_LINE_BYTES);
  private final byte[] buffer = new byte[8 * 1024];
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private int headOffset;
  private int queuedBytes;
  private TcpSession session;
  private Endpoint remote;
  private String name;
  private boolean dropped;
  private boolean closeWhenFlushed;

  ChatMember(ChatRoom room) {
    this.room = room;
  }

  String name() {
    return name;
  }

  void setName(String name) {
    this.name = name;
  }

  Endpoint remote() {
    return remote;
  }

  boolean isDropped() {
    return dropped;
  }

  @Override
  public void onConnected(TcpSession session) {
    this.session = session;
    this.remote = session.remoteEndpoint();
    room.join(this);
  }

  @Override
  public void onReadable(TcpSession session) {
    try {
      int n;
      while (!dropped && (n = session.read(buffer)) > 0) {
        lines.accept(buffer, 0, n, line -> room.onLine(this, line));
      }
      if (!dropped && session.isInputFinished()) {
        room.leave(this);
        closeWhenFlushed = true;
        flush();
      }
    } catch (IOException e) {
      room.leave(this);
      session.abort();
    }
  }

  @Override
  public void onWritable(TcpSession session) {
    flush();
  }

  @Override
  public void onClosed(TcpSession session, IOException failure) {
    room.leave(this);
  }

  /**
   * Queues a line for this member and sends what fits.
   *
   * @return false if the queue would exceed the room's limit (the caller drops this member)
   */
  boolean deliver(byte[] line) {
    if (dropped || closeWhenFlushed) {
      return true;
    }
    if (queuedBytes + line.length > room.queueLimitBytes()) {
      return false;
    }
    queue.add(line);
    queuedBytes += line.length;
    flush();
    return true;
  }

  /** Closes the connection after what is queued (the server is going away). */
  void close() {
    closeWhenFlushed = true;
    flush();
  }

  /** Resets the connection and forgets what was queued. */
  void drop() {
    dropped = true;
    queue.clear();
    queuedBytes = 0;
    session.abort();
  }

  private void flush() {
    if (dropped) {
      return;
    }
    try {
      while (!queue.isEmpty()) {
        byte[] head = queue.peek();
        int written = session.write(head, headOffset, head.length - headOffset);
        headOffset += written;
        queuedBytes -= written;
        if (headOffset < head.length) {
          return; // the send buffer is full: onWritable resumes
        }
        queue.poll();
        headOffset = 0;
      }
      if (closeWhenFlushed) {
        session.close();
      }
    } catch (IOException e) {
      room.leave(this);
      session.abort();
    }
  }
}
