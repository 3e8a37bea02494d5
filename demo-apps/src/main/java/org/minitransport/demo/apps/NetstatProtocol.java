package org.minitransport.demo.apps;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.minitransport.core.wire.DecodeError;
import org.minitransport.core.wire.DecodeException;

/**
 * The netstat query, over UDP port 11 (the port of the old "systat" service, RFC 866, which
 * answered with a list of active users as text). A request is one datagram {@code NETSTAT <id>};
 * the answer is the port table as text in {@code total} datagrams, each {@code NETSTAT <id>
 * <index>/<total>}, a newline, then its share of the text, split at line ends. The id lets a
 * client that retried ignore answers to its earlier tries.
 */
public final class NetstatProtocol {

  /** The well-known port the service answers on. */
  public static final int PORT = 11;

  /** The most parts an answer may have. */
  public static final int MAX_PARTS = 1000;

  private static final String MAGIC = "NETSTAT ";
  private static final int MAX_ID_LENGTH = 32;
  private static final int MAX_HEADER_BYTES = MAGIC.length() + MAX_ID_LENGTH + 12;

  private NetstatProtocol() {}

  /** One datagram of an answer. */
  public record Part(String queryId, int index, int total, String text) {

    /** The datagram's bytes. */
    public byte[] encode() {
      return (MAGIC + queryId + " " + index + "/" + total + "\n" + text)
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The request datagram for {@code queryId}. */
  public static byte[] request(String queryId) {
    checkId(queryId);
    return (MAGIC + queryId).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The query id of a request datagram.
   *
   * @throws DecodeException if the bytes are not a request
   */
  public static String decodeRequest(byte[] datagram) throws DecodeException {
    String text = decodeText(datagram).strip();
    if (!text.startsWith(MAGIC)) {
      throw new DecodeException(DecodeError.UNSUPPORTED, "not a netstat request");
    }
    return decodeId(text.substring(MAGIC.length()));
  }

  /**
   * Splits {@code text} into answer parts whose datagrams fit {@code maxPayload} bytes; lines are
   * kept whole unless one alone is too long.
   *
   * @throws IllegalArgumentException if {@code maxPayload} leaves no room for text or the text
   *     needs more than {@link #MAX_PARTS} parts
   */
  public static List<Part> split(String queryId, String text, int maxPayload) {
    checkId(queryId);
    int room = maxPayload - MAX_HEADER_BYTES;
    if (room < 16) {
      throw new IllegalArgumentException(
          "payload limit " + maxPayload + " leaves no room for netstat text");
    }
    List<String> chunks = new ArrayList<>();
    StringBuilder chunk = new StringBuilder();
    for (String line : text.split("(?<=\n)")) {
      // The text is ASCII (addresses, numbers, state names), so a char is a byte.
      while (line.length() > room) {
        flush(chunks, chunk);
        chunks.add(line.substring(0, room));
        line = line.substring(room);
      }
      if (chunk.length() + line.length() > room) {
        flush(chunks, chunk);
      }
      chunk.append(line);
    }
    flush(chunks, chunk);
    if (chunks.isEmpty()) {
      chunks.add("");
    }
    if (chunks.size() > MAX_PARTS) {
      throw new IllegalArgumentException(
          "netstat text needs " + chunks.size() + " parts; the limit is " + MAX_PARTS);
    }
    List<Part> parts = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      parts.add(new Part(queryId, i + 1, chunks.size(), chunks.get(i)));
    }
    return parts;
  }

  /**
   * Parses one answer datagram.
   *
   * @throws DecodeException if it is not a well-formed answer part
   */
  public static Part decodePart(byte[] datagram) throws DecodeException {
    String text = decodeText(datagram);
    int newline = text.indexOf('\n');
    if (!text.startsWith(MAGIC) || newline < 0) {
      throw new DecodeException(DecodeError.UNSUPPORTED, "not a netstat answer");
    }
    String[] fields = text.substring(MAGIC.length(), newline).split(" ", -1);
    if (fields.length != 2) {
      throw new DecodeException(DecodeError.UNSUPPORTED, "netstat answer header needs id and part");
    }
    String id = decodeId(fields[0]);
    String[] position = fields[1].split("/", -1);
    if (position.length != 2) {
      throw new DecodeException(DecodeError.UNSUPPORTED, "part '" + fields[1] + "' is not N/TOTAL");
    }
    int index = decodeCount(position[0]);
    int total = decodeCount(position[1]);
    if (index < 1 || total < 1 || index > total || total > MAX_PARTS) {
      throw new DecodeException(DecodeError.UNSUPPORTED,
          "part " + fields[1] + " is outside 1.." + MAX_PARTS);
    }
    return new Part(id, index, total, text.substring(newline + 1));
  }

  private static void flush(List<String> chunks, StringBuilder chunk) {
    if (chunk.length() > 0) {
      chunks.add(chunk.toString());
      chunk.setLength(0);
    }
  }

  private static String decodeText(byte[] datagram) throws DecodeException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(datagram)).toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException(DecodeError.UNSUPPORTED, "netstat datagram is not UTF-8 text");
    }
  }

  private static String decodeId(String id) throws DecodeException {
    if (!isValidId(id)) {
      throw new DecodeException(DecodeError.UNSUPPORTED, "bad netstat query id");
    }
    return id;
  }

  private static int decodeCount(String digits) throws DecodeException {
    if (digits.isEmpty() || digits.length() > 4
        || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw new DecodeException(DecodeError.UNSUPPORTED, "'" + digits + "' is not a part number");
    }
    return Integer.parseInt(digits);
  }

  private static void checkId(String id) {
    if (!isValidId(id)) {
      throw new IllegalArgumentException(
          "query id '" + id + "' must be 1-" + MAX_ID_LENGTH + " letters or digits");
    }
  }

  private static boolean isValidId(String id) {
    return !id.isEmpty() && id.length() <= MAX_ID_LENGTH
        && id.chars().allMatch(ch -> ch < 128 && Character.isLetterOrDigit(ch));
  }
}
