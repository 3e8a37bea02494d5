package org.minitransport.demo.apps.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The status line and headers of a response, as a client reads them (RFC 1945 §6): {@code
 * HTTP/1.0 200 OK}, then header lines up to an empty line. The head is bounded; a malformed or
 * oversized one is a {@link ProtocolException} naming what was wrong.
 *
 * @param statusLine the status line as received
 * @param code the status code
 * @param headerLines the header lines as received, in order
 */
public record HttpResponseHead(String statusLine, int code, List<String> headerLines) {

  public HttpResponseHead {
    headerLines = List.copyOf(headerLines);
  }

  /** Reads a head from {@code input}, leaving it at the first entity byte. */
  public static HttpResponseHead read(InputStream input, int maxBytes) throws IOException {
    int[] budget = {maxBytes, maxBytes}; // remaining, limit
    String statusLine = readLine(input, budget);
    if (statusLine == null) {
      throw new ProtocolException("the server closed the connection without a response");
    }
    if (!statusLine.matches("HTTP/[0-9]+\\.[0-9]+ [0-9]{3}( .*)?")) {
      throw new ProtocolException("bad status line '" + statusLine + "'");
    }
    int code = Integer.parseInt(statusLine.substring(statusLine.indexOf(' ') + 1,
        statusLine.indexOf(' ') + 4));
    List<String> headers = new ArrayList<>();
    for (String line = readLine(input, budget); ; line = readLine(input, budget)) {
      if (line == null) {
        throw new ProtocolException("the response ended inside its headers");
      }
      if (line.isEmpty()) {
        break;
      }
      headers.add(line);
    }
    return new HttpResponseHead(statusLine, code, headers);
  }

  /** The value of the first header named {@code name} (any case), or null. */
  public String header(String name) {
    for (String line : headerLines) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  /**
   * The Content-Length, or -1 if absent (the entity then ends with the connection, §7.2.2).
   *
   * @throws ProtocolException if it is not a non-negative decimal number
   */
  public long contentLength() throws ProtocolException {
    String value = header("Content-Length");
    if (value == null) {
      return -1;
    }
    if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
      throw new ProtocolException("bad Content-Length '" + value + "'");
    }
    return Long.parseLong(value);
  }

  /** Whether the status is 2xx. */
  public boolean isSuccess() {
    return code >= 200 && code < 300;
  }

  /** A line without its CR LF (or bare LF); null at the end of the stream before any byte. */
  private static String readLine(InputStream input, int[] budget) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = input.read();
      if (b < 0) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
      }
      if (--budget[0] < 0) {
        throw new ProtocolException("the response head exceeds " + budget[1] + " bytes");
      }
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
  }
}
