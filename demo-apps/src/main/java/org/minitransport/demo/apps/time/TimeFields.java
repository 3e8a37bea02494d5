package org.minitransport.demo.apps.time;

import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;

/** Splitting the text of time datagrams into fields; every failure is a DecodeException. */
final class TimeFields {

  /** Longer than any valid request or reply; anything longer is rejected before splitting. */
  static final int MAX_PAYLOAD = 128;

  private TimeFields() {}

  /**
   * The payload's {@code count} space-separated fields, after dropping one trailing CR LF or LF.
   */
  static String[] split(byte[] payload, int count) throws DecodeException {
    if (payload.length > MAX_PAYLOAD) {
      throw new DecodeException(DecodeError.BAD_LENGTH,
          "payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
    }
    int length = payload.length;
    if (length > 0 && payload[length - 1] == '\n') {
      length--;
      if (length > 0 && payload[length - 1] == '\r') {
        length--;
      }
    }
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int c = payload[i] & 0xFF;
      if (c < 0x20 || c > 0x7e) {
        throw new DecodeException(DecodeError.UNSUPPORTED,
            "byte 0x" + Integer.toHexString(c) + " at " + i + " is not printable ASCII");
      }
      text.append((char) c);
    }
    String[] fields = text.toString().split(" ", -1);
    if (fields.length != count) {
      throw new DecodeException(fields.length < count ? DecodeError.TRUNCATED
          : DecodeError.BAD_LENGTH,
          "expected " + count + " space-separated fields, found " + fields.length);
    }
    return fields;
  }

  /** A request id: 1-10 decimal digits, at most 4294967295. */
  static long id(String text) throws DecodeException {
    if (text.isEmpty() || text.length() > 10
        || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new DecodeException(DecodeError.UNSUPPORTED,
          "id '" + text + "' is not 1-10 decimal digits");
    }
    long id = Long.parseLong(text);
    if (id > TimeRequest.MAX_ID) {
      throw new DecodeException(DecodeError.UNSUPPORTED, "id " + id + " exceeds 4294967295");
    }
    return id;
  }
}
