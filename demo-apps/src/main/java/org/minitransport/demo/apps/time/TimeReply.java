package org.minitransport.demo.apps.time;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;

/**
 * A time reply: one datagram holding the ASCII text {@code TIME <id> <millis> <iso-instant>},
 * for example {@code TIME 7 1764082337123 2025-11-25T14:52:17.123Z}: the request's id, the
 * server's clock in milliseconds since 1970-01-01T00:00:00Z, and the same instant in ISO 8601
 * (UTC) for people reading a capture. Decoding uses the millisecond field and checks the instant
 * agrees with it.
 *
 * @param id the id of the request answered
 * @param epochMillis the server's time, milliseconds since the Unix epoch (non-negative)
 */
public record TimeReply(long id, long epochMillis) {

  public TimeReply {
    if (id < 0 || id > TimeRequest.MAX_ID) {
      throw new IllegalArgumentException("reply id " + id + " is outside 0-4294967295");
    }
    if (epochMillis < 0) {
      throw new IllegalArgumentException("time " + epochMillis + " ms is before 1970");
    }
  }

  /** The reply to {@code request} at {@code now}. */
  public static TimeReply answering(TimeRequest request, Instant now) {
    return new TimeReply(request.id(), now.toEpochMilli());
  }

  /** The server's time as an instant. */
  public Instant instant() {
    return Instant.ofEpochMilli(epochMillis);
  }

  /** The datagram payload. */
  public byte[] encode() {
    return (TimeRequest.KEYWORD + " " + id + " " + epochMillis + " " + instant())
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Decodes a reply datagram.
   *
   * @throws DecodeException if it is not {@code TIME <id> <millis> <instant>} with agreeing times
   */
  public static TimeReply decode(byte[] payload) throws DecodeException {
    String[] fields = TimeFields.split(payload, 4);
    if (!fields[0].equals(TimeRequest.KEYWORD)) {
      throw new DecodeException(DecodeError.UNSUPPORTED,
          "reply starts with '" + fields[0] + "', not " + TimeRequest.KEYWORD);
    }
    long id = TimeFields.id(fields[1]);
    String millisText = fields[2];
    if (millisText.isEmpty() || millisText.length() > 15
        || !millisText.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new DecodeException(DecodeError.UNSUPPORTED,
          "time '" + millisText + "' is not 1-15 decimal digits");
    }
    long millis = Long.parseLong(millisText);
    if (!Instant.ofEpochMilli(millis).toString().equals(fields[3])) {
      throw new DecodeException(DecodeError.UNSUPPORTED,
          "instant '" + fields[3] + "' disagrees with " + millis + " ms");
    }
    return new TimeReply(id, millis);
  }
}
