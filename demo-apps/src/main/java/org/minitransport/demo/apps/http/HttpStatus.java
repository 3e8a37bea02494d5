package org.minitransport.demo.apps.http;

/** The response status codes this server sends (RFC 1945 §6.1.1, plus 405 and 431). */
public enum HttpStatus {
  OK(200, "OK"),
  BAD_REQUEST(400, "Bad Request"),
  FORBIDDEN(403, "Forbidden"),
  NOT_FOUND(404, "Not Found"),
  /** RFC 9110 §15.5.6; RFC 1945 would answer 501, but 405 says what the client can do. */
  METHOD_NOT_ALLOWED(405, "Method Not Allowed"),
  /** RFC 6585 §5: the request line and headers exceed the server's limit. */
  REQUEST_HEADER_FIELDS_TOO_LARGE(431, "Request Header Fields Too Large"),
  INTERNAL_SERVER_ERROR(500, "Internal Server Error"),
  HTTP_VERSION_NOT_SUPPORTED(505, "HTTP Version Not Supported");

  private final int code;
  private final String reason;

  HttpStatus(int code, String reason) {
    this.code = code;
    this.reason = reason;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  /** The status line, e.g. {@code HTTP/1.0 404 Not Found} (RFC 1945 §6.1). */
  public String statusLine() {
    return "HTTP/1.0 " + code + " " + reason;
  }
}
