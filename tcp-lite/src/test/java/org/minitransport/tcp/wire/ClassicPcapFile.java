package org.minitransport.tcp.wire;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A test-only writer of classic libpcap files with link type LINKTYPE_RAW (101: each record is a
 * bare IPv4 datagram), so tshark can judge what the codec emits. Stands in until transport-core's
 * own pcap writer exists; replace its uses then.
 *
 * <p>Format: a 24-byte global header (magic 0xa1b2c3d4 written big-endian, version 2.4, zone 0,
 * sigfigs 0, snaplen 65535, link type 101), then per packet a 16-byte record header (seconds,
 * microseconds, captured length, original length) and the bytes.
 */
final class ClassicPcapFile {

  private static final int LINKTYPE_RAW = 101;

  private ClassicPcapFile() {}

  /** Writes {@code datagrams} to {@code file}, one millisecond apart from time 1 s. */
  static void write(Path file, List<byte[]> datagrams) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream raw = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(raw)) {
      out.writeInt(0xa1b2c3d4);
      out.writeShort(2);
      out.writeShort(4);
      out.writeInt(0);
      out.writeInt(0);
      out.writeInt(0xFFFF);
      out.writeInt(LINKTYPE_RAW);
      long micros = 1_000_000;
      for (byte[] datagram : datagrams) {
        out.writeInt((int) (micros / 1_000_000));
        out.writeInt((int) (micros % 1_000_000));
        out.writeInt(datagram.length);
        out.writeInt(datagram.length);
        out.write(datagram);
        micros += 1_000;
      }
    }
  }
}
