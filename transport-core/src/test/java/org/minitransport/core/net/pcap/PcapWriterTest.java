package org.minitransport.core.net.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapWriterTest {

  private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

  @Test
  void writesTheClassicFileHeaderBigEndian() throws IOException {
    new PcapWriter(sink).close();
    assertEquals("a1b2c3d4" + "0002" + "0004" + "00000000" + "00000000" + "0000ffff" + "00000065",
        HexFormat.of().formatHex(sink.toByteArray()));
  }

  @Test
  void writesARecordWithSecondsMicrosecondsAndBothLengths() throws IOException {
    try (PcapWriter writer = new PcapWriter(sink)) {
      writer.writePacket(3_000_456_789L, new byte[] {9, 1, 2, 3, 9}, 1, 3);
    }
    byte[] file = sink.toByteArray();
    assertEquals("00000003" + "000001c8" + "00000003" + "00000003" + "010203",
        HexFormat.of().formatHex(file, PcapWriter.FILE_HEADER_LENGTH, file.length));
  }

  @Test
  void countsThePacketsItWrote() throws IOException {
    try (PcapWriter writer = new PcapWriter(sink)) {
      assertEquals(0, writer.packetCount());
      writer.writePacket(0, new byte[20], 0, 20);
      writer.writePacket(1, new byte[20], 0, 20);
      assertEquals(2, writer.packetCount());
    }
  }

  @Test
  void truncatesRecordsToTheSnapshotLengthButKeepsTheOriginalLength() throws IOException {
    byte[] huge = new byte[PcapWriter.SNAPLEN + 10];
    try (PcapWriter writer = new PcapWriter(sink)) {
      writer.writePacket(0, huge, 0, huge.length);
    }
    PcapFile.Record record = PcapFile.parse(sink.toByteArray()).records().get(0);
    assertEquals(PcapWriter.SNAPLEN, record.capturedLength());
    assertEquals(huge.length, record.originalLength());
  }

  @Test
  void rejectsTimestampsPcapCannotHold() throws IOException {
    try (PcapWriter writer = new PcapWriter(sink)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> writer.writePacket(-1, new byte[1], 0, 1));
      assertTrue(e.getMessage().contains("-1"), e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> writer.writePacket(0x1_0000_0000L * 1_000_000_000L, new byte[1], 0, 1));
      writer.writePacket(0xFFFF_FFFFL * 1_000_000_000L + 999_999_999L, new byte[1], 0, 1);
    }
    PcapFile.Record last = PcapFile.parse(sink.toByteArray()).records().get(0);
    assertEquals(0xFFFF_FFFFL, last.seconds());
    assertEquals(999_999, last.micros());
  }

  @Test
  void rejectsARangeOutsideThePacket() throws IOException {
    try (PcapWriter writer = new PcapWriter(sink)) {
      assertThrows(IllegalArgumentException.class, () -> writer.writePacket(0, new byte[4], 3, 2));
    }
  }

  @Test
  void refusesToWriteAfterClose() throws IOException {
    PcapWriter writer = new PcapWriter(sink);
    writer.close();
    writer.close();
    assertThrows(IllegalStateException.class, () -> writer.writePacket(0, new byte[1], 0, 1));
  }

  @Test
  void flushMakesRecordsVisibleBeforeClose() throws IOException {
    PcapWriter writer = new PcapWriter(sink);
    writer.writePacket(0, new byte[7], 0, 7);
    assertEquals(0, sink.size(), "buffered until flushed");
    writer.flush();
    assertEquals(PcapWriter.FILE_HEADER_LENGTH + PcapWriter.RECORD_HEADER_LENGTH + 7, sink.size());
    writer.close();
  }

  @Test
  void createWritesAFile(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("one.pcap");
    try (PcapWriter writer = PcapWriter.create(file)) {
      writer.writePacket(1_000, new byte[] {0x45}, 0, 1);
    }
    PcapFile parsed = PcapFile.parse(Files.readAllBytes(file));
    assertEquals(PcapWriter.LINKTYPE_RAW, parsed.linkType());
    assertEquals(2, parsed.versionMajor());
    assertEquals(4, parsed.versionMinor());
    assertEquals(1, parsed.records().get(0).micros());
  }

  @Test
  void recordsFromConcurrentWritersNeverInterleave() throws Exception {
    int threads = 4;
    int perThread = 300;
    PcapWriter writer = new PcapWriter(sink);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            byte[] packet = new byte[2 + i % 200];
            Arrays.fill(packet, (byte) thread);
            writer.writePacket(i * 1_000L, packet, 0, packet.length);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    writer.close();
    List<PcapFile.Record> records = PcapFile.parse(sink.toByteArray()).records();
    assertEquals(threads * perThread, records.size());
    Set<String> seen = new HashSet<>();
    for (PcapFile.Record record : records) {
      byte[] data = record.data();
      assertEquals(2 + record.micros() % 200, data.length);
      for (byte b : data) {
        assertEquals(data[0], b, "record bytes from two writers mixed");
      }
      seen.add(data[0] + ":" + record.micros());
    }
    assertEquals(records.size(), seen.size());
  }
}
