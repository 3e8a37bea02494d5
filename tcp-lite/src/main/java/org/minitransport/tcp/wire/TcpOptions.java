package org.minitransport.tcp.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;

/**
 * The TCP options this stack understands, as an immutable value (RFC 9293 §3.2; RFC 7323 §2.2 and
 * §3.2; RFC 2018 §2 and §3). Options of other kinds are skipped by their length when parsing and
 * are not kept.
 *
 * <h2>Parsing</h2>
 *
 * {@link #parse} walks an options region (RFC 9293 §3.2, MUST-4 to MUST-7): End of Option List
 * (kind 0) stops the walk, whatever follows is padding; No-Operation (kind 1) is skipped; every
 * other kind has a length byte counting the kind and length bytes, and a kind this class does not
 * know is skipped by it. The region is rejected with {@link DecodeError#BAD_OPTION} when a length
 * byte is missing, below 2, runs past the region, or is not the fixed size of a known kind (MSS 4,
 * window scale 3, SACK-permitted 2, timestamps 10, SACK 2+8n with n from 1 to 4). A repeated
 * option replaces the earlier one (as Linux does). A received window-scale shift above 14 is
 * clamped to 14 (RFC 7323 §2.3); that is not an error. No option is rejected for the segment it
 * arrived on: which options are meaningful on which segments is the connection's decision.
 *
 * <h2>Emitting</h2>
 *
 * Options are written in the order and 32-bit-aligned layout Linux uses, so the length is always a
 * multiple of 4 and no trailing padding is ever needed:
 *
 * <pre>
 *   MSS                      2 4 mss mss                        4 bytes
 *   SACK-permitted + TS      4 2 8 10 TSval TSecr              12 bytes
 *   TS alone                 1 1 8 10 TSval TSecr              12 bytes
 *   SACK-permitted alone     1 1 4 2                            4 bytes
 *   window scale             1 3 3 shift                        4 bytes
 *   SACK, n blocks           1 1 5 2+8n left right ...          4+8n bytes
 * </pre>
 *
 * A set of options is emittable when that layout fits in 40 bytes (RFC 9293 §3.1: data offset at
 * most 15 words); in particular at most 3 SACK blocks fit beside timestamps (RFC 2018 §3). The
 * constructor checks each field alone; {@link #encodedLength()} and emission check the whole.
 *
 * @param mss the maximum segment size (RFC 9293 §3.7.1), 0–65535, or empty when absent
 * @param windowScale the window-scale shift count (RFC 7323 §2), 0–14, or empty when absent
 * @param sackPermitted whether the SACK-permitted option is present (RFC 2018 §2)
 * @param sackBlocks the blocks of a SACK option, at most 4, empty when absent (RFC 2018 §3)
 * @param timestamps the timestamps option, or empty when absent (RFC 7323 §3)
 */
public record TcpOptions(
    OptionalInt mss,
    OptionalInt windowScale,
    boolean sackPermitted,
    List<SackBlock> sackBlocks,
    Optional<TcpTimestamps> timestamps) {

  /** No options at all. */
  public static final TcpOptions NONE =
      new TcpOptions(OptionalInt.empty(), OptionalInt.empty(), false, List.of(), Optional.empty());

  /** The largest options region a TCP header can hold (RFC 9293 §3.1), in bytes. */
  public static final int MAX_LENGTH = 40;

  /** The largest window-scale shift (RFC 7323 §2.3). */
  public static final int MAX_WINDOW_SCALE = 14;

  /** The most blocks one SACK option can carry (RFC 2018 §3). */
  public static final int MAX_SACK_BLOCKS = 4;

  static final int KIND_EOL = 0;
  static final int KIND_NOP = 1;
  static final int KIND_MSS = 2;
  static final int KIND_WINDOW_SCALE = 3;
  static final int KIND_SACK_PERMITTED = 4;
  static final int KIND_SACK = 5;
  static final int KIND_TIMESTAMPS = 8;

  /**
   * @throws IllegalArgumentException naming the field if {@code mss} is outside 0–65535, {@code
   *     windowScale} outside 0–14, there are more than 4 SACK blocks, or an argument is null
   */
  public TcpOptions {
    if (mss == null || windowScale == null || sackBlocks == null || timestamps == null) {
      throw new IllegalArgumentException(
          "TCP options components must not be null (use OptionalInt.empty(), List.of(),"
              + " Optional.empty() for an absent option)");
    }
    if (mss.isPresent()) {
      WireFields.checkUnsigned16(mss.getAsInt(), "MSS");
    }
    if (windowScale.isPresent()
        && (windowScale.getAsInt() < 0 || windowScale.getAsInt() > MAX_WINDOW_SCALE)) {
      throw new IllegalArgumentException(
          "window scale shift " + windowScale.getAsInt()
              + " is outside 0-14 (RFC 7323 §2.3)");
    }
    if (sackBlocks.size() > MAX_SACK_BLOCKS) {
      throw new IllegalArgumentException(
          sackBlocks.size() + " SACK blocks: a SACK option holds at most 4 (RFC 2018 §3)");
    }
    for (SackBlock block : sackBlocks) {
      if (block == null) {
        throw new IllegalArgumentException("SACK block list contains null: " + sackBlocks);
      }
    }
    sackBlocks = List.copyOf(sackBlocks);
  }

  /** These options with MSS {@code mss} (0–65535). */
  public TcpOptions withMss(int mss) {
    return new TcpOptions(OptionalInt.of(mss), windowScale, sackPermitted, sackBlocks, timestamps);
  }

  /** These options with window-scale shift {@code shift} (0–14). */
  public TcpOptions withWindowScale(int shift) {
    return new TcpOptions(mss, OptionalInt.of(shift), sackPermitted, sackBlocks, timestamps);
  }

  /** These options with SACK-permitted present or absent. */
  public TcpOptions withSackPermitted(boolean permitted) {
    return new TcpOptions(mss, windowScale, permitted, sackBlocks, timestamps);
  }

  /** These options with SACK blocks {@code blocks} (at most 4; empty for no SACK option). */
  public TcpOptions withSackBlocks(List<SackBlock> blocks) {
    return new TcpOptions(mss, windowScale, sackPermitted, blocks, timestamps);
  }

  /** These options with a timestamps option carrying {@code tsVal} and {@code tsEcr}. */
  public TcpOptions withTimestamps(long tsVal, long tsEcr) {
    return new TcpOptions(
        mss, windowScale, sackPermitted, sackBlocks,
        Optional.of(new TcpTimestamps(tsVal, tsEcr)));
  }

  /** Whether no option is present. */
  /**
   * The bytes a SACK option with {@code blocks} blocks takes in the 32-bit-aligned layout: two NOPs,
   * kind, length, then 8 bytes per block (RFC 2018 §3).
   */
  public static int sackOptionBytes(int blocks) {
    return 4 + SackBlock.ENCODED_LENGTH * blocks;
  }

  public boolean isEmpty() {
    return mss.isEmpty() && windowScale.isEmpty() && !sackPermitted && sackBlocks.isEmpty()
        && timestamps.isEmpty();
  }

  /**
   * The bytes these options take when emitted (a multiple of 4, see the class comment).
   *
   * @throws IllegalArgumentException if they do not fit in 40 bytes, naming the options and the
   *     bytes they need
   */
  public int encodedLength() {
    int length = unpaddedLayoutLength();
    if (length > MAX_LENGTH) {
      String why = timestamps.isPresent() && sackBlocks.size() > 3
          ? sackBlocks.size() + " SACK blocks with timestamps (at most 3 fit beside timestamps,"
              + " RFC 2018 §3)"
          : "options " + this;
      throw new IllegalArgumentException(
          why + " need " + length + " bytes, above the 40-byte maximum of the TCP header"
              + " (RFC 9293 §3.1)");
    }
    return length;
  }

  private int unpaddedLayoutLength() {
    int length = 0;
    if (mss.isPresent()) {
      length += 4;
    }
    if (timestamps.isPresent()) {
      length += 12;
    } else if (sackPermitted) {
      length += 4;
    }
    if (windowScale.isPresent()) {
      length += 4;
    }
    if (!sackBlocks.isEmpty()) {
      length += sackOptionBytes(sackBlocks.size());
    }
    return length;
  }

  /**
   * Writes these options in the layout of the class comment.
   *
   * @return the bytes written, {@link #encodedLength()}
   */
  int writeTo(byte[] buf, int off) {
    int i = off;
    if (mss.isPresent()) {
      buf[i++] = KIND_MSS;
      buf[i++] = 4;
      WireFields.writeUnsigned16(buf, i, mss.getAsInt());
      i += 2;
    }
    if (timestamps.isPresent()) {
      if (sackPermitted) {
        buf[i++] = KIND_SACK_PERMITTED;
        buf[i++] = 2;
      } else {
        buf[i++] = KIND_NOP;
        buf[i++] = KIND_NOP;
      }
      buf[i++] = KIND_TIMESTAMPS;
      buf[i++] = 10;
      WireFields.writeUnsigned32(buf, i, timestamps.get().tsVal());
      WireFields.writeUnsigned32(buf, i + 4, timestamps.get().tsEcr());
      i += 8;
    } else if (sackPermitted) {
      buf[i++] = KIND_NOP;
      buf[i++] = KIND_NOP;
      buf[i++] = KIND_SACK_PERMITTED;
      buf[i++] = 2;
    }
    if (windowScale.isPresent()) {
      buf[i++] = KIND_NOP;
      buf[i++] = KIND_WINDOW_SCALE;
      buf[i++] = 3;
      buf[i++] = (byte) windowScale.getAsInt();
    }
    if (!sackBlocks.isEmpty()) {
      buf[i++] = KIND_NOP;
      buf[i++] = KIND_NOP;
      buf[i++] = KIND_SACK;
      buf[i++] = (byte) (2 + SackBlock.ENCODED_LENGTH * sackBlocks.size());
      for (SackBlock block : sackBlocks) {
        WireFields.writeUnsigned32(buf, i, block.left());
        WireFields.writeUnsigned32(buf, i + 4, block.right());
        i += SackBlock.ENCODED_LENGTH;
      }
    }
    return i - off;
  }

  /**
   * Parses an options region by the rules of the class comment.
   *
   * @param buf the bytes holding the region
   * @param off where the region starts (just after the 20-byte fixed header)
   * @param len the region's length in bytes (data offset × 4 − 20)
   * @throws DecodeException with {@link DecodeError#BAD_OPTION} for a malformed option, naming its
   *     kind, its offset within the region and the rule it breaks
   * @throws IllegalArgumentException if {@code off} and {@code len} do not lie within {@code buf}
   */
  public static TcpOptions parse(byte[] buf, int off, int len) throws DecodeException {
    if (off < 0 || len < 0 || off > buf.length - len) {
      throw new IllegalArgumentException(
          "options region offset " + off + " length " + len + " lies outside a buffer of "
              + buf.length + " bytes");
    }
    int mss = -1;
    int windowScale = -1;
    boolean sackPermitted = false;
    List<SackBlock> sackBlocks = List.of();
    TcpTimestamps timestamps = null;
    int end = off + len;
    int i = off;
    while (i < end) {
      int kind = buf[i] & 0xFF;
      if (kind == KIND_EOL) {
        break;
      }
      if (kind == KIND_NOP) {
        i++;
        continue;
      }
      int at = i - off;
      if (i + 1 >= end) {
        throw badOption(kind, at, "has no length byte before the end of the options");
      }
      int optionLength = buf[i + 1] & 0xFF;
      if (optionLength < 2) {
        throw badOption(kind, at, "has length " + optionLength + ", below the minimum 2");
      }
      if (optionLength > end - i) {
        throw badOption(
            kind, at, "has length " + optionLength + " but only " + (end - i)
                + " bytes of options remain");
      }
      int body = i + 2;
      switch (kind) {
        case KIND_MSS:
          requireLength(kind, at, optionLength, 4);
          mss = WireFields.readUnsigned16(buf, body);
          break;
        case KIND_WINDOW_SCALE:
          requireLength(kind, at, optionLength, 3);
          windowScale = Math.min(buf[body] & 0xFF, MAX_WINDOW_SCALE);
          break;
        case KIND_SACK_PERMITTED:
          requireLength(kind, at, optionLength, 2);
          sackPermitted = true;
          break;
        case KIND_SACK:
          sackBlocks = parseSackBlocks(buf, body, at, optionLength);
          break;
        case KIND_TIMESTAMPS:
          requireLength(kind, at, optionLength, 10);
          timestamps = new TcpTimestamps(
              WireFields.readUnsigned32(buf, body), WireFields.readUnsigned32(buf, body + 4));
          break;
        default:
          // MUST-6: an option we do not implement is skipped by its length.
          break;
      }
      i += optionLength;
    }
    if (mss < 0 && windowScale < 0 && !sackPermitted && sackBlocks.isEmpty()
        && timestamps == null) {
      return NONE;
    }
    return new TcpOptions(
        mss < 0 ? OptionalInt.empty() : OptionalInt.of(mss),
        windowScale < 0 ? OptionalInt.empty() : OptionalInt.of(windowScale),
        sackPermitted,
        sackBlocks,
        Optional.ofNullable(timestamps));
  }

  private static List<SackBlock> parseSackBlocks(byte[] buf, int body, int at, int optionLength)
      throws DecodeException {
    int blockBytes = optionLength - 2;
    int count = blockBytes / SackBlock.ENCODED_LENGTH;
    if (blockBytes % SackBlock.ENCODED_LENGTH != 0 || count < 1 || count > MAX_SACK_BLOCKS) {
      throw badOption(
          KIND_SACK, at, "has length " + optionLength
              + "; a SACK option is 2 + 8n bytes with n from 1 to 4 (RFC 2018 §3)");
    }
    List<SackBlock> blocks = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      int p = body + b * SackBlock.ENCODED_LENGTH;
      blocks.add(
          new SackBlock(WireFields.readUnsigned32(buf, p), WireFields.readUnsigned32(buf, p + 4)));
    }
    return blocks;
  }

  private static void requireLength(int kind, int at, int actual, int required)
      throws DecodeException {
    if (actual != required) {
      throw badOption(kind, at, "has length " + actual + "; it must be " + required);
    }
  }

  private static DecodeException badOption(int kind, int at, String problem) {
    return new DecodeException(
        DecodeError.BAD_OPTION,
        "option kind " + kind + " at options offset " + at + " " + problem);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("[");
    mss.ifPresent(value -> text.append("mss=").append(value).append(' '));
    windowScale.ifPresent(value -> text.append("wscale=").append(value).append(' '));
    if (sackPermitted) {
      text.append("sackOK ");
    }
    timestamps.ifPresent(value -> text.append(value).append(' '));
    if (!sackBlocks.isEmpty()) {
      text.append("sack=").append(sackBlocks).append(' ');
    }
    if (text.length() > 1) {
      text.setLength(text.length() - 1);
    }
    return text.append(']').toString();
  }
}
