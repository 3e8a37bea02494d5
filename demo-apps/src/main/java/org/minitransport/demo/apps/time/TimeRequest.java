package org.minitransport.demo.apps.time;

import java.nio.charset.StandardCharsets;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;

/**
 * A time request: one datagram holding the ASCII text {@code TIME <id>}, where the id is a
 * decimal number 0–4294967295 the reply echoes. A trailing CR LF or LF is allowed (so that {@code
 * nc -u} works). Unlike RFC 868, which answers any datagram, requests are checked and anything
 * else is ignored.
 *
 * @param id the request id, 0 to 2^32−1
 */
public record TimeRequest(long id) {

  /** The largest id. */
  public static final long MAX_ID = 0xFFFF_FFFFL;

  static final String KEYWORD = "TIME";

  public TimeRequest {
    if (id < 0 || id > MAX_ID) {
      throw new IllegalArgumentException("request id " + id + " is outside 0-4294967295");
    }
  }

  /** The datagram payload. */
  public byte[] encode() {
    return (KEYWORD + " " + id).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Decodes a request datagram.
   *
   * @throws DecodeException if it is not {@code TIME <id>}
   */
  public static TimeRequest decode(byte[] payload) throws DecodeException {
    String[] fields = TimeFields.split(payload, 2);
    if (!fields[0].equals(KEYWORD)) {
      throw new DecodeException(DecodeError.UNSUPPORTED,
          "request starts with '" + fields[0] + "', not " + KEYWORD);
    }
    return new TimeRequest(TimeFields.id(fields[1]));
  }
}
