package org.minitransport.tcp.wire;

/**
 * A TCP header (RFC 9293 §3.1) as a validated, immutable value, without the fields that emission
 * derives: the data offset comes from the options' length, the checksum is computed over the
 * pseudo-header and the whole segment, and the reserved bits are zero.
 *
 * <p>Every field is the raw wire value: the window is not scaled (scaling is negotiated by the
 * connection, RFC 7323 §2.3), and the acknowledgment number and urgent pointer are kept even when
 * ACK or URG is clear, since the codec does not interpret them.
 *
 * @param sourcePort 0–65535
 * @param destinationPort 0–65535
 * @param sequenceNumber 32-bit unsigned, 0 to 2<sup>32</sup>−1
 * @param acknowledgmentNumber 32-bit unsigned, 0 to 2<sup>32</sup>−1
 * @param flags the control bits
 * @param window the raw, unscaled 16-bit window, 0–65535
 * @param urgentPointer 0–65535
 * @param options the options; {@link TcpOptions#NONE} for none
 */
public record TcpHeader(
    int sourcePort,
    int destinationPort,
    long sequenceNumber,
    long acknowledgmentNumber,
    TcpFlags flags,
    int window,
    int urgentPointer,
    TcpOptions options) {

  /** The length of the header without options (RFC 9293 §3.1), in bytes. */
  public static final int MIN_LENGTH = 20;

  /**
   * @throws IllegalArgumentException naming the field if a port, the window or the urgent pointer
   *     is outside 0–65535, a sequence or acknowledgment number outside 0 to
   *     2<sup>32</sup>−1, or {@code flags} or {@code options} is null
   */
  public TcpHeader {
    WireFields.checkUnsigned16(sourcePort, "source port");
    WireFields.checkUnsigned16(destinationPort, "destination port");
    WireFields.checkUnsigned32(sequenceNumber, "sequence number");
    WireFields.checkUnsigned32(acknowledgmentNumber, "acknowledgment number");
    WireFields.checkUnsigned16(window, "window");
    WireFields.checkUnsigned16(urgentPointer, "urgent pointer");
    if (flags == null) {
      throw new IllegalArgumentException("flags must not be null (use TcpFlags.NONE)");
    }
    if (options == null) {
      throw new IllegalArgumentException("options must not be null (use TcpOptions.NONE)");
    }
  }

  /**
   * The emitted header length in bytes: 20 plus the options' encoded length, a multiple of 4 from
   * 20 to 60.
   *
   * @throws IllegalArgumentException if the options do not fit in 40 bytes
   */
  public int headerLength() {
    return MIN_LENGTH + options.encodedLength();
  }

  /** This header with other options. */
  public TcpHeader withOptions(TcpOptions newOptions) {
    return new TcpHeader(
        sourcePort, destinationPort, sequenceNumber, acknowledgmentNumber, flags, window,
        urgentPointer, newOptions);
  }

  /** Reads as {@code 1234>80 SYN|ACK seq=1 ack=2 win=65535 [mss=1460]}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder()
        .append(sourcePort).append('>').append(destinationPort)
        .append(' ').append(flags)
        .append(" seq=").append(sequenceNumber)
        .append(" ack=").append(acknowledgmentNumber)
        .append(" win=").append(window);
    if (urgentPointer != 0) {
      text.append(" urp=").append(urgentPointer);
    }
    if (!options.isEmpty()) {
      text.append(' ').append(options);
    }
    return text.toString();
  }
}
