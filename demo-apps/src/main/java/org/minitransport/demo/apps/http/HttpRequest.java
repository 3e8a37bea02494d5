package org.minitransport.demo.apps.http;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed request head (RFC 1945 §5): {@code Method SP Request-URI SP HTTP-Version CRLF}, then
 * header fields ({@code name ":" value CRLF}, §4.2), then an empty line. Bare LF line ends are
 * accepted as well (§2.2 permits tolerant parsing), continuation lines are folded into the field
 * before, and repeated fields are joined with commas (§4.2).
 *
 * @param method the method token, case-sensitive (§5.1.1)
 * @param target the Request-URI exactly as sent
 * @param version the HTTP-Version, e.g. {@code HTTP/1.0}
 * @param headers field values by lower-case field name, in arrival order
 */
public record HttpRequest(String method, String target, String version,
    Map<String, String> headers) {

  /** The default bound on the request line plus headers. */
  public static final int DEFAULT_MAX_HEAD_BYTES = 8 * 1024;

  public HttpRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(version, "version");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** The value of a header field (name in any case), or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Where the head ends in {@code bytes[0..length)}: the index just past the empty line, or -1 if
   * it has not arrived yet.
   */
  public static int headLength(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      int next = i + 1;
      if (next < length && bytes[next] == '\r') {
        next++;
      }
      if (next < length && bytes[next] == '\n') {
        return next + 1;
      }
    }
    return -1;
  }

  /**
   * Parses a complete head, as delimited by {@link #headLength}.
   *
   * @throws HttpRequestException 400 for a malformed line, 505 for an HTTP version other than 1.x
   */
  public static HttpRequest parse(byte[] bytes, int length) throws HttpRequestException {
    String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\r?\n", -1);
    int first = 0;
    while (first < lines.length && lines[first].isEmpty()) {
      first++; // RFC 1945 §4.1 lets servers skip empty lines before the request line
    }
    if (first == lines.length) {
      throw bad("the request is empty");
    }
    String requestLine = lines[first];
    checkNoControls(requestLine, "request line");
    String[] parts = requestLine.split(" ", -1);
    if (parts.length == 2) {
      throw bad("request line '" + requestLine + "' has no HTTP version (HTTP/0.9 simple "
          + "requests are not supported)");
    }
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw bad("request line '" + requestLine + "' is not 'METHOD TARGET HTTP/x.y'");
    }
    String method = parts[0];
    if (!isToken(method)) {
      throw bad("method '" + method + "' is not a token");
    }
    String version = parts[2];
    if (!version.matches("HTTP/[0-9]+\\.[0-9]+")) {
      throw bad("'" + version + "' is not an HTTP version");
    }
    if (!version.startsWith("HTTP/1.")) {
      throw new HttpRequestException(HttpStatus.HTTP_VERSION_NOT_SUPPORTED,
          version + " is not supported; this server speaks HTTP/1.0");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String lastName = null;
    for (int i = first + 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        break;
      }
      checkNoControls(line, "header line");
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (lastName == null) {
          throw bad("continuation line before any header field");
        }
        headers.put(lastName, (headers.get(lastName) + " " + line.strip()).strip());
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw bad("header line '" + line + "' has no 'name:'");
      }
      String name = line.substring(0, colon);
      if (!isToken(name)) {
        throw bad("header name '" + name + "' is not a token");
      }
      String value = line.substring(colon + 1).strip();
      lastName = name.toLowerCase(Locale.ROOT);
      headers.merge(lastName, value, (a, b) -> a + ", " + b);
    }
    return new HttpRequest(method, parts[1], version, headers);
  }

  private static void checkNoControls(String line, String what) throws HttpRequestException {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw bad(what + " contains control character 0x" + Integer.toHexString(c));
      }
    }
  }

  /** RFC 1945 §2.2: token = 1*(any CHAR except CTLs or tspecials). */
  private static boolean isToken(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static HttpRequestException bad(String detail) {
    return new HttpRequestException(HttpStatus.BAD_REQUEST, detail);
  }
}
