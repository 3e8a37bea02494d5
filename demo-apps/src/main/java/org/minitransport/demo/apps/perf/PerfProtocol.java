package org.minitransport.demo.apps.perf;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The perf test's wire protocol: text lines (ASCII, {@code \n}-terminated, at most {@value
 * #MAX_LINE} bytes) on a control connection, and data connections that start with one line and
 * then carry the test's bytes.
 *
 * <pre>
 * control, client -> server   PERF/1 &lt;id&gt; streams=N reverse=0|1 timeMs=T bytes=B
 * control, server -> client   OK   (or: ERROR &lt;message&gt;)
 * data,    client -> server   DATA &lt;id&gt; &lt;index&gt;           then the bytes (one way)
 * control, server -> client   after every stream ended, one line per stream, then END:
 *                             RECEIVED &lt;index&gt; &lt;bytes&gt; &lt;micros&gt;       (normal: the server received)
 *                             SENT &lt;index&gt; &lt;bytes&gt; &lt;micros&gt; &lt;retransmitted&gt; &lt;srttMicros&gt; &lt;cwnd&gt; &lt;timeouts&gt;
 *                                                                      (reverse: the server sent;
 *                                                                      a server without timeouts
 *                                                                      leaves them out: -1)
 * </pre>
 *
 * <p>The sender stops after {@code bytes} (split over the streams) or, if that is 0, after {@code
 * timeMs}, and half-closes each stream; the receiver reads to the end and closes. In normal mode
 * the client sends; with {@code reverse=1} the server does. Micros are the stream's time from its
 * first byte to its end, as the reporting side measured it.
 */
public final class PerfProtocol {

  /** The default port, iperf3's. */
  public static final int DEFAULT_PORT = 5201;

  /** The most streams one test may have. */
  public static final int MAX_STREAMS = 128;

  static final int MAX_LINE = 256;

  private PerfProtocol() {}

  /** What a client asks for. */
  public record Request(String id, int streams, boolean reverse, long timeMs, long bytes) {

    public Request {
      if (!id.matches("[0-9a-f]{1,32}")) {
        throw new IllegalArgumentException("test id '" + id + "' must be 1-32 hex digits");
      }
      if (streams < 1 || streams > MAX_STREAMS) {
        throw new IllegalArgumentException(
            "streams " + streams + " must be 1-" + MAX_STREAMS);
      }
      if (timeMs < 0 || bytes < 0 || timeMs == 0 && bytes == 0) {
        throw new IllegalArgumentException("a test needs a time or a byte count");
      }
    }

    /** A fresh test id. */
    static String newId(java.util.Random random) {
      byte[] bytes = new byte[8];
      random.nextBytes(bytes);
      return HexFormat.of().formatHex(bytes);
    }

    String encode() {
      return String.format(Locale.ROOT, "PERF/1 %s streams=%d reverse=%d timeMs=%d bytes=%d%n",
          id, streams, reverse ? 1 : 0, timeMs, bytes);
    }

    /** The bytes stream {@code index} carries in a byte-bound test (the first ones get the rest). */
    long bytesOf(int index) {
      return bytes / streams + (index < bytes % streams ? 1 : 0);
    }

    static Request parse(String line) throws ProtocolException {
      String[] fields = line.split(" ");
      if (fields.length != 6 || !fields[0].equals("PERF/1")) {
        throw new ProtocolException("not a perf request: '" + printable(line) + "'");
      }
      try {
        return new Request(fields[1], (int) value(fields[2], "streams"),
            value(fields[3], "reverse") == 1, value(fields[4], "timeMs"),
            value(fields[5], "bytes"));
      } catch (IllegalArgumentException e) {
        throw new ProtocolException("bad perf request: " + e.getMessage());
      }
    }

    private static long value(String field, String name) throws ProtocolException {
      if (!field.startsWith(name + "=")) {
        throw new ProtocolException("expected " + name + "=..., found '" + printable(field) + "'");
      }
      try {
        return Long.parseLong(field.substring(name.length() + 1));
      } catch (NumberFormatException e) {
        throw new ProtocolException(name + " '" + printable(field) + "' is not a number");
      }
    }
  }

  /** The first line of a data connection. */
  record DataHello(String id, int index) {
    String encode() {
      return "DATA " + id + " " + index + "\n";
    }

    static DataHello parse(String line) throws ProtocolException {
      String[] fields = line.split(" ");
      if (fields.length != 3 || !fields[0].equals("DATA")) {
        throw new ProtocolException("not a perf data stream: '" + printable(line) + "'");
      }
      try {
        return new DataHello(fields[1], Integer.parseInt(fields[2]));
      } catch (NumberFormatException e) {
        throw new ProtocolException("bad stream index '" + printable(fields[2]) + "'");
      }
    }
  }

  /**
   * What the server measured on one stream: bytes and time, and when it was the sender its TCP's
   * retransmissions, smoothed RTT, congestion window and retransmission timeouts (else -1).
   */
  public record StreamResult(int index, long bytes, long micros, long retransmitted,
      long srttMicros, long cwndBytes, long timeouts) {

    String encode() {
      return retransmitted < 0
          ? String.format(Locale.ROOT, "RECEIVED %d %d %d%n", index, bytes, micros)
          : String.format(Locale.ROOT, "SENT %d %d %d %d %d %d %d%n", index, bytes, micros,
              retransmitted, srttMicros, cwndBytes, timeouts);
    }

    static StreamResult parse(String line) throws ProtocolException {
      String[] f = line.split(" ");
      try {
        if (f[0].equals("RECEIVED") && f.length == 4) {
          return new StreamResult(Integer.parseInt(f[1]), Long.parseLong(f[2]),
              Long.parseLong(f[3]), -1, -1, -1, -1);
        }
        if (f[0].equals("SENT") && (f.length == 7 || f.length == 8)) {
          return new StreamResult(Integer.parseInt(f[1]), Long.parseLong(f[2]),
              Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
              Long.parseLong(f[6]), f.length == 8 ? Long.parseLong(f[7]) : -1);
        }
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
      throw new ProtocolException("bad perf result '" + printable(line) + "'");
    }
  }

  /**
   * Reads one line without reading past it (data may follow on the same stream).
   *
   * @return the line without its newline, or null at the end of the stream before any byte
   * @throws ProtocolException if the line is longer than {@value #MAX_LINE} bytes
   * @throws EOFException if the stream ends inside a line
   */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.size() == 0) {
          return null;
        }
        throw new EOFException("the stream ended inside a perf line");
      }
      if (b == '\n') {
        return line.toString(StandardCharsets.US_ASCII);
      }
      if (line.size() >= MAX_LINE) {
        throw new ProtocolException("perf line longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
  }

  /** {@code text} with control and non-ASCII characters as {@code ?}, for messages. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
      if (out.length() >= 64) {
        out.append("...");
        break;
      }
    }
    return out.toString();
  }
}
