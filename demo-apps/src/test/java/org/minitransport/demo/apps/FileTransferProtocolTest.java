package org.minitransport.demo.apps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;

class FileTransferProtocolTest {

  private static DataInputStream input(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }

  @Nested
  class Header {

    @Test
    void roundTripsANameAndSize() throws Exception {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      new FileTransferProtocol.Header("r\u00e9sum\u00e9.pdf", 1L << 40)
          .writeTo(new DataOutputStream(bytes));
      byte[] wire = bytes.toByteArray();
      assertEquals(2 + 12 + 8, wire.length, "2-byte length, 12 UTF-8 bytes, 8-byte size");
      assertEquals(new FileTransferProtocol.Header("r\u00e9sum\u00e9.pdf", 1L << 40),
          FileTransferProtocol.Header.readFrom(input(wire)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "a/b", "a\\b", "..", ".", "tab\there"})
    void rejectsANameThatIsNotAPlainFileName(String name) throws Exception {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      byte[] encoded = name.getBytes(StandardCharsets.UTF_8);
      out.writeShort(encoded.length);
      out.write(encoded);
      out.writeLong(1);
      DecodeException e = assertThrows(DecodeException.class,
          () -> FileTransferProtocol.Header.readFrom(input(bytes.toByteArray())));
      assertEquals(DecodeError.UNSUPPORTED, e.error());
      assertNotNull(FileTransferProtocol.nameProblem(name));
    }

    @Test
    void rejectsAZeroNameLength() {
      DecodeException e = assertThrows(DecodeException.class,
          () -> FileTransferProtocol.Header.readFrom(input(new byte[] {0, 0})));
      assertEquals(DecodeError.BAD_LENGTH, e.error());
    }

    @Test
    void rejectsANameLengthAbove255() {
      assertThrows(DecodeException.class,
          () -> FileTransferProtocol.Header.readFrom(input(new byte[] {1, 0})));
    }

    @Test
    void rejectsANegativeSize() {
      byte[] wire = {0, 1, 'a', (byte) 0x80, 0, 0, 0, 0, 0, 0, 0};
      DecodeException e = assertThrows(DecodeException.class,
          () -> FileTransferProtocol.Header.readFrom(input(wire)));
      assertEquals(DecodeError.BAD_LENGTH, e.error());
    }

    @Test
    void rejectsANameThatIsNotUtf8() {
      byte[] wire = {0, 1, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 1};
      assertThrows(DecodeException.class,
          () -> FileTransferProtocol.Header.readFrom(input(wire)));
    }

    @Test
    void aStreamThatEndsInsideTheNameIsEof() {
      assertThrows(EOFException.class,
          () -> FileTransferProtocol.Header.readFrom(input(new byte[] {0, 5, 'a', 'b'})));
    }

    @Test
    void acceptsAPlainName() {
      assertNull(FileTransferProtocol.nameProblem("report-2024.v2.pdf"));
    }
  }

  @Nested
  class Reply {

    private FileTransferProtocol.Reply roundTrip(FileTransferProtocol.Reply reply)
        throws Exception {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      reply.writeTo(new DataOutputStream(bytes));
      return FileTransferProtocol.Reply.readFrom(input(bytes.toByteArray()));
    }

    @Test
    void roundTripsASavedDigest() throws Exception {
      byte[] digest = new byte[32];
      digest[31] = 7;
      FileTransferProtocol.Reply back = roundTrip(FileTransferProtocol.Reply.saved(digest));
      assertEquals(FileTransferProtocol.Status.SAVED, back.status());
      assertArrayEquals(digest, back.digest());
    }

    @Test
    void roundTripsAnErrorAndCutsALongMessageToTheLimit() throws Exception {
      FileTransferProtocol.Reply back = roundTrip(
          FileTransferProtocol.Reply.error("\u00e9".repeat(2000)));
      assertEquals(FileTransferProtocol.Status.ERROR, back.status());
      assertEquals("\u00e9".repeat(FileTransferProtocol.MAX_MESSAGE_BYTES / 2), back.message(),
          "cut to the limit on a character boundary");
    }

    @Test
    void rejectsAnUnknownStatus() {
      assertThrows(DecodeException.class,
          () -> FileTransferProtocol.Reply.readFrom(input(new byte[] {3})));
    }

    @Test
    void rejectsAnOverlongMessage() {
      assertThrows(DecodeException.class,
          () -> FileTransferProtocol.Reply.readFrom(input(new byte[] {2, 0x10, 0})));
    }
  }
}
