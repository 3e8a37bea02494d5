package org.minitransport.demo.apps.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The files under one root directory, served read-only (RFC 1945 GET and HEAD, §8.1–8.2).
 *
 * <p>A request path is percent-decoded (RFC 1738 §2.2) and resolved under the root, then checked
 * twice: the normalized path must stay under the root (so {@code ..} and absolute paths cannot
 * leave it), and so must its real path with every symbolic link followed (so a link cannot lead
 * out). Either failure is 403. A directory is answered with its {@code index.html}, or else with
 * a generated listing.
 */
public final class StaticSite {

  private static final String INDEX = "index.html";

  private final Path root;

  private StaticSite(Path root) {
    this.root = root;
  }

  /**
   * A site serving {@code root}.
   *
   * @throws IOException naming the directory if it does not exist, is not a directory, or cannot
   *     be listed
   */
  public static StaticSite open(Path root) throws IOException {
    Objects.requireNonNull(root, "root");
    Path real;
    try {
      real = root.toRealPath();
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(root.toString(), null, "root directory does not exist");
    }
    if (!Files.isDirectory(real)) {
      throw new NotDirectoryException(root + " (the root must be a directory)");
    }
    if (!Files.isReadable(real) || !Files.isExecutable(real)) {
      throw new AccessDeniedException(root.toString(), null, "root directory is not readable");
    }
    return new StaticSite(real);
  }

  /** The root, as a real path. */
  public Path root() {
    return root;
  }

  /**
   * The response to {@code request}: the file, a listing, or an error page. Never throws; a
   * failure to read the disk is a 500 page.
   */
  public HttpResponse respond(HttpRequest request) {
    HttpResponse response;
    try {
      response = resolve(request);
    } catch (HttpRequestException e) {
      response = HttpResponse.error(e.status(), e.getMessage());
    }
    return request.method().equals("HEAD") ? response.withoutBody() : response;
  }

  private HttpResponse resolve(HttpRequest request) throws HttpRequestException {
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      throw new HttpRequestException(HttpStatus.METHOD_NOT_ALLOWED,
          "method " + request.method() + " is not allowed; this server allows GET and HEAD");
    }
    String path = decodePath(request.target());
    Path candidate;
    try {
      candidate = root.resolve(path.substring(1)).normalize();
    } catch (InvalidPathException e) {
      throw new HttpRequestException(HttpStatus.BAD_REQUEST, "path '" + path + "' is invalid");
    }
    if (!candidate.startsWith(root)) {
      throw new HttpRequestException(HttpStatus.FORBIDDEN,
          "path '" + path + "' leads outside the served directory");
    }
    try {
      Path real = candidate.toRealPath();
      if (!real.startsWith(root)) {
        throw new HttpRequestException(HttpStatus.FORBIDDEN,
            "path '" + path + "' is a link leading outside the served directory");
      }
      if (Files.isDirectory(real)) {
        Path index = real.resolve(INDEX);
        if (Files.isRegularFile(index) && index.toRealPath().startsWith(root)) {
          return file(index, path + "/" + INDEX);
        }
        return listing(real, path);
      }
      return file(real, path);
    } catch (NoSuchFileException | NotDirectoryException e) {
      throw new HttpRequestException(HttpStatus.NOT_FOUND, "'" + path + "' was not found");
    } catch (AccessDeniedException e) {
      throw new HttpRequestException(HttpStatus.FORBIDDEN, "'" + path + "' is not readable");
    } catch (IOException e) {
      if (!Files.exists(candidate)) {
        // e.g. "Not a directory" for /file.txt/more, which the JDK reports generically
        throw new HttpRequestException(HttpStatus.NOT_FOUND, "'" + path + "' was not found");
      }
      throw new HttpRequestException(HttpStatus.INTERNAL_SERVER_ERROR,
          "reading '" + path + "' failed");
    }
  }

  private static HttpResponse file(Path file, String path)
      throws IOException, HttpRequestException {
    if (!Files.isRegularFile(file)) {
      throw new HttpRequestException(HttpStatus.FORBIDDEN, "'" + path + "' is not a file");
    }
    if (!Files.isReadable(file)) {
      throw new HttpRequestException(HttpStatus.FORBIDDEN, "'" + path + "' is not readable");
    }
    return HttpResponse.ofFile(file, Files.size(file));
  }

  private static HttpResponse listing(Path directory, String path) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> entries = Files.list(directory)) {
      entries.forEach(entry -> names.add(entry.getFileName().toString()
          + (Files.isDirectory(entry) ? "/" : "")));
    }
    names.sort(null);
    String base = path.endsWith("/") ? path : path + "/";
    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html>\n<html><head><title>Index of ").append(Html.escape(base))
        .append("</title></head>\n<body><h1>Index of ").append(Html.escape(base))
        .append("</h1>\n<ul>\n");
    if (!base.equals("/")) {
      page.append("<li><a href=\"").append(Html.escape(encodePath(parentOf(base))))
          .append("\">../</a></li>\n");
    }
    for (String name : names) {
      page.append("<li><a href=\"").append(Html.escape(encodePath(base + name))).append("\">")
          .append(Html.escape(name)).append("</a></li>\n");
    }
    page.append("</ul></body></html>\n");
    return HttpResponse.of(HttpStatus.OK, "text/html; charset=utf-8",
        page.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String parentOf(String directoryPath) {
    String trimmed = directoryPath.substring(0, directoryPath.length() - 1);
    return trimmed.substring(0, trimmed.lastIndexOf('/') + 1);
  }

  /**
   * The decoded path of a Request-URI: an abs_path, or the path of an absoluteURI (RFC 1945
   * §5.1.2), without query, percent-decoded as UTF-8.
   */
  static String decodePath(String target) throws HttpRequestException {
    String path = target;
    if (path.regionMatches(true, 0, "http://", 0, 7)) {
      int slash = path.indexOf('/', 7);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    if (!path.startsWith("/")) {
      throw new HttpRequestException(HttpStatus.BAD_REQUEST,
          "request target '" + target + "' does not start with '/'");
    }
    int end = path.length();
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '?' || path.charAt(i) == '#') {
        end = i;
        break;
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(end);
    for (int i = 0; i < end; i++) {
      char c = path.charAt(i);
      if (c == '%') {
        int hi = i + 2 < end ? Character.digit(path.charAt(i + 1), 16) : -1;
        int lo = i + 2 < end ? Character.digit(path.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new HttpRequestException(HttpStatus.BAD_REQUEST,
              "request target '" + target + "' has a bad percent escape at " + i);
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new HttpRequestException(HttpStatus.BAD_REQUEST,
          "request target '" + target + "' is not UTF-8 once decoded");
    }
    if (decoded.indexOf('\0') >= 0) {
      throw new HttpRequestException(HttpStatus.BAD_REQUEST,
          "request target '" + target + "' contains a NUL byte");
    }
    return decoded;
  }

  /** Percent-encodes everything in a path but unreserved characters and '/'. */
  static String encodePath(String path) {
    StringBuilder out = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "/-._~".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return out.toString();
  }
}
