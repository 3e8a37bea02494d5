package org.minitransport.core.net.pcap;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** A minimal classic-pcap reader for tests: the file header fields and every record. */
record PcapFile(int magic, int versionMajor, int versionMinor, int snaplen, int linkType,
    List<Record> records) {

  /** One packet record. */
  record Record(long seconds, long micros, int capturedLength, int originalLength, byte[] data) {}

  /** Parses a big-endian or little-endian classic pcap file. */
  static PcapFile parse(byte[] file) {
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN);
    try {
      int magic = in.getInt();
      if (magic == Integer.reverseBytes(PcapWriter.MAGIC)) {
        in.order(ByteOrder.LITTLE_ENDIAN);
        magic = PcapWriter.MAGIC;
      }
      if (magic != PcapWriter.MAGIC) {
        throw new AssertionError(String.format("bad magic 0x%08x", magic));
      }
      int major = in.getShort();
      int minor = in.getShort();
      in.getInt(); // thiszone
      in.getInt(); // sigfigs
      int snaplen = in.getInt();
      int linkType = in.getInt();
      List<Record> records = new ArrayList<>();
      while (in.hasRemaining()) {
        long seconds = Integer.toUnsignedLong(in.getInt());
        long micros = Integer.toUnsignedLong(in.getInt());
        int captured = in.getInt();
        int original = in.getInt();
        byte[] data = new byte[captured];
        in.get(data);
        records.add(new Record(seconds, micros, captured, original, data));
      }
      return new PcapFile(magic, major, minor, snaplen, linkType, records);
    } catch (BufferUnderflowException e) {
      throw new AssertionError("pcap file is cut short at byte " + in.position(), e);
    }
  }
}
