package org.minitransport.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

/** Checks a classic pcap byte for byte: its header, then whole records to the very last byte. */
final class PcapRecords {

  private PcapRecords() {}

  /** The number of records; fails unless the file ends exactly after a whole record. */
  static long countWhole(byte[] file) {
    assertTrue(file.length >= 24, "no pcap header: " + file.length + " bytes");
    ByteBuffer in = ByteBuffer.wrap(file);
    assertEquals(0xa1b2c3d4, in.getInt(0), "pcap magic");
    int position = 24;
    long records = 0;
    while (position < file.length) {
      assertTrue(position + 16 <= file.length, "a record header cut at byte " + position);
      int captured = in.getInt(position + 8);
      assertTrue(captured >= 20 && captured <= 65_535, "record length " + captured);
      position += 16 + captured;
      assertTrue(position <= file.length, "a record cut in the middle, at byte " + file.length);
      records++;
    }
    return records;
  }

  /** The TCP segments of a LINKTYPE_RAW capture with any of {@code flags} (e.g. 0x01 FIN). */
  static int countTcpWithFlags(byte[] file, int flags) {
    ByteBuffer in = ByteBuffer.wrap(file);
    int count = 0;
    for (int at = 24; at + 16 <= file.length; at += 16 + in.getInt(at + 8)) {
      int ip = at + 16;
      int headerLength = (in.get(ip) & 0x0F) * 4;
      if (in.get(ip + 9) == 6 && (in.get(ip + headerLength + 13) & flags) != 0) {
        count++;
      }
    }
    return count;
  }
}
