package org.minitransport.demo.apps.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticSiteTest {

  @TempDir
  Path dir;

  private Path root;
  private StaticSite site;

  @BeforeEach
  void site() throws IOException {
    root = Files.createDirectories(dir.resolve("www"));
    Files.writeString(root.resolve("a.txt"), "alpha");
    Files.writeString(root.resolve("style.CSS"), "p{}");
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub/b.json"), "{}");
    Files.writeString(dir.resolve("secret.txt"), "outside the root");
    site = StaticSite.open(root);
  }

  private HttpResponse respond(String method, String target) {
    return site.respond(new HttpRequest(method, target, "HTTP/1.0", Map.of()));
  }

  private HttpResponse get(String target) {
    return respond("GET", target);
  }

  private static String page(HttpResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Nested
  class Serves {
    @Test
    void aFileWithItsLengthAndType() {
      HttpResponse response = get("/a.txt");
      assertEquals(HttpStatus.OK, response.status());
      assertEquals(5, response.contentLength());
      assertEquals("text/plain; charset=utf-8", response.contentType());
      assertEquals(root.resolve("a.txt"), response.file().toAbsolutePath());
    }

    @Test
    void typesByExtensionCaseInsensitively() {
      assertEquals("text/css; charset=utf-8", get("/style.CSS").contentType());
      assertEquals("application/json", get("/sub/b.json").contentType());
    }

    @Test
    void headWithTheSameHeadAndNoBody() {
      HttpResponse response = respond("HEAD", "/a.txt");
      assertEquals(HttpStatus.OK, response.status());
      assertEquals(5, response.contentLength());
      assertTrue(!response.sendsBody());
    }

    @Test
    void aDirectoryAsAListingWithParentLink() {
      HttpResponse response = get("/sub");
      assertEquals(HttpStatus.OK, response.status());
      assertTrue(page(response).contains("<a href=\"/sub/b.json\">b.json</a>"), page(response));
      assertTrue(page(response).contains("<a href=\"/\">../</a>"), page(response));
    }

    @Test
    void aDirectoryByItsIndexHtml() throws IOException {
      Files.writeString(root.resolve("sub/index.html"), "<p>index</p>");
      HttpResponse response = get("/sub/");
      assertEquals(root.resolve("sub/index.html"), response.file());
      assertEquals("text/html; charset=utf-8", response.contentType());
    }

    @Test
    void namesInListingsEscaped() throws IOException {
      Files.writeString(root.resolve("<b>&.txt"), "x");
      String page = page(get("/"));
      assertTrue(page.contains(">&lt;b&gt;&amp;.txt</a>"), page);
      assertTrue(page.contains("href=\"/%3Cb%3E%26.txt\""), page);
    }

    @Test
    void pathsWithQueryOrAbsoluteUri() {
      assertEquals(HttpStatus.OK, get("/a.txt?version=2").status());
      assertEquals(HttpStatus.OK, get("http://10.0.0.2/a.txt").status());
    }

    @Test
    void dotSegmentsThatStayInside() {
      assertEquals(HttpStatus.OK, get("/sub/../a.txt").status());
    }
  }

  @Nested
  class Refuses {
    @Test
    void missingFilesWith404() {
      assertEquals(HttpStatus.NOT_FOUND, get("/nope.txt").status());
      assertEquals(HttpStatus.NOT_FOUND, get("/a.txt/more").status());
    }

    @Test
    void otherMethodsWith405() {
      HttpResponse response = respond("PUT", "/a.txt");
      assertEquals(HttpStatus.METHOD_NOT_ALLOWED, response.status());
      assertTrue(page(response).contains("allows GET and HEAD"), page(response));
    }

    @Test
    void dotDotOutOfTheRootWith403() {
      assertEquals(HttpStatus.FORBIDDEN, get("/../secret.txt").status());
      assertEquals(HttpStatus.FORBIDDEN, get("/sub/../../secret.txt").status());
      assertEquals(HttpStatus.FORBIDDEN, get("/%2e%2e/secret.txt").status());
    }

    @Test
    void absolutePathsWith403() {
      assertEquals(HttpStatus.FORBIDDEN, get("//etc/passwd").status());
      assertEquals(HttpStatus.FORBIDDEN, get("/%2Fetc/passwd").status());
    }

    @Test
    void symbolicLinksLeadingOutWith403() throws IOException {
      try {
        Files.createSymbolicLink(root.resolve("escape.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("up"), dir);
      } catch (UnsupportedOperationException | IOException e) {
        assumeTrue(false, "symbolic links unsupported here: " + e);
      }
      assertEquals(HttpStatus.FORBIDDEN, get("/escape.txt").status());
      assertEquals(HttpStatus.FORBIDDEN, get("/up/secret.txt").status());
    }

    @Test
    void symbolicLinksInsideTheRootAreServed() throws IOException {
      try {
        Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("a.txt"));
      } catch (UnsupportedOperationException | IOException e) {
        assumeTrue(false, "symbolic links unsupported here: " + e);
      }
      assertEquals(HttpStatus.OK, get("/alias.txt").status());
    }

    @Test
    void badTargetsWith400() {
      assertEquals(HttpStatus.BAD_REQUEST, get("a.txt").status());
      assertEquals(HttpStatus.BAD_REQUEST, get("/a%2").status());
      assertEquals(HttpStatus.BAD_REQUEST, get("/a%zz").status());
      assertEquals(HttpStatus.BAD_REQUEST, get("/a%00.txt").status());
      assertEquals(HttpStatus.BAD_REQUEST, get("/%ff").status());
    }

    @Test
    void errorPagesAreHtmlEvenForHead() {
      HttpResponse response = respond("HEAD", "/nope");
      assertEquals(HttpStatus.NOT_FOUND, response.status());
      assertEquals("text/html; charset=utf-8", response.contentType());
      assertTrue(!response.sendsBody());
      assertNull(response.file());
    }
  }

  @Nested
  class Opening {
    @Test
    void aMissingRootFailsNamingIt() {
      NoSuchFileException e = assertThrows(NoSuchFileException.class,
          () -> StaticSite.open(dir.resolve("absent")));
      assertTrue(e.getMessage().contains("absent"), e.getMessage());
    }

    @Test
    void aFileAsRootFails() {
      assertThrows(NotDirectoryException.class, () -> StaticSite.open(dir.resolve("secret.txt")));
    }
  }
}
