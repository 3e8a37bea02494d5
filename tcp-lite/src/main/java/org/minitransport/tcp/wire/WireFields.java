package org.minitransport.tcp.wire;

/**
 * Big-endian reads and writes of unsigned header fields, and the range checks the value types of
 * this package share (each names the field and the rule).
 */
final class WireFields {

  static final long MAX_UNSIGNED_32 = 0xFFFF_FFFFL;

  private WireFields() {}

  static long checkUnsigned32(long value, String field) {
    if (value < 0 || value > MAX_UNSIGNED_32) {
      throw new IllegalArgumentException(
          field + " " + value + " is outside the unsigned 32-bit range 0-4294967295");
    }
    return value;
  }

  static int checkUnsigned16(int value, String field) {
    if (value < 0 || value > 0xFFFF) {
      throw new IllegalArgumentException(
          field + " " + value + " is outside the unsigned 16-bit range 0-65535");
    }
    return value;
  }

  static long readUnsigned32(byte[] buf, int off) {
    return ((buf[off] & 0xFFL) << 24)
        | ((buf[off + 1] & 0xFFL) << 16)
        | ((buf[off + 2] & 0xFFL) << 8)
        | (buf[off + 3] & 0xFFL);
  }

  static int readUnsigned16(byte[] buf, int off) {
    return ((buf[off] & 0xFF) << 8) | (buf[off + 1] & 0xFF);
  }

  static void writeUnsigned32(byte[] buf, int off, long value) {
    buf[off] = (byte) (value >>> 24);
    buf[off + 1] = (byte) (value >>> 16);
    buf[off + 2] = (byte) (value >>> 8);
    buf[off + 3] = (byte) value;
  }

  static void writeUnsigned16(byte[] buf, int off, int value) {
    buf[off] = (byte) (value >>> 8);
    buf[off + 1] = (byte) value;
  }
}
