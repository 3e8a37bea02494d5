package org.minitransport.core.net.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a classic libpcap capture file (the format of tcpdump and Wireshark's {@code .pcap}; see
 * the pcap-savefile(5) manual page and draft-ietf-opsawg-pcap).
 *
 * <p>The file header holds magic {@code 0xa1b2c3d4} (microsecond timestamps), version 2.4, zone
 * and sigfigs 0, snapshot length {@value #SNAPLEN} and link type {@value #LINKTYPE_RAW}
 * (LINKTYPE_RAW: each record is a bare IPv4 packet with no link-layer header). Every field is
 * written big-endian; readers detect the byte order from the magic number.
 *
 * <p>Each packet record holds its timestamp as whole seconds and microseconds (the nanosecond
 * timestamp truncated), the captured length ({@code min(len, SNAPLEN)}), the original length and
 * the captured bytes.
 *
 * <p>Thread-safe: every method is synchronized, so records from several threads never interleave.
 * Output is buffered; {@link #flush} or {@link #close} makes it visible to readers.
 */
public final class PcapWriter implements Closeable, Flushable {

  /** The classic microsecond-resolution magic number. */
  public static final int MAGIC = 0xa1b2c3d4;

  /** The snapshot length: an IPv4 packet is never longer. */
  public static final int SNAPLEN = 65_535;

  /** LINKTYPE_RAW: raw IPv4 (or IPv6) packets, no link-layer header. */
  public static final int LINKTYPE_RAW = 101;

  /** The length of the file header. */
  public static final int FILE_HEADER_LENGTH = 24;

  /** The length of each packet record's header. */
  public static final int RECORD_HEADER_LENGTH = 16;

  private static final long MAX_SECONDS = 0xFFFF_FFFFL;

  private final OutputStream out;
  private final ByteBuffer recordHeader =
      ByteBuffer.allocate(RECORD_HEADER_LENGTH).order(ByteOrder.BIG_ENDIAN);
  private boolean closed;
  private long packets;

  /**
   * Writes the file header to {@code out}. The writer owns {@code out} from now on and closes it in
   * {@link #close}.
   *
   * @throws IOException if writing the file header fails
   */
  public PcapWriter(OutputStream out) throws IOException {
    this.out = new BufferedOutputStream(Objects.requireNonNull(out, "out"), 1 << 16);
    ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_LENGTH).order(ByteOrder.BIG_ENDIAN);
    header.putInt(MAGIC);
    header.putShort((short) 2);
    header.putShort((short) 4);
    header.putInt(0); // thiszone: timestamps are UTC
    header.putInt(0); // sigfigs
    header.putInt(SNAPLEN);
    header.putInt(LINKTYPE_RAW);
    this.out.write(header.array());
  }

  /**
   * Creates (or truncates) {@code file} and writes the file header to it.
   *
   * @throws IOException if the file cannot be opened or written
   */
  public static PcapWriter create(Path file) throws IOException {
    OutputStream stream = Files.newOutputStream(file);
    try {
      return new PcapWriter(stream);
    } catch (IOException | RuntimeException e) {
      stream.close();
      throw e;
    }
  }

  /**
   * Appends one packet record.
   *
   * @param timestampNs the capture time in nanoseconds since the epoch of the reader's choice
   *     (Wireshark shows it as time since 1970-01-01 UTC); written with microsecond resolution
   * @param packet holds the IPv4 packet at {@code packet[off, off + len)}; bytes past
   *     {@link #SNAPLEN} are not captured but counted in the original length
   * @throws IllegalArgumentException if {@code timestampNs} is negative or beyond the 32-bit
   *     seconds field (year 2106), or the range does not lie inside {@code packet}
   * @throws IllegalStateException if the writer is closed
   * @throws IOException if writing fails
   */
  public synchronized void writePacket(long timestampNs, byte[] packet, int off, int len)
      throws IOException {
    Objects.requireNonNull(packet, "packet");
    if (off < 0 || len < 0 || off > packet.length - len) {
      throw new IllegalArgumentException(
          "range offset " + off + ", length " + len + " does not fit in a packet array of "
              + packet.length + " bytes");
    }
    if (timestampNs < 0 || timestampNs / 1_000_000_000L > MAX_SECONDS) {
      throw new IllegalArgumentException(
          "timestamp " + timestampNs + " ns is outside the pcap range 0 to 2^32-1 seconds");
    }
    if (closed) {
      throw new IllegalStateException("pcap writer is closed");
    }
    int captured = Math.min(len, SNAPLEN);
    recordHeader.clear();
    recordHeader.putInt((int) (timestampNs / 1_000_000_000L));
    recordHeader.putInt((int) (timestampNs % 1_000_000_000L / 1_000L));
    recordHeader.putInt(captured);
    recordHeader.putInt(len);
    out.write(recordHeader.array());
    out.write(packet, off, captured);
    packets++;
  }

  /** Packet records written so far. */
  public synchronized long packetCount() {
    return packets;
  }

  /** Pushes buffered records to the underlying stream and flushes it. */
  @Override
  public synchronized void flush() throws IOException {
    if (!closed) {
      out.flush();
    }
  }

  /** Flushes and closes the underlying stream. Closing twice does nothing. */
  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }
}
