package org.minitransport.demo.apps.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A response to send (RFC 1945 §6): a status, the entity's type and length, and the entity, held
 * either in memory or in a file that is streamed. For HEAD the head is the same and no entity is
 * sent (§8.2).
 *
 * @param status the status
 * @param contentType the Content-Type value
 * @param contentLength the entity length in bytes, sent as Content-Length
 * @param body the entity in memory, or null if it is {@code file}
 * @param file the file holding the entity, or null if it is {@code body}
 * @param sendsBody false for a HEAD response
 */
public record HttpResponse(HttpStatus status, String contentType, long contentLength,
    byte[] body, Path file, boolean sendsBody) {

  /** RFC 1945 §3.3: the preferred date format, RFC 1123. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  public HttpResponse {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(contentType, "contentType");
    if ((body == null) == (file == null)) {
      throw new IllegalArgumentException("exactly one of body and file must be given");
    }
    if (contentLength < 0 || (body != null && body.length != contentLength)) {
      throw new IllegalArgumentException("content length " + contentLength
          + " does not match the body");
    }
  }

  /** An in-memory entity. */
  public static HttpResponse of(HttpStatus status, String contentType, byte[] body) {
    return new HttpResponse(status, contentType, body.length, body, null, true);
  }

  /** A file of {@code size} bytes, streamed when sent. */
  public static HttpResponse ofFile(Path file, long size) {
    return new HttpResponse(HttpStatus.OK, ContentTypes.forFileName(file.getFileName().toString()),
        size, null, file, true);
  }

  /** A short HTML page explaining an error. */
  public static HttpResponse error(HttpStatus status, String detail) {
    String page = "<!DOCTYPE html>\n<html><head><title>" + status.code() + " " + status.reason()
        + "</title></head>\n<body><h1>" + status.code() + " " + status.reason() + "</h1>\n<p>"
        + Html.escape(detail) + "</p></body></html>\n";
    return of(status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
  }

  /** This response with its head only (for HEAD, RFC 1945 §8.2). */
  public HttpResponse withoutBody() {
    return new HttpResponse(status, contentType, contentLength, body, file, false);
  }

  /** The status line and headers, ending with the empty line, as sent at {@code now}. */
  public byte[] head(Instant now) {
    String head = status.statusLine() + "\r\n"
        + "Date: " + HTTP_DATE.format(now) + "\r\n"
        + "Server: minitransport\r\n"
        + "Content-Type: " + contentType + "\r\n"
        + "Content-Length: " + contentLength + "\r\n"
        + "Connection: close\r\n"
        + "\r\n";
    return head.getBytes(StandardCharsets.ISO_8859_1);
  }
}
