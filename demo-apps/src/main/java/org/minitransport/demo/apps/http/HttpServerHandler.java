package org.minitransport.demo.apps.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;
import org.minitransport.tcp.socket.TcpHandler;
import org.minitransport.tcp.socket.TcpSession;

/**
 * One non-blocking HTTP/1.0 server session (RFC 1945): reads the request head (bounded: a head
 * longer than the limit is answered 431), answers from the {@link StaticSite}, streams the entity
 * as fast as the send buffer takes it (resuming in {@link #onWritable}), then closes its side
 * (§1.3: HTTP/1.0 closes the connection after each response) and waits for the client's FIN.
 * Bytes the client sends after the head are read and dropped, so that closing never resets the
 * connection under a response the client has yet to read.
 */
final class HttpServerHandler implements TcpHandler {

  private static final int CHUNK = 16 * 1024;

  private final StaticSite site;
  private final int maxHeadBytes;
  private final Consumer<String> accessLog;
  private final Consumer<HttpServerHandler> onFinished;
  private final byte[] head;
  private int headBytes;
  private TcpSession session;
  private long lastActivityNs;

  // The response being sent: its head, then body bytes or a file.
  private ByteBuffer outgoing;
  private HttpResponse response;
  private FileChannel file;
  private long fileRemaining;
  private boolean responseSent;
  private boolean closed;

  HttpServerHandler(StaticSite site, int maxHeadBytes, Consumer<String> accessLog,
      Consumer<HttpServerHandler> onFinished) {
    this.site = site;
    this.maxHeadBytes = maxHeadBytes;
    this.accessLog = accessLog;
    this.onFinished = onFinished;
    this.head = new byte[maxHeadBytes];
  }

  /** Host thread: the time of the last progress, for the idle timeout. */
  long lastActivityNs() {
    return lastActivityNs;
  }

  /** Host thread: the session, once connected. */
  TcpSession session() {
    return session;
  }

  @Override
  public void onConnected(TcpSession session) {
    this.session = session;
    lastActivityNs = System.nanoTime();
  }

  @Override
  public void onReadable(TcpSession session) {
    lastActivityNs = System.nanoTime();
    try {
      if (response == null) {
        readHead(session);
      } else {
        drainInput(session);
      }
      if (response != null) {
        pump(session);
      }
    } catch (IOException e) {
      session.abort();
    }
  }

  @Override
  public void onWritable(TcpSession session) {
    lastActivityNs = System.nanoTime();
    try {
      pump(session);
    } catch (IOException e) {
      session.abort();
    }
  }

  @Override
  public void onClosed(TcpSession session, IOException failure) {
    closeFile();
    onFinished.accept(this);
  }

  private void readHead(TcpSession session) throws IOException {
    while (response == null) {
      if (headBytes == maxHeadBytes) {
        answer(session, null, HttpResponse.error(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "the request line and headers exceed " + maxHeadBytes + " bytes"));
        return;
      }
      int n = session.read(head, headBytes, maxHeadBytes - headBytes);
      if (n == 0) {
        return;
      }
      if (n < 0) {
        if (headBytes == 0) {
          closed = true;
          session.close(); // connected and left without a request
        } else {
          answer(session, null, HttpResponse.error(HttpStatus.BAD_REQUEST,
              "the request ended before the empty line that ends its head"));
        }
        return;
      }
      headBytes += n;
      int end = HttpRequest.headLength(head, headBytes);
      if (end >= 0) {
        HttpRequest request;
        try {
          request = HttpRequest.parse(head, end);
        } catch (HttpRequestException e) {
          answer(session, null, HttpResponse.error(e.status(), e.getMessage()));
          return;
        }
        answer(session, request, site.respond(request));
        drainInput(session);
      }
    }
  }

  private void answer(TcpSession session, HttpRequest request, HttpResponse chosen)
      throws IOException {
    response = chosen;
    outgoing = ByteBuffer.wrap(chosen.head(Instant.now()));
    if (chosen.sendsBody()) {
      if (chosen.file() != null) {
        try {
          file = FileChannel.open(chosen.file(), StandardOpenOption.READ);
        } catch (IOException e) {
          response = HttpResponse.error(HttpStatus.INTERNAL_SERVER_ERROR, "cannot read the file");
          outgoing = ByteBuffer.wrap(concat(response.head(Instant.now()), response.body()));
          log(session, request);
          return;
        }
        fileRemaining = chosen.contentLength();
      } else {
        outgoing = ByteBuffer.wrap(concat(outgoing.array(), chosen.body()));
      }
    }
    log(session, request);
  }

  private void log(TcpSession session, HttpRequest request) {
    if (accessLog != null) {
      String line = request == null ? "-" : request.method() + " " + request.target();
      accessLog.accept(session.remoteEndpoint() + " \"" + line + "\" " + response.status().code()
          + " " + (response.sendsBody() ? response.contentLength() : 0));
    }
  }

  private void pump(TcpSession session) throws IOException {
    while (!responseSent) {
      if (!outgoing.hasRemaining()) {
        if (!refill()) {
          responseSent = true;
          closeFile();
          session.shutdownOutput();
          break;
        }
      }
      int n = session.write(outgoing.array(), outgoing.position(), outgoing.remaining());
      outgoing.position(outgoing.position() + n);
      if (outgoing.hasRemaining()) {
        return; // the send buffer is full: onWritable resumes
      }
    }
    drainInput(session);
  }

  /** Reads the next chunk of the file into {@code outgoing}; false when nothing is left. */
  private boolean refill() throws IOException {
    if (file == null || fileRemaining == 0) {
      return false;
    }
    ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, fileRemaining));
    while (chunk.hasRemaining()) {
      if (file.read(chunk) < 0) {
        throw new IOException("file shrank while being sent");
      }
    }
    chunk.flip();
    fileRemaining -= chunk.remaining();
    outgoing = chunk;
    return true;
  }

  /** Reads and drops what the client sends after its head; closes once it has finished. */
  private void drainInput(TcpSession session) throws IOException {
    if (closed) {
      return;
    }
    int n;
    while ((n = session.read(head, 0, head.length)) > 0) {
      // bytes after the head (a request body): not used by GET or HEAD
    }
    if (n < 0 && responseSent) {
      closed = true;
      session.close();
    }
  }

  private void closeFile() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        // read-only: nothing was lost
      }
      file = null;
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
