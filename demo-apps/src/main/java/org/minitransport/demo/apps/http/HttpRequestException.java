package org.minitransport.demo.apps.http;

/**
 * Why a request cannot be served, and the status to answer with. Checked, like every failure to
 * decode untrusted bytes, so the server cannot forget to answer it.
 */
public final class HttpRequestException extends Exception {

  private static final long serialVersionUID = 1L;

  private final HttpStatus status;

  /**
   * @param status the error status to answer with
   * @param detail what was wrong, naming the bad part of the request
   */
  public HttpRequestException(HttpStatus status, String detail) {
    super(status.code() + " " + status.reason() + ": " + detail, null, false, false);
    this.status = status;
  }

  public HttpStatus status() {
    return status;
  }
}
