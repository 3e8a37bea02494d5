package org.minitransport.tcp.socket;

import java.io.IOException;

/**
 * Callbacks of one non-blocking {@link TcpSession}, all on the host's thread, never nested, in
 * the order the connection's events happen. Keep them short and never block in them: one thread
 * serves every session of the host.
 *
 * <p>Notifications are edge-triggered: {@link #onReadable} comes when new bytes (or the end of the
 * stream) arrive, so read until {@link TcpSession#read} returns 0 or -1, or be ready to wait for
 * the next arrival; {@link #onWritable} comes when acknowledged bytes free send-buffer space,
 * after a {@link TcpSession#write} took less than offered.
 *
 * <p>An exception thrown by a callback aborts the session (RST) and is logged.
 */
public interface TcpHandler {

  /** The handshake completed (or, for an accepted session, the session was accepted). */
  default void onConnected(TcpSession session) {}

  /** New bytes, or the peer's end of stream, can be read. */
  default void onReadable(TcpSession session) {}

  /** Send-buffer space was freed. */
  default void onWritable(TcpSession session) {}

  /**
   * The peer sent urgent data (RFC 9293 §3.8.5). It arrives inline, in order, with the other bytes
   * (as {@code java.net.Socket} with {@code setOOBInline(true)}); {@link
   * TcpSession#urgentBytesPending()} says how many bytes to read to get past it. Comes before the
   * {@link #onReadable} of the bytes it announces.
   */
  default void onUrgentData(TcpSession session) {}

  /**
   * The connection is gone: its last callback. For the side that closed first this comes after
   * TIME-WAIT (2·MSL, RFC 9293 §3.4.2).
   *
   * @param failure null after a clean close; otherwise what went wrong ("Connection reset", timed
   *     out, aborted)
   */
  default void onClosed(TcpSession session, IOException failure) {}
}
