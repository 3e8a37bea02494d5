package org.minitransport.core.wire;

/**
 * Argument checks for the {@code (buffer, offset, length)} triples that the codecs accept. A bad
 * triple is a caller's bug, not bad input from the wire, so it is reported as an {@link
 * IllegalArgumentException} rather than a {@link DecodeException}.
 */
final class ByteRange {

  private ByteRange() {}

  /**
   * @throws NullPointerException if {@code buffer} is null
   * @throws IllegalArgumentException naming the values if {@code [offset, offset + length)} does not
   *     lie inside {@code buffer}
   */
  static void check(byte[] buffer, int offset, int length) {
    if (buffer == null) {
      throw new NullPointerException("buffer");
    }
    if (offset < 0 || length < 0 || offset > buffer.length - length) {
      throw new IllegalArgumentException(
          "range offset " + offset + ", length " + length + " does not fit in a buffer of "
              + buffer.length + " bytes");
    }
  }

  /** Reads an unsigned big-endian 16-bit value. */
  static int readUint16(byte[] buffer, int index) {
    return ((buffer[index] & 0xFF) << 8) | (buffer[index + 1] & 0xFF);
  }

  /** Writes the low 16 bits of {@code value} big-endian. */
  static void writeUint16(byte[] buffer, int index, int value) {
    buffer[index] = (byte) (value >>> 8);
    buffer[index + 1] = (byte) value;
  }
}
