/**
 * tcp-lite's sockets, what applications program against: the layer that gives the sans-IO engine
 * of {@link org.minitransport.tcp} threads, blocking waits and an executor, as quinn wraps
 * quinn-proto. A one-thread simulation that drives the engine itself needs only {@link
 * org.minitransport.tcp}.
 *
 * <p>{@link org.minitransport.tcp.socket.TcpService} installs the engine on a host and runs every
 * engine call on the host's thread (an {@code EventLoop} in real time). On top of it:
 *
 * <ul>
 *   <li><b>Blocking</b>, shaped like {@code java.net}: {@link
 *       org.minitransport.tcp.socket.TcpServerSocket} and {@link
 *       org.minitransport.tcp.socket.TcpSocket} (with its {@code InputStream} and {@code
 *       OutputStream}), one application thread per connection. An application thread waits on
 *       the socket's monitor, which the engine's events signal on the host thread.
 *   <li><b>Non-blocking</b>: a {@link org.minitransport.tcp.socket.TcpHandler} per {@link
 *       org.minitransport.tcp.socket.TcpSession}, called on the host's thread, so that one thread
 *       serves thousands of connections; {@link org.minitransport.tcp.socket.TcpAcceptor} is its
 *       listener.
 * </ul>
 *
 * <p>Connection failures reach applications as {@code java.net} exceptions ({@code
 * ConnectException}, {@code SocketException}, {@code SocketTimeoutException}), and {@link
 * org.minitransport.tcp.TcpInfo} snapshots as {@code TCP_INFO} does.
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
 *
 */
package org.minitransport.tcp.socket;
