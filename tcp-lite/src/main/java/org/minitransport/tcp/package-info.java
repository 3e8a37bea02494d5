/**
 * tcp-lite's public API: the sans-IO engine and the socket APIs applications program against.
 *
 * <h2>Engine (sans-IO)</h2>
 *
 * {@link org.minitransport.tcp.TcpEndpoint} (one host's TCP layer), {@link
 * org.minitransport.tcp.TcpConnection} (the RFC 9293 state machine), {@link
 * org.minitransport.tcp.TcpListener}, {@link org.minitransport.tcp.TcpConfig} and {@link
 * org.minitransport.tcp.SeqNum}. They do no I/O and start no threads; the pieces they are built
 * from live in {@code org.minitransport.tcp.internal}, the segment codec in {@code
 * org.minitransport.tcp.wire}.
 *
 * <h2>Sockets</h2>
 *
 * {@link org.minitransport.tcp.socket.TcpService} installs the engine on a host and runs every engine call
 * on the host's thread (an {@code EventLoop} in real time). On top of it:
 *
 * <ul>
 *   <li><b>Blocking</b>, shaped like {@code java.net}: {@link org.minitransport.tcp.socket.TcpServerSocket}
 *       and {@link org.minitransport.tcp.socket.TcpSocket}, one application thread per connection.
 *   <li><b>Non-blocking</b>: a {@link org.minitransport.tcp.socket.TcpHandler} per {@link
 *       org.minitransport.tcp.socket.TcpSession}, called on the host's thread, so that one thread serves
 *       thousands of connections.
 * </ul>
 *
 * <p>A non-blocking echo server and a client that sends one message and prints the reply:
 *
 * <pre>{@code
 * TcpService tcp = TcpService.install(host, loop);
 * TcpAcceptor echo = tcp.listen(Endpoint.of("0.0.0.0", 7007), 1000, () -> new TcpHandler() {
 *   private final byte[] buffer = new byte[16 * 1024];
 *
 *   public void onReadable(TcpSession session) {
 *     try {
 *       int n;
 *       // For brevity this assumes the reply fits the send buffer; a real server keeps what
 *       // write did not take and retries in onWritable.
 *       while ((n = session.read(buffer)) > 0) {
 *         session.write(buffer, 0, n);
 *       }
 *       if (n < 0) {
 *         session.close(); // the peer finished: finish too
 *       }
 *     } catch (IOException e) {
 *       session.abort();
 *     }
 *   }
 * });
 *
 * CompletableFuture<TcpSession> connected = tcp.connect(Endpoint.of("10.0.0.2", 7007),
 *     new TcpHandler() {
 *       public void onConnected(TcpSession session) {
 *         session.write("hello".getBytes()); // fits: a fresh send buffer is empty
 *         session.shutdownOutput();
 *       }
 *
 *       public void onReadable(TcpSession session) { ... read until -1, then session.close() ... }
 *
 *       public void onClosed(TcpSession session, IOException failure) { ... }
 *     });
 * }</pre>
 *
 * <p>Callbacks run on the host's thread and must not block. To act on a session from another
 * thread, hop onto the host's thread with {@code tcp.executor().execute(...)}.
 */
package org.minitransport.tcp;

import org.minitransport.tcp.socket.TcpAcceptor;
import org.minitransport.tcp.socket.TcpHandler;
import org.minitransport.tcp.socket.TcpService;
import org.minitransport.tcp.socket.TcpSession;
