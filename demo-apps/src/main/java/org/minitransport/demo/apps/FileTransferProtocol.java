package org.minitransport.demo.apps;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;

/**
 * The file transfer of {@code send-file} and {@code receive-file}, over one TCP connection:
 *
 * <pre>
 * sender   -> receiver  name length (2 bytes, 1-255), name (UTF-8), size (8 bytes),
 *                       size bytes of data, the sender's SHA-256 of the data (32 bytes)
 * receiver -> sender    status (1 byte): 0 saved, 1 digest mismatch, 2 error;
 *                       for 0 and 1 the receiver's SHA-256 (32 bytes),
 *                       for 2 a message length (2 bytes, at most 1024) and the message (UTF-8)
 * </pre>
 *
 * Numbers are big-endian. The name is a plain file name: no path separators, no control
 * characters, not {@code .} or {@code ..}, so a sender cannot choose where the file lands.
 */
final class FileTransferProtocol {

  static final int MAX_NAME_BYTES = 255;
  static final int MAX_MESSAGE_BYTES = 1024;
  static final int DIGEST_BYTES = 32;

  private FileTransferProtocol() {}

  /** What the sender announces before the data. */
  record Header(String name, long size) {

    Header {
      Objects.requireNonNull(name, "name");
      checkName(name);
      if (size < 0) {
        throw new IllegalArgumentException("size " + size + " must not be negative");
      }
    }

    void writeTo(DataOutputStream out) throws IOException {
      byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
      out.writeShort(bytes.length);
      out.write(bytes);
      out.writeLong(size);
    }

    /**
     * Reads a header.
     *
     * @throws DecodeException if the name length, the name or the size is not acceptable
     * @throws java.io.EOFException if the stream ends first
     */
    static Header readFrom(DataInputStream in) throws IOException, DecodeException {
      int length = in.readUnsignedShort();
      if (length < 1 || length > MAX_NAME_BYTES) {
        throw new DecodeException(DecodeError.BAD_LENGTH,
            "file name length " + length + " is outside 1-" + MAX_NAME_BYTES);
      }
      String name = decodeUtf8(in.readNBytes(length), length, "file name");
      String problem = nameProblem(name);
      if (problem != null) {
        throw new DecodeException(DecodeError.UNSUPPORTED, problem);
      }
      long size = in.readLong();
      if (size < 0) {
        throw new DecodeException(DecodeError.BAD_LENGTH, "file size " + size + " is negative");
      }
      return new Header(name, size);
    }
  }

  /** The receiver's answer. */
  enum Status {
    SAVED,
    MISMATCH,
    ERROR
  }

  /** The receiver's answer: a status with its digest, or an error message. */
  record Reply(Status status, byte[] digest, String message) {

    static Reply saved(byte[] digest) {
      return new Reply(Status.SAVED, digest, null);
    }

    static Reply mismatch(byte[] digest) {
      return new Reply(Status.MISMATCH, digest, null);
    }

    static Reply error(String message) {
      return new Reply(Status.ERROR, null, message);
    }

    void writeTo(DataOutputStream out) throws IOException {
      out.writeByte(status.ordinal());
      if (status == Status.ERROR) {
        String text = message;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        while (bytes.length > MAX_MESSAGE_BYTES) {
          text = text.substring(0, text.length() - 16);
          bytes = text.getBytes(StandardCharsets.UTF_8);
        }
        out.writeShort(bytes.length);
        out.write(bytes);
      } else {
        out.write(digest);
      }
      out.flush();
    }

    /**
     * Reads a reply.
     *
     * @throws DecodeException if the status or the message length is not acceptable
     * @throws java.io.EOFException if the stream ends first
     */
    static Reply readFrom(DataInputStream in) throws IOException, DecodeException {
      int code = in.readUnsignedByte();
      if (code >= Status.values().length) {
        throw new DecodeException(DecodeError.UNSUPPORTED, "unknown reply status " + code);
      }
      Status status = Status.values()[code];
      if (status == Status.ERROR) {
        int length = in.readUnsignedShort();
        if (length > MAX_MESSAGE_BYTES) {
          throw new DecodeException(DecodeError.BAD_LENGTH,
              "error message length " + length + " is above " + MAX_MESSAGE_BYTES);
        }
        return error(decodeUtf8(in.readNBytes(length), length, "error message"));
      }
      byte[] digest = in.readNBytes(DIGEST_BYTES);
      if (digest.length < DIGEST_BYTES) {
        throw new java.io.EOFException("the reply ended inside the SHA-256");
      }
      return new Reply(status, digest, null);
    }
  }

  /** Why {@code name} is not acceptable as a file name, or null if it is. */
  static String nameProblem(String name) {
    if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      return "file name must be 1-" + MAX_NAME_BYTES + " bytes";
    }
    if (name.equals(".") || name.equals("..")) {
      return "file name '" + name + "' is not a file";
    }
    if (name.chars().anyMatch(ch -> ch == '/' || ch == '\\' || ch < 0x20 || ch == 0x7f)) {
      return "file name '" + name.replaceAll("\\p{Cntrl}", "?")
          + "' contains a path separator or a control character";
    }
    return null;
  }

  private static void checkName(String name) {
    String problem = nameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** A new SHA-256 digest. */
  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  private static String decodeUtf8(byte[] bytes, int expected, String what)
      throws IOException, DecodeException {
    if (bytes.length < expected) {
      throw new java.io.EOFException("the stream ended inside the " + what);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException(DecodeError.UNSUPPORTED, what + " is not UTF-8");
    }
  }
}
